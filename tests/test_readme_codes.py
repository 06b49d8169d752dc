"""The error table (docs/errors.md, moved there from the README) names every error code the tool can
emit: the codes are read from the source (each `error("code", ...)` and `Diagnostic("error", "code", ...)`
call, and the string constants a variable code is chosen from), so a new code without a row fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _codes_in_source() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((REPO / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        variable_codes: set[str] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            code: ast.expr | None = None
            if name == "error" and node.args:
                code = node.args[0]
            elif name == "Diagnostic" and len(node.args) > 1 and isinstance(node.args[0], ast.Constant) \
                    and node.args[0].value == "error":
                code = node.args[1]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.setdefault(code.value, path.name)
            elif isinstance(code, ast.Name):
                variable_codes.add(code.id)
        # a code held in a variable: the constants assigned to it (`code, hint = "yaml-syntax", ...`)
        # and passed for a parameter of that name (`_to_diagnostic(doc, e, "meta-schema")`)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                    for n, v in zip(names, values):
                        if isinstance(n, ast.Name) and n.id in variable_codes and isinstance(v, ast.Constant):
                            found.setdefault(v.value, path.name)
            if isinstance(node, ast.FunctionDef):
                params = [a.arg for a in node.args.args]
                for index, param in enumerate(params):
                    if param in variable_codes:
                        for call in ast.walk(tree):
                            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == node.name \
                                    and len(call.args) > index and isinstance(call.args[index], ast.Constant):
                                found.setdefault(call.args[index].value, path.name)
    found.pop("code", None)
    return found


def test_the_scan_finds_codes_of_each_form() -> None:
    codes = _codes_in_source()
    assert {"yaml-syntax", "duplicate-key", "meta-schema", "pattern-invalid", "default-factory"} <= set(codes)
    assert len(codes) >= 40


def test_every_error_code_is_in_the_error_table() -> None:
    page = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    table = page[page.index("\n## Errors\n"):page.index("\n## Warnings\n")]
    listed = set(re.findall(r"error\[([a-z0-9-]+)\]", table))
    missing = {code: where for code, where in _codes_in_source().items() if code not in listed}
    assert not missing, f"error codes the error table of docs/errors.md does not name: {missing}"
