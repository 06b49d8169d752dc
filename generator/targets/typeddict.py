"""Stage 5, plan (TypedDict): IR module → view model. Keys are the exact JSON names; a key that
is not a Python identifier (or is a keyword) switches that type to the functional syntax."""

from __future__ import annotations

import keyword
from dataclasses import replace

from schemagen import ir
from schemagen.targets.inheritance import all_fields, flattened, inherited_checks, never_narrows
from schemagen.targets.escape import comment_lines, json_inline, py_docstring, py_literal, py_str
from schemagen.name_types import foreign_aliases
from schemagen.naming import TargetNames
from schemagen.targets.common import (
    PyBlock, PyField, PyModule, alias_block, alias_deps, doc_text, header, import_lines, late_import_lines, module_graph,
    order_types, recursive_aliases, split_imports,
)
from schemagen.targets.pytypes import (
    PyContext, Spelling, check_defs_literal, helpers_module, linear_patterns_call, pydantic_name, ref_name, schema_checks, spell,
)


def schema_shield(schema: ir.Schema) -> bool:
    """Whether some TypedDict of the schema is closed (see _typeddict)."""
    return any(isinstance(t, ir.ObjectType) and t.extra is False for m in schema.modules for t in m.types)


def _class_key_ok(key: str) -> bool:
    return key.isidentifier() and not keyword.iskeyword(key) and not key.startswith("__")


def plan_module(module: ir.Module, schema: ir.Schema, names: dict[str, TargetNames], source: str,
                graph: dict[str, set[str]] | None = None, shield: bool | None = None) -> PyModule:
    """`graph` is module_graph(schema), passed in so a run computes it once, not once per module;
    `shield` is schema_shield of the whole schema (given a part of it, the planner cannot tell)."""
    types = schema.types_by_key()
    recursive = recursive_aliases(schema)
    local = frozenset(names[t.key].python for t in module.types)
    aliases = foreign_aliases(module, types, {k: n.python for k, n in names.items()})
    ordered, forward = order_types(module, lambda t: _eager_deps(t, recursive))
    sp = Spelling()
    blocks = []
    functional_keys = {t.key for t in module.types if isinstance(t, ir.ObjectType) and _needs_functional(t, types)}
    shield = schema_shield(schema) if shield is None else shield
    position = {t.key: i for i, t in enumerate(ordered)}
    for t in ordered:
        fwd = forward.get(t.key, frozenset())
        if t.key in functional_keys:  # its fields, inherited ones too, are evaluated where it is defined
            fwd = frozenset(k for k in _chain_refs(t, types) if k in position and position[k] >= position[t.key])
        ctx = PyContext("typeddict", module.name, types, names, {}, fwd, aliases, local)
        blocks.append(_block(t, ctx, sp, t.key in functional_keys, t.key in recursive, shield))
    own = {names[t.key].python for t in module.types}
    constants = tuple((c.name, py_literal(c.value)) for c in module.constants)
    if constants:
        sp.imports.add(("typing", "Final"))
    check_defs = check_defs_literal(schema, sp)
    top, late = split_imports(module.name, sp.imports, sp.eager_imports, sp.type_modules,
                              module_graph(schema) if graph is None else graph)
    return PyModule(
        header=header(source, "#"),
        doc=py_docstring(module.description) if module.description else None,
        imports=import_lines(top, own),
        late_imports=late_import_lines(late),
        after=tuple(sp.after),
        constants=constants,
        check_defs=check_defs,
        linear_patterns=linear_patterns_call(sp),
        blocks=tuple(blocks),
        exports=tuple(c.name for c in module.constants) + tuple(names[t.key].python for t in module.types),
    )


def _eager_deps(t: ir.NamedType, recursive: frozenset[str]) -> list[str]:
    """What a block evaluates at import time: an alias's value, a class's base and its
    `extra_items=` keyword."""
    if isinstance(t, ir.ObjectType):
        return ([t.base] if t.base else []) + (ir.walk_refs(t.extra) if not isinstance(t.extra, bool) else [])
    return alias_deps(t, recursive)


def _chain_refs(t: ir.NamedType, types: dict[str, ir.NamedType]) -> list[str]:
    """What a flattened TypedDict names: its own refs and those of every base it copies fields from."""
    out: list[str] = []
    seen: set[str] = set()
    current: ir.NamedType | None = t
    while isinstance(current, ir.ObjectType) and current.key not in seen:
        seen.add(current.key)
        out.extend(ir.refs_of(current))
        current = types.get(current.base) if current.base else None
    return out


def _needs_functional(t: ir.ObjectType, types: dict[str, ir.NamedType]) -> bool:
    if any(not _class_key_ok(f.json_name) for f in t.fields):
        return True
    parent = types.get(t.base) if t.base else None
    return isinstance(parent, ir.ObjectType) and _needs_functional(parent, types)


