"""Stage 5, plan (Pydantic v2): IR module → view model with every type string, default and import
already spelled. The template only loops over it."""

from __future__ import annotations

from typing import Iterable

from schemagen import ir
from schemagen.targets.inheritance import all_fields, flattened, inherited_checks, python_narrows
from schemagen.targets.escape import comment_lines, json_inline, py_docstring, py_literal, py_str
from schemagen.name_types import foreign_aliases
from schemagen.naming import TargetNames, enum_member, field_attribute
from schemagen.targets.common import (
    PyBlock, PyField, PyModule, alias_block, alias_deps, doc_text, header, import_lines, late_import_lines, module_graph,
    order_types, reaches, recursive_aliases, split_imports,
)
from schemagen.targets.pytypes import (
    HELPERS, PyContext, Spelling, check_defs_literal, linear_patterns_call, helpers_module, ref_name, schema_checks, spell,
)


class FieldAttributes:
    """type key → JSON name → Python attribute (inherited fields keep the parent's), decided per
    type on first asking: a type's attributes depend on it and its bases alone."""

    def __init__(self, schema: ir.Schema, style: str) -> None:
        self._types = schema.types_by_key()
        self._style = style
        self._memo: dict[str, dict[str, str]] = {}

    def of(self, t: ir.ObjectType) -> dict[str, str]:
        found = self._memo.get(t.key)
        if found is not None:
            return found
        base = self._types.get(t.base) if t.base else None
        parent = self.of(base) if isinstance(base, ir.ObjectType) else {}
        taken = set(parent.values())
        mine = dict(parent)
        for f in t.fields:
            if f.json_name in parent:
                continue
            mine[f.json_name] = field_attribute(f.json_name, self._style, taken)
            taken.add(mine[f.json_name])
        self._memo[t.key] = mine
        return mine

    def for_keys(self, keys: Iterable[str]) -> dict[str, dict[str, str]]:
        return {key: self.of(t) for key in keys if isinstance(t := self._types.get(key), ir.ObjectType)}


def field_attributes(schema: ir.Schema, style: str) -> dict[str, dict[str, str]]:
    """Every object type's attributes (FieldAttributes)."""
    return FieldAttributes(schema, style).for_keys(sorted(schema.types_by_key()))


def enum_members(t: ir.EnumType) -> tuple[str, ...]:
    if t.member_names:
        return t.member_names
    taken: set[str] = set()
    names = []
    for v in t.values:
        name = enum_member(v, taken)
        taken.add(name)
        names.append(name)
    return tuple(names)


def plan_module(module: ir.Module, schema: ir.Schema, names: dict[str, TargetNames],
                attrs: dict[str, dict[str, str]], source: str,
                graph: dict[str, set[str]] | None = None) -> PyModule:
    """`graph` is module_graph(schema), passed in so a run computes it once, not once per module."""
    types = schema.types_by_key()
    recursive = recursive_aliases(schema)
    local = frozenset(names[t.key].python for t in module.types)
    aliases = foreign_aliases(module, types, {k: n.python for k, n in names.items()})
    ordered, forward = order_types(module, lambda t: eager_deps(t, types, recursive))
    graph = module_graph(schema) if graph is None else graph
    cyclic = frozenset(m for m in graph.get(module.name, ()) if m != module.name and reaches(graph, m, module.name))
    sp = Spelling()
    blocks = []
    for t in ordered:
        ctx = PyContext("pydantic", module.name, types, names, attrs, forward.get(t.key, frozenset()), aliases, local,
                        cyclic)
        blocks.append(_block(t, ctx, sp, t.key in recursive))
    own = {names[t.key].python for t in module.types}
    constants = tuple((c.name, py_literal(c.value)) for c in module.constants)
    if constants:
        sp.imports.add(("typing", "Final"))
    doc = py_docstring(module.description) if module.description else None
    check_defs = check_defs_literal(schema, sp)
    top, late = split_imports(module.name, sp.imports, sp.eager_imports, sp.type_modules, graph)
    return PyModule(
        header=header(source, "#"),
        doc=doc,
        imports=import_lines(top, own),
        late_imports=late_import_lines(late),
        constants=constants,
        check_defs=check_defs,
        linear_patterns=linear_patterns_call(sp),
        blocks=tuple(blocks),
        exports=tuple(c.name for c in module.constants) + tuple(names[t.key].python for t in module.types),
    )


