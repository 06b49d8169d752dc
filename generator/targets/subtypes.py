"""Whether one IR type is surely a subtype of another as a target spells them, and the fields a
type inherits. Both object writers ask this of a redefined property: the Pydantic writer to keep a
subclass (mypy reports `[assignment]` otherwise), the TypeScript writer to keep an interface
(tsc reports TS2430 otherwise). The recursion over unions, literals and primitives is the same;
what differs is how each language spells a few types, which `Spelling` says.

The answer is "surely": False when unsure, and the caller then takes the form that needs no
subtype claim (a flattened class, an intersection type).
"""

from __future__ import annotations

from dataclasses import dataclass

from schemagen import ir

_DEPTH = 8
_CHAIN = 64


@dataclass(frozen=True)
class Spelling:
    """The differences between the targets that change a subtype answer."""

    enums_are_literals: bool  # TS: an enum is a union of literal types; Python: an Enum class is no Literal
    formats_are_types: bool  # Python: a format is its own class (datetime, UUID); TS: still `string`
    float_literals: bool  # TS has `1.5` literal types; Python's Literal holds no floats
    integer_is_number: bool  # TS: both are `number`, so `number` fits where `integer` was


PYTHON = Spelling(enums_are_literals=False, formats_are_types=True, float_literals=False, integer_is_number=False)
TYPESCRIPT = Spelling(enums_are_literals=True, formats_are_types=False, float_literals=True, integer_is_number=True)

_KIND = {str: ("string",), bool: ("boolean",), int: ("integer", "number"), type(None): ("null",)}


def subtype(sub: ir.TypeExpr, sup: ir.TypeExpr, types: dict[str, ir.NamedType], spelling: Spelling, depth: int = 0) -> bool:
    """Whether `sub` as `spelling` writes it is surely a subtype of `sup`: the same type, anything
    under an any-value, a literal of the base's primitive, a subset of its literals, a member of its
    union, an integer where a number was."""
    sub = sub.inner if isinstance(sub, ir.Checked) else sub
    sup = sup.inner if isinstance(sup, ir.Checked) else sup
    if sub == sup or isinstance(sup, ir.AnyValue):
        return True
    if depth > _DEPTH:
        return False
    if spelling.enums_are_literals and isinstance(sup, ir.Ref):
        named = types.get(sup.name)
        if isinstance(named, ir.EnumType):
            sup = ir.LiteralOf(named.values)
    if isinstance(sub, ir.UnionOf):
        return all(subtype(m, sup, types, spelling, depth + 1) for m in sub.members)
    if isinstance(sup, ir.UnionOf):
        return any(subtype(sub, m, types, spelling, depth + 1) for m in sup.members)
    if isinstance(sub, ir.LiteralOf) and isinstance(sup, ir.LiteralOf):
        return all(v in sup.values for v in sub.values)
    if isinstance(sub, ir.LiteralOf) and isinstance(sup, ir.Primitive):
        if spelling.formats_are_types and sup.format is not None:
            return False
        return all(sup.kind in _literal_kinds(v, spelling) for v in sub.values)
    if isinstance(sub, ir.Primitive) and isinstance(sup, ir.Primitive):
        if spelling.formats_are_types and sub.format != sup.format:
            return False
        pair = (sub.kind, sup.kind)
        return sub.kind == sup.kind or pair == ("integer", "number") or (spelling.integer_is_number and pair == ("number", "integer"))
    return False


def field_subtype(sub: ir.Field, sup: ir.Field, types: dict[str, ir.NamedType], spelling: Spelling) -> bool:
    """Whether a redefined field surely fits the inherited one: an optional field never fits a
    required one (Python spells it `T | None`, TypeScript `key?:`), and its type is a subtype."""
    if sup.required and not sub.required:
        return False
    return subtype(sub.type, sup.type, types, spelling)


def _literal_kinds(value: object, spelling: Spelling) -> tuple[str, ...]:
    if isinstance(value, float) and spelling.float_literals:
        return ("number",)
    return _KIND.get(type(value), ())


def ancestor_fields(t: ir.ObjectType, types: dict[str, ir.NamedType]) -> dict[str, ir.Field]:
    """JSON name → the nearest ancestor's field of that name (`t`'s own fields not included)."""
    out: dict[str, ir.Field] = {}
    parent = types.get(t.base) if t.base else None
    depth = 0
    while isinstance(parent, ir.ObjectType) and depth <= _CHAIN:
        for f in parent.fields:
            out.setdefault(f.json_name, f)
        parent = types.get(parent.base) if parent.base else None
        depth += 1
    return out
