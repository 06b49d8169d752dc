"""Wire compatibility: is every instance of one schema an instance of another?

`Inclusion(sub, sup).check(...)` walks two schemas side by side and returns the reasons some
instance of `sub` may fall outside `sup`, each anchored where it was written. BACKWARD runs it
with sub = old, sup = new (consumers on the new schema read old data); FORWARD the reverse.
Reasons are direction-neutral (`{sub}`/`{sup}` in the text); compare.py turns them into rule ids.

Exact where JSON Schema makes it cheap (finite sets of values are checked value by value with the
real validator), a sufficient test elsewhere, and "possibly breaking" (never a guess) where the
question is undecidable here (`not`, `if`/`then`, patterns against other patterns).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from schemagen.frontend.keywords import PYTHON_FORMATS
from schemagen.review.shape import Node, Shape, Shapes, canonical, is_never, property_nodes, top_of

ALL_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string"})


@dataclass(frozen=True)
class Reason:
    code: str  # direction-neutral: "type", "required", "prop_closed", ... (compare.py maps it to a rule id)
    subject: str  # Type.field[] path
    anchor: Node
    detail: str  # with {sub} and {sup} for the two sides' names
    possibly: bool = False


def _types(s: Shape) -> frozenset[str]:
    t = ALL_TYPES if s.types is None else s.types
    return t | {"integer"} if "number" in t else t


def _covered(t: str, sup: frozenset[str]) -> bool:
    return t in sup or (t == "integer" and "number" in sup)


def _label(node: Node, index: int) -> str:
    v = node.value
    if isinstance(v, dict):
        if isinstance(v.get("$ref"), str):
            return str(v["$ref"]).rsplit("/", 1)[-1]
        if isinstance(v.get("title"), str):
            return str(v["title"])
        for name, p in (v.get("properties") or {}).items():
            if isinstance(p, dict) and "const" in p:
                return f"{name}={p['const']!r}"
        if isinstance(v.get("type"), str):
            return str(v["type"])
    return f"#{index}"


class Inclusion:
    def __init__(self, sub: Shapes, sup: Shapes, unchanged: frozenset[tuple[str, str]] = frozenset(),
                 stable: frozenset[tuple[str, str]] | None = None) -> None:
        self.a, self.b = sub, sup
        # (file, top pointer) of types not walked into: equal on both sides with all they reach (`stable`),
        # or equal with references a wider target only widens (their targets are compared on their own)
        self.unchanged = unchanged
        self.stable = unchanged if stable is None else stable
        self._memo: dict[tuple[Any, Any], tuple[str, list[Reason]]] = {}
        self._back: Inclusion | None = None

    # ---- entry points

    def check(self, sub: tuple[Node, ...], sup: tuple[Node, ...], subject: str) -> list[Reason]:
        at = (sub[0] if sub else sup[0], sup[0] if sup else sub[0])
        return self._include(self.a.shape(sub), self.b.shape(sup), subject, at, ())

    def _nodes(self, sub: tuple[Node, ...], sup: tuple[Node, ...], subject: str, at: tuple[Node, Node]) -> list[Reason]:
        at = (sub[0] if sub else at[0], sup[0] if sup else at[1])
        return self._include(self.a.shape(sub), self.b.shape(sup), subject, at, ())

    # ---- the walk

    def _include(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node],
                 siblings: tuple[str, ...]) -> list[Reason]:
        if self.unchanged and sub.nodes and sub.places == sup.places \
                and all((n.doc.rel, top_of(n.pointer)) in self.unchanged for n in sub.nodes):
            return []  # the same schema on both sides (sub at most narrowed by a chosen variant)
        key = (sub.key, sup.key)
        if key in self._memo:  # seen from another path: the same reasons, under this path's subject
            first, found = self._memo[key]
            return [replace(r, subject=subject + r.subject[len(first):]) if r.subject.startswith(first) else r
                    for r in found]
        self._memo[key] = (subject, [])  # assumed included while in progress: recursion ends, coinductively
        result = _distinct(self._compare(sub, sup, subject, at, siblings))
        self._memo[key] = (subject, result)
        return result

    def _compare(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node],
                 siblings: tuple[str, ...]) -> list[Reason]:
        if sub.never:
            return []
        if sub.unions:
            exclusive, variants, holder = sub.unions[0]
            names = tuple(canonical(v.value) for v in variants)
            out: list[Reason] = []
            for i, v in enumerate(variants):
                part = self.a.and_(sub, (v,), drop_union=0)
                out += self._include(part, sup, subject, (v, at[1]), names)
            return out
        finite = self._finite(sub)
        if finite is not None:
            return self._values(finite, sup, subject, at)
        if sup.never:
            return [Reason("type", subject, at[1], "{sup} rejects every value here; {sub} accepted some")]
        out = []
        for exclusive, variants, holder in sup.unions:
            out += self._into_union(sub, exclusive, variants, holder, subject, at, siblings)
        sup = sup.without_unions() if sup.unions else sup
        out += self._negations(sub, sup, subject, at)
        missing = sorted(t for t in _types(sub) - {"integer"} if not _covered(t, _types(sup)))
        if "integer" in _types(sub) and "number" not in _types(sub) and not _covered("integer", _types(sup)):
            missing.append("integer")
        if missing:
            out.append(Reason("type", subject, at[1], f"{{sup}} rejects {_or(missing)} values, which {{sub}} accepted"))
        common = _types(sub) & _types(sup)
        if not common:
            return out
        if sup.enums:
            allowed = _enum_values(sup)
            out.append(Reason("enum_added", subject, _keyword_node(sup, ("enum", "const"), at[1]),
                              f"{{sup}} accepts only {_show(allowed)}; {{sub}} accepted other values"))
            return out
        if common & {"number", "integer"}:
            out += self._numbers(sub, sup, subject, at, common)
        if "string" in common:
            out += self._strings(sub, sup, subject, at)
        if "array" in common:
            out += self._arrays(sub, sup, subject, at)
        if "object" in common:
            out += self._objects(sub, sup, subject, at)
        return out

    # ---- finite value sets: exact, with the real validator

    def _finite(self, s: Shape) -> list[Any] | None:
        if s.enums:
            values = [v for v in _enum_values(s)]
        elif s.types is not None and s.types <= {"boolean", "null"}:
            values = ([True, False] if "boolean" in s.types else []) + ([None] if "null" in s.types else [])
        else:
            return None
        return [v for v in values if all(_accepts(self.a, n, v) is not False for n in s.nodes)]

    def _values(self, values: list[Any], sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        out = []
        rejected, unknown = [], []
        for value in values:
            verdicts = [_accepts(self.b, n, value) for n in sup.nodes]
            if False in verdicts:
                rejected.append(value)
            elif None in verdicts:
                unknown.append(value)
        if rejected:  # one finding per place, naming every value
            out.append(Reason("enum_value", subject, _keyword_node(sup, ("enum", "const"), at[1]),
                              f"{{sup}} rejects values {{sub}} accepted: "
                              f"{_list(rejected)}"))
        if unknown:
            out.append(Reason("undecidable", subject, at[1],
                              f"whether {{sup}} accepts {_list(unknown)} is not decided here", possibly=True))
        return out

    # ---- unions, negation, keywords not modelled

    def _into_union(self, sub: Shape, exclusive: bool, variants: tuple[Node, ...], holder: Node, subject: str,
                    at: tuple[Node, Node], siblings: tuple[str, ...]) -> list[Reason]:
        trials = [self._include(sub, self.b.shape((v,)), subject, (at[0], v), ()) for v in variants]
        clean = [i for i, r in enumerate(trials) if not r]
        if clean:
            out: list[Reason] = []
            if exclusive:
                for j, v in enumerate(variants):
                    if j == clean[0] or canonical(v.value) in siblings:
                        continue
                    if not self._disjoint(sub, self.b.shape((v,))):
                        out.append(Reason("oneof_overlap", subject, v,
                                          f"{{sub}} values of this kind may also match {{sup}} oneOf variant "
                                          f"{_label(v, j)}, and oneOf requires exactly one", possibly=True))
                        break
            return out
        match = self._counterpart(sub, variants, at[0], bool(siblings))
        if match is not None:
            return trials[match]
        if siblings:
            return [Reason("variant", subject, at[0],
                           f"the {{sub}} variant {_label(at[0], 0)} matches no variant of {{sup}}")]
        return [Reason("type", subject, holder, "no variant of {sup} accepts every {sub} value here")]

    def _counterpart(self, sub: Shape, variants: tuple[Node, ...], anchor: Node, from_union: bool) -> int | None:
        """The variant that is the same type changed, if one is: same $ref, title or tag; for a
        value that was not itself a variant, the only variant of an overlapping type."""
        mine = _label(anchor, -1)
        by_label = [i for i, v in enumerate(variants) if _label(v, i) == mine]
        if len(by_label) == 1:
            return by_label[0]
        if from_union:
            return None
        overlapping = [i for i, v in enumerate(variants) if _types(sub) & _types(self.b.shape((v,)))]
        return overlapping[0] if len(overlapping) == 1 else None

    def _negations(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        out = []
        theirs = {canonical(n.value) for n in sub.nots}
        for n in sup.nots:
            spelled = canonical(n.value)
            if spelled in theirs and ('"$ref"' not in spelled or (n.doc.rel, top_of(n.pointer)) in self.stable):
                continue  # the same exclusion (a `$ref` in it only when nothing it reaches changed)
            excluded = self.b.shape((n,)).restricted(_types(sub) if sub.types is not None else None)
            if excluded.never or self._disjoint(sub, excluded):
                continue
            # sup rejects the values of `n`; sub already rejected those inside one of its own `not`s
            back = self._reverse()
            trials = [back._include(excluded, back.b.shape((m,)), subject, (n, m), ()) for m in sub.nots]
            if any(not t for t in trials):
                continue
            undecided = all(any(r.possibly for r in t) for t in trials) if trials else False
            what = _show(_enum_values(excluded)) if excluded.enums else "values matching its `not`"
            if undecided:
                out.append(Reason("not", subject, n, "{sup} excludes values with `not`; whether {sub} values fall "
                                  "outside it is not decided here", possibly=True))
            else:
                out.append(Reason("constraint", subject, n, f"{{sup}} rejects {what}, which {{sub}} accepted"))
        kept = {(kw, canonical(v)) for kw, v, _ in sub.opaque} if sup.opaque else set()
        for kw, v, node in sup.opaque:
            if (kw, canonical(v)) not in kept:
                out.append(Reason("undecidable", subject, node.child(kw) if kw in node.value else node,
                                  f"`{kw}` differs between {{sub}} and {{sup}}; its effect is not compared",
                                  possibly=True))
        return out

    def _disjoint(self, a: Shape, b: Shape) -> bool:
        """True only when no instance can satisfy both (types apart, values apart, or tags apart)."""
        if not (_types(a) & _types(b)):
            return True
        finite = self._finite(a)
        if finite is not None and all(any(_accepts(self.b, n, v) is False for n in b.nodes) for v in finite):
            return True
        for name in a.required & b.required:
            va = self.a.shape(property_nodes(a, name))
            vb = self.b.shape(property_nodes(b, name))
            if va.enums and vb.enums:
                left, right = _enum_values(va), _enum_values(vb)
                if not any(canonical(x) == canonical(y) for x in left for y in right):
                    return True
        return False

    # ---- per instance type

    def _numbers(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node], common: frozenset[str]) -> list[Reason]:
        out = []
        for side, keys in (("lower", ("minimum", "exclusiveMinimum")), ("upper", ("maximum", "exclusiveMaximum"))):
            mine, theirs = _bound(sub.numbers, side), _bound(sup.numbers, side)
            if theirs is not None and not _within(mine, theirs, side):
                out.append(Reason("constraint", subject, _keyword_node(sup, keys, at[1]),
                                  f"{{sup}} requires {_bound_text(theirs, side)}, where {{sub}} "
                                  + (f"required {_bound_text(mine, side)}" if mine else "had no bound")))
        integers = common <= {"integer"} or (sub.types is not None and _types(sub) & {"number", "integer"} == {"integer"})
        for m in sup.numbers.get("multipleOf", []):
            if not isinstance(m, (int, float)) or m <= 0:
                continue
            ks = [k for k in sub.numbers.get("multipleOf", []) if isinstance(k, (int, float)) and k > 0]
            if any(_whole(k / m) for k in ks) or (integers and _whole(1 / m)):
                continue
            out.append(Reason("constraint", subject, _keyword_node(sup, ("multipleOf",), at[1]),
                              f"{{sup}} requires a multiple of {m}; {{sub}} did not"))
        return out

    def _strings(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        out = _sizes(sub.strings, sup.strings, "minLength", "maxLength", "length", subject, sup, at)
        mine = set(sub.strings.get("pattern", []))
        for p in sup.strings.get("pattern", []):
            if p in mine:
                continue
            node = _keyword_node(sup, ("pattern",), at[1])
            if mine:
                out.append(Reason("pattern", subject, node, f"{{sup}} requires the pattern {p!r}; whether every string "
                                  "{sub} accepted matches it is not decided here", possibly=True))
            else:
                out.append(Reason("constraint", subject, node, f"{{sup}} requires the pattern {p!r}; {{sub}} did not"))
        formats = set(sub.strings.get("format", []))
        for f in sup.strings.get("format", []):
            if f in PYTHON_FORMATS and f not in formats:
                out.append(Reason("format", subject, _keyword_node(sup, ("format",), at[1]),
                                  f"{{sup}} asserts the format {f!r} (the Python targets check it); {{sub}} did not"))
        return out

    def _arrays(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        out = _sizes(sub.arrays, sup.arrays, "minItems", "maxItems", "item count", subject, sup, at)
        if any(v is True for v in sup.arrays.get("uniqueItems", [])) and not any(v is True for v in sub.arrays.get("uniqueItems", [])):
            out.append(Reason("constraint", subject, _keyword_node(sup, ("uniqueItems",), at[1]),
                              "{sup} requires unique items; {sub} did not"))
        limit = _length_limit(sub)  # sub arrays never have more items than this (a closed tail, a `false` position, maxItems)
        sub_tail, sup_tail = sub.rest_tail, sup.rest_tail
        positions = max(len(sub.prefix), len(sup.prefix))
        for i in range(positions if limit is None else min(positions, limit)):
            mine = sub.prefix[i] if i < len(sub.prefix) else sub_tail
            theirs = sup.prefix[i] if i < len(sup.prefix) else sup_tail
            if is_never(theirs):
                out.append(Reason("tuple_closed", subject, _closing_node(sup, i, at[1]),
                                  f"{{sup}} allows at most {i} items; {{sub}} allowed more"))
                return out
            out += self._nodes(mine, theirs, f"{subject}[{i}]", at)
        if limit is None or limit > positions:
            if is_never(sup_tail):
                out.append(Reason("tuple_closed", subject, _closing_node(sup, positions, at[1]),
                                  f"{{sup}} allows at most {positions} items; {{sub}} allowed more"))
            elif sup_tail:
                out += self._nodes(sub_tail, sup_tail, f"{subject}[]", at)
        out += self._uneval_opaque(sub, sup, "unevaluatedItems", sub.uneval_items, sup.uneval_items,
                                   sub.models_uneval_items, sup.models_uneval_items, subject, at)
        out += self._contains(sub, sup, subject, at)
        return out

    def _contains(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        """Each `contains` of sup (with minContains/maxContains) holds for every sub array when sub
        has a `contains` at least as narrow with a count at least as strict."""
        out = []
        for c2, low2, high2, holder in sup.contains:
            lows_ok = low2 == 0 or any(low >= low2 and not self._nodes((c,), (c2,), subject, at)
                                       for c, low, _, _ in sub.contains)
            most = _least(sub.arrays.get("maxItems", []))
            highs_ok = high2 is None or (most is not None and most <= high2) or any(
                high is not None and high <= high2 and not self._reverse()._nodes((c2,), (c,), subject, (at[1], at[0]))
                for c, _, high, _ in sub.contains)
            if not lows_ok:
                word = f"at least {low2} item{'s' if low2 != 1 else ''}"
                out.append(Reason("constraint", subject, _child_or(holder, "minContains", "contains"),
                                  f"{{sup}} requires {word} matching `contains`; {{sub}} did not"))
            if not highs_ok:
                out.append(Reason("constraint", subject, _child_or(holder, "maxContains", "contains"),
                                  f"{{sup}} allows at most {high2} items matching `contains`; {{sub}} allowed more"))
        return out

    def _objects(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        out = _sizes(sub.objects, sup.objects, "minProperties", "maxProperties", "property count", subject, sup, at)
        for name in sorted(sup.required - sub.required):
            holder = next((n for n in sup.members if isinstance(n.value, dict) and isinstance(n.value.get("required"), list)
                           and name in n.value["required"]), None)
            out.append(Reason("required", f"{subject}.{name}", holder.child("required") if holder else at[1],
                              f"{{sup}} requires {name!r}; {{sub}} documents may omit it"))
        for name in sorted(set(sub.props) | set(sup.props)):
            mine, theirs = property_nodes(sub, name), property_nodes(sup, name)
            if is_never(mine):
                continue  # sub never has this property
            field = f"{subject}.{name}"
            if name in sub.props and name not in sup.props and is_never(theirs):
                out.append(Reason("prop_closed", field, sub.props[name][0],
                                  f"{{sup}} does not allow {name!r} (its properties are closed); {{sub}} documents may carry it"))
                continue
            found = self._nodes(mine, theirs, field, (mine[0] if mine else at[0], theirs[0] if theirs else at[1]))
            if found and name in sup.props and name not in sub.props:
                out.append(Reason("prop_open", field, sup.props[name][0],
                                  f"{{sup}} constrains {name!r}, which {{sub}} left open (any value was valid)"))
            else:
                out += found
        out += self._patterns(sub, sup, subject, at)
        rest_sub, rest_sup = sub.rest_props, sup.rest_props
        if not is_never(rest_sub):
            if is_never(rest_sup):
                node = next(n for n in rest_sup if n.value is False)
                out.append(Reason("additional_closed", subject, node,
                                  "{sup} rejects properties it does not list; {sub} accepted them"))
            elif rest_sup:
                out += self._nodes(rest_sub, rest_sup, f"{subject}.*", at)
        out += self._uneval_opaque(sub, sup, "unevaluatedProperties", sub.uneval_props, sup.uneval_props,
                                   sub.models_uneval_props, sup.models_uneval_props, subject, at)
        out += self._dependencies(sub, sup, subject, at)
        return out

    def _patterns(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        """Properties neither side declares, by the patterns that match their names. Two different
        patterns may or may not match a common name: what hangs on that is "possibly"."""
        out: list[Reason] = []
        mine = _by_pattern(sub.patterns)
        theirs = _by_pattern(sup.patterns)
        rest_sub, rest_sup = sub.rest_props, sup.rest_props
        for p, nodes in theirs.items():
            where = f"{subject}[{p}]"
            if p in mine:
                out += self._nodes(mine[p], nodes, where, at)
                continue
            if not is_never(rest_sub):  # names only this pattern matches: sub's rest (anything, when open)
                out += [replace(r, possibly=r.possibly or bool(mine)) for r in self._nodes(rest_sub, nodes, where, at)]
            for q, other in mine.items():
                out += [replace(r, possibly=True, detail=r.detail + f" (for names matching both {q!r} and {p!r})")
                        for r in self._nodes(other, nodes, where, at)]
        for q, nodes in mine.items():
            if q in theirs or is_never(nodes) or not rest_sup:
                continue
            where = f"{subject}[{q}]"
            if is_never(rest_sup):
                out.append(Reason("prop_closed", where, nodes[0],
                                  f"{{sup}} does not allow properties matching {q!r} (its properties are closed); "
                                  "{sub} documents may carry them", possibly=bool(theirs)))
            else:
                out += [replace(r, possibly=r.possibly or bool(theirs)) for r in self._nodes(nodes, rest_sup, where, at)]
        return out

    def _dependencies(self, sub: Shape, sup: Shape, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        """dependentRequired / dependentSchemas (and draft-07 `dependencies`) of sup hold for every sub
        object that can carry the property they hang on."""
        out: list[Reason] = []
        given: dict[str, set[str]] = {}
        for name, names, _ in sub.dep_required:
            given.setdefault(name, set()).update(names)
        for name, names, node in sup.dep_required:
            if is_never(property_nodes(sub, name)):
                continue
            for needed in names:
                if needed == name or needed in sub.required or needed in given.get(name, ()):
                    continue
                out.append(Reason("required", f"{subject}.{needed}", node,
                                  f"{{sup}} requires {needed!r} whenever {name!r} is present; {{sub}} documents may omit it"))
        for name, node in sup.dep_schemas:
            if is_never(property_nodes(sub, name)):
                continue
            extra = tuple(n for k, n in sub.dep_schemas if k == name)
            part = self.a.and_(sub, extra) if extra else sub
            part = part.restricted(None, frozenset({name}) | frozenset(given.get(name, ())))
            out += self._include(part, self.b.shape((node,)), f"{subject}.{name}", (at[0], node), ())
        return out

    def _uneval_opaque(self, sub: Shape, sup: Shape, keyword: str, mine: tuple[Node, ...], theirs: tuple[Node, ...],
                       sub_modelled: bool, sup_modelled: bool, subject: str, at: tuple[Node, Node]) -> list[Reason]:
        """unevaluated* that is not "the rest" here (beside a conditional or a union): compared by spelling."""
        if not theirs or sup_modelled:
            return []
        spelled = {canonical(n.value) for n in mine}
        if all(canonical(n.value) in spelled for n in theirs):
            return []
        return [Reason("undecidable", subject, theirs[0], f"`{keyword}` differs between {{sub}} and {{sup}} beside "
                       "keywords that evaluate only some instances; its effect is not compared", possibly=True)]

    def _reverse(self) -> Inclusion:
        """The inclusion the other way round (sup's nodes inside sub's), for `not` and maxContains."""
        if self._back is None:  # under `not` a wider target narrows: only what is wholly unchanged is skipped
            self._back = Inclusion(self.b, self.a, self.stable, self.stable)
            self._back._back = self
        return self._back


# ---- helpers


def _accepts(shapes: Shapes, node: Node, value: Any) -> bool | None:
    simple = _simple_accepts(node.value, value)
    if simple is not None:
        return simple
    return shapes.index.accepts(node.doc.uri, quote(node.pointer, safe="/~$-_.!*'()+,;=@:"), value)


# Keywords that never reject a value, and the JSON type of each Python value.
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment", "deprecated", "readOnly",
                          "writeOnly", "$anchor", "format"})  # format: an annotation for the validator too


def _simple_accepts(schema: Any, value: Any) -> bool | None:
    """The answer of a JSON Schema validator for the common small schemas (a type, an enum, a const,
    annotations), without building one; None for anything else."""
    if schema is True or schema == {}:
        return True
    if schema is False:
        return False
    if not isinstance(schema, dict):
        return None
    ok = True
    for key, want in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key == "type":
            kinds = [want] if isinstance(want, str) else want if isinstance(want, list) else None
            if kinds is None:
                return None
            ok = ok and any(_is_type(value, k) for k in kinds)
        elif key == "enum" and isinstance(want, list):
            ok = ok and any(_json_equal(value, w) for w in want)
        elif key == "const":
            ok = ok and _json_equal(value, want)
        else:
            return None
    return ok


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return _num(value) and float(value).is_integer()
    if kind == "number":
        return _num(value)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return False


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _num(a) and _num(b):
        return bool(a == b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)


def _enum_values(s: Shape) -> list[Any]:
    first, *rest = s.enums
    if not rest:
        return list(first)
    others = [{canonical(w) for w in other} for other in rest]
    return [v for v in first if all(canonical(v) in other for other in others)]


def _show(values: list[Any]) -> str:
    text = ", ".join(canonical(v) for v in values[:6])
    return f"[{text}{', ...' if len(values) > 6 else ''}]"


def _keyword_node(s: Shape, keywords: tuple[str, ...], fallback: Node) -> Node:
    for n in s.members:
        if isinstance(n.value, dict):
            for k in keywords:
                if k in n.value:
                    return n.child(k)
    return fallback


def _whole(x: float) -> bool:
    return math.isclose(x, round(x), rel_tol=0, abs_tol=1e-9)


def _bound(numbers: dict[str, list[Any]], side: str) -> tuple[float, bool] | None:
    inclusive, exclusive = ("minimum", "exclusiveMinimum") if side == "lower" else ("maximum", "exclusiveMaximum")
    found = [(v, False) for v in numbers.get(inclusive, []) if _num(v)]
    found += [(v, True) for v in numbers.get(exclusive, []) if _num(v)]
    if not found:
        return None
    if side == "lower":
        return max(found, key=lambda b: (b[0], b[1]))
    return min(found, key=lambda b: (b[0], not b[1]))


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _within(mine: tuple[float, bool] | None, theirs: tuple[float, bool], side: str) -> bool:
    if mine is None:
        return False
    (mv, me), (tv, te) = mine, theirs
    if side == "lower":
        return mv > tv or (mv == tv and (me or not te))
    return mv < tv or (mv == tv and (me or not te))


def _bound_text(b: tuple[float, bool], side: str) -> str:
    op = (">" if b[1] else ">=") if side == "lower" else ("<" if b[1] else "<=")
    return f"{op} {b[0]:g}" if isinstance(b[0], float) else f"{op} {b[0]}"


def _list(values: list[Any]) -> str:
    """Values as a reader writes them: strings quoted, up to six, then a count."""
    shown = [repr(v) if isinstance(v, str) else canonical(v) for v in values[:6]]
    more = f" and {len(values) - 6} more" if len(values) > 6 else ""
    return ", ".join(shown) + more


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _least(values: list[Any]) -> int | None:
    nums = [v for v in values if _num(v)]
    return int(min(nums)) if nums else None


def _sizes(mine: dict[str, list[Any]], theirs: dict[str, list[Any]], low: str, high: str, what: str, subject: str,
           sup: Shape, at: tuple[Node, Node]) -> list[Reason]:
    out = []
    lo_m = max((v for v in mine.get(low, []) if _num(v)), default=0)
    lo_t = max((v for v in theirs.get(low, []) if _num(v)), default=0)
    if lo_t > lo_m:
        out.append(Reason("constraint", subject, _keyword_node(sup, (low,), at[1]),
                          f"{{sup}} requires {low} {lo_t}; {{sub}} required {lo_m}"))
    hi_m, hi_t = _least(mine.get(high, [])), _least(theirs.get(high, []))
    if hi_t is not None and (hi_m is None or hi_m > hi_t):
        out.append(Reason("constraint", subject, _keyword_node(sup, (high,), at[1]),
                          f"{{sup}} allows {high} {hi_t}; {{sub}} allowed {hi_m if hi_m is not None else 'any ' + what}"))
    return out


def _distinct(reasons: list[Reason]) -> list[Reason]:
    """One reason per kind and place, under its shortest subject: a type reached along several paths
    (a property, an array item and a union variant all naming it) would otherwise repeat its
    reasons once per path, and per path of every type above it."""
    if len(reasons) < 2:
        return reasons
    best: dict[tuple[str, str, bool], Reason] = {}
    for r in reasons:
        k = (r.code, r.anchor.key, r.possibly)
        if k not in best or len(r.subject) < len(best[k].subject):
            best[k] = r
    return reasons if len(best) == len(reasons) else list(best.values())


def _length_limit(s: Shape) -> int | None:
    """The most items an array of `s` can have: maxItems, the first position nothing matches, or
    the end of a closed prefix."""
    limits = [m for m in (_least(s.arrays.get("maxItems", [])),) if m is not None]
    limits += [i for i, nodes in enumerate(s.prefix) if is_never(nodes)][:1]
    if is_never(s.rest_tail):
        limits.append(len(s.prefix))
    return min(limits) if limits else None


def _closing_node(s: Shape, position: int, fallback: Node) -> Node:
    """Where sup stops accepting items: the `false` at that position, or the keyword closing the tail."""
    if position < len(s.prefix):
        return next((n for n in s.prefix[position] if n.value is False), fallback)
    return next((n for n in s.rest_tail if n.value is False), fallback)


def _child_or(node: Node, *keywords: str) -> Node:
    for k in keywords:
        if isinstance(node.value, dict) and k in node.value:
            return node.child(k)
    return node


def _by_pattern(patterns: tuple[tuple[str, Node], ...]) -> dict[str, tuple[Node, ...]]:
    out: dict[str, tuple[Node, ...]] = {}
    for p, node in patterns:
        out[p] = out.get(p, ()) + (node,)
    return out