def eager_deps(t: ir.NamedType, types: dict[str, ir.NamedType], recursive: frozenset[str]) -> list[str]:
    """What a block evaluates at import time: an alias's value, a model's base class and the enums
    whose members its field defaults name."""
    if isinstance(t, ir.ObjectType):
        flat = flattened(t, types, python_narrows)
        deps = [t.base] if t.base and not flat else []
        for f in all_fields(t, types) if flat else t.fields:
            target = _resolve(f.type, types) if f.default is not None and f.default.factory is None else None
            if isinstance(target, ir.EnumType):
                deps.append(target.key)
        return deps
    return alias_deps(t, recursive)


def _doc(t: ir.NamedType) -> str | None:
    text = doc_text(t)
    return py_docstring(text) if text else None


def _block(t: ir.NamedType, ctx: PyContext, sp: Spelling, recursive: bool = False) -> PyBlock:
    name = ctx.names[t.key].python
    if isinstance(t, ir.EnumType):
        if all(isinstance(v, str) for v in t.values):
            base = sp.use("enum", "Enum") and "str, Enum"
        else:
            sp.imports.add((helpers_module(ctx.module), HELPERS))
            base = f"{HELPERS}.IntegerEnum"
        members = tuple(zip(enum_members(t), (py_literal(v) for v in t.values)))
        return PyBlock("enum", name, bases=base, doc=_doc(t), members=members)
    if isinstance(t, (ir.UnionType, ir.AliasType)):
        sp.eager = not recursive  # a recursive alias's value is a string, read lazily
        try:
            target = ir.UnionOf(t.members, t.discriminator, t.exclusive) if isinstance(t, ir.UnionType) else t.target
            if isinstance(t, ir.UnionType) and t.checks:
                target = ir.Checked(target, t.checks)
            expr = spell(target, ctx, sp)
        finally:
            sp.eager = False
        return alias_block(name, expr, _doc(t), recursive, sp)
    return _model(t, ctx, sp, name)


def _model(t: ir.ObjectType, ctx: PyContext, sp: Spelling, name: str) -> PyBlock:
    flat = flattened(t, ctx.types, python_narrows)  # a redefined field that is no subtype: no subclass
    own_checks = tuple(dict.fromkeys(inherited_checks(t, ctx.types))) if flat else t.checks
    checks = tuple(schema_checks(own_checks, ctx, sp)) if own_checks else ()
    if t.base and not flat:
        sp.eager = True
        bases = ref_name(t.base, ctx, sp)
        sp.eager = False
        parent = ctx.types[t.base]
        inherited_extra = parent.extra if isinstance(parent, ir.ObjectType) else True
        if checks and not _has_checks(parent, ctx):
            bases += f", {HELPERS}.CheckedModel"
    else:
        sp.imports.add((helpers_module(ctx.module), HELPERS))
        bases = f"{HELPERS}.CheckedModel" if checks else f"{HELPERS}.ContractModel"
        inherited_extra = True
    config = None
    extra_annotation = None
    if t.extra is False and inherited_extra is not False:
        config = f'{sp.use("pydantic", "ConfigDict")}(extra="forbid")'
    elif t.extra is not False and inherited_extra is False:
        config = f'{sp.use("pydantic", "ConfigDict")}(extra="allow")'
    if not isinstance(t.extra, bool):
        extra_annotation = f"dict[str, {spell(t.extra, ctx, sp)}] = {sp.use('pydantic', 'Field')}(init=False)"
    attrs = ctx.attrs.get(t.key, {})
    fields = tuple(_field(f, attrs[f.json_name], ctx, sp) for f in (all_fields(t, ctx.types) if flat else t.fields))
    return PyBlock("model", name, bases=bases, doc=_doc(t), fields=fields, config=config,
                   extra_annotation=extra_annotation, checks=checks)


def _has_checks(t: ir.NamedType | None, ctx: PyContext) -> bool:
    """Whether a model (or one of its bases) already derives from `_sg.CheckedModel`."""
    seen = 0
    while isinstance(t, ir.ObjectType) and seen < 100:
        if t.checks:
            return True
        t = ctx.types.get(t.base) if t.base else None
        seen += 1
    return False


