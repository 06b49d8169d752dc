"""Names an `x-python-type` may use, checked at generation time: an override naming something the
generated module cannot resolve (`Callable` without its import, a builtin that only a newer Python
has) would be written out and fail when the module is imported or type-checked.

Kept apart from overrides.py (which decides whether an override is safe to write at all): this
decides whether it will *work*. A pure function of the expression and what the module binds.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from schemagen import ir
from schemagen.diagnostics import Diagnostic, Location, error
from schemagen.lower.ts_globals import arity, constraint_problems
from schemagen.lower.ts_types import TsTypeError, parse_type, referenced_names
from schemagen.naming import target_names, type_name

# The builtin classes of Python 3.11, the oldest Python generated code supports (a builtin of a
# newer Python is unresolved there). Functions such as `callable` are not types.
PYTHON_311_BUILTIN_TYPES = frozenset("""
    ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError
    BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError
    ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError
    EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError FileNotFoundError
    FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning
    IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt
    LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplementedError
    OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError
    RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration
    StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError
    UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError
    UnicodeWarning UserWarning ValueError Warning ZeroDivisionError bool bytearray bytes classmethod
    complex dict enumerate filter float frozenset int list map memoryview object property range
    reversed set slice staticmethod str super tuple type zip
""".split())


def bound_by_imports(imports: tuple[str, ...]) -> set[str]:
    """The names `x-python-import` specs bind: `datetime.timedelta` binds `timedelta`, a bare
    module `decimal` binds `decimal` (the planners import the last part of a dotted spec)."""
    return {spec.rpartition(".")[2] for spec in imports}


def unresolved_names(expr: str, imports: tuple[str, ...], module_types: frozenset[str] = frozenset()) -> list[str]:
    """The names in a type expression that nothing binds: not a 3.11 builtin class, not imported
    through `x-python-import`, not a type the same module defines. Strings are forward references
    and are read too, except the values of a `Literal[...]`. Sorted, each once."""
    known = PYTHON_311_BUILTIN_TYPES | bound_by_imports(imports) | module_types
    missing: set[str] = set()

    def visit(node: ast.AST, depth: int) -> None:
        if isinstance(node, ast.Name):
            if node.id not in known:
                missing.add(node.id)
            return
        if isinstance(node, ast.Attribute):
            visit(node.value, depth)  # only the root of `a.b.c` is looked up
            return
        if isinstance(node, ast.Subscript) and _is_literal(node.value):
            visit(node.value, depth)  # Literal["a"]: the strings are values, not names
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and depth < 4:
            try:
                inner = ast.parse(node.value.strip(), mode="eval")
            except (SyntaxError, ValueError):
                return  # overrides.py refuses it
            visit(inner.body, depth + 1)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, depth)

    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return []  # not an expression: overrides.py reports it
    visit(tree.body, 0)
    return sorted(missing)


def subscripted_types(expr: str, imports: tuple[str, ...], module_types: frozenset[str]) -> list[str]:
    """The types of this file an expression gives type parameters (`ClassVar[str]` in a module
    that defines a model `ClassVar`): a generated model, enum or alias is no generic, so the
    annotation raises TypeError when pydantic evaluates it. Sorted, each once."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return []
    own = module_types - bound_by_imports(imports)
    return sorted({n.value.id for n in ast.walk(tree)
                   if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id in own})


def _is_literal(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Literal") or (
        isinstance(node, ast.Attribute) and node.attr == "Literal")


def unresolved_overrides(overrides: list[tuple[str, tuple[str, ...], Location, str]],
                         named: Iterable[ir.NamedType]) -> list[Diagnostic]:
    """A located error for each `x-python-type` (expression, imports, where, module) that names
    something its module cannot resolve."""
    by_module: dict[str, set[str]] = {}
    for t in named:
        name = type_name(t.name)
        by_module.setdefault(t.module, set()).update({name, target_names(name).python})
    diags = []
    for expr, imports, where, module in overrides:
        types = frozenset(by_module.get(module, ()))
        missing = unresolved_names(expr, imports, types)
        for name in subscripted_types(expr, imports, types):
            diags.append(error(
                "override-name",
                f"x-python-type {expr!r} gives type parameters to {name}, a type this file generates, which takes none",
                where, f"rename the schema type {name}, or import the name you mean with x-python-import "
                f"(e.g. 'typing.{name}')"))
        if missing:
            diags.append(error(
                "override-name",
                f"x-python-type {expr!r} names {', '.join(missing)}, which the generated module cannot resolve "
                "(not a builtin type of Python 3.11, not imported by x-python-import, not a type of this file)",
                where, "import it with x-python-import (e.g. 'collections.abc.Callable', 'typing.Any'), "
                "or use a type every supported Python has"))
    return diags


def ts_name_problems(expr: str, imports: tuple[str, ...], module_types: frozenset[str] = frozenset()) -> list[str]:
    """What in a TypeScript type expression will not compile for want of a name: a name nothing
    declares (not a global type, not imported by x-typescript-import, not a type of this file), a
    global generic without its type arguments, a non-generic given some. Sorted, each once."""
    bound = {spec.split(" from ", 1)[0].strip() for spec in imports}
    try:
        refs = referenced_names(expr)
        node = parse_type(expr)
    except TsTypeError:
        return []  # overrides.py refuses it
    problems: set[str] = set()
    for name, args in refs:
        if name.startswith("typeof "):
            if name[7:] not in bound:
                problems.add(f"{name} (a value nothing imports)")
        elif name in bound:
            continue
        elif name in module_types:
            if args:
                problems.add(f"{name}<...> (a generated type takes no type arguments)")
        elif (takes := arity(name)) is not None:
            low, high = takes
            if not low <= args <= high:
                want = str(low) if low == high else f"{low} to {high}"
                problems.add(f"{name} with {args} type argument{'s' if args != 1 else ''} (it takes {want})")
        else:
            problems.add(name)
    problems.update(constraint_problems(node, frozenset(bound) | module_types))
    return sorted(problems)


def unresolved_ts_overrides(overrides: list[tuple[str, tuple[str, ...], Location, str]],
                            named: Iterable[ir.NamedType]) -> list[Diagnostic]:
    """A located error for each `x-typescript-type` (expression, imports, where, module) that
    names something its module cannot resolve, or a generic with the wrong number of arguments."""
    by_module: dict[str, set[str]] = {}
    for t in named:
        by_module.setdefault(t.module, set()).add(target_names(type_name(t.name)).typescript)
    diags = []
    for expr, imports, where, module in overrides:
        problems = ts_name_problems(expr, imports, frozenset(by_module.get(module, ())))
        if problems:
            diags.append(error(
                "override-name",
                f"x-typescript-type {expr!r} will not compile: {', '.join(problems)}",
                where, "import the name with x-typescript-import ('Name from ./module.js'), give a generic "
                "its type arguments (e.g. 'Record<string, unknown>'), or use a type of this file"))
    return diags
