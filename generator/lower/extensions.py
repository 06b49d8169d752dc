"""Extension values that become names in the generated code: `x-enum-names` (Python enum
members) and `x-constants` (module-level constants in every target).

A name is written into code as it is, so each must be an identifier of the language it lands in,
not a keyword, and unique where it lands; anything else is a located error, never a rename
the author did not ask for. (Type overrides and imports are checked in overrides.py.)
"""

from __future__ import annotations

import unicodedata

from schemagen import ir
from schemagen.diagnostics import Diagnostic, Location, error, spelled
from schemagen.name_tables import PYTHON_KEYWORDS
from schemagen.naming import ENUM_RESERVED, JS_RESERVED, PYTHON_IMPORTED, TargetNames, is_identifier


def enum_name_problems(names: tuple[object, ...]) -> list[tuple[int, str, str]]:
    """(index, message, hint) for each x-enum-names entry that cannot be a Python Enum member."""
    problems: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not isinstance(name, str) or not is_identifier(name):
            problems.append((index, f"x-enum-names: {name!r} is not a Python identifier",
                             "use letters, digits and underscores, not starting with a digit, e.g. 'IN_PROGRESS'"))
            continue
        if name in PYTHON_KEYWORDS:
            problems.append((index, f"x-enum-names: {name!r} is a Python keyword", "choose another name, e.g. 'CLASS_'"))
            continue
        if name.startswith("_") or name in ENUM_RESERVED:
            problems.append((index, f"x-enum-names: {name!r} is reserved by Python's Enum (underscore names and the "
                                    "attributes of Enum, str and int: name, value, mro, upper, ...)",
                             "choose another name"))
            continue
        folded = unicodedata.normalize("NFKC", name)
        if folded in seen:
            problems.append((index, f"x-enum-names: {spelled(name)} is also entry {seen[folded]} ({spelled(str(names[seen[folded]]))}): "
                             "member names must be unique (Python reads names NFKC-normalised)",
                             "give each value its own name"))
            continue
        seen[folded] = index
    return problems


def constant_problems(schema: ir.Schema, names: dict[str, TargetNames]) -> list[Diagnostic]:
    """Constants are re-exported per package (the Python `__init__`, the TypeScript `index.ts`)
    next to the package's types: a name must be unique there, and name neither a type nor
    something the generated modules import."""
    diags: list[Diagnostic] = []
    by_package: dict[str, dict[str, tuple[str, Location | None]]] = {}
    types_by_package: dict[str, dict[str, str]] = {}
    for module in schema.modules:
        package = module.name.rpartition(".")[0]
        scope = types_by_package.setdefault(package, {})
        for t in module.types:
            for spelled in (names[t.key].python, names[t.key].typescript) if t.key in names else (t.name,):
                scope.setdefault(spelled, module.source)
    for module in schema.modules:
        package = module.name.rpartition(".")[0]
        taken = by_package.setdefault(package, {})
        for const in module.constants:
            where = const.origin or Location(module.source)
            if const.name in types_by_package.get(package, {}):
                diags.append(error("constant-name", f"constant {const.name} has the name of a type in the same folder "
                                   f"(in {types_by_package[package][const.name]})", where,
                                   "rename the constant in x-constants (or the type)"))
            elif const.name in PYTHON_IMPORTED or const.name in JS_RESERVED or not const.name.isidentifier():
                diags.append(error("constant-name", f"constant {const.name} is a name the generated code already uses",
                                   where, "rename the constant in x-constants"))
            elif const.name in taken and taken[const.name][0] != module.name:
                other = taken[const.name][1]
                diags.append(error("constant-conflict", f"constant {const.name} is also defined in another file of this "
                                   f"folder{' (at ' + str(other) + ')' if other else ''}: each folder re-exports its "
                                   "constants, so a name may be defined once per folder", where,
                                   "define the constant once (in a shared file) or give the two different names"))
            else:
                taken.setdefault(const.name, (module.name, const.origin))
    return diags


# What each `x-default-factory` returns: the JSON type and format it must stand on (the field's
# type in every target is then the factory's return type), and a sample of its value.
FACTORY_RESULTS: dict[str, tuple[str, str | None, object]] = {
    "uuid4": ("string", "uuid", "00000000-0000-4000-8000-000000000000"),
    "uuid4_hex": ("string", None, "0" * 32),
    "now": ("string", "date-time", "2026-01-01T00:00:00Z"),
    "now_ns": ("integer", None, 1_767_225_600_000_000_000),
    "now_ms": ("integer", None, 1_767_225_600_000),
    "empty_list": ("array", None, []),
    "empty_dict": ("object", None, {}),
}
# Keywords that make a node's type something else than the factory's return type.
_RETYPING = ("enum", "const", "$ref", "anyOf", "oneOf", "allOf", "x-python-type", "x-typescript-type", "properties",
             "prefixItems")


def factory_problem(node: dict[str, object], factory: str) -> str | None:
    """Why `x-default-factory: factory` cannot stand on this node (its value would not have the
    field's type, so the output would not type-check), or None."""
    jtype, fmt, _ = FACTORY_RESULTS[factory]
    if node.get("type") != jtype:
        return f"x-default-factory {factory!r} returns a JSON {jtype}: it needs `type: {jtype}` here"
    if node.get("format") != fmt:
        want = f"`format: {fmt}`" if fmt else "no `format`"
        return f"x-default-factory {factory!r} needs {want} here (its value has that Python type)"
    retyping = [k for k in _RETYPING if k in node]
    if retyping:
        return f"x-default-factory {factory!r} cannot stand beside {', '.join(retyping)} (the field's type would not be what it returns)"
    return None