def _field(f: ir.Field, attr: str, ctx: PyContext, sp: Spelling) -> PyField:
    annotation = spell(f.type, ctx, sp)
    nullable = ir.is_nullable(f.type, ctx.types)
    args: list[str] = []
    default = f.default if f.default is None or not f.default.recursive else None  # documented, not applied
    if not f.required:
        if default is not None and default.factory:
            sp.imports.add((helpers_module(ctx.module), HELPERS))
            args.append(f"default_factory={HELPERS}.{default.factory}")
        elif default is not None and (default.value is not None or nullable):
            args.append(_default_arg(default.value, f.type, annotation, ctx, sp))
        elif nullable:
            args.append("default=None")
        else:
            # optional, not nullable: absent stays absent, an explicit null is refused
            sp.imports.add((helpers_module(ctx.module), HELPERS))
            annotation = f"{sp.use('typing', 'Annotated')}[{annotation} | None, {HELPERS}.NotNull]"
            args.append("default=None")
    if attr != f.json_name:
        args.append(f"alias={py_str(f.json_name)}")
    if f.description:
        args.append(f"description={py_str(f.description)}")
    if f.deprecated:
        args.append("deprecated=True")
    value: str | None
    if not args:
        value = None
    elif len(args) == 1 and args[0].startswith("default="):
        value = args[0][len("default="):]
    else:
        value = f"{sp.use('pydantic', 'Field')}({', '.join(args)})"
    comments: tuple[str, ...] = ()
    if f.default is not None and f.default.recursive:
        comments = tuple(comment_lines(f"default: {json_inline(f.default.value)} (not applied: it would refill itself without end)"))
    elif f.default is not None and f.default.factory is None and args and not args[0].startswith("default="):
        comments = tuple(comment_lines(f"default: {json_inline(f.default.value)}"))
    return PyField(attr, annotation, value, comments)


def _resolve(expr: ir.TypeExpr, types: dict[str, ir.NamedType]) -> ir.TypeExpr | ir.NamedType:
    seen = 0
    while isinstance(expr, ir.Ref) and seen < 20:
        named = types[expr.name]
        if isinstance(named, ir.AliasType):
            expr = named.target
            seen += 1
            continue
        return named
    return expr


def _plain_json(expr: ir.TypeExpr | ir.NamedType, value: object, ctx: PyContext) -> bool:
    """Whether a JSON default can be written as a plain Python literal for this type."""
    if isinstance(expr, ir.Primitive):
        return expr.format not in ("date-time", "date", "time", "uuid") and not isinstance(value, (list, dict))
    if isinstance(expr, ir.LiteralOf):
        return not isinstance(value, (list, dict, float))
    if isinstance(expr, ir.AnyValue):
        return True
    if isinstance(expr, ir.UnionOf):
        return all(_plain_json(_resolve(m, ctx.types), value, ctx) for m in expr.members)
    if isinstance(expr, ir.ArrayOf) and isinstance(value, list) and not expr.prefix:
        item = _resolve(expr.items, ctx.types)
        return all(_plain_json(item, v, ctx) for v in value)
    if isinstance(expr, ir.MapOf) and isinstance(value, dict):
        item = _resolve(expr.values, ctx.types)
        return all(_plain_json(item, v, ctx) for v in value.values())
    return False


def _default_arg(value: object, expr: ir.TypeExpr, annotation: str, ctx: PyContext, sp: Spelling) -> str:
    target = _resolve(expr, ctx.types)
    if value is None:
        return "default=None"
    if isinstance(target, ir.EnumType) and value in target.values and target.module in ctx.cyclic:
        # an enum of a module that imports this one back: imported late, so the member is named lazily
        member = enum_members(target)[list(target.values).index(value)]
        return f"default_factory=lambda: {ref_name(target.key, ctx, sp)}.{member}"
    if isinstance(target, ir.EnumType) and value in target.values:
        sp.eager = True  # a default is evaluated when the class is created: never a late import
        try:
            name = ref_name(target.key, ctx, sp)
        finally:
            sp.eager = False
        member = enum_members(target)[list(target.values).index(value)]
        return f"default={name}.{member}"
    if _plain_json(target, value, ctx):
        return f"default={py_literal(value)}"
    adapter = sp.use("pydantic", "TypeAdapter")
    return f"default_factory=lambda: {adapter}({annotation}).validate_python({py_literal(value)})"
