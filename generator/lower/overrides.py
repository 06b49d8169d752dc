"""Per-target type overrides (`x-python-type`, `x-typescript-type`) and their imports.

An override is code written into the output, so it is the one place a schema could smuggle code
in. Python overrides must parse as a type expression built only from names, attributes,
subscripts, `|`, `None`, `...` and string constants; TypeScript overrides must parse by the type
grammar of ts_types.py, and what is written is that parse printed back, never the input text.
Imports name identifiers that are not keywords in their language, and a Python import from a
module schemagen allows by default must name something that module has.
"""

from __future__ import annotations

import ast
import importlib
import keyword
import re

from schemagen.lower.ts_types import TsTypeError, canonical_ts_type
from schemagen.naming import JS_RESERVED

_PY_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_TS_IMPORT = re.compile(r"^([A-Za-z_$][A-Za-z0-9_$]*) from ([A-Za-z0-9_@./~#\-]+)$")  # where to: ts_import_paths.py


# As the TypeScript override grammar's bounds (ts_types.MAX_LENGTH, MAX_DEPTH).
MAX_PYTHON_TYPE = 2000
MAX_PYTHON_TYPE_DEPTH = 40


def bracket_depth(text: str) -> int:
    """The deepest bracket nesting of a type expression's text, brackets inside its strings
    included (a string in an annotation is a forward reference: pydantic evaluates it too)."""
    deepest = depth = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + f"... ({len(text):,} characters)"


def python_type_ok(text: str, _depth: int = 0) -> bool:
    """A type expression and nothing else. String constants are checked as type expressions too,
    because pydantic evaluates a string in an annotation as a forward reference (with `eval`)."""
    if not text.strip() or _depth > 3 or any(ch in text for ch in "#\\;") or not text.isprintable():
        return False
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    allowed = (ast.Expression, ast.Name, ast.Attribute, ast.Subscript, ast.Tuple, ast.List, ast.BinOp, ast.BitOr,
               ast.Load, ast.Constant)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            return False
        if isinstance(node, ast.Constant) and not (node.value is None or node.value is Ellipsis or isinstance(node.value, (str, int))):
            return False
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and not python_type_ok(node.value, _depth + 1):
            return False
        if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.BitOr):
            return False
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            return False
        if isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            return False
    return True


def python_import(spec: str) -> tuple[str, str] | None:
    """'datetime.timedelta' → ('datetime', 'timedelta'); None when it is not a dotted name."""
    if not _PY_MODULE.match(spec) or "." not in spec:
        return None
    module, name = spec.rsplit(".", 1)
    return module, name


def typescript_type_ok(text: str) -> bool:
    return typescript_type_problem(text) is None


def typescript_type_problem(text: str) -> str | None:
    try:
        canonical_ts_type(text)
    except TsTypeError as exc:
        return str(exc)
    return None


def typescript_import(spec: str) -> tuple[str, str] | None:
    """'Duration from ./time.js' → ('Duration', './time.js')."""
    match = _TS_IMPORT.match(spec)
    if not match or match.group(1) in JS_RESERVED:
        return None
    return match.group(1), match.group(2)


def python_import_problem(spec: str, allowed: frozenset[str]) -> tuple[str, str] | None:
    """What is wrong with an `x-python-import` (message, hint), or None."""
    if not _PY_MODULE.match(spec):
        return (f"{spec!r} is not a dotted module or name", "write the import as 'package.module.Name' (or a bare module name)")
    if any(keyword.iskeyword(part) for part in spec.split(".")):
        return (f"{spec!r} has a Python keyword in it", "a module or name cannot be a keyword")
    if not import_allowed(spec, allowed):
        return (f"{spec!r} imports a module the project has not allowed (importing a module runs its code)",
                "add the module to [tool.schemagen] python_imports if the project trusts it")
    if import_allowed(spec, DEFAULT_PYTHON_IMPORTS) and not _python_import_exists(spec):
        return (f"{spec!r} does not exist: no such module or name", "check the spelling, e.g. 'datetime.timedelta'")
    return None


def _python_import_exists(spec: str) -> bool:
    """Only asked for the default modules (the standard library and pydantic, which schemagen
    itself imports), so importing them here runs no code a schema chose."""
    try:
        importlib.import_module(spec)
        return True
    except ImportError:
        pass
    module, _, name = spec.rpartition(".")
    if not module:
        return False
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


# Modules an `x-python-import` may name without configuration. Importing a module runs its code,
# so a schema (untrusted input) may only pick from these; a project adds its own modules with
# `[tool.schemagen] python_imports = ["mypkg.types"]`.
DEFAULT_PYTHON_IMPORTS = frozenset({
    "annotated_types", "collections.abc", "datetime", "decimal", "enum", "fractions", "ipaddress", "numbers",
    "pathlib", "pydantic", "re", "typing", "typing_extensions", "uuid",
})


def import_allowed(spec: str, allowed: frozenset[str]) -> bool:
    module = spec.rpartition(".")[0] or spec
    return any(module == a or module.startswith(a + ".") for a in allowed)


def override_problems(node: dict[str, object],
                      allowed_imports: frozenset[str] = DEFAULT_PYTHON_IMPORTS) -> list[tuple[str, str, str]]:
    """(keyword, what is wrong, hint) for each override payload in a schema node that could be
    anything but a type (or an import of one) where it lands in the generated code."""
    problems: list[tuple[str, str, str]] = []
    py = node.get("x-python-type")
    if isinstance(py, str) and (len(py) > MAX_PYTHON_TYPE or bracket_depth(py) > MAX_PYTHON_TYPE_DEPTH):
        # the compiler recurses on a long `|` chain (100,000 members: a RecursionError at import)
        size = (f"is {len(py):,} characters long (at most {MAX_PYTHON_TYPE:,})" if len(py) > MAX_PYTHON_TYPE else
                f"nests {bracket_depth(py)} brackets deep (at most {MAX_PYTHON_TYPE_DEPTH})")
        problems.append(("x-python-type", f"{_short(py)} {size}", "name the parts with type aliases in your own module"))
    elif py is not None and (not isinstance(py, str) or not python_type_ok(py)):
        problems.append(("x-python-type", f"{_short(py)} is not a plain Python type expression",
                         "use names, dotted names, subscripts and `|` only, e.g. 'decimal.Decimal' or 'list[Money]'"))
    for spec in _specs(node.get("x-python-import")):
        problem = python_import_problem(spec, allowed_imports)
        if problem:
            problems.append(("x-python-import", *problem))
    ts = node.get("x-typescript-type")
    why = typescript_type_problem(ts) if isinstance(ts, str) else "not a string"
    if ts is not None and why:
        problems.append(("x-typescript-type", f"{ts!r} is not a TypeScript type expression ({why})",
                         "use names, literals, generics, arrays, tuples, unions, intersections and function types, "
                         "e.g. 'Decimal', 'Array<Money>' or '(value: string) => void'"))
    for spec in _specs(node.get("x-typescript-import")):
        if typescript_import(spec) is None:
            problems.append(("x-typescript-import", f"{spec!r} is not of the form 'Name from ./module.js'",
                             "write the import as 'Name from ./path.js' or 'Name from package' (Name an identifier, not a reserved word)"))
    return problems


def _specs(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v if isinstance(v, str) else repr(v) for v in value]
    return []
