"""Escaping: schema text is inert wherever it lands."""

from __future__ import annotations

import ast

from schemagen.targets.escape import comment_lines, jsdoc_lines, py_docstring, py_literal, py_str, ts_str

NASTY = ['"""', "'''", "*/", "\\", "\u2028", "\x00", "{{ x }}", "a\nb\rc", "\u202e", "é", "\\N{BULLET}", '"', "'"]


def test_python_literals_round_trip() -> None:
    for text in NASTY + ["".join(NASTY)]:
        assert ast.literal_eval(py_str(text)) == text
        assert ast.literal_eval(py_literal({"k": [text, 1, 2.5, None, True]})) == {"k": [text, 1, 2.5, None, True]}


def test_docstrings_parse_and_keep_text() -> None:
    for text in NASTY + ["".join(NASTY), 'ends with a quote"', 'ends with \\"', '""""""', 'a""""b']:
        source = f"def f():\n    {py_docstring(text)}\n"
        tree = ast.parse(source)
        doc = ast.get_docstring(tree.body[0], clean=False)  # type: ignore[arg-type]
        normal = "\n".join(line.rstrip(" \t") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip("\n")
        assert doc == (normal + "\n" if "\n" in normal else normal), (text, source)
        assert "\x00" not in source


def test_comments_cannot_break_out() -> None:
    for text in NASTY:
        for line in comment_lines(text):
            assert "\n" not in line and "\r" not in line and "\u2028" not in line and "\x00" not in line
        for line in jsdoc_lines(text):
            assert "*/" not in line


def test_typescript_strings_are_json_and_escape_separators() -> None:
    import json

    for text in NASTY:
        literal = ts_str(text)
        assert json.loads(literal) == text
        assert "\u2028" not in literal and "\u2029" not in literal
