"""Finding the tag of a union: `discriminator.propertyName`, or a property every variant pins with
`const` (or a one-value `enum`) and requires, with distinct values.

Works on the raw schema nodes rather than IR, so it can answer while the variants are still being
lowered (recursive unions). When an explicit `discriminator` cannot be honoured (a variant that
does not pin or require the tag, two variants with one tag value, a variant that is not an object,
a `mapping` that disagrees with the variants) the reason comes back, so the caller can fall back
to an untagged union and say why: a discriminator is an annotation in JSON Schema, never a reason
to refuse a schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from schemagen.lower.shape import types_of

# Tried first, in this order, when no `discriminator` keyword names the tag.
PREFERRED_TAGS = ("type", "kind", "event", "transport", "op", "action", "tag")

Resolver = Callable[[dict[str, Any]], dict[str, Any] | None]
KeyOf = Callable[[str], str | None]  # a $ref → the key of what it points at


@dataclass(frozen=True)
class Tagging:
    """The tag property and each member's tag value; `tag` None when the union is untagged, with
    the reason an explicit discriminator could not be honoured."""

    tag: str | None = None
    values: dict[int, Any] = field(default_factory=dict)
    reason: str | None = None


def tag_value(prop: Any) -> tuple[bool, Any]:
    """(True, value) when a property schema pins exactly one value."""
    if isinstance(prop, dict):
        if "const" in prop:
            return True, prop["const"]
        enum = prop.get("enum")
        if isinstance(enum, list) and len(enum) == 1:
            return True, enum[0]
    return False, None


def _flatten(node: dict[str, Any], resolve: Resolver, depth: int = 0) -> tuple[dict[str, Any], set[str], bool]:
    """Properties, required names and whether it reads as an object, through `$ref` and `allOf`
    (a few levels deep)."""
    props: dict[str, Any] = {}
    required: set[str] = set()
    objectish = False
    if depth > 8:
        return props, required, objectish
    if "$ref" in node:
        target = resolve(node)
        if target is not None:
            p, r, o = _flatten(target, resolve, depth + 1)
            props.update(p)
            required |= r
            objectish |= o
    for part in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
        if isinstance(part, dict):
            p, r, o = _flatten(part, resolve, depth + 1)
            props.update(p)
            required |= r
            objectish |= o
    if isinstance(node.get("properties"), dict):
        props.update(node["properties"])
        objectish = True
    if isinstance(node.get("required"), list):
        required |= {r for r in node["required"] if isinstance(r, str)}
        objectish = True
    types = types_of(node)
    if types is not None:
        objectish = objectish and "object" in types or types == ["object"]
    return props, required, objectish


def _values_for(prop: str, shapes: list[tuple[int, dict[str, Any], set[str], bool]]) -> tuple[dict[int, Any], str | None]:
    values: dict[int, Any] = {}
    seen: dict[str, int] = {}
    for index, props, required, objectish in shapes:
        n = index + 1
        if not objectish:
            return {}, f"variant {n} is not an object"
        pinned, value = tag_value(props.get(prop))
        if not pinned:
            return {}, f"variant {n} does not pin {prop!r} to one value (const, or an enum of one value)"
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return {}, f"variant {n} pins {prop!r} to {value!r}, not a string or an integer"
        if prop not in required:
            return {}, f"variant {n} does not require {prop!r}"
        if repr(value) in seen:
            return {}, f"variants {seen[repr(value)]} and {n} share the tag value {value!r}"
        seen[repr(value)] = n
        values[index] = value
    return values, None


def _mapping_problem(mapping: Any, members: list[Any], values: dict[int, Any], key_of: KeyOf | None) -> str | None:
    """Why an OpenAPI `mapping` disagrees with the tags the variants pin (None when it agrees)."""
    if not isinstance(mapping, dict) or key_of is None:
        return None
    by_key: dict[str, int] = {}
    for index, member in enumerate(members):
        if isinstance(member, dict) and isinstance(member.get("$ref"), str):
            key = key_of(member["$ref"])
            if key is not None:
                by_key[key] = index
    by_tail = {m["$ref"].rsplit("/", 1)[-1]: i for i, m in enumerate(members)
               if isinstance(m, dict) and isinstance(m.get("$ref"), str)}
    for value, ref in sorted(mapping.items()):
        key = key_of(ref) if isinstance(ref, str) and ("#" in ref or "/" in ref or "." in ref) else None
        if key is None and isinstance(ref, str) and ref in by_tail:  # OpenAPI also allows a bare schema name
            key = next((k for k, i in by_key.items() if i == by_tail[ref]), None)
        if key is None or key not in by_key:
            return f"mapping {value!r} names {ref!r}, which is not one of the variants"
        index = by_key[key]
        if index in values and str(values[index]) != value:
            return f"mapping {value!r} names variant {index + 1}, which pins {values[index]!r}"
    return None


def find_discriminator(members: list[Any], explicit: str | None, resolve: Resolver,
                       mapping: Any = None, key_of: KeyOf | None = None) -> Tagging:
    """The tag and each member's value, or an untagged answer (with a reason when `explicit`).

    Members that are `{type: null}` are skipped: a nullable tagged union is still tagged.
    """
    shapes: list[tuple[int, dict[str, Any], set[str], bool]] = []
    for index, member in enumerate(members):
        if not isinstance(member, dict):
            return Tagging(reason=f"variant {index + 1} is not an object" if explicit else None)
        if member.get("type") == "null" and len(member) == 1:
            continue
        props, required, objectish = _flatten(member, resolve)
        shapes.append((index, props, required, objectish))
    if not shapes or (len(shapes) < 2 and explicit is None):
        return Tagging(reason="the union has no variant to tag" if explicit else None)
    if explicit:
        values, reason = _values_for(explicit, shapes)
        if reason is None:
            reason = _mapping_problem(mapping, members, values, key_of)
        return Tagging(explicit, values) if reason is None else Tagging(reason=reason)
    first = shapes[0][1]
    for prop in [t for t in PREFERRED_TAGS if t in first] + [p for p in first if p not in PREFERRED_TAGS]:
        values, reason = _values_for(prop, shapes)
        if reason is None:
            return Tagging(prop, values)
    return Tagging()
