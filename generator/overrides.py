"""Per-target type overrides (`x-python-type`, `x-typescript-type`) and their imports.

An override is code written into the output, so it is the one place a schema could smuggle code
in. Python overrides must parse as a type expression built only from names, attributes,
subscripts, `|`, `None`, `...` and string constants; TypeScript overrides may use only the
characters a type needs and never ones that could end the declaration (`;`, `{`, `}`, quotes,
newlines, comments, backticks).
"""

from __future__ import annotations

import ast
import re

_PY_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_TS_TYPE = re.compile(r"^[A-Za-z0-9_$<>\[\]|&,.?()=\- ]+$")
_TS_IMPORT = re.compile(r"^([A-Za-z_$][A-Za-z0-9_$]*) from ([A-Za-z0-9_@./\-]+)$")


def python_type_ok(text: str) -> bool:
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return False
    allowed = (ast.Expression, ast.Name, ast.Attribute, ast.Subscript, ast.Tuple, ast.List, ast.BinOp, ast.BitOr,
               ast.Load, ast.Constant)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            return False
        if isinstance(node, ast.Constant) and not (node.value is None or node.value is Ellipsis or isinstance(node.value, (str, int))):
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
    if not _TS_TYPE.match(text) or "//" in text or "/*" in text:
        return False
    depth = 0
    pairs = {"(": ")", "[": "]", "<": ">"}
    stack: list[str] = []
    for i, ch in enumerate(text):
        if ch in pairs:
            stack.append(pairs[ch])
        elif ch in ")]":
            if not stack or stack.pop() != ch:
                return False
        elif ch == ">" and not (i > 0 and text[i - 1] == "="):
            if not stack or stack.pop() != ch:
                return False
        depth = len(stack)
    return depth == 0


def typescript_import(spec: str) -> tuple[str, str] | None:
    """'Duration from ./time.js' → ('Duration', './time.js')."""
    match = _TS_IMPORT.match(spec)
    return (match.group(1), match.group(2)) if match else None
