"""Consumer code for the source oracle: code written against the OLD generated types that reads
every field, constructs every type from its required fields, and matches unions and enums
exhaustively. It is compiled against the NEW generated types; a compiler error there is a source
break for that target (tests/review/oracle.py).

Python consumers (Pydantic and TypedDict) are written from the old generated modules themselves
(their `ast`), so every annotation is spelt exactly as the generator spelt it for old, and resolves
against new through the same imports: a moved or renamed type fails its import, a changed field
fails its assignment. TypeScript consumers import old and new side by side (`import type`; the
TypeScript target is structural) and assign between them field by field.
"""

from __future__ import annotations

import ast
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from schemagen import ir

BUILTIN_CLASSES = {"str", "int", "float", "bool", "list", "dict", "bytes"}


@dataclass
class _Class:
    module: str
    name: str
    kind: str  # "model" | "typeddict" | "enum"
    bases: list[str]  # other generated classes, as dotted module.Name
    fields: list[tuple[str, str, bool, str]] = field(default_factory=list)  # (attr/key, annotation, required, keyword)
    members: list[str] = field(default_factory=list)
    total: bool = True
    node: ast.ClassDef | None = None


@dataclass
class _Module:
    dotted: str
    imports: list[str]
    names: dict[str, str]  # local name → dotted module.Name for generated types imported
    classes: dict[str, _Class]
    aliases: dict[str, ast.expr]  # TypeAlias name → value expression


