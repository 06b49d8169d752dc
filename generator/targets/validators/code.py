"""The code of one validators module: TypeScript check functions, computed as strings here so the
template only loops. Two compilers share one `Code` (its functions, constants and runtime imports):

* `Code.named` (this file): an IR named type → `check$X(v, p, e)`, which reports every problem
  with its path when `e` is an array and stops at the first when it is null;
* `Code.schema` (schema_code.py): a JSON Schema fragment of an `ir.Checked` (what no type can
  spell: `not`, `if`, `contains`, `oneOf` exclusivity, ...) → a boolean function, the way the
  Python targets' `SchemaCheck` runs it with `jsonschema`.

Each mirrors what the Pydantic target accepts, so both outputs give one verdict per instance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from schemagen import ir
from schemagen.naming import TargetNames
from schemagen.targets.escape import ts_str
from schemagen.targets.inheritance import all_fields, flattened, inherited_checks, python_narrows
from schemagen.targets.validators.literals import INHERITED_KEYS, _exact, _number, _value, backtracking_bound

# Keys every object inherits: read as own properties (`v.constructor` is never undefined).
FORMATS = {"date-time": "isDateTime", "date": "isDate", "time": "isTime", "uuid": "isUuid", "email": "isEmail"}
FORMAT_TEXT = {"date-time": "an RFC 3339 date-time", "date": "an RFC 3339 date", "time": "an RFC 3339 time",
               "uuid": "a UUID", "email": "an email address"}


@dataclass
class Code:
    module: str
    types: dict[str, ir.NamedType]
    names: dict[str, TargetNames]
    check_defs: dict[str, Any]
    open_objects: bool = True
    cyclic: frozenset[str] = frozenset()  # named types on a reference cycle (recursive values)
    functions: list[str] = field(default_factory=list)  # complete function texts, in order of creation
    constants: list[tuple[str, str]] = field(default_factory=list)
    runtime: set[str] = field(default_factory=set)  # names imported from the shared runtime
    foreign: dict[str, tuple[str, str]] = field(default_factory=dict)  # local alias → (module, check name)
    _cache: dict[str, str] = field(default_factory=dict)
    _consts: dict[str, str] = field(default_factory=dict)

    # ---- shared helpers

    def use(self, name: str) -> str:
        self.runtime.add(name)
        return name

    def const(self, expr: str, prefix: str = "K") -> str:
        name = self._consts.get(expr)
        if name is None:
            name = self._consts[expr] = f"{prefix}${len(self._consts)}"
            self.constants.append((name, expr))
        return name

    def regex(self, source: str) -> str:
        return self.const(f"/* @__PURE__ */ {self.use('pattern')}({ts_str(source)})", "R")

    def values(self, values: list[Any]) -> str:
        return self.const(f"/* @__PURE__ */ JSON.parse({ts_str(json.dumps(values, ensure_ascii=False))}) as unknown[]", "V")

    def fresh(self, prefix: str) -> str:
        return f"{prefix}${len(self.functions) + len(self._cache)}"

    def check_name(self, key: str) -> str:
        """The check function of a named type, imported under a local alias from its module."""
        target = self.types[key]
        name = "check$" + self.names[key].typescript
        if target.module == self.module:
            return name
        alias = f"check${target.module.replace('.', '$')}${self.names[key].typescript}"
        self.foreign[alias] = (target.module, name)
        return alias

    # ---- named types

    def named(self, t: ir.NamedType) -> str:
        """`export function check$X(...)` for one named type; returns its name."""
        name = "check$" + self.names[t.key].typescript
        if isinstance(t, ir.ObjectType):
            body = self._object(t)
        else:
            if isinstance(t, ir.EnumType):
                expr: ir.TypeExpr = ir.LiteralOf(t.values)
            elif isinstance(t, ir.UnionType):
                expr = ir.UnionOf(t.members, t.discriminator, t.exclusive)
                if t.checks:
                    expr = ir.Checked(expr, t.checks)
            else:
                expr = t.target
            body = self._statements(expr, "v", None)
        if t.key in self.cyclic:  # pydantic's recursion guard: at most MAX_DEPTH recursive values deep
            inner = f"body${self.names[t.key].typescript}"
            self.functions.append(_function(inner, body))
            guard, depth = self.use("guard"), self.use("MAX_DEPTH")
            body = [f"if (++{guard}.depth > {depth}) {{ {guard}.depth--; return {self.use('fail')}(e, p, "
                    "\"is nested too deeply (recursive values more than 255 levels deep)\"); }",
                    f"const r = {inner}(v, p, e);", f"{guard}.depth--;", "return r;"]
        self.functions.append(_function(name, body, exported=True))
        return name

    # ---- type expressions

    def inline(self, expr: ir.TypeExpr, x: str) -> tuple[str, str] | None:
        """(condition over the variable x, message) when the check is one expression, else None."""
        if isinstance(expr, ir.Override):
            return self.inline(expr.fallback, x)
        if isinstance(expr, ir.AnyValue):
            return "true", ""
        if isinstance(expr, ir.NeverValue):
            return "false", "no value is allowed here"
        if isinstance(expr, ir.Primitive):
            return self._primitive(expr, x)
        if isinstance(expr, ir.LiteralOf):
            return self._literal(list(expr.values), x)
        if isinstance(expr, ir.UnionOf) and expr.discriminator is None:
            parts = [self.inline(m, x) for m in expr.members]
            if all(p is not None for p in parts) and len(parts) <= 6:
                conds = [p[0] for p in parts if p is not None]
                if "true" in conds:
                    return "true", ""
                return "(" + " || ".join(_paren(c) for c in conds) + ")", "expected " + " or ".join(
                    dict.fromkeys(p[1].removeprefix("expected ") for p in parts if p is not None))
        return None

    def function(self, expr: ir.TypeExpr) -> str:
        """The name of a check function `(v, p, e) => boolean` for the expression."""
        if isinstance(expr, ir.Ref):
            return self.check_name(expr.name)
        if isinstance(expr, ir.Override):
            return self.function(expr.fallback)
        key = repr(expr)
        found = self._cache.get(key)
        if found is not None:
            return found
        name = self._cache[key] = self.fresh("c")
        self.functions.append(_function(name, self._statements(expr, "v", None)))
        return name

    def fast(self, expr: ir.TypeExpr, x: str) -> str:
        """A boolean expression: whether x is valid (no issues reported)."""
        simple = self.inline(expr, x)
        if simple is not None:
            return simple[0]
        return f"{self.function(expr)}({x}, p, null)"

    def check(self, expr: ir.TypeExpr, x: str, key: str | None) -> list[str]:
        """Statements inside a check function: check x (at `key` below the function's path)."""
        simple = self.inline(expr, x)
        if simple is not None:
            cond, message = simple
            if cond == "true":
                return []
            where = "" if key is None else f", {key}"
            return [f"if (!{_paren(cond)}) {{ if (e === null) return false; ok = {self.use('fail')}(e, p, {ts_str(message)}{where}); }}"]
        path = "p" if key is None else f"{self.use('at')}(p, e, {key})"
        return [f"if (!{self.function(expr)}({x}, {path}, e)) {{ if (e === null) return false; ok = false; }}"]

    def _statements(self, expr: ir.TypeExpr, x: str, key: str | None) -> list[str]:
        """The body of a check function for an expression."""
        if isinstance(expr, ir.Override):
            return self._statements(expr.fallback, x, key)
        if isinstance(expr, ir.ArrayOf):
            return self._array(expr)
        if isinstance(expr, ir.MapOf):
            return self._map(expr)
        if isinstance(expr, ir.Checked):
            lines = self.check(expr.inner, "v", None)
            for fragment in expr.fragments:
                lines.append(self._fragment(fragment))
            return lines
        if isinstance(expr, ir.UnionOf) and expr.discriminator is not None:
            tagged = self._tagged(expr)
            if tagged is not None:
                return tagged
        if isinstance(expr, ir.UnionOf):
            conds = [_paren(self.fast(m, "v")) for m in expr.members]
            return [f"if ({' || '.join(conds) or 'false'}) return true;",
                    f"return {self.use('fail')}(e, p, {ts_str('does not match any of the allowed types')});"]
        if isinstance(expr, ir.Shape):
            return self._fields(list(expr.fields), True, None)
        if isinstance(expr, ir.Ref):
            return [f"return {self.check_name(expr.name)}(v, p, e);"]
        return self.check(expr, x, key)

    def schema(self, node: Any) -> str:
        from schemagen.targets.validators.schema_code import compile_schema

        return compile_schema(self, node)

    def _fragment(self, fragment: str) -> str:
        """One runtime check, as `SchemaCheck` runs it: the schema, on a value without a lone surrogate."""
        fn = self.schema(json.loads(fragment))
        return (f"if (!{fn}(v) || !{self.use('wellFormedDeep')}(v)) {{ if (e === null) return false; "
                f"ok = {self.use('fail')}(e, p, {ts_str('does not satisfy the schema: ' + _keywords(fragment))}); }}")

    # ---- kinds

    def _primitive(self, expr: ir.Primitive, x: str) -> tuple[str, str]:
        c = expr.constraints
        conds: list[str] = []
        notes: list[str] = []
        if expr.kind == "null":
            return f"{x} === null", "expected null"
        if expr.kind == "boolean":
            return f"typeof {x} === \"boolean\"", "expected a boolean"
        if expr.kind == "string":
            conds.append(f"typeof {x} === \"string\"")
            what = "a string"
            if expr.format in FORMATS:
                conds.append(f"{self.use(FORMATS[expr.format])}({x})")
                what = FORMAT_TEXT[expr.format]
            if c.min_length == 1:
                conds.append(f"{x}.length >= 1")
                notes.append("not empty")
            elif c.min_length is not None and c.min_length > 0:
                conds.append(f"({x}.length >= {2 * c.min_length} || {self.use('length')}({x}) >= {c.min_length})")
                notes.append(f"at least {c.min_length} characters")
            if c.max_length is not None:
                conds.append(f"({x}.length <= {c.max_length} || {self.use('length')}({x}) <= {c.max_length})")
                notes.append(f"at most {c.max_length} characters")
            if c.pattern is not None:
                most = backtracking_bound(c.pattern)
                if most is not None:  # as the Python side: a pattern that must backtrack runs on short strings only
                    conds.append(f"({x}.length <= {most} || {self.use('length')}({x}) <= {most})")
                    notes.append(f"at most {most} characters for this pattern")
                conds.append(f"{self.regex(c.pattern)}.test({x})")
                notes.append(f"matching {c.pattern}")
            if c.min_length or c.max_length is not None or c.pattern is not None:
                conds.append(f"{self.use('wellFormed')}({x})")  # as pydantic: no lone surrogate where it measures
            return " && ".join(conds), _expected(what, notes)
        integer = expr.kind == "integer"
        conds.append(f"typeof {x} === \"number\" && Number.isInteger({x})" if integer else f"typeof {x} === \"number\"")
        what = "an integer" if integer else "a number"
        for attr, op, text in (("minimum", ">=", "at least"), ("maximum", "<=", "at most"),
                               ("exclusive_minimum", ">", "greater than"), ("exclusive_maximum", "<", "less than")):
            bound = getattr(c, attr)
            if bound is not None:
                conds.append(f"{x} {op} {_number(bound)}")
                notes.append(f"{text} {_number(bound)}")
        if c.multiple_of is not None:
            step = c.multiple_of
            if integer and isinstance(step, int) and abs(step) < 2**53:
                conds.append(f"{x} % {step} === 0")
            else:
                conds.append(f"{self.use('multipleOf')}({x} as number, {_number(step)})")
            notes.append(f"a multiple of {_number(step)}")
        return " && ".join(conds), _expected(what, notes)

    def _literal(self, values: list[Any], x: str) -> tuple[str, str]:
        if not values:
            return "false", "no value is allowed here"
        shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in values[:8]) + (", ..." if len(values) > 8 else "")
        message = f"expected {shown}" if len(values) == 1 else f"expected one of {shown}"
        if all(v is None or isinstance(v, (str, bool)) or (isinstance(v, (int, float)) and _exact(v)) for v in values):
            if len(values) > 8:
                return f"{self.const('/* @__PURE__ */ new Set<unknown>(' + self.values(values) + ')', 'S')}.has({x})", message
            return "(" + " || ".join(f"{x} === {_value(v)}" for v in values) + ")", message
        return f"{self.use('oneOfValues')}({x}, {self.values(values)})", message

    def _array(self, expr: ir.ArrayOf) -> list[str]:
        c = expr.constraints
        lines = [f"if (!Array.isArray(v)) return {self.use('fail')}(e, p, \"expected an array\");"]
        if c.min_items:
            lines.append(f"if (v.length < {c.min_items}) {{ if (e === null) return false; ok = fail(e, p, "
                         f"{ts_str(f'expected at least {c.min_items} items')}); }}")
        if c.max_items is not None:
            lines.append(f"if (v.length > {c.max_items}) {{ if (e === null) return false; ok = fail(e, p, "
                         f"{ts_str(f'expected at most {c.max_items} items')}); }}")
        if c.min_items or c.max_items is not None:
            self.use("fail")
        if c.unique_items:
            lines.append(f"if (!{self.use('unique')}(v)) {{ if (e === null) return false; ok = {self.use('fail')}(e, p, "
                         "\"expected unique items\"); }")
        for i, position in enumerate(expr.prefix):
            inner = self.check(position, f"v[{i}]", str(i))
            if inner:
                lines.append(f"if (v.length > {i}) {{")
                lines += ["  " + line for line in inner]
                lines.append("}")
        if expr.closed:
            n = len(expr.prefix)
            lines.append(f"if (v.length > {n}) {{ if (e === null) return false; ok = {self.use('fail')}(e, p, "
                         f"{ts_str(f'expected at most {n} items')}); }}")
        else:
            inner = self.check(expr.items, "x", "i")
            if inner:
                lines.append(f"for (let i = {len(expr.prefix)}; i < v.length; i++) {{")
                lines.append("  const x = v[i];")
                lines += ["  " + line for line in inner]
                lines.append("}")
        return lines

    def _map(self, expr: ir.MapOf) -> list[str]:
        c = expr.constraints
        lines = [f"if (!{self.use('isObject')}(v)) return {self.use('fail')}(e, p, \"expected an object\");"]
        for bound, op, text in ((c.min_properties, "<", "at least"), (c.max_properties, ">", "at most")):
            if bound is not None:
                lines.append(f"if ({self.use('size')}(v) {op} {bound}) {{ if (e === null) return false; ok = fail(e, p, "
                             f"{ts_str(f'expected {text} {bound} properties')}); }}")
        inner = self.check(expr.values, "x", "k")
        if inner:
            lines.append("for (const k in v) {")
            lines.append("  const x = v[k];")
            lines += ["  " + line for line in inner]
            lines.append("}")
        return lines

    def _object(self, t: ir.ObjectType) -> list[str]:
        fields = all_fields(t, self.types)
        checks = list(dict.fromkeys(inherited_checks(t, self.types)))
        lines: list[str] = []
        for fragment in checks:  # as CheckedModel: the raw input first
            lines.append(self._fragment(fragment))
        extra = self._extra(t)
        return self._fields(fields, extra, None, lines)

    def _fields(self, fields: list[ir.Field], extra: ir.TypeExpr | bool, _: None, before: list[str] | None = None) -> list[str]:
        lines = [f"if (!{self.use('isObject')}(v)) return {self.use('fail')}(e, p, \"expected an object\");"]
        lines += before or []
        for i, f in enumerate(fields):
            key = ts_str(f.json_name)
            var = f"f{i}"
            read = f"{self.use('own')}(v, {key})" if f.json_name in INHERITED_KEYS else f"v[{key}]"
            inner = self.check(f.type, var, key)
            if not f.required and not inner:
                continue  # any value, or none: nothing to read (tsc --strict refuses an unread const)
            lines.append(f"const {var} = {read};")
            if f.required:
                lines.append(f"if ({var} === undefined) {{ if (e === null) return false; ok = {self.use('fail')}(e, p, "
                             f"{ts_str('missing required property ' + json.dumps(f.json_name, ensure_ascii=False))}); }}")
                if inner:
                    lines.append("else {")
                    lines += ["  " + line for line in inner]
                    lines.append("}")
            elif inner:
                lines.append(f"if ({var} !== undefined) {{")
                lines += ["  " + line for line in inner]
                lines.append("}")
        if extra is not True:
            known = [f.json_name for f in fields]
            lines.append("for (const k in v) {")
            if known:
                lines.append("  switch (k) {")
                lines.append("    " + " ".join(f"case {ts_str(k)}:" for k in known) + " continue;")
                lines.append("  }")
            if extra is False:
                lines.append(f"  if (e === null) return false; ok = {self.use('fail')}(e, p, \"unexpected property\", k);")
            else:
                lines.append("  const x = v[k];")
                lines += ["  " + line for line in self.check(extra, "x", "k")]
            lines.append("}")
        return lines

    def _extra(self, t: ir.ObjectType) -> ir.TypeExpr | bool:
        """What the Pydantic model does with keys beyond its fields: allow (True), forbid (False), or
        validate their values (a type): its own `extra`, else what its class inherits."""
        mode = self._mode(t, 0)
        if mode and not isinstance(t.extra, bool):
            return t.extra
        return mode

    def _mode(self, t: ir.ObjectType, depth: int) -> bool:
        if t.extra is False:
            return False
        parent = self.types.get(t.base) if t.base else None
        if isinstance(parent, ir.ObjectType) and depth < 64 and not flattened(t, self.types, python_narrows):
            return True if parent.extra is False else self._mode(parent, depth + 1)
        return self.open_objects

    def _tagged(self, expr: ir.UnionOf) -> list[str] | None:
        """A discriminated union: a switch on the tag, then the one variant's check."""
        tag = expr.discriminator
        assert tag is not None
        cases: list[tuple[Any, str]] = []
        nullable = False
        for m in expr.members:
            if isinstance(m, ir.Primitive) and m.kind == "null":
                nullable = True
                continue
            if not isinstance(m, ir.Ref):
                return None
            target = self.types.get(m.name)
            if not isinstance(target, ir.ObjectType):
                return None
            value = _tag_of(target, tag, self.types)
            if value is None:
                return None
            cases.append((value, self.check_name(m.name)))
        if len({json.dumps(v) for v, _ in cases}) != len(cases):
            return None
        lines = []
        if nullable:
            lines.append("if (v === null) return true;")
        lines.append(f"if (!{self.use('isObject')}(v)) return {self.use('fail')}(e, p, \"expected an object\");")
        read = f"own(v, {ts_str(tag)})" if tag in INHERITED_KEYS else f"v[{ts_str(tag)}]"
        lines.append(f"switch ({read}) {{")
        for value, fn in cases:
            lines.append(f"  case {_value(value)}: return {fn}(v, p, e);")
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v, _ in cases)
        lines.append(f"  default: return {self.use('fail')}(e, p, {ts_str(f'expected one of {allowed}')}, {ts_str(tag)});")
        lines.append("}")
        return lines


