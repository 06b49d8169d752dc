"""The `oneOf`/`anyOf` an object must also match: beside its `properties`
(`properties: {...}, oneOf: [{required: [a]}, {required: [b]}]`) or as an `allOf` member that is a
union (`allOf: [{$ref: Base}, {oneOf: [...]}]`). The Python targets check them at runtime (the
object's `checks`); TypeScript intersects the object with them (`Base & (A | B)`), so the IR
carries them as unions (`ObjectType.variants`) of what each alternative says about the object.

An alternative becomes a `Ref` (a bare `$ref`), an inline `Shape` of the properties it pins and the
keys it requires (`{required: [a]}` is `{ a: unknown }`, which the intersection narrows to the
object's own type of `a`), or `AnyValue` when it says nothing TypeScript can hold. A property
whose schema would need a named type of its own (a nested object) is `unknown` in the shape: the
shape must not add types to the Python modules, which never use it.
"""

from __future__ import annotations

from typing import Any, Callable

from schemagen import ir
from schemagen.frontend.keywords import ANNOTATIONS, OBJECT_KEYWORDS, has_any
from schemagen.frontend.load import escape_pointer_token
from schemagen.lower.shape import is_objectish, required_of, types_of

# (node, pointer, hint) → the type expression of a schema, as the lowering spells it
Lower = Callable[[Any, str, str], ir.TypeExpr]

_SHAPE_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties", "minProperties", "maxProperties"})


def _leafy(node: Any, depth: int = 0) -> bool:
    """Whether lowering `node` names no type of its own (no nested object, no union of them)."""
    if isinstance(node, bool) or depth > 16:
        return isinstance(node, bool)
    if not isinstance(node, dict):
        return False
    if is_objectish(node) or has_any(node, OBJECT_KEYWORDS + ("patternProperties", "allOf", "not", "if")):
        return False
    for key in ("oneOf", "anyOf", "prefixItems"):
        if key in node and not (isinstance(node[key], list) and all(_leafy(m, depth + 1) for m in node[key])):
            return False
    items = node.get("items")
    if isinstance(items, list):
        return all(_leafy(m, depth + 1) for m in items)
    return items is None or _leafy(items, depth + 1)


def _member(member: Any, pointer: str, hint: str, lower: Lower) -> ir.TypeExpr:
    if member is False:
        return ir.NeverValue()
    if not isinstance(member, dict):
        return ir.AnyValue()
    said = {k for k in member if k not in ANNOTATIONS and not k.startswith("x-")}
    if said == {"$ref"}:
        return lower(member, pointer, hint)
    types = types_of(member)
    if not said or not said <= _SHAPE_KEYWORDS or (types is not None and "object" not in types):
        return ir.AnyValue()
    fields: dict[str, ir.Field] = {}
    required = required_of(member)
    props: dict[str, Any] = member["properties"] if isinstance(member.get("properties"), dict) else {}
    for json_name, pnode in props.items():
        ppointer = f"{pointer}/properties/{escape_pointer_token(json_name)}"
        ftype = lower(pnode, ppointer, hint) if _leafy(pnode) else ir.AnyValue()
        fields[json_name] = ir.Field(json_name, ftype, json_name in required)
    for json_name in sorted(required - set(fields)):
        fields[json_name] = ir.Field(json_name, ir.AnyValue(), True)
    return ir.Shape(tuple(fields.values())) if fields else ir.AnyValue()


def union_variants(node: dict[str, Any], pointer: str, hint: str, lower: Lower) -> tuple[tuple[ir.UnionOf, ...], list[str]]:
    """One union per `oneOf`/`anyOf` of `node` whose alternatives say something TypeScript can
    hold, and the keywords whose union it cannot (an alternative it cannot narrow the object by)."""
    out: list[ir.UnionOf] = []
    dropped: list[str] = []
    for key in ("oneOf", "anyOf"):
        members = node.get(key)
        if not isinstance(members, list) or not members:
            continue
        lowered: list[ir.TypeExpr] = []
        for i, m in enumerate(members):
            expr = _member(m, f"{pointer}/{key}/{i}", f"{hint}Option{i + 1}", lower)
            if expr not in lowered:
                lowered.append(expr)
        if any(isinstance(m, ir.AnyValue) for m in lowered) or all(isinstance(m, ir.NeverValue) for m in lowered):
            dropped.append(key)  # an alternative TypeScript reads as any object: the union would narrow nothing
            continue
        out.append(ir.UnionOf(tuple(lowered), exclusive=key == "oneOf"))
    return tuple(out), dropped
