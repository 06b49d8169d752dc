"""Python type strings for IR type expressions, shared by the Pydantic and TypedDict planners.

A pure function of the expression and a context; it returns the text and the imports the text
needs, so imports are computed before anything renders (never collected while rendering).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from schemagen import ir
from schemagen.frontend.ecma_regex import linear_pattern
from schemagen.frontend.regex_cost import checked_length
from schemagen.frontend.patterns import regexes
from schemagen.targets.escape import py_literal, py_str
from schemagen.naming import TargetNames

Import = tuple[str, str]  # (module, name); module "" means `import name`
HELPERS = "_sg"


@dataclass(frozen=True)
class PyContext:
    flavor: Literal["pydantic", "typeddict"]
    module: str
    types: dict[str, ir.NamedType]
    names: dict[str, TargetNames]
    attrs: dict[str, dict[str, str]] = field(default_factory=dict)  # type key → json name → attribute
    forward: frozenset[str] = frozenset()  # type keys defined later in this module (alias context)
    aliases: dict[str, str] = field(default_factory=dict)  # type key of another module → local import alias
    local_names: frozenset[str] = frozenset()  # the names this module defines
    cyclic: frozenset[str] = frozenset()  # the other modules in an import cycle with this one


@dataclass
class Spelling:
    imports: set[Import] = field(default_factory=set)
    quoted: bool = False
    eager: bool = False  # spelling something evaluated at import time (alias, base class)
    eager_imports: set[Import] = field(default_factory=set)
    type_modules: dict[Import, str] = field(default_factory=dict)  # type import → IR module
    check_refs: set[str] = field(default_factory=set)  # names in the schema's check_defs a check refers to
    patterns: set[str] = field(default_factory=set)  # the ECMA-262 patterns the module's runtime checks hold
    after: list[str] = field(default_factory=list)  # statements after the blocks and late imports

    def use(self, module: str, name: str) -> str:
        self.imports.add((module, name))
        return name


def relative_module(current: str, target: str) -> str:
    """The relative import path from module `current` to module `target` (dotted IR names)."""
    cur_pkg = current.split(".")[:-1]
    tgt = target.split(".")
    common = 0
    while common < len(cur_pkg) and common < len(tgt) - 1 and cur_pkg[common] == tgt[common]:
        common += 1
    dots = "." * (len(cur_pkg) - common + 1)
    return dots + ".".join(tgt[common:])


def helpers_module(current: str) -> str:
    return "." * len(current.split("."))


def pydantic_name(name: str, ctx: PyContext, sp: Spelling) -> str:
    """pydantic's `Field`, `StrictBool`, ...; in a TypedDict module the helpers' stand-in of the
    same name, which hands it to pydantic only when pydantic builds a schema: importing a TypedDict
    package does not import pydantic."""
    if ctx.flavor == "typeddict":
        sp.imports.add((helpers_module(ctx.module), HELPERS))
        return f"{HELPERS}.{name}"
    return sp.use("pydantic", name)


def spell(expr: ir.TypeExpr, ctx: PyContext, sp: Spelling) -> str:
    if isinstance(expr, ir.Primitive):
        return _primitive(expr, ctx, sp)
    if isinstance(expr, ir.AnyValue):
        return sp.use("typing", "Any")
    if isinstance(expr, ir.NeverValue):
        return _never(ctx, sp)
    if isinstance(expr, ir.Ref):
        return ref_name(expr.name, ctx, sp)
    if isinstance(expr, ir.ArrayOf):
        return _array(expr, ctx, sp)
    if isinstance(expr, ir.MapOf):
        inner = f"dict[str, {spell(expr.values, ctx, sp)}]"
        return _constrained(inner, expr.constraints, ctx, sp, size_keys=("min_properties", "max_properties"))
    if isinstance(expr, ir.LiteralOf):
        return _literal(expr, ctx, sp)
    if isinstance(expr, ir.UnionOf):
        return _union(expr, ctx, sp)
    if isinstance(expr, ir.Checked):
        return checked(spell(expr.inner, ctx, sp), expr.fragments, ctx, sp)
    if isinstance(expr, ir.Override):
        if expr.python is None:
            return spell(expr.fallback, ctx, sp)
        for spec in expr.python_imports:
            module, _, name = spec.rpartition(".")
            sp.imports.add((module, name))
        return expr.python
    raise TypeError(f"unknown type expression {expr!r}")


def schema_checks(fragments: tuple[str, ...], ctx: PyContext, sp: Spelling) -> list[str]:
    """`_sg.SchemaCheck({...})` per fragment: the schema text is untrusted, so it is re-read as
    JSON and written only through py_literal."""
    sp.imports.add((helpers_module(ctx.module), HELPERS))
    out = []
    for f in fragments:
        refs = set(ir.CHECK_DEF_REF.findall(f))
        sp.check_refs |= refs
        sp.patterns.update(regex for regex, _ in regexes(json.loads(f)))
        out.append(f"{HELPERS}.SchemaCheck({py_literal(json.loads(f))}{', ' + CHECK_DEFS if refs else ''})")
    return out


CHECK_DEFS = "_CHECK_DEFS"  # the module-level table of the schemas its checks refer to


def check_defs_literal(schema: ir.Schema, sp: Spelling) -> str | None:
    """The module's `_CHECK_DEFS` value: every schema its checks reach, each written once."""
    if not sp.check_refs:
        return None
    texts = dict(schema.check_defs)
    seen: set[str] = set()
    work = sorted(sp.check_refs)
    while work:
        name = work.pop()
        if name not in seen and name in texts:
            seen.add(name)
            work.extend(ir.CHECK_DEF_REF.findall(texts[name]))
    sp.use("typing", "Any")
    defs = {name: json.loads(texts[name]) for name in sorted(seen)}
    sp.patterns.update(regex for body in defs.values() for regex, _ in regexes(body))  # each a schema
    return py_literal(defs)


