"""The intermediate representation: what the schemas mean, independent of any target language.

Frozen dataclasses, one per kind, joined by union aliases. Named types refer to each other by
name (`Ref`), never by pointer, so a pass returns new IR with `dataclasses.replace` and nothing is
patched later. Each named type and field remembers the file:line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Union

from schemagen.diagnostics import Location

JSONValue = Any


@dataclass(frozen=True)
class Constraints:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | int | None = None
    maximum: float | int | None = None
    exclusive_minimum: float | int | None = None
    exclusive_maximum: float | int | None = None
    multiple_of: float | int | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None
    # keyword → constant name, from `x-constants`, so generated code spells the limit by name
    names: tuple[tuple[str, str], ...] = ()

    def items(self) -> list[tuple[str, Any]]:
        """The constraints that are set, in a fixed order."""
        out: list[tuple[str, Any]] = []
        for key in _CONSTRAINT_ORDER:
            value = getattr(self, key)
            if value is not None and value is not False:
                out.append((key, value))
        return out

    def constant_for(self, key: str) -> str | None:
        return dict(self.names).get(key)


_CONSTRAINT_ORDER = (
    "min_length",
    "max_length",
    "pattern",
    "minimum",
    "maximum",
    "exclusive_minimum",
    "exclusive_maximum",
    "multiple_of",
    "min_items",
    "max_items",
    "unique_items",
    "min_properties",
    "max_properties",
)
NO_CONSTRAINTS = Constraints()


# ---- type expressions: the shape of a value, used inside fields, aliases, unions ----


@dataclass(frozen=True)
class Primitive:
    kind: str  # "string" | "integer" | "number" | "boolean" | "null"
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class AnyValue:
    pass


@dataclass(frozen=True)
class NeverValue:
    """The `false` schema: nothing validates."""


@dataclass(frozen=True)
class Ref:
    name: str  # the IR name of a named type (module-qualified key, see NamedType.key)


@dataclass(frozen=True)
class ArrayOf:
    items: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS
    prefix: tuple[TypeExpr, ...] = ()  # prefixItems: positional types (`items` is then what follows them)
    closed: bool = False  # items: false after prefixItems: exact tuple


def any_item(array: ArrayOf) -> TypeExpr:
    """What any one item of an array may be: the union of its positions' types and the rest."""
    options: list[TypeExpr] = []
    for t in (array.prefix + (array.items,)) if not array.closed else array.prefix:
        for member in t.members if isinstance(t, UnionOf) and t.discriminator is None else (t,):
            if member not in options:
                options.append(member)
    if any(isinstance(t, AnyValue) for t in options):
        return AnyValue()
    return options[0] if len(options) == 1 else UnionOf(tuple(options))


@dataclass(frozen=True)
class MapOf:
    values: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class LiteralOf:
    values: tuple[JSONValue, ...]


@dataclass(frozen=True)
class UnionOf:
    members: tuple[TypeExpr, ...]
    discriminator: str | None = None  # JSON property name of the tag
    exclusive: bool = False  # oneOf (exactly one) rather than anyOf


@dataclass(frozen=True)
class Override:
    """A target-specific spelling from `x-python-type` / `x-typescript-type`, with its imports."""

    fallback: TypeExpr
    python: str | None = None
    python_imports: tuple[str, ...] = ()
    typescript: str | None = None
    typescript_imports: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checked:
    """A type plus JSON Schema fragments no type can express (`not`, `if`, `contains`, ...), which
    the Python targets check on the raw input at runtime with `jsonschema`. Each fragment is JSON
    text (self-contained: every `$ref` in it was inlined under its own `$defs`)."""

    inner: TypeExpr
    fragments: tuple[str, ...]
    # allOf members the Python targets check whole at runtime (in `fragments`) beside `inner`:
    # TypeScript intersects them with it (`(A | B) & (C | D)`)
    intersect: tuple[TypeExpr, ...] = ()


@dataclass(frozen=True)
class Shape:
    """An anonymous object shape: a variant of an object's `oneOf`/`anyOf` (see ObjectType.variants),
    written inline. Only TypeScript spells it."""

    fields: tuple["Field", ...]


TypeExpr = Union[Primitive, AnyValue, NeverValue, Ref, ArrayOf, MapOf, LiteralOf, UnionOf, Override, Checked, Shape]


# ---- named types ----


@dataclass(frozen=True)
class Default:
    """A field default: a JSON value, or a named factory from a fixed, safe vocabulary.
    `recursive`: applying the value would fill the same default again without end (see
    lower/default_cycles.py), so it is documentation only and no target applies it."""

    value: JSONValue = None
    factory: str | None = None
    recursive: bool = False
    origin: Location | None = field(default=None, compare=False)  # where the `default` keyword is


@dataclass(frozen=True)
class Field:
    json_name: str
    type: TypeExpr
    required: bool
    default: Default | None = None
    description: str | None = None
    deprecated: bool = False
    read_only: bool = False
    origin: Location | None = None



@dataclass(frozen=True, kw_only=True)
class _Named:
    """What every named type has: its key (`<uri>#<pointer>`, where it was written), its name, its
    module, documentation, examples and origin."""

    key: str
    name: str
    module: str
    description: str | None = None
    deprecated: bool = False
    examples: tuple[JSONValue, ...] = ()
    origin: Location | None = None
    explicit: bool = True  # named by the author ($defs key, title), not derived


