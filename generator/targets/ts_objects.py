"""How a TypeScript object type is written: an `interface` (possibly `extends` its base), or, where
an interface cannot say it, an intersection type (`export type D = B & { ... } & (X | Y)`).

An interface must be assignable to the interface it extends (TS2430) and every property must fit
its index signatures, inherited ones too (TS2411). JSON Schema's `allOf` has no such rule: the
subschemas just all apply, which is exactly what an intersection says. So an object is written as
an intersection when it has `variants` (an interface cannot extend a union), when its base is one,
or when the interface would not be assignable to its base: a property redefined with another type
or made optional, new properties or an index signature of its own under a base with a typed index
signature, or a typed index signature of its own over inherited properties.
"""

from __future__ import annotations

from schemagen import ir
from schemagen.targets.subtypes import TYPESCRIPT, ancestor_fields, field_subtype


def open_index(t: ir.ObjectType, types: dict[str, ir.NamedType]) -> bool:
    """Whether an open object (`extra` True) gets `[key: string]: unknown`: where the schema
    declares other keys allowed (ObjectType.extra_declared), or where the type is a TypeScript
    "weak type" (it has properties and every one, inherited ones too, is optional). Absent
    `additionalProperties` otherwise gets no index signature, so tsc keeps its excess-property check
    on literals; but tsc refuses any value sharing no property with a weak type (TS2559), keys the
    schema allows and a value it accepts, so a weak open type says that other keys are expected."""
    if t.extra is not True:
        return False
    if t.extra_declared:
        return True
    fields = ancestor_fields(t, types) | {f.json_name: f for f in t.fields}
    return bool(fields) and not any(f.required for f in fields.values())


def own_index(t: ir.ObjectType, types: dict[str, ir.NamedType]) -> ir.TypeExpr | bool | None:
    """The index signature `t` itself declares: True for `[key: string]: unknown` (see
    open_index), a type for typed extras, None for none or the same as its base's (inherited
    through `extends` or the intersection)."""
    base = types.get(t.base) if t.base else None
    if isinstance(base, ir.ObjectType) and base.extra == t.extra and open_index(base, types) == open_index(t, types):
        return None
    if isinstance(t.extra, bool):
        return True if open_index(t, types) else None
    return t.extra


def _chain_index(t: ir.ObjectType, types: dict[str, ir.NamedType], depth: int = 0) -> ir.TypeExpr | bool | None:
    own = own_index(t, types)
    base = types.get(t.base) if t.base else None
    if own is not None or not isinstance(base, ir.ObjectType) or depth >= 64:
        return own
    return _chain_index(base, types, depth + 1)


def as_intersection(t: ir.ObjectType, types: dict[str, ir.NamedType], depth: int = 0) -> bool:
    if t.variants:
        return True
    base = types.get(t.base) if t.base else None
    if not isinstance(base, ir.ObjectType):
        return False
    if depth < 64 and as_intersection(base, types, depth + 1):
        return True
    inherited = ancestor_fields(t, types)
    for f in t.fields:
        g = inherited.get(f.json_name)
        if g is not None and not field_subtype(f, g, types, TYPESCRIPT):
            return True
    base_index = _chain_index(base, types)
    own = own_index(t, types)
    if base_index is not None and base_index is not True and (t.fields or own is not None):
        return True  # a typed index signature above: new properties and indexes need not fit it
    return own is not None and own is not True and bool(inherited)