def _dotted(rel: str) -> str:
    parts = list(PurePosixPath(rel).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, dotted: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = dotted.split(".") if is_package else dotted.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _call_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        f = node.func
        return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    return ""


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _strip(ann: ast.expr, wrappers: tuple[str, ...]) -> tuple[ast.expr, set[str]]:
    seen: set[str] = set()
    while isinstance(ann, ast.Subscript):
        head = ann.value.attr if isinstance(ann.value, ast.Attribute) else getattr(ann.value, "id", "")
        if head not in wrappers:
            break
        seen.add(head)
        ann = ann.slice
    return ann, seen


def _parse(rel: str, text: str, package: str, target: str) -> _Module:
    dotted = _dotted(rel)
    is_package = rel.endswith("__init__.py")
    tree = ast.parse(text)
    imports: list[str] = []
    names: dict[str, str] = {}
    classes: dict[str, _Class] = {}
    aliases: dict[str, ast.expr] = {}

    def retarget(mod: str) -> str:
        return target + mod[len(package):] if mod == package or mod.startswith(package + ".") else mod

    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            mod = _absolute(node, dotted, is_package)
            if mod == "__future__":
                continue
            imports.append(f"from {retarget(mod)} import " + ", ".join(
                a.name + (f" as {a.asname}" if a.asname else "") for a in node.names))
            if mod.startswith(package):
                for a in node.names:
                    names[a.asname or a.name] = f"{mod}.{a.name}"
        elif isinstance(node, ast.Import):
            imports.append(ast.unparse(node))
        elif isinstance(node, ast.ClassDef):
            classes[node.name] = _class(node, dotted)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None \
                and ast.unparse(node.annotation).endswith("TypeAlias"):
            aliases[node.target.id] = node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and _call_name(node.value) == "TypeAliasType" and isinstance(node.value, ast.Call) \
                and len(node.value.args) > 1 and isinstance(node.value.args[1], ast.Constant):
            aliases[node.targets[0].id] = ast.parse(str(node.value.args[1].value), mode="eval").body  # recursive alias
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and _call_name(node.value) == "TypedDict" and isinstance(node.value, ast.Call):
            classes[node.targets[0].id] = _functional_typeddict(node.targets[0].id, node.value, dotted)
    for c in classes.values():
        c.bases = [names.get(b, f"{dotted}.{b}") for b in c.bases]
    return _Module(dotted, imports, names, classes, aliases)


def _root_kind(dotted: str, by_dotted: dict[str, _Class]) -> str:
    c = by_dotted.get(dotted)
    if c is None:
        return ""
    return "typeddict" if c.kind == "typeddict" else next(
        (k for b in c.bases if (k := _root_kind(b, by_dotted))), c.kind)


def _class(node: ast.ClassDef, dotted: str, force: str = "") -> _Class:
    bases = [ast.unparse(b) for b in node.bases]
    if any(b.endswith("Enum") for b in bases):
        members = [t.id for s in node.body if isinstance(s, ast.Assign) for t in s.targets
                   if isinstance(t, ast.Name) and not t.id.startswith("_")]
        return _Class(dotted, node.name, "enum", [], members=members)
    kind = force or ("typeddict" if any(b.endswith("TypedDict") for b in bases) else "model")
    total = not any(k.arg == "total" and isinstance(k.value, ast.Constant) and k.value.value is False
                    for k in node.keywords)
    c = _Class(dotted, node.name, kind, [b for b in bases if "." not in b and b not in ("TypedDict", "Generic")],
               total=total, node=node)
    for s in node.body:
        if not isinstance(s, ast.AnnAssign) or not isinstance(s.target, ast.Name) \
                or (kind == "model" and (s.target.id == "model_config" or s.target.id.startswith("_"))):
            continue  # pydantic's config, __pydantic_extra__ and private attributes (a TypedDict key is a key)
        if "ClassVar" in ast.unparse(s.annotation):
            continue
        if kind == "typeddict":
            ann, seen = _strip(s.annotation, ("NotRequired", "Required", "ReadOnly"))
            required = "Required" in seen or (total and "NotRequired" not in seen)
            c.fields.append((s.target.id, ast.unparse(ann), required, s.target.id))
        else:
            value = s.value
            required = value is None or (_call_name(value) == "Field" and isinstance(value, ast.Call)
                                         and _keyword(value, "default") is None
                                         and _keyword(value, "default_factory") is None
                                         and (not value.args or ast.unparse(value.args[0]) == "..."))
            alias = _keyword(value, "alias") if isinstance(value, ast.Call) else None
            keyword = alias.value if isinstance(alias, ast.Constant) and isinstance(alias.value, str) else s.target.id
            c.fields.append((s.target.id, ast.unparse(s.annotation), required, keyword))
    return c


def _functional_typeddict(name: str, call: ast.Call, dotted: str) -> _Class:
    total = _keyword(call, "total")
    # the functional form with PEP 728 extra_items is one mypy does not read at all (the generator
    # marks it `type: ignore[misc]`): code against it is not checked, so the oracle writes none
    kind = "opaque" if _keyword(call, "extra_items") is not None else "typeddict"
    c = _Class(dotted, name, kind, [], total=not (isinstance(total, ast.Constant) and total.value is False))
    if len(call.args) > 1 and isinstance(call.args[1], ast.Dict):
        for k, v in zip(call.args[1].keys, call.args[1].values):
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                ann, seen = _strip(v, ("NotRequired", "Required", "ReadOnly"))
                c.fields.append((k.value, ast.unparse(ann), "Required" in seen or (c.total and "NotRequired" not in seen),
                                 k.value))
    return c


def _all_fields(c: _Class, by_dotted: dict[str, _Class]) -> list[tuple[str, str, bool, str]]:
    out: dict[str, tuple[str, str, bool, str]] = {}
    for b in c.bases:
        base = by_dotted.get(b)
        if base is not None:
            out.update((f[0], f) for f in _all_fields(base, by_dotted))
    out.update((f[0], f) for f in c.fields)
    return list(out.values())


def _members(expr: ast.expr) -> list[ast.expr]:
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return _members(expr.left) + _members(expr.right)
    return [expr]


def python_consumer(files: dict[str, str], package: str, target: str) -> dict[str, str]:
    """{module file name: consumer source} for the old generated package `package` (files keyed by
    their path under python/), importing from `target` instead."""
    modules = [_parse(rel[len("python/"):], text, package, target) for rel, text in sorted(files.items())
               if rel.startswith(f"python/{package}/") and rel.endswith(".py") and not rel.endswith("_schemagen.py")]
    by_dotted = {f"{m.dotted}.{n}": c for m in modules for n, c in m.classes.items()}
    for c in by_dotted.values():  # a class extending a TypedDict is one: read its body again as such
        if c.kind == "model" and c.node is not None and any(_root_kind(b, by_dotted) == "typeddict" for b in c.bases):
            again = _class(c.node, c.module, "typeddict")
            c.kind, c.fields, c.total = "typeddict", again.fields, again.total
    out: dict[str, str] = {}
    for i, m in enumerate(modules):
        defined = sorted(set(m.classes) | set(m.aliases))
        if not defined:
            continue
        here = target + m.dotted[len(package):]
        lines = ["from __future__ import annotations", "from typing import Any, assert_never", *m.imports,
                 f"from {here} import " + ", ".join(defined), ""]
        for name, c in m.classes.items():
            lines += _python_class(c, _all_fields(c, by_dotted))
        for name, value in m.aliases.items():
            lines += _python_alias(name, value, m, by_dotted)
        out[f"m{i}.py"] = "\n".join(lines) + "\n"
    return out


def python_unchecked(files: dict[str, str], package: str) -> set[str]:
    """Names of the types the Python consumer writes no code for (see _functional_typeddict)."""
    modules = [_parse(rel[len("python/"):], text, package, package) for rel, text in sorted(files.items())
               if rel.startswith(f"python/{package}/") and rel.endswith(".py") and not rel.endswith("_schemagen.py")]
    return {n for m in modules for n, c in m.classes.items() if c.kind == "opaque"}


def _python_class(c: _Class, fields: list[tuple[str, str, bool, str]]) -> list[str]:
    n = c.name
    if c.kind == "opaque":
        return []
    if c.kind == "enum":
        cases = [f"        case {n}.{m}:\n            pass" for m in c.members]
        return [f"def match_{n}(v: {n}) -> None:", "    match v:", *cases,
                "        case _:", "            assert_never(v)", ""]
    lines = [f"def read_{n}(o: {n}) -> None:"]
    for j, (attr, ann, required, _) in enumerate(fields):
        if c.kind == "typeddict":
            lines.append(f"    v{j}: {ann} = o[{attr!r}]" if required else
                         f"    v{j}: {ann} | None = o[{attr!r}] if {attr!r} in o else None")
        else:
            lines.append(f"    v{j}: {ann} = o.{attr}")
    lines.append("    pass")
    need = [(j, f) for j, f in enumerate(fields) if f[2]]
    params = ", ".join(f"a{j}: {f[1]}" for j, f in need)
    lines.append(f"def make_{n}({params}) -> {n}:")
    if c.kind == "typeddict":
        lines.append("    return {" + ", ".join(f"{f[3]!r}: a{j}" for j, f in need) + "}")
    else:
        lines.append(f"    return {n}(" + ", ".join(f"{f[3]}=a{j}" if f[3].isidentifier() else f"**{{{f[3]!r}: a{j}}}"
                                                 for j, f in need) + ")")
    return lines + [""]


def _python_alias(name: str, value: ast.expr, m: _Module, by_dotted: dict[str, _Class]) -> list[str]:
    spelt = ast.unparse(value)
    lines = [f"def read_{name}(v: {name}) -> None:", f"    w: {spelt} = v", "",
             f"def make_{name}(w: {spelt}) -> {name}:", "    return w", ""]
    inner, _seen = _strip(value, ("Annotated",))
    if isinstance(value, ast.Subscript) and "Annotated" in _seen and isinstance(value.slice, ast.Tuple):
        inner = value.slice.elts[0]
    if isinstance(inner, ast.Subscript) and ast.unparse(inner.value).endswith("Literal"):
        values = inner.slice.elts if isinstance(inner.slice, ast.Tuple) else [inner.slice]
        if all(isinstance(x, ast.Constant) and isinstance(x.value, (str, int)) and not isinstance(x.value, bool)
               for x in values):
            cases = [f"        case {ast.unparse(x)}:\n            pass" for x in values]
            lines += [f"def match_{name}(v: {name}) -> None:", "    match v:", *cases,
                      "        case _:", "            assert_never(v)", "",
                      f"def make_all_{name}() -> list[{name}]:",
                      "    return [" + ", ".join(ast.unparse(x) for x in values) + "]", ""]
        return lines
    members = _members(inner)
    patterns = []
    for x in members:
        text = ast.unparse(x)
        target_class = by_dotted.get(m.names.get(text, f"{m.dotted}.{text}"))
        if text in BUILTIN_CLASSES or (target_class is not None and target_class.kind in ("model", "enum")):
            patterns.append(f"{text}()")
        elif text == "None":
            patterns.append("None")
        else:
            return lines
    if len(patterns) > 1:
        cases = [f"        case {p}:\n            pass" for p in patterns]
        lines += [f"def match_{name}(v: {name}) -> None:", "    match v:", *cases,
                  "        case _:", "            assert_never(v)", ""]
    return lines


def typescript_consumer(schema: ir.Schema, names: dict[str, str], module_file: dict[str, str],
                        old: str, new: str) -> str:
    """One consumer file: for every old named type, read it from new and build new from old.
    `names`: type key → TypeScript name; `module_file`: module → path of its .ts file (no suffix)."""
    types = schema.types_by_key()
    modules = sorted({t.module for t in types.values()})
    alias = {m: f"M{i}" for i, m in enumerate(modules)}
    lines = []
    for m in modules:
        lines.append(f'import type * as O{alias[m]} from "{old}/{module_file[m]}.js";')
        lines.append(f'import type * as N{alias[m]} from "{new}/{module_file[m]}.js";')
    lines.append("")

    def fields_of(t: ir.ObjectType) -> list[ir.Field]:
        base = types.get(t.base) if t.base else None
        inherited = fields_of(base) if isinstance(base, ir.ObjectType) else []
        own = {f.json_name for f in t.fields}
        return [f for f in inherited if f.json_name not in own] + list(t.fields)

    for key, t in sorted(types.items()):
        n = names[key]
        O, N = f"O{alias[t.module]}.{n}", f"N{alias[t.module]}.{n}"
        fid = f"{alias[t.module]}_{n}"
        if isinstance(t, ir.ObjectType) and not t.variants:
            pass  # an interface: typescript_spelled_consumers
        elif isinstance(t, ir.ObjectType):
            fields = fields_of(t)
            lines.append(f"export function read_{fid}(o: {N}): void {{")
            for j, f in enumerate(fields):
                lines.append(f"  const v{j}: {O}[{json.dumps(f.json_name)}] = o[{json.dumps(f.json_name)}];")
            lines.append("}")
            # `Obj & (A | B)`: its required fields alone do not build it
        elif isinstance(t, ir.EnumType):
            values = [v for v in t.values if isinstance(v, (str, int, float, bool))]
            lines.append(f"export function match_{fid}(v: {N}): void {{")
            lines.append("  switch (v) {")
            lines += [f"    case {json.dumps(v)}: break;" for v in values]
            lines.append("    default: { const never_: never = v; void never_; }")
            lines.append("  }")
            lines.append("}")
            lines.append(f"export function make_{fid}(): {N}[] {{ return [{', '.join(json.dumps(v) for v in values)}]; }}")
        else:  # read and built from the old spelling: typescript_spelled_consumers
            tag = t.discriminator if isinstance(t, ir.UnionType) else None
            tag_values = _tags(t, types) if tag else None
            if tag and tag_values:
                lines.append(f"export function match_{fid}(v: {N}): void {{")
                lines.append(f"  switch (v[{json.dumps(tag)}]) {{")
                lines += [f"    case {json.dumps(v)}: break;" for v in tag_values]
                lines.append("    default: { const never_: never = v; void never_; }")
                lines.append("  }")
                lines.append("}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _tags(t: ir.NamedType, types: dict[str, ir.NamedType]) -> list[str] | None:
    """The tag values of a discriminated union whose every variant pins its tag to literals."""
    if not isinstance(t, ir.UnionType) or not t.discriminator:
        return None
    out: list[str] = []
    for m in t.members:
        target = types.get(m.name) if isinstance(m, ir.Ref) else None
        if not isinstance(target, ir.ObjectType):
            return None
        tag = next((f for f in target.fields if f.json_name == t.discriminator), None)
        if tag is None or not tag.required or not isinstance(tag.type, ir.LiteralOf):
            return None
        out += [v for v in tag.type.values if isinstance(v, str) and v not in out]
    return out


_TS_IMPORT = re.compile(r"^import\b[^;]*?from\s+\"[^\"]+\";", re.M | re.S)
_TS_ALIAS = re.compile(r"^export type (\w+)(?:<[^=]*>)? = ", re.M)
_TS_DEFINED = re.compile(r"^export (?:interface|type|const|enum|class) (\w+)", re.M)


_TS_INTERFACE = re.compile(r"^export interface (\w+)(?: extends ([^{]+))? \{\n(.*?)^\}", re.M | re.S)


def _ts_members(body: str) -> dict[str, tuple[str, bool]]:
    """{key: (type as spelt, optional)} of an interface body (index signatures left out)."""
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    out: dict[str, tuple[str, bool]] = {}
    for part in _ts_split(body):
        part = part.strip()
        if part.startswith("readonly "):
            part = part[len("readonly "):]
        if not part or part.startswith("["):
            continue
        if part.startswith('"'):
            end = part.index('"', 1)
            while part[end - 1] == "\\":
                end = part.index('"', end + 1)
            key, rest = json.loads(part[: end + 1]), part[end + 1:]
        else:
            m = re.match(r"([\w$]+)", part)
            if not m:
                continue
            key, rest = m.group(1), part[m.end():]
        optional = rest.startswith("?")
        out[key] = (rest.lstrip("?").lstrip(":").strip(), optional)
    return out


def _ts_split(text: str) -> list[str]:
    parts, depth, quote, cur = [], 0, "", ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>" and not (ch == ">" and text[i - 1] == "="):
            depth -= 1
        elif ch == ";" and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        cur += ch
    return parts + [cur]


def typescript_spelled_consumers(files: dict[str, str], required: dict[tuple[str, str], list[str]],
                                 skip: set[str]) -> dict[str, str]:
    """{module path beside the new one, e.g. "shop/order.oracle.ts": source} for every old module:
    each interface's fields read with their old spelling and the interface built from its required
    fields (`required`: (file, name) → JSON keys, inherited ones too), each alias's old right-hand side read
    from and built into the new alias. Placed in the new tree, so the old imports (relative)
    resolve against new, exactly as code written against old would. `skip`: object types spelt as
    aliases (`{...} & (A | B)`), read field by field in use.ts instead."""
    interfaces: dict[tuple[str, str], dict[str, tuple[str, bool]]] = {}  # (file, name): two files may share a name
    bases: dict[tuple[str, str], list[str]] = {}
    for rel, text in files.items():
        for m in _TS_INTERFACE.finditer(text):
            interfaces[(rel, m.group(1))] = _ts_members(m.group(3))
            bases[(rel, m.group(1))] = [b.strip() for b in (m.group(2) or "").split(",") if b.strip()]

    def find(rel: str, name: str) -> tuple[str, str] | None:
        """A base interface: in the same file, else in the file the name is imported from."""
        if (rel, name) in interfaces:
            return (rel, name)
        for imp in _TS_IMPORT.findall(files[rel]):
            if re.search(rf"\b{re.escape(name)}\b", imp):
                target = re.search(r'from\s+"([^"]+)"', imp)
                if target:
                    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target.group(1)))
                    path = path[:-3] + ".ts" if path.endswith(".js") else path
                    if (path, name) in interfaces:
                        return (path, name)
        return None

    def members(at: tuple[str, str], seen: frozenset[tuple[str, str]] = frozenset()) -> dict[str, tuple[str, bool]]:
        out: dict[str, tuple[str, bool]] = {}
        for b in bases.get(at, []):
            found = find(at[0], b)
            if found is not None and found not in seen:
                out.update(members(found, seen | {at}))
        out.update(interfaces.get(at, {}))
        return out

    out = {}
    for rel, text in sorted(files.items()):
        if not rel.endswith(".ts") or rel.endswith("index.ts"):
            continue
        lines: list[str] = []
        for m in _TS_INTERFACE.finditer(text):
            name = m.group(1)
            fields = members((rel, name))
            lines.append(f"export function oracle_read_{name}(o: {name}): void {{")
            for j, (key, (spelt, optional)) in enumerate(fields.items()):
                lines.append(f"  const v{j}: {spelt}{' | undefined' if optional else ''} = o[{json.dumps(key)}];")
            lines.append("}")
            need = [(j, k) for j, k in enumerate(required.get((rel, name), [])) if k in fields]
            params = ", ".join(f"a{j}: {fields[k][0]}" for j, k in need)
            lines.append(f"export function oracle_make_{name}({params}): {name} {{")
            lines.append("  return {" + ", ".join(f"{json.dumps(k)}: a{j}" for j, k in need) + "};")
            lines.append("}")
        for m in _TS_ALIAS.finditer(text):
            rhs = _ts_rhs(text, m.end())
            if rhs is not None and m.group(1) not in skip:
                lines.append(f"export function oracle_read_{m.group(1)}(v: {m.group(1)}): {rhs} {{ return v; }}")
                lines.append(f"export function oracle_make_{m.group(1)}(v: {rhs}): {m.group(1)} {{ return v; }}")
        if not lines:
            continue
        base = PurePosixPath(rel).stem
        local = sorted(set(_TS_DEFINED.findall(text)))
        head = [*_TS_IMPORT.findall(text), f'import type {{ {", ".join(local)} }} from "./{base}.js";', ""]
        out[str(PurePosixPath(rel).with_suffix("")) + ".oracle.ts"] = "\n".join(head + lines) + "\n"
    return out


def _ts_rhs(text: str, start: int) -> str | None:
    """The type after `export type X = ` up to its `;` (outside brackets and strings)."""
    depth, quote, i = 0, "", start
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
        elif ch in ")]}>" and not (ch == ">" and text[i - 1] == "="):
            depth -= 1
        elif ch == ";" and depth == 0:
            return text[start:i].strip()
        i += 1
    return None