def _block(t: ir.NamedType, ctx: PyContext, sp: Spelling, functional: bool, recursive: bool = False,
           shield: bool = False) -> PyBlock:
    name = ctx.names[t.key].python
    text = doc_text(t)
    if isinstance(t, (ir.EnumType, ir.UnionType, ir.AliasType)):
        if isinstance(t, ir.EnumType):
            target: ir.TypeExpr = ir.LiteralOf(t.values)
        elif isinstance(t, ir.UnionType):
            target = ir.UnionOf(t.members, t.discriminator, t.exclusive)
            if t.checks:
                target = ir.Checked(target, t.checks)
        else:
            target = t.target
        sp.eager = not recursive  # a recursive alias's value is a string, read lazily
        try:
            expr = spell(target, ctx, sp)
        finally:
            sp.eager = False
        return alias_block(name, expr, py_docstring(text) if text else None, recursive, sp)
    sp.eager = functional  # the functional syntax evaluates its field types at import time
    try:
        return _typeddict(t, ctx, sp, name, text, functional, shield)
    finally:
        sp.eager = False


def _typeddict(t: ir.ObjectType, ctx: PyContext, sp: Spelling, name: str, text: str | None, functional: bool,
               shield: bool = False) -> PyBlock:
    """`shield`: some TypedDict of the schema is closed. Pydantic hands a TypedDict's config down to
    the nested TypedDicts that have none, so an open one says `extra="ignore"` itself, or inside a
    closed parent it would refuse the extra keys its own schema allows; one with typed extra keys
    (`extra_items=`) has a configuration of its own too, without `extra`, else pydantic warns
    (TypedDictExtraConfigWarning) that the handed-down one is ignored."""
    config = None
    if t.extra is False:
        config = f'{pydantic_name("ConfigDict", ctx, sp)}(extra="forbid")'
    elif t.extra is True and shield:
        config = f'{pydantic_name("ConfigDict", ctx, sp)}(extra="ignore")'
    elif not isinstance(t.extra, bool) and shield:  # typed extra keys (extra_items) decide for themselves:
        config = f'{pydantic_name("ConfigDict", ctx, sp)}()'  # a handed-down "forbid" is ignored, with a warning
    if config and not functional:
        sp.use(helpers_module(ctx.module) + "_schemagen", "with_config")
    fields = []
    listed = list(t.fields)
    # TypedDict keys are invariant: a subclass cannot narrow an inherited key (say `type: str` to
    # `Literal["x"]`), so such a type, like one in functional syntax, lists every key itself.
    flatten = functional or flattened(t, ctx.types, never_narrows)
    if flatten and t.base:
        listed = all_fields(t, ctx.types)
    for f in listed:
        annotation = spell(f.type, ctx, sp)
        if not f.required:
            annotation = f"{sp.use('typing_extensions', 'NotRequired')}[{annotation}]"
        comments: list[str] = []
        if f.description:
            comments += comment_lines(f.description)
        if f.deprecated:
            comments.append("deprecated")
        if f.default is not None:
            comments += comment_lines(
                f"default: {f.default.factory}()" if f.default.factory else f"default: {json_inline(f.default.value)}"
            )
        if functional:
            fields.append(PyField(f.json_name, annotation, None, tuple(comments), key=py_str(f.json_name)))
        else:
            fields.append(PyField(f.json_name, annotation, None, tuple(comments)))
    sp.use("typing_extensions", "TypedDict")
    # a TypedDict subclass inherits no attributes: each class carries its ancestors' checks too
    all_checks = tuple(dict.fromkeys(inherited_checks(t, ctx.types)))
    checks = tuple(schema_checks(all_checks, ctx, sp)) if all_checks else ()
    extra_items = None
    if not isinstance(t.extra, bool):  # typed extra keys: PEP 728, enforced by pydantic's TypeAdapter
        sp.eager = True  # a class keyword is evaluated when the class is created
        extra_items = spell(t.extra, ctx, sp)
        sp.eager = False
        if ctx.forward & set(ir.walk_refs(t.extra)):
            # a forward name stays a string in `__extra_items__`, which pydantic would read in the
            # namespace of whoever builds the TypeAdapter: the value is set once every name exists
            sp.after.append(f"{name}.__extra_items__ = {spell(t.extra, replace(ctx, forward=frozenset()), sp)}"
                            "  # type: ignore[attr-defined]")
    if functional:
        class_comments = tuple(comment_lines(text)) if text else ()
        return PyBlock("typeddict_functional", name, comments=class_comments, fields=tuple(fields), config=config,
                       checks=checks, extra_items=extra_items)
    sp.eager = True
    bases = ref_name(t.base, ctx, sp) if t.base and not flatten else "TypedDict"
    sp.eager = False
    return PyBlock("typeddict", name, bases=bases, doc=py_docstring(text) if text else None, fields=tuple(fields),
                   config=config, checks=checks, extra_items=extra_items)