@dataclass(frozen=True, kw_only=True)
class ObjectType(_Named):
    fields: tuple[Field, ...]
    base: str | None = None  # key of the single base type (allOf extension)
    extra: TypeExpr | bool = True  # True open, False closed, TypeExpr typed extras
    # keys beyond the properties are allowed by what the schema says, not only by default:
    # additionalProperties (or unevaluatedProperties) `true`/`{}` written, or patternProperties
    extra_declared: bool = False
    checks: tuple[str, ...] = ()  # JSON Schema fragments checked at runtime (see Checked)
    # oneOf/anyOf the object must also match (beside its properties, or an allOf member that is a
    # union): one union per keyword, members as Shape/Ref/AnyValue. The Python targets check them
    # at runtime (in `checks`); TypeScript intersects them (`Obj & (A | B)`).
    variants: tuple[UnionOf, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EnumType(_Named):
    values: tuple[JSONValue, ...]
    member_names: tuple[str, ...] = ()  # from x-enum-names, else derived by the namer


@dataclass(frozen=True, kw_only=True)
class UnionType(_Named):
    members: tuple[TypeExpr, ...]
    discriminator: str | None = None
    exclusive: bool = False
    checks: tuple[str, ...] = ()  # JSON Schema fragments checked at runtime (see Checked)


@dataclass(frozen=True, kw_only=True)
class AliasType(_Named):
    target: TypeExpr


NamedType = Union[ObjectType, EnumType, UnionType, AliasType]


@dataclass(frozen=True)
class Constant:
    name: str
    value: JSONValue
    description: str | None = None
    origin: Location | None = field(default=None, compare=False)  # where x-constants named it


@dataclass(frozen=True)
class Module:
    """One schema file: its dotted name (`analytics.core`), source path and the types it defines."""

    name: str
    source: str
    types: tuple[NamedType, ...]
    constants: tuple[Constant, ...] = ()
    description: str | None = None


# How a check fragment (and a schema in Schema.check_defs) refers to a schema in Schema.check_defs.
CHECK_DEF_REF = re.compile(r'"#/\$defs/(d[0-9a-f]{12})"')


@dataclass(frozen=True)
class Schema:
    modules: tuple[Module, ...]
    invalid_examples: tuple[tuple[str, JSONValue], ...] = field(default=())  # (type key, instance)
    # name → JSON text of each schema a runtime check fragment refers to as `#/$defs/<name>`
    check_defs: tuple[tuple[str, str], ...] = field(default=())

    def types_by_key(self) -> dict[str, NamedType]:
        return {t.key: t for m in self.modules for t in m.types}


def is_nullable(expr: TypeExpr, types: dict[str, NamedType] | None = None, _depth: int = 0) -> bool:
    """Whether null is a valid value; through named aliases and unions when `types` is given."""
    if isinstance(expr, Primitive):
        return expr.kind == "null"
    if isinstance(expr, UnionOf):
        return any(is_nullable(m, types, _depth + 1) for m in expr.members)
    if isinstance(expr, LiteralOf):
        return None in expr.values
    if isinstance(expr, AnyValue):
        return True
    if isinstance(expr, Override):
        return is_nullable(expr.fallback, types, _depth + 1)
    if isinstance(expr, Checked):
        return is_nullable(expr.inner, types, _depth + 1)
    if isinstance(expr, Ref) and types is not None and _depth < 50:
        named = types.get(expr.name)
        if isinstance(named, AliasType):
            return is_nullable(named.target, types, _depth + 1)
        if isinstance(named, UnionType):
            return any(is_nullable(m, types, _depth + 1) for m in named.members)
        if isinstance(named, EnumType):
            return None in named.values
    return False


def walk_refs(expr: TypeExpr) -> list[str]:
    """Every named type an expression mentions, in order of appearance."""
    out: list[str] = []
    if isinstance(expr, Ref):
        out.append(expr.name)
    elif isinstance(expr, ArrayOf):
        for p in expr.prefix:
            out.extend(walk_refs(p))
        out.extend(walk_refs(expr.items))
    elif isinstance(expr, MapOf):
        out.extend(walk_refs(expr.values))
    elif isinstance(expr, UnionOf):
        for m in expr.members:
            out.extend(walk_refs(m))
    elif isinstance(expr, Override):
        out.extend(walk_refs(expr.fallback))
    elif isinstance(expr, Checked):
        out.extend(walk_refs(expr.inner))
        for part in expr.intersect:
            out.extend(walk_refs(part))
    elif isinstance(expr, Shape):
        for f in expr.fields:
            out.extend(walk_refs(f.type))
    return out


def refs_of(named: NamedType, variants: bool = False) -> list[str]:
    """Every named type `named` mentions; an object's `variants` (which only TypeScript spells) too
    when asked."""
    out: list[str] = []
    if isinstance(named, ObjectType):
        if named.base:
            out.append(named.base)
        for f in named.fields:
            out.extend(walk_refs(f.type))
        if not isinstance(named.extra, bool):
            out.extend(walk_refs(named.extra))
        for union in named.variants if variants else ():
            out.extend(walk_refs(union))
    elif isinstance(named, UnionType):
        for m in named.members:
            out.extend(walk_refs(m))
    elif isinstance(named, AliasType):
        out.extend(walk_refs(named.target))
    return out
