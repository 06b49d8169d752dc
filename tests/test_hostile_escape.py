"""Every string escaper checked against its language's own parser, by value (issue 12): Python
literals and docstrings through `ast`, TypeScript/JavaScript literals and comments through node.
Astral characters, lone surrogates, line and paragraph separators and bidi controls included."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemagen.targets.escape import comment_lines, jsdoc_block, jsdoc_lines, py_docstring, py_str, ts_str

HOSTILE = ["\U000e0067", "\udb40", "\udc67", "\ud800", "\U0001f389", "\u2028", "\u2029", "\x85", "\r\n", "\r", "\n", "\x00",
           "\u202e", "\u2066", "\ufeff", "\u2065", "\ufe1d", '"', "'", "\\", "`", "${", "*/", "/*", "//", "#", '"""', "\\u0041",
           "\\U0001F389", "</script>", "\x1b[2J", "\t", " "]
TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_categories=()), max_size=3)),
                max_size=8).map("".join)


@settings(max_examples=500, deadline=None, database=None)
@given(TEXT)
def test_python_string_literals_read_back_as_the_same_value(text: str) -> None:
    literal = py_str(text)
    assert "\n" not in literal and "\r" not in literal
    assert ast.literal_eval(literal) == text


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT)
def test_python_docstrings_read_back_and_never_end_early(text: str) -> None:
    module = ast.parse(f"def f():\n    {py_docstring(text)}\n    return 1\n")
    func = module.body[0]
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 2
    assert isinstance(ast.get_docstring(func, clean=False), str)


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT)
def test_python_comments_never_end_early(text: str) -> None:
    source = "".join(f"# {line}\n" for line in comment_lines(text)) + "x = 1\n"
    tree = ast.parse(source)
    assert len(tree.body) == 1


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_typescript_literals_and_comments_are_values_to_a_javascript_engine() -> None:
    drawn: list[str] = []

    @settings(max_examples=400, deadline=None, database=None)
    @given(TEXT)
    def collect(text: str) -> None:
        drawn.append(text)

    collect()
    drawn += HOSTILE + ["".join(HOSTILE)]
    lines = ["const values = [];"]
    for text in drawn:
        comment = "\n".join(jsdoc_block(jsdoc_lines(text)))
        line_comments = "\n".join(f"// {line}" for line in comment_lines(text))
        lines.append(f"{comment}\n{line_comments}\nvalues.push({ts_str(text)});")
    # surrogates do not survive stdout as UTF-8: print each value as its UTF-16 code units
    lines.append("console.log(JSON.stringify(values.map(v => Array.from({length: v.length}, (_, i) => v.charCodeAt(i)))));")
    proc = subprocess.run(["node", "-e", "\n".join(lines)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr[:2000]
    units = json.loads(proc.stdout)
    assert len(units) == len(drawn)  # no comment swallowed a push, none ended early
    for text, codes in zip(drawn, units):
        expected = list(text.encode("utf-16-le", "surrogatepass"))
        assert [b for c in codes for b in (c & 0xFF, c >> 8)] == expected, (text, codes)
