"""How deep the generated Python's expressions nest, bounded before anything is planned.

CPython's parser refuses an expression nested more than 200 brackets deep ("too many nested
parentheses"; a dict literal with several keys runs out of parser stack a few levels earlier), and
mypy and black read the file with the same parser. An inline schema spells as one expression: an
array of an array of ... is `list[list[...]]`, a `const`/`enum`/`default` value is a literal, a
`not`/`contains` chain is one `SchemaCheck({...})` dict. So the nesting of each expression a type
or field writes grows with its schema's depth, while the loader allows 2,000 levels.

`python_nesting` is an upper bound of the brackets each IR expression opens when pytypes.py spells
it (an `Annotated[...]` counted wherever one may wrap, a literal as deep as its JSON); past
`MAX_NESTING` it is a located `too-deep` error naming the limit, and naming an inner schema in
`$defs` (a `$ref` is one name however deep its target) is the way out. TypeScript needs no bound:
tsc parses and checks these types to more than 4,000 levels (what it bounds is comparing a value
nested deeper than 100 levels with such a type, in the user's code).
"""

from __future__ import annotations

import json

from schemagen import ir
from schemagen.diagnostics import Diagnostic, Location, error
from schemagen.lower.overrides import bracket_depth

PARSER_LIMIT = 200  # CPython's tokenizer: MAXLEVEL
MAX_NESTING = 150  # brackets schemagen spells at most: room for the statement around the expression

# Brackets the planners may wrap around a field's or type's own expression: `NotRequired[`,
# `Annotated[..., NotNull]`, `ClassVar[`, a TypedDict's functional `TypedDict("X", {` ...
_CONTEXT = 4


def json_nesting(value: object) -> int:
    """Brackets a JSON value opens as a Python literal (`[`, `{`): 0 for a scalar."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
            deepest = max(deepest, depth + 1)
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
            deepest = max(deepest, depth + 1)
    return deepest


class _Measure:
    def __init__(self, check_defs: dict[str, str]) -> None:
        self.check_defs = check_defs
        self.fragments: dict[str, int] = {}
        self.definitions: dict[str, int] = {}

    def fragment(self, text: str) -> int:
        """`Annotated[T, _sg.SchemaCheck({...})]`: the fragment's dict two brackets in; each
        `_CHECK_DEFS` entry it refers to sits one bracket into the module-level table."""
        if text not in self.fragments:
            depth = 2 + json_nesting(json.loads(text))
            work, seen = ir.CHECK_DEF_REF.findall(text), set()
            while work:  # the definitions it reaches, through each other too
                name = work.pop()
                if name in seen or name not in self.check_defs:
                    continue
                seen.add(name)
                depth = max(depth, 1 + self.definition(name))
                work.extend(ir.CHECK_DEF_REF.findall(self.check_defs[name]))
            self.fragments[text] = depth
        return self.fragments[text]

    def definition(self, name: str) -> int:
        if name not in self.definitions:
            self.definitions[name] = json_nesting(json.loads(self.check_defs[name]))
        return self.definitions[name]

    def expr(self, expr: ir.TypeExpr) -> int:
        if isinstance(expr, ir.Primitive):
            return 2 + (2 if expr.constraints.pattern is not None else 0)  # Annotated[str, Field(...)] or a check
        if isinstance(expr, (ir.AnyValue, ir.NeverValue, ir.Ref)):
            return 1
        if isinstance(expr, ir.ArrayOf):
            inner = max((self.expr(t) for t in (*expr.prefix, expr.items)), default=0)
            return inner + 1 + (1 if expr.constraints != ir.NO_CONSTRAINTS else 0) + (1 if expr.prefix else 0)
        if isinstance(expr, ir.MapOf):
            return self.expr(expr.values) + 1 + (1 if expr.constraints != ir.NO_CONSTRAINTS else 0)
        if isinstance(expr, ir.LiteralOf):
            return 2 + max((json_nesting(v) for v in expr.values), default=0)  # Annotated[Any, OneOfValues([...])]
        if isinstance(expr, ir.UnionOf):
            return 1 + max((self.expr(m) for m in expr.members), default=0)
        if isinstance(expr, ir.Checked):
            return max([1 + self.expr(expr.inner)] + [self.fragment(f) for f in expr.fragments])
        if isinstance(expr, ir.Override):
            return bracket_depth(expr.python) if expr.python is not None else self.expr(expr.fallback)
        if isinstance(expr, ir.Shape):
            return 1 + max((self.expr(f.type) for f in expr.fields), default=0)
        return 1

    def named(self, t: ir.NamedType) -> list[tuple[int, Location | None]]:
        """(nesting, where) of each expression the type writes."""
        out: list[tuple[int, Location | None]] = []
        if isinstance(t, ir.ObjectType):
            for f in t.fields:
                where = f.origin or t.origin
                out.append((_CONTEXT + self.expr(f.type), where))
                if f.default is not None and f.default.factory is None:
                    out.append((_CONTEXT + json_nesting(f.default.value), f.default.origin or where))
            if not isinstance(t.extra, bool):
                out.append((_CONTEXT + self.expr(t.extra), t.origin))
            out += [(_CONTEXT + self.fragment(f), t.origin) for f in t.checks]
            out += [(_CONTEXT + self.expr(u), t.origin) for u in t.variants]
        elif isinstance(t, ir.UnionType):
            out += [(_CONTEXT + self.expr(m), t.origin) for m in t.members]
            out += [(_CONTEXT + self.fragment(f), t.origin) for f in t.checks]
        elif isinstance(t, ir.AliasType):
            out.append((_CONTEXT + self.expr(t.target), t.origin))
        elif isinstance(t, ir.EnumType):
            out += [(_CONTEXT + json_nesting(v), t.origin) for v in t.values]
        return out


def nesting_problems(schema: ir.Schema) -> list[Diagnostic]:
    """A located `too-deep` error for each type or field whose Python spelling would nest past
    MAX_NESTING brackets (the deepest one of each type is reported)."""
    measure = _Measure(dict(schema.check_defs))
    out: list[Diagnostic] = []
    for module in schema.modules:
        for t in module.types:
            found = [(depth, where) for depth, where in measure.named(t) if depth > MAX_NESTING]
            if not found:
                continue
            depth, where = max(found, key=lambda item: item[0])
            out.append(error(
                "too-deep",
                f"{t.name}: this schema nests so deep inline that its Python spelling would open about {depth} "
                f"brackets in one expression; Python's parser stops at {PARSER_LIMIT}, so schemagen allows "
                f"{MAX_NESTING} (each level of an inline array, map or union opens one or two, each level of a "
                "literal value or runtime-checked fragment one)",
                where or Location(module.source),
                "move an inner schema to $defs and $ref it: a reference is one name however deep its target (a "
                "schema a runtime check such as `not` or `contains` refers to is written out whole, so keep it shallower)"))
    return out