def linear_patterns_call(sp: Spelling) -> str | None:
    """`_sg.linear_patterns({...}, {...})`: the Rust-engine spelling of each pattern the module's
    runtime checks hold that has one (after check_defs_literal), so `jsonschema` matches them in
    linear time; then, for each that must backtrack at more than linear cost, the longest string
    it is run on (`regex_cost`)."""
    found = {p: rust for p in sorted(sp.patterns) if (rust := linear_pattern(p)) is not None}
    longest = {p: most for p in sorted(sp.patterns - found.keys()) if (most := checked_length(p)) is not None}
    if longest:
        return f"{HELPERS}.linear_patterns({py_literal(found)}, {py_literal(longest)})"
    return f"{HELPERS}.linear_patterns({py_literal(found)})" if found else None


def checked(inner: str, fragments: tuple[str, ...], ctx: PyContext, sp: Spelling) -> str:
    if not fragments:
        return inner
    return f"{sp.use('typing', 'Annotated')}[{inner}, {', '.join(schema_checks(fragments, ctx, sp))}]"


def ref_name(key: str, ctx: PyContext, sp: Spelling) -> str:
    target = ctx.types[key]
    name = ctx.names[key].python
    if target.module != ctx.module:
        alias = ctx.aliases.get(key) or (f"{target.module.replace('.', '_')}_{name}" if name in ctx.local_names else None)
        imp = (relative_module(ctx.module, target.module), f"{name} as {alias}" if alias else name)
        sp.imports.add(imp)
        sp.type_modules[imp] = target.module
        if sp.eager:
            sp.eager_imports.add(imp)
        return alias or name
    if key in ctx.forward:
        sp.quoted = True
        return py_str(name)
    return name


_FORMATS = {
    "date-time": (HELPERS, "DateTime"),
    "date": (HELPERS, "Date"),
    "time": (HELPERS, "Time"),
    "uuid": ("uuid", "UUID"),
    "email": ("pydantic", "EmailStr"),
}


_TEXT_KEYWORDS = {"min_length": "minLength", "max_length": "maxLength", "pattern": "pattern"}


