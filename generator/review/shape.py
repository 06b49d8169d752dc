"""A schema node read as the set of instances it accepts: refs followed, `allOf` merged.

The wire comparison asks "is every instance of A an instance of B?". That question is easier on a
normalised view than on raw keywords: a `Shape` is the conjunction of every node that applies to
the same instance (the node, its `$ref` targets, its `allOf` members), with the keywords gathered
per instance type. Subschemas (properties, items, variants) stay lazy as `Node`s, so a recursive
schema never makes an infinite shape.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from schemagen.diagnostics import Location
from schemagen.frontend.dialect import REF_OVERRIDES
from schemagen.frontend.load import Document, escape_pointer_token
from schemagen.frontend.refs import RefIndex

# Keywords whose effect on the instance set this module does not model: two nodes that spell
# them differently get a "possibly breaking" finding instead of a guess. (`dependencies`,
# `dependent*`, `contains`/`min|maxContains`, `unevaluated*` and `not` are modelled: wire.py.)
OPAQUE = ("if", "then", "else", "propertyNames", "$dynamicRef", "$recursiveRef")
# Keywords beside which `unevaluatedProperties`/`unevaluatedItems` cannot be read as "the rest":
# they evaluate properties or items only for some instances.
_CONDITIONAL = ("if", "then", "else", "dependentSchemas", "dependencies", "$dynamicRef", "$recursiveRef")


@dataclass(frozen=True)
class Node:
    """One schema value where it was written: the document, its JSON pointer, the value, the base URI."""

    doc: Document
    pointer: str
    value: Any
    base: str

    @cached_property
    def key(self) -> str:
        return f"{self.doc.uri}#{self.pointer}"

    @property
    def place(self) -> tuple[str, str]:
        """Where it was written, the same in two snapshots of one repository."""
        return (self.doc.rel, self.pointer)

    def child(self, *tokens: str | int) -> Node:
        value = self.value
        pointer = self.pointer
        for token in tokens:
            value = value[token]
            pointer += "/" + escape_pointer_token(str(token))
        return Node(self.doc, pointer, value, self.base)

    def location(self) -> Location:
        return self.doc.location(self.pointer)


@dataclass(frozen=True)
class Shape:
    """The conjunction of `nodes`: what they say about each kind of instance."""

    nodes: tuple[Node, ...]
    never: bool = False
    types: frozenset[str] | None = None  # None: every JSON type
    enums: tuple[tuple[Any, ...], ...] = ()  # each an allowed-values list; the instance is in all
    numbers: dict[str, list[Any]] = field(default_factory=dict)  # keyword → values, one per node setting it
    strings: dict[str, list[Any]] = field(default_factory=dict)
    arrays: dict[str, list[Any]] = field(default_factory=dict)
    objects: dict[str, list[Any]] = field(default_factory=dict)
    props: dict[str, tuple[Node, ...]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    # (names declared by the node that set it, its patternProperties keys, the additionalProperties node)
    additional: tuple[tuple[frozenset[str], tuple[str, ...], Node], ...] = ()
    patterns: tuple[tuple[str, Node], ...] = ()  # patternProperties
    prefix: tuple[tuple[Node, ...], ...] = ()  # per position, the nodes constraining it
    tail: tuple[Node, ...] = ()  # items after the prefix
    tail_closed_at: int | None = None  # a node closed the tuple after this many positions
    unions: tuple[tuple[bool, tuple[Node, ...], Node], ...] = ()  # (oneOf?, variants, the node holding them)
    nots: tuple[Node, ...] = ()
    opaque: tuple[tuple[str, Any, Node], ...] = ()
    members: tuple[Node, ...] = ()  # every node merged in ($ref targets, allOf members), for locations
    dep_required: tuple[tuple[str, tuple[str, ...], Node], ...] = ()  # (property, names it requires, the node)
    dep_schemas: tuple[tuple[str, Node], ...] = ()  # (property, the schema an object carrying it must match)
    contains: tuple[tuple[Node, int, int | None, Node], ...] = ()  # (subschema, minContains, maxContains, holder)
    uneval_props: tuple[Node, ...] = ()
    uneval_items: tuple[Node, ...] = ()
    all_props_evaluated: bool = False  # some member has additionalProperties: unevaluatedProperties is moot
    conditional: bool = False  # if/then/else, dependentSchemas, dynamic refs: evaluation depends on the instance
    unions_dropped: bool = False  # compared without its unions (their variants may evaluate properties)
    narrowed: frozenset[str] | None = None  # instance types this view was restricted to (part of the key)

    @cached_property
    def key(self) -> tuple[Any, ...]:
        """The nodes, which of their unions are still open (a chosen variant drops one), and any
        restriction of the view (required names, types)."""
        return (frozenset(n.key for n in self.nodes), frozenset(f"{u[2].key}:{u[0]}" for u in self.unions),
                self.unions_dropped, self.narrowed, self.required if self.narrowed is not None else None)

    @cached_property
    def places(self) -> frozenset[tuple[str, str]]:
        return frozenset(n.place for n in self.nodes)

    def without_unions(self) -> Shape:
        return replace(self, unions=(), unions_dropped=True)

    def restricted(self, types: frozenset[str] | None, required: frozenset[str] = frozenset()) -> Shape:
        """The same schema seen only for instances of `types` (None: all) that carry `required`."""
        mine = self.types
        if types is not None:
            mine = types if mine is None else _intersect_types(mine, types)
        narrowed = mine if mine is not None else frozenset({"*"})
        return replace(self, types=mine, never=self.never or mine == frozenset(), required=self.required | required,
                       narrowed=narrowed)

    @property
    def models_uneval_props(self) -> bool:
        """unevaluatedProperties reads as "every property not declared or matched here"."""
        return bool(self.uneval_props) and not (self.all_props_evaluated or self.conditional or self.unions
                                                or self.unions_dropped)

    @property
    def models_uneval_items(self) -> bool:
        return bool(self.uneval_items) and not (self.tail or self.contains or self.conditional or self.unions
                                                or self.unions_dropped)

    @property
    def rest_tail(self) -> tuple[Node, ...]:
        """The nodes every item after the prefix must match (unevaluatedItems when it is the rest)."""
        if self.tail:
            return self.tail
        return self.uneval_items if self.models_uneval_items else ()

    @property
    def rest_props(self) -> tuple[Node, ...]:
        """additionalProperties nodes, and unevaluatedProperties when it is the rest."""
        out = tuple(n for _, _, n in self.additional)
        return out + (self.uneval_props if self.models_uneval_props else ())


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


class Shapes:
    """Builds shapes for the nodes of one snapshot (its documents and its ref index)."""

    def __init__(self, index: RefIndex) -> None:
        self.index = index
        self._cache: dict[frozenset[str], Shape] = {}
        self._joined: dict[tuple[Any, ...], Shape] = {}
        self._targets: dict[tuple[str, str], Node | None] = {}

    def resolve(self, node: Node, ref: str) -> Node | None:
        memo = (ref, node.base)
        if memo not in self._targets:
            self._targets[memo] = self._resolve(node, ref)
        return self._targets[memo]

    def _resolve(self, node: Node, ref: str) -> Node | None:
        target, _ = self.index.resolve(ref, node.base, node.location())
        if target is None:
            return None
        from schemagen.frontend.load import node_at

        return Node(target.doc, target.pointer, node_at(target.doc.content, target.pointer), target.base_uri)

    def node(self, doc: Document, pointer: str, value: Any) -> Node:
        return Node(doc, pointer, value, self.index.base_of(value, doc.uri))

    def sub(self, parent: Node, *tokens: str | int) -> Node:
        child = parent.child(*tokens)
        return replace(child, base=self.index.base_of(child.value, parent.base))

    def shape(self, nodes: tuple[Node, ...]) -> Shape:
        key = frozenset([n.key for n in nodes])
        if key not in self._cache:
            acc = _Acc()
            for n in nodes:
                self._add(acc, n, set())
            self._cache[key] = acc.build(nodes)
        return self._cache[key]

    def and_(self, a: Shape, extra: tuple[Node, ...], drop_union: int | None = None) -> Shape:
        """`a` with one union dropped (a variant was chosen) and `extra` nodes added."""
        memo = (a.key, tuple(n.key for n in extra), drop_union)
        if memo not in self._joined:
            self._joined[memo] = self._and(a, extra, drop_union)
        return self._joined[memo]

    def _and(self, a: Shape, extra: tuple[Node, ...], drop_union: int | None) -> Shape:
        acc = _Acc.from_shape(a)
        if drop_union is not None:
            acc.unions.pop(drop_union)
        for n in extra:
            self._add(acc, n, set())
        return acc.build(a.nodes + extra)

    def _add(self, acc: _Acc, node: Node, seen: set[str]) -> None:
        if node.key in seen:
            return
        seen.add(node.key)
        acc.members.append(node)
        v = node.value
        if v is True or v == {}:
            return
        if v is False or not isinstance(v, dict):
            acc.never = acc.never or v is False
            return
        if isinstance(v.get("$ref"), str):
            target = self.resolve(node, v["$ref"])
            if target is None:
                acc.opaque.append(("$ref", v["$ref"], node))
            else:
                self._add(acc, target, seen)
            if node.doc.dialect in REF_OVERRIDES:
                return  # draft-07 and before: the reference replaces the whole schema, siblings are ignored
        if isinstance(v.get("type"), (str, list)):
            t = frozenset([v["type"]] if isinstance(v["type"], str) else v["type"])
            acc.types = t if acc.types is None else _intersect_types(acc.types, t)
        if "const" in v:
            acc.enums.append((v["const"],))
        if isinstance(v.get("enum"), list):
            acc.enums.append(tuple(v["enum"]))
        for group, keywords in ((acc.numbers, ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")),
                                (acc.strings, ("minLength", "maxLength", "pattern", "format")),
                                (acc.arrays, ("minItems", "maxItems", "uniqueItems")),
                                (acc.objects, ("minProperties", "maxProperties"))):
            for k in keywords:
                if k in v:
                    group.setdefault(k, []).append(v[k])
        if isinstance(v.get("properties"), dict):
            for name in v["properties"]:
                acc.props.setdefault(name, []).append(self.sub(node, "properties", name))
        if isinstance(v.get("required"), list):
            acc.required |= {r for r in v["required"] if isinstance(r, str)}
        pattern_keys = tuple(v["patternProperties"]) if isinstance(v.get("patternProperties"), dict) else ()
        for p in pattern_keys:
            acc.patterns.append((p, self.sub(node, "patternProperties", p)))
        if "additionalProperties" in v:
            acc.all_props_evaluated = True
        if "additionalProperties" in v and v["additionalProperties"] is not True and v["additionalProperties"] != {}:
            names = frozenset(v["properties"]) if isinstance(v.get("properties"), dict) else frozenset()
            acc.additional.append((names, pattern_keys, self.sub(node, "additionalProperties")))
        self._add_items(acc, node, v)
        for i, _ in enumerate(v.get("allOf", []) if isinstance(v.get("allOf"), list) else []):
            self._add(acc, self.sub(node, "allOf", i), seen)
        for kw in ("anyOf", "oneOf"):
            if isinstance(v.get(kw), list):
                acc.unions.append((kw == "oneOf", tuple(self.sub(node, kw, i) for i in range(len(v[kw]))), node))
        if "not" in v:
            if v["not"] is True or v["not"] == {}:
                acc.never = True  # not: everything
            elif v["not"] is not False:
                acc.nots.append(self.sub(node, "not"))
        self._add_dependencies(acc, node, v)
        if "contains" in v:
            low = v.get("minContains", 1)
            high = v.get("maxContains")
            acc.contains.append((self.sub(node, "contains"), low if _count(low) else 1, high if _count(high) else None, node))
        for kw, into in (("unevaluatedProperties", acc.uneval_props), ("unevaluatedItems", acc.uneval_items)):
            if kw in v and v[kw] is not True and v[kw] != {}:
                into.append(self.sub(node, kw))
        if any(kw in v for kw in _CONDITIONAL):
            acc.conditional = True
        for kw in OPAQUE:
            if kw in v:
                acc.opaque.append((kw, v[kw], node))

    def _add_dependencies(self, acc: _Acc, node: Node, v: dict[str, Any]) -> None:
        """draft-07 `dependencies` (a list of names, or a schema) and 2019-09's split keywords."""
        for kw in ("dependencies", "dependentRequired", "dependentSchemas"):
            if not isinstance(v.get(kw), dict):
                continue
            for name, value in v[kw].items():
                if isinstance(value, list) and kw != "dependentSchemas":
                    names = tuple(x for x in value if isinstance(x, str))
                    if names:
                        acc.dep_required.append((name, names, node.child(kw, name)))
                elif kw != "dependentRequired" and value is not True and value != {}:
                    acc.dep_schemas.append((name, self.sub(node, kw, name)))

    def _add_items(self, acc: _Acc, node: Node, v: dict[str, Any]) -> None:
        prefix: list[Node] = []
        tail: Node | None = None
        if isinstance(v.get("prefixItems"), list):
            prefix = [self.sub(node, "prefixItems", i) for i in range(len(v["prefixItems"]))]
            if "items" in v:
                tail = self.sub(node, "items")
        elif isinstance(v.get("items"), list):  # draft-07 tuple form
            prefix = [self.sub(node, "items", i) for i in range(len(v["items"]))]
            if "additionalItems" in v:
                tail = self.sub(node, "additionalItems")
        elif "items" in v:
            tail = self.sub(node, "items")
        for i, p in enumerate(prefix):
            while len(acc.prefix) <= i:
                acc.prefix.append(list(acc.tail))
            acc.prefix[i].append(p)
        if tail is not None:
            # positions past this node's prefix take its tail; positions another node fixed keep theirs
            for i in range(len(prefix), len(acc.prefix)):
                acc.prefix[i].append(tail)
            acc.tail.append(tail)
            if tail.value is False:
                acc.closed_at = len(prefix) if acc.closed_at is None else min(acc.closed_at, len(prefix))


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _intersect_types(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    out = set(a & b)
    if "integer" in a and "number" in b or "integer" in b and "number" in a:
        out.add("integer")
    return frozenset(out)


class _Acc:
    """The mutable accumulator a Shape is built from."""

    def __init__(self) -> None:
        self.never = False
        self.types: frozenset[str] | None = None
        self.enums: list[tuple[Any, ...]] = []
        self.numbers: dict[str, list[Any]] = {}
        self.strings: dict[str, list[Any]] = {}
        self.arrays: dict[str, list[Any]] = {}
        self.objects: dict[str, list[Any]] = {}
        self.props: dict[str, list[Node]] = {}
        self.required: set[str] = set()
        self.additional: list[tuple[frozenset[str], tuple[str, ...], Node]] = []
        self.patterns: list[tuple[str, Node]] = []
        self.prefix: list[list[Node]] = []
        self.tail: list[Node] = []
        self.closed_at: int | None = None
        self.unions: list[tuple[bool, tuple[Node, ...], Node]] = []
        self.nots: list[Node] = []
        self.opaque: list[tuple[str, Any, Node]] = []
        self.members: list[Node] = []
        self.dep_required: list[tuple[str, tuple[str, ...], Node]] = []
        self.dep_schemas: list[tuple[str, Node]] = []
        self.contains: list[tuple[Node, int, int | None, Node]] = []
        self.uneval_props: list[Node] = []
        self.uneval_items: list[Node] = []
        self.all_props_evaluated = False
        self.conditional = False

    @classmethod
    def from_shape(cls, s: Shape) -> _Acc:
        acc = cls()
        acc.never, acc.types, acc.enums = s.never, s.types, list(s.enums)
        acc.numbers = {k: list(v) for k, v in s.numbers.items()}
        acc.strings = {k: list(v) for k, v in s.strings.items()}
        acc.arrays = {k: list(v) for k, v in s.arrays.items()}
        acc.objects = {k: list(v) for k, v in s.objects.items()}
        acc.props = {k: list(v) for k, v in s.props.items()}
        acc.required = set(s.required)
        acc.additional, acc.patterns = list(s.additional), list(s.patterns)
        acc.prefix, acc.tail, acc.closed_at = [list(p) for p in s.prefix], list(s.tail), s.tail_closed_at
        acc.unions, acc.nots, acc.opaque = list(s.unions), list(s.nots), list(s.opaque)
        acc.members = list(s.members)
        acc.dep_required, acc.dep_schemas, acc.contains = list(s.dep_required), list(s.dep_schemas), list(s.contains)
        acc.uneval_props, acc.uneval_items = list(s.uneval_props), list(s.uneval_items)
        acc.all_props_evaluated, acc.conditional = s.all_props_evaluated, s.conditional
        return acc

    def build(self, nodes: tuple[Node, ...]) -> Shape:
        return Shape(
            nodes=nodes, never=self.never or self.types == frozenset(), types=self.types, enums=tuple(self.enums),
            numbers=self.numbers, strings=self.strings, arrays=self.arrays, objects=self.objects,
            props={k: tuple(v) for k, v in self.props.items()}, required=frozenset(self.required),
            additional=tuple(self.additional), patterns=tuple(self.patterns),
            prefix=tuple(tuple(p) for p in self.prefix), tail=tuple(self.tail), tail_closed_at=self.closed_at,
            unions=tuple(self.unions), nots=tuple(self.nots), opaque=tuple(self.opaque), members=tuple(self.members),
            dep_required=tuple(self.dep_required), dep_schemas=tuple(self.dep_schemas), contains=tuple(self.contains),
            uneval_props=tuple(self.uneval_props), uneval_items=tuple(self.uneval_items),
            all_props_evaluated=self.all_props_evaluated, conditional=self.conditional,
        )


def property_nodes(s: Shape, name: str) -> tuple[Node, ...]:
    """Every node an instance's property `name` must satisfy: its declarations, and each
    `additionalProperties` of a node that does not declare it (or match it by pattern)."""
    import re

    out = list(s.props.get(name, ()))
    for names, patterns, node in s.additional:
        if name in names or any(_search(re, p, name) for p in patterns):
            continue
        out.append(node)
    matched = False
    for p, node in s.patterns:
        if _search(re, p, name):
            out.append(node)
            matched = True
    if s.models_uneval_props and name not in s.props and not matched:
        out.extend(s.uneval_props)
    return tuple(out)


def _search(re: Any, pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


_TOP = re.compile(r"^(/(?:\$defs|definitions)/[^/]+)?")


def top_of(pointer: str) -> str:
    """The file root ("") or the `$defs`/`definitions` entry a pointer lies in."""
    match = _TOP.match(pointer)
    return match.group(1) or "" if match else ""


def is_never(nodes: tuple[Node, ...]) -> bool:
    return any(n.value is False for n in nodes)
