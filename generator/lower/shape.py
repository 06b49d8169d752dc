"""What a schema node says about its own shape, read without any other schema or state: its
JSON types, whether it describes an object, which properties it requires. Pure helpers for the
lowering stage."""

from __future__ import annotations

from typing import Any

from schemagen import ir
from schemagen.frontend.keywords import ANNOTATIONS, has_any
from schemagen.naming import pascal


def hint_from_pointer(pointer: str) -> str:
    tokens = [t for t in pointer.split("/") if t and not t.isdigit() and t not in ("properties", "items", "$defs", "definitions")]
    return pascal(tokens[-1]) if tokens else "Root"


def enum_class_values(values: list[Any]) -> bool:
    """An enum becomes a class only when its values are all strings or all integers."""
    if all(isinstance(v, str) for v in values):
        return len(set(values)) == len(values)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return len(set(values)) == len(values)
    return False


def types_of(node: dict[str, Any]) -> list[str] | None:
    t = node.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return None


# Untyped object keywords: JSON Schema applies them to objects and accepts every other value.


UNTYPED_OBJECT_TYPES = ["object", "array", "string", "number", "boolean", "null"]


def is_objectish(node: dict[str, Any], resolve: Any = None, depth: int = 0) -> bool:
    """Whether the node describes an object. An `allOf` member that is a `$ref` counts when what it
    points at is an object (`resolve` maps the member to that schema; without it, it counts)."""
    types = types_of(node)
    if types is not None and "object" not in types:
        return False
    if "properties" in node or "required" in node or node.get("additionalProperties") is False:
        return True
    if isinstance(node.get("allOf"), list) and depth < 16:  # an allOf that merges objects (not `allOf: [{maximum: 3}]`)
        for part in node["allOf"]:
            if not isinstance(part, dict):
                continue
            if "$ref" in part and resolve is None:
                return True
            target = resolve(part) if "$ref" in part else None
            if is_objectish(part, resolve, depth + 1) or (isinstance(target, dict) and is_objectish(target, resolve, depth + 1)):
                return True
    return False


_APPLICATORS = ("anyOf", "oneOf", "if", "then", "else", "dependentSchemas", "patternProperties", "$ref",
                "additionalProperties", "unevaluatedProperties", "$dynamicRef")


def plain_merge(node: dict[str, Any]) -> bool:
    """Whether every property `unevaluatedProperties` can see was merged into the object's own
    fields: no applicator evaluates properties the merge does not know of."""
    if has_any(node, tuple(k for k in _APPLICATORS if k not in ("additionalProperties", "unevaluatedProperties"))):
        return False
    all_of = node.get("allOf")
    parts = all_of if isinstance(all_of, list) else []
    return all(isinstance(p, dict) and (set(p) - ANNOTATIONS == {"$ref"} or not has_any(p, _APPLICATORS + ("allOf",)))
               for p in parts)


def extra_declared(node: dict[str, Any]) -> bool:
    """Whether the schema itself says keys beyond its properties are allowed: `additionalProperties`
    (or `unevaluatedProperties`) `true` or an empty schema, or `patternProperties` (keys matching
    a pattern are not additional)."""
    ap = node.get("additionalProperties", node.get("unevaluatedProperties"))
    if ap is True or (isinstance(ap, dict) and not {k for k in ap if k not in ANNOTATIONS and not k.startswith("x-")}):
        return True
    return isinstance(node.get("patternProperties"), dict) and bool(node["patternProperties"])


def required_of(node: dict[str, Any]) -> set[str]:
    req = node.get("required")
    return {r for r in req if isinstance(r, str)} if isinstance(req, list) else set()


def as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def disjoint(members: list[ir.TypeExpr]) -> bool:
    """Members no value can match twice: primitives of distinct JSON types."""
    kinds = [m.kind for m in members if isinstance(m, ir.Primitive)]
    return (len(kinds) == len(members) and len(set(kinds)) == len(kinds)
            and not {"integer", "number"} <= set(kinds))
