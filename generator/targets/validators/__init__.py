"""Stage 5, plan (TypeScript validators): IR module → view model of check functions and, per type
`X`, an exported `XSchema` (a Standard Schema v1 validator whose output type is the declared `X`).

The validators live in their own folder (the `validators` target owns it, as every target owns
its folder), one module per schema file at the same relative path as the declarations, which they
import with `import type`. The check code is computed in code.py / schema_code.py; the template
only lays it out.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from schemagen import ir
from schemagen.naming import TargetNames
from schemagen.targets.common import HEADER_MARK, header
from schemagen.targets.escape import ts_str
from schemagen.targets.validators.code import Code

RUNTIME = "_schemagen"  # the shared runtime module, at the folder's root
TYPE_NAMES = frozenset({"Issues", "Path", "Seen", "Validator"})  # (`guard`, `MAX_DEPTH` are values)  # imported with `import type`


@dataclass(frozen=True)
class Export:
    schema: str  # `XSchema`
    type: str  # `T.X`
    check: str  # `check$X`


@dataclass(frozen=True)
class ValidatorsModule:
    header: str
    imports: tuple[str, ...]
    constants: tuple[tuple[str, str], ...]
    functions: tuple[str, ...]
    exports: tuple[Export, ...]


def schema_name(type_name: str) -> str:
    return type_name + "Schema"


def module_path(module: str) -> str:
    return module.replace(".", "/")


def _relative(from_file: str, to_file: str) -> str:
    rel = posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")
    return rel if rel.startswith(".") else "./" + rel


def cyclic_types(schema: ir.Schema) -> frozenset[str]:
    """The named types on a reference cycle: their values can nest without end, and the Python
    side's recursion guard stops them at 255 levels (the validators count them alike)."""
    from schemagen.graphs import strongly_connected

    edges = {t.key: ir.refs_of(t) for m in schema.modules for t in m.types}
    return frozenset(k for component in strongly_connected(edges) for k in component)


def plan_module(module: ir.Module, schema: ir.Schema, names: dict[str, TargetNames], source: str,
                types_from: str, open_objects: bool = True, cyclic: frozenset[str] | None = None) -> ValidatorsModule:
    """`types_from`: the posix path, relative to the validators folder, of the folder holding the
    TypeScript declarations (`../typescript`)."""
    types = schema.types_by_key()
    defs = {name: json.loads(text) for name, text in schema.check_defs}
    code = Code(module.name, types, names, defs, open_objects, cyclic_types(schema) if cyclic is None else cyclic)
    exports = []
    for t in module.types:
        check = code.named(t)
        exports.append(Export(schema_name(names[t.key].typescript), f"T.{names[t.key].typescript}", check))
    here = module_path(module.name) + ".ts"
    imports = []
    text = "\n".join([*code.functions, *(value for _, value in code.constants)])
    used = {name for name in code.runtime | {"Issues", "Path"} if re.search(rf"\b{name}\b", text)}
    value_names = sorted(used - TYPE_NAMES | ({"validator"} if exports else set()))
    type_names = sorted(used & TYPE_NAMES | ({"Validator"} if exports else set()))
    runtime = ts_str(_relative(here, RUNTIME + ".js"))
    if value_names:
        imports.append(f"import {{ {', '.join(value_names)} }} from {runtime};")
    if type_names:
        imports.append(f"import type {{ {', '.join(type_names)} }} from {runtime};")
    if exports:
        declared = posixpath.normpath(posixpath.join(types_from, module_path(module.name))) + ".js"
        imports.append(f"import type * as T from {ts_str(_relative(here, declared))};")
    by_module: dict[str, list[str]] = {}
    for alias, (other, name) in sorted(code.foreign.items()):
        by_module.setdefault(other, []).append(f"{name} as {alias}")
    for other, parts in sorted(by_module.items()):
        imports.append(f"import {{ {', '.join(parts)} }} from {ts_str(_relative(here, module_path(other) + '.js'))};")
    return ValidatorsModule(header(source, "//"), tuple(imports), tuple(code.constants), tuple(code.functions),
                            tuple(exports))


def runtime_header() -> str:
    return f"// {HEADER_MARK} — do not edit"


def package_json() -> str:
    """The folder's `package.json` fragment: its run-time dependencies (none) and the facts a
    bundler needs to drop what a page does not import (ES modules, no side effects)."""
    data = {
        "//": f"{HEADER_MARK} — do not edit. The validators need no package at run time: "
              "copy `dependencies` (empty) into your app's package.json; TypeScript >= 5.0 to compile them.",
        "private": True,
        "type": "module",
        "sideEffects": False,
        "dependencies": {},
        "engines": {"node": ">=18"},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
