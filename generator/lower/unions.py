"""Finding the tag of a union: `discriminator.propertyName`, or a property every variant pins with
`const` (or a one-value `enum`) and requires, with distinct values.

Works on the raw schema nodes rather than IR, so it can answer while the variants are still being
lowered (recursive unions).
"""

from __future__ import annotations

from typing import Any, Callable

# Tried first, in this order, when no `discriminator` keyword names the tag.
PREFERRED_TAGS = ("type", "kind", "event", "transport", "op", "action", "tag")

Resolver = Callable[[dict[str, Any]], dict[str, Any] | None]


def tag_value(prop: Any) -> tuple[bool, Any]:
    """(True, value) when a property schema pins exactly one value."""
    if isinstance(prop, dict):
        if "const" in prop:
            return True, prop["const"]
        enum = prop.get("enum")
        if isinstance(enum, list) and len(enum) == 1:
            return True, enum[0]
    return False, None


def _flatten(node: dict[str, Any], resolve: Resolver, depth: int = 0) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a variant, through `$ref` and `allOf` (a few levels deep)."""
    props: dict[str, Any] = {}
    required: set[str] = set()
    if depth > 8:
        return props, required
    if "$ref" in node:
        target = resolve(node)
        if target is not None:
            p, r = _flatten(target, resolve, depth + 1)
            props.update(p)
            required |= r
    for part in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
        if isinstance(part, dict):
            p, r = _flatten(part, resolve, depth + 1)
            props.update(p)
            required |= r
    if isinstance(node.get("properties"), dict):
        props.update(node["properties"])
    if isinstance(node.get("required"), list):
        required |= {r for r in node["required"] if isinstance(r, str)}
    return props, required


def find_discriminator(
    members: list[Any], explicit: str | None, resolve: Resolver
) -> tuple[str | None, dict[int, Any]]:
    """The tag property and each member's tag value, or (None, {}) when the union is not tagged.

    Members that are `{type: null}` are skipped: a nullable tagged union is still tagged.
    """
    shapes: list[tuple[int, dict[str, Any], set[str]]] = []
    for index, member in enumerate(members):
        if not isinstance(member, dict):
            return None, {}
        if member.get("type") == "null" and len(member) == 1:
            continue
        props, required = _flatten(member, resolve)
        shapes.append((index, props, required))
    if len(shapes) < 2 and explicit is None:
        return None, {}
    if not shapes:
        return None, {}
    candidates: list[str] = [explicit] if explicit else []
    if not explicit:
        first = shapes[0][1]
        candidates = [t for t in PREFERRED_TAGS if t in first] + [p for p in first if p not in PREFERRED_TAGS]
    for prop in candidates:
        values: dict[int, Any] = {}
        for index, props, required in shapes:
            pinned, value = tag_value(props.get(prop))
            if not pinned or prop not in required or not isinstance(value, (str, int)) or isinstance(value, bool):
                break
            values[index] = value
        else:
            if len({repr(v) for v in values.values()}) == len(values):
                return prop, values
    return None, {}