def _primitive(expr: ir.Primitive, ctx: PyContext, sp: Spelling) -> str:
    if expr.kind == "null":
        return "None"
    if expr.kind == "string":
        base = "str"
        if expr.format in _FORMATS:
            module, name = _FORMATS[expr.format]
            if module == HELPERS:
                sp.imports.add((helpers_module(ctx.module), HELPERS))
                base = f"{HELPERS}.{name}"
            else:
                base = sp.use(module, name)
            text_rules = {k: v for k, v in expr.constraints.items() if k in _TEXT_KEYWORDS}
            if text_rules:  # the Python type is not a str: its text is checked on the raw input
                fragment = json.dumps({_TEXT_KEYWORDS[k]: v for k, v in text_rules.items()})
                inner = _constrained(base, replace(expr.constraints, min_length=None, max_length=None, pattern=None), ctx, sp)
                return f"{sp.use('typing', 'Annotated')}[{inner}, {schema_checks((fragment,), ctx, sp)[0]}]"
        return _constrained(base, expr.constraints, ctx, sp)
    if expr.kind == "integer":
        sp.imports.add((helpers_module(ctx.module), HELPERS))
        base = f"{HELPERS}.Integer"
        expr = replace(expr, constraints=integer_bounds(expr.constraints))
    else:
        base = pydantic_name({"number": "StrictFloat", "boolean": "StrictBool"}[expr.kind], ctx, sp)
    step = expr.constraints.multiple_of
    if expr.kind == "integer" and isinstance(step, float) and not step.is_integer():
        # pydantic's integer multiple_of needs an integer divisor: check this one in exact decimals
        sp.imports.add((helpers_module(ctx.module), HELPERS))
        inner = _constrained(base, replace(expr.constraints, multiple_of=None), ctx, sp)
        return f"{sp.use('typing', 'Annotated')}[{inner}, {HELPERS}.MultipleOf({py_literal(step)})]"
    return _constrained(base, expr.constraints, ctx, sp)


def integer_bounds(constraints: ir.Constraints) -> ir.Constraints:
    """An integer's bounds as integers, where one is fractional (`minimum: 0.5`): pydantic's
    int validator refuses a bound it cannot read as an integer. For integers `>= 0.5` is `>= 1`
    and `> -1.5` is `>= -1`, so each side becomes one inclusive integer bound, the tighter one."""
    def fractional(v: object) -> bool:
        return isinstance(v, float) and not v.is_integer()

    c = constraints
    changed: dict[str, Any] = {}
    if fractional(c.minimum) or fractional(c.exclusive_minimum):
        lows = ([math.ceil(c.minimum)] if c.minimum is not None else []) + \
               ([math.floor(c.exclusive_minimum) + 1] if c.exclusive_minimum is not None else [])
        changed.update(minimum=max(lows), exclusive_minimum=None)
    if fractional(c.maximum) or fractional(c.exclusive_maximum):
        highs = ([math.floor(c.maximum)] if c.maximum is not None else []) + \
                ([math.ceil(c.exclusive_maximum) - 1] if c.exclusive_maximum is not None else [])
        changed.update(maximum=min(highs), exclusive_maximum=None)
    if not changed:
        return constraints
    names = tuple((k, n) for k, n in c.names if k not in changed)  # a constant names the bound as written
    return replace(c, names=names, **changed)


_FIELD_ARGS = {
    "min_length": "min_length",
    "max_length": "max_length",
    "pattern": "pattern",
    "minimum": "ge",
    "maximum": "le",
    "exclusive_minimum": "gt",
    "exclusive_maximum": "lt",
    "multiple_of": "multiple_of",
    "min_items": "min_length",
    "max_items": "max_length",
    "min_properties": "min_length",
    "max_properties": "max_length",
}


def constraint_args(constraints: ir.Constraints, keys: tuple[str, ...] | None = None) -> list[str]:
    args = []
    for key, value in constraints.items():
        if key == "unique_items" or (keys is not None and key not in keys):
            continue
        const = constraints.constant_for(key)
        args.append(f"{_FIELD_ARGS[key]}={const or py_literal(value)}")
    return args


