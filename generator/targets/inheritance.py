"""Whether a Python class may subclass the class of its base (`allOf: [$ref B, {...}]`), or must
list every inherited field itself ("flattened"), and what a flattened class copies.

A subclass that redefines an inherited field claims its new type is a subtype of the old one:
mypy --strict reports `[assignment]` where it is not (say `Schema | list[Schema]` over
`Base | bool | list[Base | bool]`, or `Literal['automatic']` over a `Trigger` model). One decision,
two targets:

* TypedDict keys are invariant, so a TypedDict that redefines any inherited key is flattened;
* a Pydantic model is flattened where a redefined field is not surely a subtype of the inherited
  one (`narrows`: the same type, a literal of the base's primitive, a member of its union, ...),
  or an optional field redefines a required one. Validation is the same either way: the flattened
  class has every field, its ancestors' runtime checks and its own `extra` setting.
"""

from __future__ import annotations

from collections.abc import Callable

from schemagen import ir
from schemagen.targets.subtypes import PYTHON, ancestor_fields, field_subtype

_DEPTH = 64

Narrows = Callable[[ir.Field, ir.Field, dict[str, ir.NamedType]], bool]


def all_fields(t: ir.ObjectType, types: dict[str, ir.NamedType], depth: int = 0) -> list[ir.Field]:
    """Every field of `t` in the order a subclass has them: the farthest ancestor's first, a
    redefined field where it was first defined, new fields last."""
    parent = types.get(t.base) if t.base else None
    above = all_fields(parent, types, depth + 1) if isinstance(parent, ir.ObjectType) and depth <= _DEPTH else []
    own = {f.json_name: f for f in t.fields}
    seen = {f.json_name for f in above}
    return [own.get(f.json_name, f) for f in above] + [f for f in t.fields if f.json_name not in seen]


def inherited_checks(t: ir.ObjectType, types: dict[str, ir.NamedType], depth: int = 0) -> list[str]:
    """The runtime checks of `t` and of its ancestors, the farthest ancestor's first."""
    parent = types.get(t.base) if t.base else None
    above = inherited_checks(parent, types, depth + 1) if isinstance(parent, ir.ObjectType) and depth <= _DEPTH else []
    return above + list(t.checks)


def never_narrows(sub: ir.Field, sup: ir.Field, types: dict[str, ir.NamedType]) -> bool:
    """TypedDict: a key keeps its type in every subclass."""
    return False


def python_narrows(sub: ir.Field, sup: ir.Field, types: dict[str, ir.NamedType]) -> bool:
    """Pydantic: whether the redefined field's Python type is surely a subtype of the inherited one."""
    return field_subtype(sub, sup, types, PYTHON)


def flattened(t: ir.ObjectType, types: dict[str, ir.NamedType], narrows: Narrows) -> bool:
    """Whether `t` lists its inherited fields itself instead of subclassing its base's class."""
    if not t.base:
        return False
    inherited = ancestor_fields(t, types)
    return any(f.json_name in inherited and not narrows(f, inherited[f.json_name], types) for f in t.fields)
