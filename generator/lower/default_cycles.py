"""Defaults that would be applied without end: a pure function of the IR.

A target that applies `default` (the Pydantic one) builds a missing field's value by validating the
default as the field's type. Validating a JSON object as a model fills that model's own missing
fields from their defaults in turn, so a default can reach itself: the draft-04 meta-schema gives
`additionalProperties` (a `Schema`) the default `{}`, and `{}` validated as `Schema` needs
`additionalProperties` again, without end (RecursionError on every instance that leaves it out).

JSON Schema's `default` is an annotation: a validator never applies it, let alone recursively. A
default that reaches itself is kept as documentation and marked `recursive`, so no target applies
it (the field is optional: absent stays absent); every other default is applied as before.

The graph: a node is a field default (`<type key>#<json name>`, where the field is defined); an edge
goes to every default that validating its value applies, found by walking the value through the
field's type (aliases, unions, arrays, maps, checked types, base types, other modules). A default in
a cycle of that graph is recursive. Breaking every cycle at all its members, not at one chosen
member, keeps the result independent of definition order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from schemagen import ir
from schemagen.diagnostics import Diagnostic, warning
from schemagen.graphs import strongly_connected

_DEPTH = 200  # base-class chains and alias chains longer than this are malformed IR, not walked


def _node(key: str, json_name: str) -> str:
    return f"{key}#{json_name}"


def _applied(f: ir.Field) -> bool:
    """Whether a target fills this field from its default value when it is absent."""
    return not f.required and f.default is not None and f.default.factory is None and not f.default.recursive


def _fields(t: ir.ObjectType, named: dict[str, ir.NamedType]) -> dict[str, tuple[str, ir.Field]]:
    """Every field a model has (its own and its bases'), json name → (key of the type defining it, field)."""
    chain: list[ir.ObjectType] = []
    seen: set[str] = set()
    cur: ir.NamedType | None = t
    while isinstance(cur, ir.ObjectType) and cur.key not in seen and len(chain) < _DEPTH:
        chain.append(cur)
        seen.add(cur.key)
        cur = named.get(cur.base) if cur.base else None
    out: dict[str, tuple[str, ir.Field]] = {}
    for obj in reversed(chain):  # the farthest ancestor first: a subclass's own field wins
        for f in obj.fields:
            out[f.json_name] = (obj.key, f)
    return out


def _reached(value: Any, expr: ir.TypeExpr, named: dict[str, ir.NamedType], out: set[str],
             path: frozenset[tuple[str, int]] = frozenset()) -> None:
    """Add to `out` every default that validating `value` as `expr` applies (over-approximated:
    every union member is tried, as a smart-mode union may)."""
    if isinstance(expr, ir.UnionOf):
        for member in expr.members:
            _reached(value, member, named, out, path)
    elif isinstance(expr, ir.Checked):
        _reached(value, expr.inner, named, out, path)
    elif isinstance(expr, ir.Override):
        if expr.python is None:  # Python spells the fallback; an x-python-type is opaque
            _reached(value, expr.fallback, named, out, path)
    elif isinstance(expr, ir.ArrayOf) and isinstance(value, list):
        for i, item in enumerate(value):
            if i < len(expr.prefix):
                _reached(item, expr.prefix[i], named, out, path)
            elif not expr.closed:
                _reached(item, expr.items, named, out, path)
    elif isinstance(expr, ir.MapOf) and isinstance(value, dict):
        for item in value.values():
            _reached(item, expr.values, named, out, path)
    elif isinstance(expr, ir.Ref):
        step = (expr.name, id(value))
        if step in path or len(path) > _DEPTH:
            return  # an alias loop on the same value: nothing new is reached
        _reached_named(value, named.get(expr.name), named, out, path | {step})


def _reached_named(value: Any, t: ir.NamedType | None, named: dict[str, ir.NamedType], out: set[str],
                   path: frozenset[tuple[str, int]]) -> None:
    if isinstance(t, ir.AliasType):
        _reached(value, t.target, named, out, path)
    elif isinstance(t, ir.UnionType):
        for member in t.members:
            _reached(value, member, named, out, path)
    elif isinstance(t, ir.ObjectType) and isinstance(value, dict):
        fields = _fields(t, named)
        for json_name, (owner, f) in fields.items():
            if json_name in value:
                _reached(value[json_name], f.type, named, out, path)
            elif _applied(f):
                out.add(_node(owner, json_name))
        if not isinstance(t.extra, bool):
            for key, item in value.items():
                if key not in fields:
                    _reached(item, t.extra, named, out, path)


def recursive_defaults(named: dict[str, ir.NamedType]) -> tuple[dict[str, ir.NamedType], list[Diagnostic]]:
    """`named` with every default that reaches itself marked `recursive`, and a warning for each."""
    defaults: dict[str, tuple[str, ir.Field]] = {}
    for key, t in named.items():
        if isinstance(t, ir.ObjectType):
            for f in t.fields:
                if _applied(f):
                    defaults[_node(key, f.json_name)] = (key, f)
    edges: dict[str, list[str]] = {}
    for node, (_, f) in defaults.items():
        reached: set[str] = set()
        _reached(f.default.value if f.default else None, f.type, named, reached)
        edges[node] = sorted(reached)
    cyclic = {node for component in strongly_connected(edges) for node in component}
    if not cyclic:
        return named, []
    out = dict(named)
    diags: list[Diagnostic] = []
    for key, t in named.items():
        if not isinstance(t, ir.ObjectType) or not any(_node(key, f.json_name) in cyclic for f in t.fields):
            continue
        fields = []
        for f in t.fields:
            if _node(key, f.json_name) in cyclic and f.default is not None:
                loop = _loop(_node(key, f.json_name), edges, cyclic, defaults, named)
                diags.append(warning(
                    "default-recursive",
                    f"applying this default never ends: validated as its type, it fills absent fields from their "
                    f"defaults and reaches this one again ({loop}); kept as documentation, not applied "
                    "(an absent field stays absent)",
                    f.default.origin or f.origin,
                    "give the property a default its type can hold without refilling it (JSON Schema treats "
                    "defaults as annotations, so validators are unaffected)",
                    target="pydantic"))
                f = replace(f, default=replace(f.default, recursive=True))
            fields.append(f)
        out[key] = replace(t, fields=tuple(fields))
    return out, diags


def _loop(start: str, edges: dict[str, list[str]], cyclic: set[str], defaults: dict[str, tuple[str, ir.Field]],
          named: dict[str, ir.NamedType]) -> str:
    """`Type.field -> ... -> Type.field`: the shortest way from a default back to itself."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt: list[str] = []
        for node in frontier:
            for succ in edges.get(node, []):
                if succ == start:
                    chain = [node]
                    while chain[-1] != start:
                        chain.append(previous[chain[-1]])
                    steps = [start] + list(reversed(chain))[1:] + [start]
                    return " -> ".join(_spell(s, defaults, named) for s in steps)
                if succ in cyclic and succ not in previous and succ != start:
                    previous[succ] = node
                    nxt.append(succ)
        frontier = nxt
    return _spell(start, defaults, named)


def _spell(node: str, defaults: dict[str, tuple[str, ir.Field]], named: dict[str, ir.NamedType]) -> str:
    key, f = defaults[node]
    return f"{named[key].name}.{f.json_name}"