def _tag_of(t: ir.ObjectType, tag: str, types: dict[str, ir.NamedType]) -> Any:
    for f in all_fields(t, types):
        if f.json_name == tag and f.required:
            inner = f.type.inner if isinstance(f.type, ir.Checked) else f.type
            if isinstance(inner, ir.Ref) and isinstance(types.get(inner.name), ir.EnumType):
                values = types[inner.name].values  # type: ignore[union-attr]
            elif isinstance(inner, ir.LiteralOf):
                values = inner.values
            else:
                return None
            if len(values) == 1 and isinstance(values[0], str):
                return values[0]
    return None


def _function(name: str, body: list[str], exported: bool = False) -> str:
    uses_ok = any("ok = " in line for line in body)
    returns = not body or not body[-1].startswith("return ")
    lines = [f"{'export ' if exported else ''}function {name}(v: unknown, p: Path, e: Issues): boolean {{"]
    if uses_ok:
        lines.append("  let ok = true;")
    lines += ["  " + line for line in body]
    if returns:
        lines.append("  return ok;" if uses_ok else "  return true;")
    lines.append("}")
    return "\n".join(lines)


def _paren(cond: str) -> str:
    """The condition as one operand: parenthesised unless it is a call, a name or already wrapped."""
    if " " not in cond or (cond.startswith("(") and cond.endswith(")") and cond.count("(") == 1):
        return cond
    return f"({cond})"


def _expected(what: str, notes: list[str]) -> str:
    return f"expected {what}" + (f" ({', '.join(notes)})" if notes else "")


def _keywords(fragment: str) -> str:
    try:
        node = json.loads(fragment)
    except ValueError:
        return "?"
    if isinstance(node, dict):
        return ", ".join(k for k in node if k != "$defs") or "{}"
    return json.dumps(node)
