"""A JSON Schema fragment (draft 2020-12, as lower/fragments.py cuts it) → straight-line TypeScript
boolean functions, one per subschema: what the Python targets' `SchemaCheck` asks `jsonschema`
at run time, compiled ahead of time, so no schema interpreter ships to the browser.

As on the Python side, `format` is an annotation inside a fragment, patterns are ECMA-262 in
Unicode mode, and `#/$defs/<name>` refers to the schema table every fragment shares
(`ir.Schema.check_defs`). `unevaluatedProperties` / `unevaluatedItems` need what the in-place
applicators beside them evaluated: for those a second flavour of function (`u$N(v, seen)`) adds
the keys and item positions a valid subschema evaluated, as the specification's annotations do.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from schemagen.targets.escape import ts_str
from schemagen.targets.validators.literals import INHERITED_KEYS, _exact, _number, _value, backtracking_bound

if TYPE_CHECKING:
    from schemagen.targets.validators.code import Code

_META = "object or boolean"  # a $ref to a published meta-schema: the value is a schema


def compile_schema(code: Code, node: Any) -> str:
    """The name of `(v: unknown) => boolean` for the schema."""
    return _Compiler(code).plain(node)


class _Compiler:
    def __init__(self, code: Code) -> None:
        self.code = code

    # ---- naming and caching (per module, in code._cache)

    def _key(self, flavor: str, node: Any) -> str:
        return flavor + json.dumps(node, sort_keys=True, ensure_ascii=False)

    def plain(self, node: Any) -> str:
        if node is True:
            return self._const_fn("true")
        if node is False:
            return self._const_fn("false")
        ref = _def_ref(node)
        if ref is not None and len(node) == 1:
            return self._def(ref, "s")
        key = self._key("s", node)
        found = self.code._cache.get(key)
        if found:
            return found
        name = self.code._cache[key] = self.code.fresh("s")
        body = self._body(node) if isinstance(node, dict) else ["return true;"]
        self.code.functions.append(_fn(name, "v: unknown", body))
        return name

    def seen(self, node: Any) -> str:
        """`(v, seen) => boolean`: validates, and when valid adds what it evaluated to `seen`."""
        ref = _def_ref(node)
        if ref is not None and len(node) == 1:
            return self._def(ref, "u")
        key = self._key("u", node)
        found = self.code._cache.get(key)
        if found:
            return found
        name = self.code._cache[key] = self.code.fresh("u")
        self.code.functions.append(_fn(name, f"v: unknown, seen: {self.code.use('Seen')}", self._annotate(node)))
        return name

    def _const_fn(self, value: str) -> str:
        key = "const:" + value
        found = self.code._cache.get(key)
        if found:
            return found
        name = self.code._cache[key] = self.code.fresh("s")
        self.code.functions.append(_fn(name, "_v: unknown", [f"return {value};"]))
        return name

    def _def(self, ref: str, flavor: str) -> str:
        """The function of a shared definition (named before its body is compiled: cycles)."""
        name = f"{flavor}${ref}"
        key = f"def:{name}"
        if key in self.code._cache:
            return name
        self.code._cache[key] = name
        body = self.code.check_defs.get(ref, True)
        if flavor == "s":
            lines = self._body(body) if isinstance(body, dict) else [f"return {'true' if body is not False else 'false'};"]
            self.code.functions.append(_fn(name, "v: unknown", lines))
        else:
            self.code.functions.append(_fn(name, f"v: unknown, seen: {self.code.use('Seen')}", self._annotate(body)))
        return name

    # ---- validation

    def _body(self, s: dict[str, Any]) -> list[str]:
        c = self.code
        out: list[str] = []

        def need(cond: str) -> None:
            out.append(f"if (!{_paren(cond)}) return false;")

        types = s.get("type")
        if isinstance(types, str):
            types = [types]
        if isinstance(types, list):
            need(" || ".join(_type_test(t, "v", c) for t in types) or "false")
        if "const" in s:
            need(self._equals("v", [s["const"]]))
        if isinstance(s.get("enum"), list):
            need(self._equals("v", s["enum"]))
        ref = s.get("$ref")
        if isinstance(ref, str):
            target = _def_name(ref)
            if target is None:
                from schemagen.targets.validators.meta import meta_defs

                target = meta_defs(ref, c.check_defs)
            if target is not None:
                need(f"{self._def(target, 's')}(v)")
            else:  # not a schema schemagen knows: the value is a schema, an object or a boolean
                need(_type_test("object", "v", c) + " || typeof v === \"boolean\"")
        out += self._strings(s) + self._numbers(s) + self._arrays(s) + self._objects(s)
        for sub in _list(s.get("allOf")):
            need(f"{self.plain(sub)}(v)")
        any_of = _list(s.get("anyOf"))
        if any_of:
            need(" || ".join(f"{self.plain(sub)}(v)" for sub in any_of))
        one_of = _list(s.get("oneOf"))
        if one_of:
            out.append("{")
            out.append("  let n = 0;")
            for sub in one_of:
                out.append(f"  if ({self.plain(sub)}(v) && ++n > 1) return false;")
            out.append("  if (n !== 1) return false;")
            out.append("}")
        if "not" in s:
            out.append(f"if ({self.plain(s['not'])}(v)) return false;")
        if "if" in s and ("then" in s or "else" in s):
            cond = f"{self.plain(s['if'])}(v)"
            then = f"{self.plain(s['then'])}(v)" if "then" in s else "true"
            other = f"{self.plain(s['else'])}(v)" if "else" in s else "true"
            need(f"{cond} ? {then} : {other}")
        if "unevaluatedProperties" in s or "unevaluatedItems" in s:
            out += self._unevaluated(s)
        out.append("return true;")
        return out

    def _equals(self, x: str, values: list[Any]) -> str:
        if not values:
            return "false"
        if all(v is None or isinstance(v, (str, bool)) or (isinstance(v, (int, float)) and _exact(v)) for v in values):
            return " || ".join(f"{x} === {_value(v)}" for v in values)
        return f"{self.code.use('oneOfValues')}({x}, {self.code.values(values)})"

    def _strings(self, s: dict[str, Any]) -> list[str]:
        c = self.code
        conds = []
        if isinstance(s.get("minLength"), (int, float)) and s["minLength"] > 0:
            n = s["minLength"]
            conds.append(f"(v.length >= {_num(2 * n)} || {c.use('length')}(v) >= {_num(n)})")
        if isinstance(s.get("maxLength"), (int, float)):
            n = s["maxLength"]
            conds.append(f"(v.length <= {_num(n)} || {c.use('length')}(v) <= {_num(n)})")
        if isinstance(s.get("pattern"), str):
            most = backtracking_bound(s["pattern"])
            if most is not None:  # the Python side's bound for a pattern that must backtrack
                conds.append(f"(v.length <= {most} || {c.use('length')}(v) <= {most})")
            conds.append(f"{c.regex(s['pattern'])}.test(v)")
        if not conds:
            return []
        return ["if (typeof v === \"string\") {"] + [f"  if (!{_paren(x)}) return false;" for x in conds] + ["}"]

    def _numbers(self, s: dict[str, Any]) -> list[str]:
        conds = []
        for key, op in (("minimum", ">="), ("maximum", "<="), ("exclusiveMinimum", ">"), ("exclusiveMaximum", "<")):
            value = s.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                conds.append(f"v {op} {_num(value)}")
        step = s.get("multipleOf")
        if isinstance(step, int) and not isinstance(step, bool) and 0 < step < 2**53:
            conds.append(f"v % {step} === 0")  # jsonschema: `instance % dB`
        elif isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
            conds.append(f"{self.code.use('quotientIsInteger')}(v, {_num(step)})")
        if not conds:
            return []
        return ["if (typeof v === \"number\") {"] + [f"  if (!({x})) return false;" for x in conds] + ["}"]

    def _arrays(self, s: dict[str, Any]) -> list[str]:
        c = self.code
        lines: list[str] = []
        if isinstance(s.get("minItems"), (int, float)):
            lines.append(f"if (v.length < {_num(s['minItems'])}) return false;")
        if isinstance(s.get("maxItems"), (int, float)):
            lines.append(f"if (v.length > {_num(s['maxItems'])}) return false;")
        if s.get("uniqueItems") is True:
            lines.append(f"if (!{c.use('unique')}(v)) return false;")
        prefix = _list(s.get("prefixItems"))
        for i, sub in enumerate(prefix):
            if sub is not True:
                lines.append(f"if (v.length > {i} && !{self.plain(sub)}(v[{i}])) return false;")
        items = s.get("items")
        if items is False:
            lines.append(f"if (v.length > {len(prefix)}) return false;")
        elif isinstance(items, dict) and items:
            fn = self.plain(items)
            lines.append(f"for (let i = {len(prefix)}; i < v.length; i++) if (!{fn}(v[i])) return false;")
        if "contains" in s:
            fn = self.plain(s["contains"])
            low = s.get("minContains", 1)
            high = s.get("maxContains")
            low = low if isinstance(low, (int, float)) and not isinstance(low, bool) else 1
            lines.append("{")
            lines.append("  let n = 0;")
            lines.append(f"  for (let i = 0; i < v.length; i++) if ({fn}(v[i])) n++;")
            lines.append(f"  if (n < {_num(low)}) return false;")
            if isinstance(high, (int, float)) and not isinstance(high, bool):
                lines.append(f"  if (n > {_num(high)}) return false;")
            lines.append("}")
        if not lines:
            return []
        return ["if (Array.isArray(v)) {"] + ["  " + x for x in lines] + ["}"]

    def _objects(self, s: dict[str, Any]) -> list[str]:
        c = self.code
        lines: list[str] = []
        if isinstance(s.get("minProperties"), (int, float)):
            lines.append(f"if ({c.use('size')}(v) < {_num(s['minProperties'])}) return false;")
        if isinstance(s.get("maxProperties"), (int, float)):
            lines.append(f"if ({c.use('size')}(v) > {_num(s['maxProperties'])}) return false;")
        for name in _list(s.get("required")):
            if isinstance(name, str):
                lines.append(f"if (!({_has('v', name, c)})) return false;")
        props = _map(s.get("properties"))
        for name, sub in props.items():
            if sub is True:
                continue
            lines.append(f"if ({_has('v', name, c)} && !{self.plain(sub)}(v[{ts_str(name)}])) return false;")
        for name, needed in (s.get("dependentRequired") or {}).items() if isinstance(s.get("dependentRequired"), dict) else ():
            if isinstance(needed, list) and needed:
                names = " && ".join(_has("v", n, c) for n in needed if isinstance(n, str)) or "true"
                lines.append(f"if ({_has('v', name, c)} && !({names})) return false;")
        for name, sub in (s.get("dependentSchemas") or {}).items() if isinstance(s.get("dependentSchemas"), dict) else ():
            lines.append(f"if ({_has('v', name, c)} && !{self.plain(sub)}(v)) return false;")
        patterns = _map(s.get("patternProperties"))
        additional = s.get("additionalProperties", True)
        names = s.get("propertyNames", True)
        if patterns or additional is not True or names is not True:
            lines.append("for (const k in v) {")
            if names is not True:
                lines.append(f"  if (!{self.plain(names)}(k)) return false;")
            matched = []
            bounds = [most for pat in patterns if (most := backtracking_bound(pat)) is not None]
            if bounds:  # every key is matched against every pattern: one longer than a bound fails the check
                lines.append(f"  if (k.length > {min(bounds)} && {c.use('length')}(k) > {min(bounds)}) return false;")
            for pat, sub in patterns.items():
                regex = c.regex(pat)
                if sub is True:
                    matched.append(f"{regex}.test(k)")
                    continue
                lines.append(f"  if ({regex}.test(k) && !{self.plain(sub)}(v[k])) return false;")
                matched.append(f"{regex}.test(k)")
            if additional is not True:
                known = [ts_str(n) for n in props]
                tests = [f"k === {n}" for n in known] + matched
                skip = f"  if ({' || '.join(tests)}) continue;" if tests else None
                if skip:
                    lines.append(skip)
                lines.append(f"  if (!{self.plain(additional)}(v[k])) return false;")
            lines.append("}")
        if not lines:
            return []
        return [f"if ({c.use('isObject')}(v)) {{"] + ["  " + x for x in lines] + ["}"]

    # ---- unevaluatedProperties / unevaluatedItems

    def _unevaluated(self, s: dict[str, Any]) -> list[str]:
        c = self.code
        rest = {k: v for k, v in s.items() if k not in ("unevaluatedProperties", "unevaluatedItems")}
        lines = [f"const seen: {c.use('Seen')} = {{ keys: new Set<string>(), items: 0, matched: new Set<number>() }};",
                 f"{self.seen(rest)}(v, seen);"]
        if "unevaluatedProperties" in s and s["unevaluatedProperties"] is not True:
            fn = self.plain(s["unevaluatedProperties"])
            lines.append(f"if ({c.use('isObject')}(v)) for (const k in v) if (!seen.keys.has(k) && !{fn}(v[k])) return false;")
        if "unevaluatedItems" in s and s["unevaluatedItems"] is not True:
            fn = self.plain(s["unevaluatedItems"])
            lines.append("if (Array.isArray(v)) for (let i = seen.items; i < v.length; i++) "
                         f"if (!seen.matched.has(i) && !{fn}(v[i])) return false;")
        return lines

    def _annotate(self, node: Any) -> list[str]:
        """The body of `u$N(v, seen)`: false when invalid; else what the schema evaluated, added."""
        c = self.code
        if node is False:
            return ["return false;"]
        if not isinstance(node, dict):
            return ["return true;"]
        s = node
        lines = [f"if (!{self.plain(s)}(v)) return false;"]
        obj: list[str] = []
        props = _map(s.get("properties"))
        for name in props:
            obj.append(f"if ({_has('v', name, c)}) seen.keys.add({ts_str(name)});")
        patterns = _map(s.get("patternProperties"))
        if "additionalProperties" in s or "unevaluatedProperties" in s:
            obj.append("for (const k in v) seen.keys.add(k);")
        elif patterns:
            tests = " || ".join(f"{c.regex(p)}.test(k)" for p in patterns)
            obj.append(f"for (const k in v) if ({tests}) seen.keys.add(k);")
        for name, sub in (s.get("dependentSchemas") or {}).items() if isinstance(s.get("dependentSchemas"), dict) else ():
            obj.append(f"if ({_has('v', name, c)}) {self.seen(sub)}(v, seen);")
        if obj:
            lines += [f"if ({c.use('isObject')}(v)) {{"] + ["  " + x for x in obj] + ["}"]
        arr: list[str] = []
        prefix = _list(s.get("prefixItems"))
        if prefix:
            arr.append(f"if (seen.items < {len(prefix)}) seen.items = Math.min({len(prefix)}, v.length);")
        if "items" in s or "unevaluatedItems" in s:
            arr.append("seen.items = v.length;")
        if "contains" in s:
            arr.append(f"for (let i = 0; i < v.length; i++) if ({self.plain(s['contains'])}(v[i])) seen.matched.add(i);")
        if arr:
            lines += ["if (Array.isArray(v)) {"] + ["  " + x for x in arr] + ["}"]
        ref = s.get("$ref")
        if isinstance(ref, str) and _def_name(ref) is not None:
            lines.append(f"{self._def(_def_name(ref), 'u')}(v, seen);")  # type: ignore[arg-type]
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in _list(s.get(key)):
                lines.append(f"{self.seen(sub)}(v, seen);")  # each adds only when it is valid
        if "if" in s:
            then = f"{self.seen(s['then'])}(v, seen);" if "then" in s else ""
            other = f"{self.seen(s['else'])}(v, seen);" if "else" in s else ""
            lines.append(f"if ({self.seen(s['if'])}(v, seen)) {{ {then} }} else {{ {other} }}")
        lines.append("return true;")
        return lines


def _fn(name: str, params: str, body: list[str]) -> str:
    return "\n".join([f"function {name}({params}): boolean {{"] + ["  " + x for x in body] + ["}"])


def _paren(cond: str) -> str:
    return f"({cond})"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _def_name(ref: str) -> str | None:
    prefix = "#/$defs/"
    return ref[len(prefix):] if ref.startswith(prefix) and "/" not in ref[len(prefix):] else None


def _def_ref(node: Any) -> str | None:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return _def_name(node["$ref"])
    return None


def _type_test(t: str, x: str, c: Code) -> str:
    return {
        "string": f"typeof {x} === \"string\"", "number": f"typeof {x} === \"number\"",
        "integer": f"Number.isInteger({x})", "boolean": f"typeof {x} === \"boolean\"", "null": f"{x} === null",
        "array": f"Array.isArray({x})", "object": f"{c.use('isObject')}({x})",
    }.get(t, "false")


def _has(x: str, name: str, c: Code) -> str:
    if name in INHERITED_KEYS:
        return f"{c.use('own')}({x}, {ts_str(name)}) !== undefined"
    return f"{x}[{ts_str(name)}] !== undefined"


def _num(v: Any) -> str:
    return _number(v)
