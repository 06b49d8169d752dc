"""Source findings: what a change does to code written against the generated types, per target,
even when the wire is unchanged (a rename, a move, an attribute name), plus documentation-only
changes. Works on the named IR of two snapshots, types paired by where they were written.

A finding is breaking for exactly the targets whose compiler rejects code written against the
old types (source_types.py decides, tests/review/test_source_oracle.py checks it with mypy and
tsc); a change no compiler rejects is a non-breaking change that `diff` lists."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from schemagen import ir
from schemagen.diagnostics import Location
from schemagen.review import source_types as st
from schemagen.review.findings import RULES, Finding
from schemagen.review.shape import canonical
from schemagen.review.snapshot import Snapshot


def _targets(snap: Snapshot, only: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The declaration targets judged here; the validators follow TypeScript (source_findings)."""
    return tuple(t for t in snap.config.targets if t != "validators" and (only is None or t in only))


class _Run:
    def __init__(self, old: Snapshot, new: Snapshot) -> None:
        self.old, self.new = old, new
        self.out: list[Finding] = []
        self.old_names = {t.key: t.name for m in old.schema.modules for t in m.types}
        self.new_names = {t.key: t.name for m in new.schema.modules for t in m.types}
        self.old_types, self.new_types = old.schema.types_by_key(), new.schema.types_by_key()
        self.key_map: dict[str, str] = {}  # old key → the key of its counterpart in new
        self.key_back: dict[str, str] = {}
        self.all = _targets(new)
        # The TypeScript validators' callers import `XSchema` beside `X` and get back exactly the
        # declared `X`: code written against them breaks where TypeScript code does
        # (tests/review/test_validators_findings.py compiles such callers against new).
        self.follows_typescript = ("validators",) if "validators" in new.config.targets else ()

    def _named(self, targets: tuple[str, ...]) -> tuple[str, ...]:
        """The judged targets, and the validators beside TypeScript when they are generated."""
        return targets + self.follows_typescript if "typescript" in targets else targets

    def add(self, rule: str, subject: str, where: Location | None, side: str, message: str,
            targets: tuple[str, ...] | None = None, breaking: bool | None = None) -> None:
        """`targets`: the targets whose compilers reject code written against old (breaking), or,
        for a change that breaks none, every target it touches."""
        loc = where or Location("")
        targets = targets if targets is not None else self.all
        if breaking is None:
            breaking = RULES[rule].breaking
        self.out.append(Finding(rule, subject, loc, side, message, self._named(targets), breaking))

    def judged(self, rule: str, subject: str, where: Location | None, what: str,
               broken: dict[str, str]) -> None:
        """A change whose break depends on the target: `broken` maps each target whose compiler
        rejects old code to why. Breaking exactly when one does."""
        if broken:
            reasons: dict[str, list[str]] = {}
            for t, why in broken.items():
                reasons.setdefault(why, []).extend(self._named((t,)))
            tail = "; ".join(f"{why} ({', '.join(ts)})" for why, ts in reasons.items())
            self.add(rule, subject, where, "new", f"{what}: {tail}", tuple(t for t in self.all if t in broken), True)
        else:
            self.add(rule, subject, where, "new", f"{what}; code written against the old types still compiles",
                     self.all, False)

    # -- pairing ---------------------------------------------------------------------------

    def types(self) -> None:
        before, after = self.old_types, self.new_types
        by_name = {t.name: t for t in after.values()}
        moved_to: set[str] = set()
        by_body = self._bodies(self.new, set(after) - set(before))
        pairs: list[tuple[ir.NamedType, ir.NamedType, str]] = []
        for key, t in sorted(before.items()):
            if key in after:
                pairs.append((t, after[key], ""))
                continue
            twin = by_body.get((t.module, self._body(self.old, key)))
            if twin is not None and twin.key not in moved_to and t.name not in by_name:
                moved_to.add(twin.key)  # a `$defs` key renamed: same module, same schema, new place
                pairs.append((t, twin, ""))
                continue
            other = by_name.get(t.name)
            if other is not None and other.key not in before:
                moved_to.add(other.key)
                pairs.append((t, other, "moved" if other.module != t.module else ""))
                continue
            still = self._body(self.new, key)
            why = (f"its schema is still there ({still[:40]}) but generates no type" if still else "it is removed")
            self.add("SOURCE_TYPE_REMOVED", t.name, t.origin, "old",
                     f"the type {t.name} ({t.module}) no longer exists, {why}: code that imports it no longer "
                     f"compiles")
        self.key_map = {a.key: b.key for a, b, _ in pairs}
        self.key_back = {b: a for a, b in self.key_map.items()}
        for a, b, how in pairs:
            if how == "moved":
                self.add("SOURCE_TYPE_MOVED", a.name, b.origin, "new",
                         f"{a.name} moves from {a.module} to {b.module}: code importing "
                         f"{self.old.config.python_package}.{a.module}.{a.name} (Python) or from "
                         f"{a.module.replace('.', '/')} (TypeScript) no longer compiles")
            self.type(a, b)
        for key, t in sorted(after.items()):
            if key not in before and key not in moved_to:
                self.add("SOURCE_TYPE_ADDED", t.name, t.origin, "new", f"the type {t.name} is added to {t.module}")

    def _body(self, snap: Snapshot, key: str) -> str:
        from schemagen.frontend.load import node_at

        uri, _, pointer = key.partition("#")
        doc = next((d for d in snap.documents if d.uri == uri), None)
        if doc is None:
            return ""
        try:
            return canonical(node_at(doc.content, pointer))
        except (KeyError, IndexError, ValueError, TypeError):
            return ""

    def _bodies(self, snap: Snapshot, keys: set[str]) -> dict[tuple[str, str], ir.NamedType]:
        types = snap.schema.types_by_key()
        out: dict[tuple[str, str], ir.NamedType] = {}
        for key in sorted(keys):
            body = self._body(snap, key)
            if body:
                out.setdefault((types[key].module, body), types[key])
        return out

    # -- atoms -----------------------------------------------------------------------------

    def old_atoms(self, expr: ir.TypeExpr, target: str) -> frozenset[str]:
        return st.atoms(expr, target, lambda k: self.key_map.get(k, k), self.old_types)

    def new_atoms(self, expr: ir.TypeExpr, target: str) -> frozenset[str]:
        return st.atoms(expr, target, lambda k: k, self.new_types)

    def expand(self, a: frozenset[str], t: str, old: bool, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """References to what code sees through (aliases, unions; enums but in Pydantic) replaced
        by their values, recursively; a reference met again stays a reference."""
        out: set[str] = set()
        for x in a:
            named = None
            if x.startswith("ref:") and x not in seen:
                k = x[4:]
                named = self.old_types.get(self.key_back.get(k, k)) if old else self.new_types.get(k)
            values = self.values(named, t, old) if named is not None else None
            if values is None:
                out.add(x)
            else:
                out |= self.expand(values, t, old, seen | {x})
        return frozenset(out)

    def le(self, a: frozenset[str], b: frozenset[str], t: str, a_old: bool, b_old: bool) -> bool:
        """`a` assignable to `b` in target t, looking through aliases where the references differ."""
        if st.le(a, b, t):
            return True
        common = a & b  # a reference on both sides matches itself; b is also what its aliases hold
        return st.le(self.expand(a - common, t, a_old) | common, self.expand(b, t, b_old) | b, t)

    def show(self, a: frozenset[str]) -> str:
        return st.show(a, lambda k: self.new_names.get(k, self.old_names.get(k, k)))

    def values(self, t: ir.NamedType, target: str, old: bool) -> frozenset[str] | None:
        """What code sees of a whole named type: None for a class (a model; an enum in Pydantic),
        else its values (an alias, a union; an enum's literals in TypedDict and TypeScript)."""
        spell = self.old_atoms if old else self.new_atoms
        if isinstance(t, ir.ObjectType) or (isinstance(t, ir.EnumType) and target == "pydantic"):
            return None
        if isinstance(t, ir.EnumType):
            return st.literal_atoms(t.values, target)
        if isinstance(t, ir.UnionType):
            return spell(ir.UnionOf(t.members), target)
        return spell(t.target, target)

    # -- comparing one pair ----------------------------------------------------------------

    def type(self, a: ir.NamedType, b: ir.NamedType) -> None:
        if a.name != b.name:
            self.add("SOURCE_TYPE_RENAMED", b.name, b.origin, "new",
                     f"the type {a.name} is now named {b.name}: code that imports {a.name} no longer compiles")
        self.docs(b.name, a, b, b.origin)
        if type(a) is not type(b):
            self.kind(a, b)
            return
        if isinstance(a, ir.ObjectType) and isinstance(b, ir.ObjectType):
            self.fields(a, b)
        elif isinstance(a, ir.EnumType) and isinstance(b, ir.EnumType):
            self.enum(a, b)
        elif isinstance(a, ir.UnionType) and isinstance(b, ir.UnionType):
            self.variants(b, a.members, b.members)
        elif isinstance(a, ir.AliasType) and isinstance(b, ir.AliasType):
            if isinstance(a.target, ir.UnionOf) and isinstance(b.target, ir.UnionOf):
                self.variants(b, a.target.members, b.target.members)
            else:
                self.alias(a, b)

    def kind(self, a: ir.NamedType, b: ir.NamedType) -> None:
        target_b = _single_object(b, self.new_types)
        target_a = _single_object(a, self.old_types)
        if isinstance(a, ir.ObjectType) and target_b is not None:
            self.fields(a, target_b)  # `X = XObject`: code sees the same class under the old name
            return
        if isinstance(b, ir.ObjectType) and target_a is not None:
            self.fields(target_a, b)
            return
        broken: dict[str, str] = {}
        for t in self.all:
            va, vb = self.values(a, t, True), self.values(b, t, False)
            if va is None or vb is None:
                broken[t] = ("code using its members or fields no longer compiles" if va is None
                             else "code reading it as values receives a class")
            elif not self.le(vb, va, t, False, True):
                broken[t] = f"code reading it receives {self.show(vb - va) or self.show(vb)} it does not handle"
            elif not self.le(va, vb, t, True, False):
                broken[t] = f"code building it from {self.show(va - vb)} no longer compiles"
        t0 = self.all[0] if self.all else "typescript"
        now = self.values(b, t0, False)
        shown = _kind(b) + (f" of {self.show(now)}" if isinstance(b, ir.AliasType) and now is not None else "")
        self.judged("SOURCE_TYPE_KIND_CHANGED", b.name, b.origin, f"{b.name} changes from {_kind(a)} to {shown}",
                    broken)

    def alias(self, a: ir.AliasType, b: ir.AliasType) -> None:
        broken: dict[str, str] = {}
        changed = False
        for t in self.all:
            va, vb = self.old_atoms(a.target, t), self.new_atoms(b.target, t)
            changed |= va != vb
            if not self.le(vb, va, t, False, True):
                broken[t] = f"code reading {b.name} receives {self.show(vb)}, wider than {self.show(va)}"
            elif not self.le(va, vb, t, True, False):
                broken[t] = f"code building {b.name} from {self.show(va)} no longer compiles"
        if changed:
            va, vb = self.old_atoms(a.target, self.all[0]), self.new_atoms(b.target, self.all[0])
            self.judged("SOURCE_FIELD_TYPE_CHANGED", b.name, b.origin,
                        f"{b.name} changes from {self.show(va)} to {self.show(vb)}", broken)

    def docs(self, subject: str, a: Any, b: Any, where: Location | None) -> None:
        if a.description != b.description:
            self.add("DOC_DESCRIPTION_CHANGED", subject, where, "new", f"the description of {subject} changes", ())
        if getattr(a, "examples", ()) != getattr(b, "examples", ()):
            self.add("DOC_EXAMPLES_CHANGED", subject, where, "new", f"the examples of {subject} change", ())
        if a.deprecated != b.deprecated:
            state = "deprecated" if b.deprecated else "no longer deprecated"
            self.add("DOC_DEPRECATED_CHANGED", subject, where, "new", f"{subject} is {state}", ())

    def all_fields(self, t: ir.ObjectType, types: dict[str, ir.NamedType]) -> list[ir.Field]:
        base = types.get(t.base) if t.base else None
        inherited = self.all_fields(base, types) if isinstance(base, ir.ObjectType) and base is not t else []
        own = {f.json_name for f in t.fields}
        return [f for f in inherited if f.json_name not in own] + list(t.fields)

    def fatoms(self, f: ir.Field, obj: ir.ObjectType, t: str, old: bool) -> frozenset[str]:
        """A field's type as target t sees it on `obj`. TypeScript writes an object whose field
        overrides its base's as `Base & {...}`: the field is the meet of both (a `null` or an enum
        value the base's field does not take is not there)."""
        a = (self.old_atoms if old else self.new_atoms)(f.type, t)
        if t != "typescript":
            return a
        types = self.old_types if old else self.new_types
        base = types.get(obj.base) if obj.base else None
        inherited = next((x for x in self.all_fields(base, types) if x.json_name == f.json_name), None) \
            if isinstance(base, ir.ObjectType) and base is not obj else None
        if inherited is None:
            return a
        under = self.expand(self.fatoms(inherited, base, t, old), t, old)  # type: ignore[arg-type]
        return frozenset(x for x in a if x.startswith("ref:") or any(st.atom_le(x, y, t) for y in under))

    def read(self, f: ir.Field, obj: ir.ObjectType, t: str, old: bool) -> frozenset[str]:
        """What code reading the field receives: its type, plus absence where it is optional
        (None in Python: Pydantic's default, TypedDict's `.get`; `undefined` in TypeScript)."""
        a = self.fatoms(f, obj, t, old)
        if f.required:
            return a
        if t == "typescript":
            return a | {"undefined"}
        if t == "pydantic" and f.default is not None and f.default.value is not None:
            return a
        return a | {"null"}

    def fields(self, a: ir.ObjectType, b: ir.ObjectType) -> None:
        olds = {f.json_name: f for f in self.all_fields(a, self.old_types)}
        news = {f.json_name: f for f in self.all_fields(b, self.new_types)}
        own = {f.json_name for f in b.fields} | {f.json_name for f in a.fields}
        old_attrs = self.old.attributes.get(a.key, {})
        new_attrs = self.new.attributes.get(b.key, {})
        for name, f in olds.items():
            if name not in own:
                continue  # an inherited field: judged at its base type
            subject = f"{b.name}.{name}"
            g = news.get(name)
            if g is None:
                self.removed(a, b, subject, f)
                continue
            where = g.origin or b.origin
            self.docs(subject, f, g, where)
            if old_attrs.get(name) and new_attrs.get(name) and old_attrs[name] != new_attrs[name]:
                self.add("SOURCE_FIELD_ATTRIBUTE_RENAMED", subject, where, "new",
                         f"the Python attribute of {subject} changes from {old_attrs[name]} to {new_attrs[name]}: "
                         f"code reading .{old_attrs[name]} no longer compiles, or reads another field",
                         _targets(self.new, ("pydantic",)))
            self.field(a, b, subject, where, f, g)
        for name, g in news.items():
            if name in olds or name not in own:
                continue
            subject = f"{b.name}.{name}"
            if g.required:
                self.add("SOURCE_FIELD_REQUIRED", subject, g.origin or b.origin, "new",
                         f"the new field {subject} is required: code constructing {b.name} without it "
                         f"no longer compiles")
            else:
                self.add("SOURCE_FIELD_ADDED", subject, g.origin or b.origin, "new", f"the optional field {subject} is added")

    def removed(self, a: ir.ObjectType, b: ir.ObjectType, subject: str, f: ir.Field) -> None:
        """Gone from the model; a TypeScript interface with a typed index signature still gives
        `o["key"]` that type."""
        targets = self.all
        if "typescript" in targets and not isinstance(b.extra, bool) \
                and self.le(self.new_atoms(b.extra, "typescript"), self.read(f, a, "typescript", True),
                            "typescript", False, True):
            targets = tuple(t for t in targets if t != "typescript")
        why = "code reading it no longer compiles" + (
            " (TypeScript reads it through the index signature)" if len(targets) < len(self.all) else "")
        self.add("SOURCE_FIELD_REMOVED", subject, f.origin or a.origin, "old", f"the field {subject} is removed: {why}",
                 targets, bool(targets))

    def field(self, a: ir.ObjectType, b: ir.ObjectType, subject: str, where: Location | None, f: ir.Field,
              g: ir.Field) -> None:
        if g.required and not f.required:
            self.add("SOURCE_FIELD_REQUIRED", subject, where, "new",
                     f"{subject} becomes required: code constructing {b.name} without it no longer compiles")
        elif f.required and not g.required:
            # TypedDict: mypy still lets `o["key"]` read a key that became NotRequired
            broken = {t: "code reading it receives " + ("undefined" if t == "typescript" else "None")
                      for t in self.all if t != "typeddict"
                      and not st.le(self.read(replace(f, required=False), a, t, True), self.read(f, a, t, True), t)}
            self.judged("SOURCE_FIELD_OPTIONAL", subject, where, f"{subject} becomes optional", broken)
        olds = {t: self.fatoms(f, a, t, True) for t in self.all}
        news = {t: self.fatoms(g, b, t, False) for t in self.all}
        null = {t: "null" if t == "typescript" else "None" for t in self.all}
        gained = [t for t in self.all if "null" in news[t] and "null" not in olds[t]]
        lost = [t for t in self.all if "null" in olds[t] and "null" not in news[t]]
        if gained:
            broken = {t: f"code reading it receives {null[t]}" for t in gained
                      if not self.le(frozenset({"null"}), self.read(f, a, t, True), t, False, True)}
            self.judged("SOURCE_FIELD_NULLABLE", subject, where, f"{subject} becomes nullable", broken)
        elif lost:
            broken = {t: f"code constructing {b.name} with {null[t]} no longer compiles" for t in lost if f.required}
            self.judged("SOURCE_FIELD_NOT_NULLABLE", subject, where, f"{subject} is no longer nullable", broken)
        if all(olds[t] - {"null"} == news[t] - {"null"} for t in self.all):
            return
        broken = {}
        for t in self.all:
            fa, ga = olds[t] - {"null"}, news[t] - {"null"}
            if not self.le(ga, fa, t, False, True):
                broken[t] = f"code reading it receives {self.show(_extra(ga, fa, t))}, which it does not handle"
            elif f.required and not self.le(fa, ga, t, True, False):
                broken[t] = f"code constructing {b.name} with {self.show(_extra(fa, ga, t))} no longer compiles"
        t0 = self.all[0] if self.all else "typescript"
        self.judged("SOURCE_FIELD_TYPE_CHANGED", subject, where,
                    f"the type of {subject} changes from {self.show(olds[t0])} to {self.show(news[t0])}", broken)

    def enum(self, a: ir.EnumType, b: ir.EnumType) -> None:
        from schemagen.targets.pydantic import enum_members

        old_members = dict(zip((canonical(v) for v in a.values), enum_members(a)))
        new_members = dict(zip((canonical(v) for v in b.values), enum_members(b)))
        for value, member in old_members.items():
            if value not in new_members:
                self.add("SOURCE_ENUM_MEMBER_REMOVED", f"{b.name}.{member}", b.origin, "new",
                         f"the enum member {b.name}.{member} ({value}) is removed: code using it no longer compiles")
            elif new_members[value] != member:
                self.add("SOURCE_ENUM_MEMBER_RENAMED", f"{b.name}.{member}", b.origin, "new",
                         f"the enum member {b.name}.{member} is now {b.name}.{new_members[value]}: Python code "
                         f"using {b.name}.{member} no longer compiles", _targets(self.new, ("pydantic",)))
        for value, member in new_members.items():
            if value not in old_members:
                self.add("SOURCE_ENUM_MEMBER_ADDED", f"{b.name}.{member}", b.origin, "new",
                         f"the enum member {b.name}.{member} ({value}) is added: an exhaustive match/switch "
                         f"over {b.name} no longer compiles until it handles it", self.all, True)

    def variants(self, b: ir.NamedType, a_members: tuple[ir.TypeExpr, ...], b_members: tuple[ir.TypeExpr, ...]) -> None:
        subject = b.name
        olds = {t: self.old_atoms(ir.UnionOf(a_members), t) for t in self.all}
        news = {t: self.new_atoms(ir.UnionOf(b_members), t) for t in self.all}
        t0 = self.all[0] if self.all else "typescript"
        for m in a_members:
            shown = self.show(self.old_atoms(m, t0))
            if self.old_atoms(m, t0) <= self.new_atoms(ir.UnionOf(b_members), t0):
                continue
            broken = {t: f"code building {subject} from a {shown} no longer compiles" for t in self.all
                      if not self.le(self.old_atoms(m, t), news[t], t, True, False)}
            self.judged("SOURCE_UNION_VARIANT_REMOVED", subject, b.origin, f"the union {subject} loses the variant {shown}",
                        broken)
        for m in b_members:
            shown = self.show(self.new_atoms(m, t0))
            if self.new_atoms(m, t0) <= self.old_atoms(ir.UnionOf(a_members), t0):
                continue
            broken = {t: "an exhaustive match/switch over it no longer compiles until it handles it" for t in self.all
                      if not self.le(self.new_atoms(m, t), olds[t], t, False, True)}
            self.judged("SOURCE_UNION_VARIANT_ADDED", subject, b.origin, f"the union {subject} gains the variant {shown}",
                        broken)


def _single_object(t: ir.NamedType, types: dict[str, ir.NamedType]) -> ir.ObjectType | None:
    """The object an alias names when it is just another name for one (`X = XObject`)."""
    if not isinstance(t, ir.AliasType):
        return None
    target = t.target.inner if isinstance(t.target, ir.Checked) else t.target
    named = types.get(target.name) if isinstance(target, ir.Ref) else None
    return named if isinstance(named, ir.ObjectType) else None


def _extra(a: frozenset[str], b: frozenset[str], target: str) -> frozenset[str]:
    """The atoms of `a` that `b` does not take."""
    return frozenset(x for x in a if not any(st.atom_le(x, y, target) for y in b)) or a


def _kind(t: ir.NamedType) -> str:
    return {"ObjectType": "a model", "EnumType": "an enum", "UnionType": "a union", "AliasType": "an alias"}[type(t).__name__]


def source_findings(old: Snapshot, new: Snapshot) -> list[Finding]:
    run = _Run(old, new)
    run.types()
    return run.out
