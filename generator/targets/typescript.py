"""Stage 5, plan (TypeScript): IR module → view model of interfaces and type aliases.

Keys stay exactly as on the wire (quoted when they are not identifiers); constraints TypeScript
cannot hold become JSDoc tags; imports are `import type` with explicit `.js` extensions, which
resolve under both `bundler` and `node16` module resolution.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from schemagen import ir
from schemagen.targets.escape import jsdoc_block, jsdoc_lines, json_inline, ts_literal, ts_str
from schemagen.name_types import foreign_aliases
from schemagen.naming import TargetNames, ts_identifier_ok
from schemagen.targets.common import header, recursive_aliases
from schemagen.targets.ts_objects import as_intersection, own_index


@dataclass(frozen=True)
class TsField:
    key: str
    optional: bool
    type: str
    doc: tuple[str, ...] = ()
    readonly: bool = False


@dataclass(frozen=True)
class TsBlock:
    kind: str  # "interface" | "alias" | "object" (an object as an intersection: `extends & { ... } & (A | B)`)
    name: str
    doc: tuple[str, ...] = ()
    extends: str = ""
    fields: tuple[TsField, ...] = ()
    index: str | None = None
    expr: str = ""
    variants: tuple[str, ...] = ()  # "object": the unions it is intersected with, parenthesised


@dataclass(frozen=True)
class TsModule:
    header: str
    doc: tuple[str, ...]
    imports: tuple[str, ...]
    constants: tuple[tuple[str, str], ...]
    blocks: tuple[TsBlock, ...]


@dataclass
class _Ctx:
    module: str
    types: dict[str, ir.NamedType]
    names: dict[str, TargetNames]
    imports: dict[str, set[str]] = field(default_factory=dict)
    recursive: frozenset[str] = frozenset()  # aliases that refer to themselves (see recursive_aliases)
    aliases: dict[str, str] = field(default_factory=dict)  # type key of another module → local import alias
    intersections: frozenset[str] = frozenset()  # objects written as intersection types (see as_intersection)


def module_path(module: str) -> str:
    return module.replace(".", "/")


def relative_import(current: str, target: str) -> str:
    rel = posixpath.relpath(module_path(target), posixpath.dirname(module_path(current)) or ".")
    if not rel.startswith("."):
        rel = "./" + rel
    return rel + ".js"


def spell(expr: ir.TypeExpr, ctx: _Ctx) -> str:
    if isinstance(expr, ir.Primitive):
        return {"string": "string", "integer": "number", "number": "number", "boolean": "boolean", "null": "null"}[expr.kind]
    if isinstance(expr, ir.AnyValue):
        return "unknown"
    if isinstance(expr, ir.NeverValue):
        return "never"
    if isinstance(expr, ir.Ref):
        target = ctx.types[expr.name]
        name = ctx.names[expr.name].typescript
        if target.module != ctx.module:
            alias = ctx.aliases.get(expr.name)
            ctx.imports.setdefault(relative_import(ctx.module, target.module), set()).add(
                f"{name} as {alias}" if alias else name)
            return alias or name
        return name
    if isinstance(expr, ir.ArrayOf):
        if expr.prefix and expr.closed:
            required = expr.constraints.min_items or 0
            return "[" + ", ".join(_element(spell(p, ctx), i >= required) for i, p in enumerate(expr.prefix)) + "]"
        if expr.prefix:  # an open prefix: the positions, then a rest element
            required = expr.constraints.min_items or 0
            rest = spell(expr.items, ctx)
            rest = f"{operand(rest)}[]"
            return "[" + "".join(_element(spell(p, ctx), i >= required) + ", "
                                 for i, p in enumerate(expr.prefix)) + f"...{rest}]"
        inner = spell(expr.items, ctx)
        return f"{operand(inner)}[]"
    if isinstance(expr, ir.MapOf):
        if set(ir.walk_refs(expr.values)) & ctx.recursive:
            # `Record` is itself an alias, which a recursive alias may not pass through (TS2456)
            return f"{{ [key: string]: {spell(expr.values, ctx)} }}"
        return f"Record<string, {spell(expr.values, ctx)}>"
    if isinstance(expr, ir.LiteralOf):
        return " | ".join(dict.fromkeys(ts_literal(v) for v in expr.values)) or "never"  # widened ones meet as `number`
    if isinstance(expr, ir.UnionOf):
        parts: list[str] = []
        for m in expr.members:
            text = spell(m, ctx)
            if text not in parts:
                parts.append(text)
        return " | ".join(parts)
    if isinstance(expr, ir.Checked):
        if not expr.intersect:
            return spell(expr.inner, ctx)
        parts = [spell(p, ctx) for p in (expr.inner, *expr.intersect)]
        return " & ".join(dict.fromkeys(operand(p) for p in parts))
    if isinstance(expr, ir.Shape):
        return "{ " + "; ".join(f"{_key(f.json_name)}{'' if f.required else '?'}: {spell(f.type, ctx)}" for f in expr.fields) + " }"
    if isinstance(expr, ir.Override):
        if expr.typescript is None:
            return spell(expr.fallback, ctx)
        for spec in expr.typescript_imports:
            name, _, module = spec.partition(" from ")
            ctx.imports.setdefault(module, set()).add(name)
        return expr.typescript
    raise TypeError(f"unknown type expression {expr!r}")


def _element(text: str, optional: bool) -> str:
    """A tuple element: `T?` binds tighter than `|`, so an optional union is parenthesised
    (`(string | null)?`; `string | null?` is a union with an optional type inside, TS1257)."""
    if not optional:
        return text
    return f"{operand(text)}?"


def operand(text: str) -> str:
    """A type as the operand of a tighter-binding operator (`[]`, `&`, a tuple's `?`): in
    parentheses when a space stands outside every bracket and string (`A | B`, `readonly T[]`,
    `{ a: A } | { b: B }`), as it is when it is one term (`{ a: A }`, `Record<string, A | B>`)."""
    depth, quote, i = 0, "", 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>" and not (ch == ">" and text[i - 1:i] == "="):
            depth -= 1
        elif ch == " " and depth == 0:
            return f"({text})"
        i += 1
    return text


def constraint_tags(expr: ir.TypeExpr) -> list[str]:
    """JSDoc tags for what a type expression constrains but TypeScript cannot check."""
    tags: list[str] = []
    if isinstance(expr, ir.Checked):
        return constraint_tags(expr.inner)
    constraints = getattr(expr, "constraints", None)
    if isinstance(expr, ir.Primitive) and expr.format:
        tags.append(f"@format {expr.format}")
    if isinstance(constraints, ir.Constraints):
        for key, value in constraints.items():
            camel = key.split("_")[0] + "".join(w.title() for w in key.split("_")[1:])
            tags.append(f"@{camel} {json_inline(value) if not isinstance(value, str) else value}")
    if isinstance(expr, ir.UnionOf):
        for m in expr.members:
            if not (isinstance(m, ir.Primitive) and m.kind == "null"):
                tags.extend(constraint_tags(m))
    return tags


def _doc(description: str | None, deprecated: bool, tags: list[str] = ()) -> tuple[str, ...]:  # type: ignore[assignment]
    lines: list[str] = []
    if description:
        lines += jsdoc_lines(description)
    for tag in tags:
        lines += jsdoc_lines(tag)
    if deprecated:
        lines.append("@deprecated")
    return jsdoc_block(lines)


def plan_module(module: ir.Module, schema: ir.Schema, names: dict[str, TargetNames], source: str) -> TsModule:
    types = schema.types_by_key()
    ctx = _Ctx(module.name, types, names, recursive=recursive_aliases(schema),
               aliases=foreign_aliases(module, types, {k: n.typescript for k, n in names.items()}))
    ctx.intersections = frozenset(t.key for t in module.types if isinstance(t, ir.ObjectType) and as_intersection(t, types))
    blocks = tuple(_block(t, ctx) for t in module.types)
    imports = tuple(
        f"import type {{ {', '.join(sorted(names_))} }} from {ts_str(path)};"
        for path, names_ in sorted(ctx.imports.items())
    )
    constants = tuple((c.name, ts_literal(c.value, widen=False)) for c in module.constants)
    return TsModule(header(source, "//"), jsdoc_block(jsdoc_lines(module.description)) if module.description else (),
                    imports, constants, blocks)


def _block(t: ir.NamedType, ctx: _Ctx) -> TsBlock:
    name = ctx.names[t.key].typescript
    if isinstance(t, ir.EnumType):
        return TsBlock("alias", name, _doc(t.description, t.deprecated), expr=spell(ir.LiteralOf(t.values), ctx))
    if isinstance(t, ir.UnionType):
        return TsBlock("alias", name, _doc(t.description, t.deprecated), expr=spell(ir.UnionOf(t.members), ctx))
    if isinstance(t, ir.AliasType):
        return TsBlock("alias", name, _doc(t.description, t.deprecated, constraint_tags(t.target)),
                       expr=spell(t.target, ctx))
    extends = spell(ir.Ref(t.base), ctx) if t.base else ""
    fields = []
    for f in t.fields:
        tags = constraint_tags(f.type)
        if f.default is not None:
            tags.append(f"@default {f.default.factory + '()' if f.default.factory else json_inline(f.default.value)}")
        fields.append(TsField(_key(f.json_name), not f.required, spell(f.type, ctx), _doc(f.description, f.deprecated, tags),
                              f.read_only))
    index = None
    own = own_index(t, ctx.types)
    if own is True:
        index = "unknown"
    elif own is not None and not isinstance(own, bool):
        # every property must fit the index signature: its value type is the union of theirs and the extras'
        members = [spell(m, ctx) for e in [own] + [f.type for f in t.fields] for m in _flat(e)]
        index = " | ".join(dict.fromkeys(members + (["undefined"] if any(not f.required for f in t.fields) else [])))
    if t.key in ctx.intersections:
        variants = tuple(f"({spell(v, ctx)})" for v in t.variants)
        if not fields and index is None:  # nothing of its own: the base and the unions
            return TsBlock("alias", name, _doc(t.description, t.deprecated), expr=" & ".join(((extends,) if extends else ()) + variants))
        return TsBlock("object", name, _doc(t.description, t.deprecated), extends, tuple(fields), index, variants=variants)
    return TsBlock("interface", name, _doc(t.description, t.deprecated), extends, tuple(fields), index)


def _flat(expr: ir.TypeExpr) -> tuple[ir.TypeExpr, ...]:
    inner = expr.inner if isinstance(expr, ir.Checked) else expr
    return inner.members if isinstance(inner, ir.UnionOf) else (expr,)


def _key(json_name: str) -> str:
    return json_name if ts_identifier_ok(json_name) else ts_str(json_name)