def _constrained(base: str, constraints: ir.Constraints, ctx: PyContext, sp: Spelling,
                 size_keys: tuple[str, ...] | None = None) -> str:
    checks = []
    if constraints.pattern is not None:
        # pydantic's own `pattern` is the linear Rust engine: given the pattern respelt with
        # ECMA-262's meaning, or (lookaround, backreferences) a runtime check on `regress` instead
        rust = linear_pattern(constraints.pattern)
        if rust is None:
            checks = schema_checks((json.dumps({"pattern": constraints.pattern}),), ctx, sp)
            constraints = replace(constraints, pattern=None)
        elif rust != constraints.pattern:  # a named constant holds the ECMA-262 text: not this one
            names = tuple((k, n) for k, n in constraints.names if k != "pattern")
            constraints = replace(constraints, pattern=rust, names=names)
    args = constraint_args(constraints, size_keys)
    metadata = []
    if args:
        metadata.append(f"{pydantic_name('Field', ctx, sp)}({', '.join(args)})")
    if constraints.unique_items:
        sp.imports.add((helpers_module(ctx.module), HELPERS))
        metadata.append(f"{HELPERS}.Unique")
    metadata += checks
    if not metadata:
        return base
    return f"{sp.use('typing', 'Annotated')}[{base}, {', '.join(metadata)}]"


def _array(expr: ir.ArrayOf, ctx: PyContext, sp: Spelling) -> str:
    if expr.prefix and expr.closed:
        # JSON Schema does not require every position: each length from minItems up is a tuple
        positions = [spell(p, ctx, sp) for p in expr.prefix]
        longest = len(positions) if expr.constraints.max_items is None else min(len(positions), expr.constraints.max_items)
        shortest = min(expr.constraints.min_items or 0, longest)
        options = ["tuple[" + (", ".join(positions[:n]) or "()") + "]" for n in range(longest, shortest - 1, -1)]
        inner = _join(options, sp) if options else _never(ctx, sp)
        if expr.constraints.unique_items:
            sp.imports.add((helpers_module(ctx.module), HELPERS))
            inner = f"{sp.use('typing', 'Annotated')}[{inner}, {HELPERS}.Unique]"
        return inner
    inner = f"list[{spell(ir.any_item(expr) if expr.prefix else expr.items, ctx, sp)}]"  # open prefix: checked at runtime
    return _constrained(inner, expr.constraints, ctx, sp, size_keys=("min_items", "max_items", "unique_items"))


def _never(ctx: PyContext, sp: Spelling) -> str:
    """The `false` schema: pydantic has no schema for a bare `Never`, the helper marker rejects all."""
    sp.imports.add((helpers_module(ctx.module), HELPERS))
    return f"{sp.use('typing', 'Annotated')}[{sp.use('typing', 'Never')}, {HELPERS}.Nothing]"


def _literal(expr: ir.LiteralOf, ctx: PyContext, sp: Spelling) -> str:
    if not expr.values:  # `enum: []`: nothing validates
        return _never(ctx, sp)
    simple = [v for v in expr.values if literal_spellable(v)]
    if len(simple) == len(expr.values):
        non_null = [v for v in expr.values if v is not None]
        text = f"{sp.use('typing', 'Literal')}[{', '.join(py_literal(v) for v in non_null)}]" if non_null else "None"
        numeric = [v for v in non_null if isinstance(v, int)]  # bools included: `true` is not `1`
        if numeric:
            sp.imports.add((helpers_module(ctx.module), HELPERS))
            text = f"{sp.use('typing', 'Annotated')}[{text}, {HELPERS}.Exact({', '.join(py_literal(v) for v in numeric)})]"
        if non_null and None in expr.values:
            text += " | None"
        return text
    sp.imports.add((helpers_module(ctx.module), HELPERS))
    non_null = [v for v in expr.values if v is not None]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in non_null):  # integers too wide for Literal
        values = ", ".join(py_literal(v) for v in non_null)
        text = f"{sp.use('typing', 'Annotated')}[{HELPERS}.Integer, {HELPERS}.OneOfValues({values})]"
        return text + " | None" if None in expr.values else text
    sp.use("typing", "Any")
    values = ", ".join(py_literal(v) for v in expr.values)
    return f"{sp.use('typing', 'Annotated')}[Any, {HELPERS}.OneOfValues({values})]"


# mypy reads a Literal's integer as a C long: beyond ±(2**63 - 1) it refuses the type (and
# `-2**63` too, which it reads as the negation of a literal that is already too wide).
_LITERAL_INT_LIMIT = 2**63 - 1


def literal_spellable(value: object) -> bool:
    """Whether `Literal[...]` can hold the value for every checker: None, a string, a bool, or
    an integer within ±(2**63 - 1). Other values are checked by `OneOfValues` instead."""
    if isinstance(value, int) and not isinstance(value, bool):
        return -_LITERAL_INT_LIMIT <= value <= _LITERAL_INT_LIMIT
    return value is None or isinstance(value, (str, bool))


def discriminator_attr(expr: ir.UnionOf, ctx: PyContext) -> str | None:
    """The name pydantic needs for the tag: the attribute (pydantic) or key (TypedDict)."""
    if expr.discriminator is None:
        return None
    members = [m for m in expr.members if not (isinstance(m, ir.Primitive) and m.kind == "null")]
    attrs: set[str | None] = set()
    for m in members:
        if not isinstance(m, ir.Ref) or not isinstance(ctx.types.get(m.name), ir.ObjectType):
            return None
        if not _tag_spellable(m.name, expr.discriminator, ctx):
            return None  # pydantic needs a string Literal tag: an untagged union, each variant checks its own
        if ctx.flavor == "typeddict":
            attrs.add(expr.discriminator)
        else:
            attrs.add(_attr_in(m.name, expr.discriminator, ctx))
    return attrs.pop() if len(attrs) == 1 and None not in attrs else None


def _tag_spellable(key: str, json_name: str, ctx: PyContext) -> bool:
    """Whether the variant's tag field (its own or a base's) is a Literal pydantic can tag by."""
    named = ctx.types.get(key)
    while isinstance(named, ir.ObjectType):
        for f in named.fields:
            if f.json_name == json_name:
                tag = f.type.inner if isinstance(f.type, ir.Checked) else f.type
                if not isinstance(tag, ir.LiteralOf):
                    return True
                # pydantic refuses a before-validator on a tag (`Exact`, which every number and
                # boolean Literal carries: `true` is not 1), and needs a Literal it can spell
                return all(isinstance(v, str) for v in tag.values)
        named = ctx.types.get(named.base) if named.base else None
    return True


def _attr_in(key: str, json_name: str, ctx: PyContext) -> str | None:
    named = ctx.types.get(key)
    while isinstance(named, ir.ObjectType):
        attr = ctx.attrs.get(named.key, {}).get(json_name)
        if attr:
            return attr
        named = ctx.types.get(named.base) if named.base else None
    return None


def _union(expr: ir.UnionOf, ctx: PyContext, sp: Spelling) -> str:
    nullable = any(isinstance(m, ir.Primitive) and m.kind == "null" for m in expr.members)
    members = [m for m in expr.members if not (isinstance(m, ir.Primitive) and m.kind == "null")]
    parts = [spell(m, ctx, sp) for m in members]
    tag = discriminator_attr(expr, ctx)
    # `X | Y` evaluates `None | None` where both are aliases of null (`Nothing: TypeAlias = None`)
    nones = sum(1 for m in members if _is_none(m, ctx)) + nullable
    joined = _join(parts, sp, nones > 1)
    if tag and len(parts) > 1:
        joined = f"{sp.use('typing', 'Annotated')}[{joined}, {pydantic_name('Field', ctx, sp)}(discriminator={py_str(tag)})]"
    if nullable:
        return _join([joined, "None"], sp, nones > 1)
    return joined


def _is_none(expr: ir.TypeExpr, ctx: PyContext, depth: int = 0) -> bool:
    """Whether the expression is spelt as a name whose value is None: an alias of `null`."""
    while isinstance(expr, ir.Ref) and depth < 50:
        named = ctx.types.get(expr.name)
        if not isinstance(named, ir.AliasType):
            return False
        expr, depth = named.target, depth + 1
        if isinstance(expr, ir.Primitive) and expr.kind == "null":
            return True
    return False


def _join(parts: list[str], sp: Spelling, as_union: bool = False) -> str:
    if len(parts) == 1:
        return parts[0]
    if as_union or sp.quoted or any(p.startswith(("'", '"')) for p in parts):
        return f"{sp.use('typing', 'Union')}[{', '.join(parts)}]"
    return " | ".join(parts)
