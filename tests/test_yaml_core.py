"""YAML scalars follow YAML 1.2's core schema exactly (issue 24), and every exception the YAML
reader raises is a located `yaml-syntax` error (file:line:col, exit 2), never a traceback.

The expected values are the core schema's table (YAML 1.2.2, 10.3.2 "Tag Resolution"): null
`null|Null|NULL|~|` (empty), bool `true|True|TRUE|false|False|FALSE`, int `[-+]?[0-9]+`,
`0o[0-7]+`, `0x[0-9a-fA-F]+`, float `[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?`,
`[-+]?(\\.inf|\\.Inf|\\.INF)`, `\\.nan|\\.NaN|\\.NAN`; every other plain scalar is a string.
ruamel's own "1.2" resolver read several of these strings as numbers (`1_000`, `._1`, `0b1`)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemagen.frontend.load import load_text
from tests.hostile_support import cli, nothing_written, project

CORE_SCALARS: list[tuple[str, object]] = [
    # integers, base 10: sign and leading zeros allowed (no octal without 0o in 1.2)
    ("0", 0), ("1", 1), ("+1", 1), ("-1", -1), ("-0", 0), ("+0", 0), ("017", 17), ("08", 8), ("00", 0),
    ("123456789012345678901234567890", 123456789012345678901234567890),
    # octal and hexadecimal: unsigned, no underscores
    ("0o17", 15), ("0o0", 0), ("0x1F", 31), ("0xff", 255), ("0xABCdef", 0xABCDEF),
    ("-0x1", "-0x1"), ("+0x1", "+0x1"), ("+0o1", "+0o1"), ("0x_1", "0x_1"), ("0o_1", "0o_1"), ("0o8", "0o8"),
    ("0x", "0x"), ("0o", "0o"), ("0xg", "0xg"), ("0X1F", "0X1F"), ("0O17", "0O17"),
    # YAML 1.1 forms the core schema reads as strings
    ("0b1", "0b1"), ("1_000", "1_000"), ("1__0", "1__0"), ("._1", "._1"), ("._", "._"), (".1_", ".1_"),
    ("1_0.0", "1_0.0"), ("1:20", "1:20"), ("190:20:30.15", "190:20:30.15"), ("1,000", "1,000"),
    # floats: a dot with digits on either side, exponents with or without a sign
    ("1.", 1.0), (".5", 0.5), ("+.5", 0.5), ("-.5", -0.5), ("0.", 0.0), ("1.5", 1.5), ("-1.5e-3", -0.0015),
    ("1e3", 1000.0), ("1E3", 1000.0), ("1e+3", 1000.0), ("1.e5", 100000.0), ("1.0e5", 100000.0), ("+1e-2", 0.01),
    (".5e1", 5.0),
    ("1e", "1e"), ("e3", "e3"), (".e5", ".e5"), ("1e5.0", "1e5.0"), ("1.2.3", "1.2.3"), (".", "."), ("-.", "-."),
    ("+", "+"), ("1e+", "1e+"), ("1.5f", "1.5f"),
    # booleans: three spellings each; YAML 1.1's yes/no/on/off/y/n are strings
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
    ("tRue", "tRue"), ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"),
    ("Yes", "Yes"), ("OFF", "OFF"),
    # null: four spellings and the empty value
    ("null", None), ("Null", None), ("NULL", None), ("~", None), ("", None), ("nUll", "nUll"), ("none", "none"),
    ("None", "None"),
    # dates have no tag in the core schema: the text stays
    ("2024-05-01", "2024-05-01"), ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"),
]


def _value(text: str) -> object:
    doc, diags = load_text(f"v: {text}\n", "a.yaml", "a.yaml")
    assert doc is not None, [d.format() for d in diags]
    return doc.content["v"]


@pytest.mark.parametrize(("text", "expected"), CORE_SCALARS, ids=[repr(t) for t, _ in CORE_SCALARS])
def test_plain_scalars_follow_the_core_schema(text: str, expected: object) -> None:
    value = _value(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text", [t for t, v in CORE_SCALARS if isinstance(v, str)])
def test_a_string_as_a_key_or_in_a_list_is_the_same_string(text: str) -> None:
    doc, diags = load_text(f"{text}:\n  - {text}\n  - '{text}'\n", "a.yaml", "a.yaml")
    assert doc is not None, [d.format() for d in diags]
    assert doc.content == {text: [text, text]}


@pytest.mark.parametrize(("text", "infinite"), [(".inf", True), (".Inf", True), (".INF", True), ("+.inf", True),
                                                ("-.inf", True), ("-.INF", True), (".nan", False), (".NaN", False),
                                                (".NAN", False)])
def test_infinities_and_nan_are_core_floats_that_no_target_holds(text: str, infinite: bool) -> None:
    doc, diags = load_text(f"v: {text}\n", "a.yaml", "a.yaml")
    assert doc is None and [(d.code, d.location.line, d.location.col) for d in diags] == [("not-json", 1, 1)]
    assert ("inf" if infinite else "nan") in diags[0].message


@pytest.mark.parametrize("text", ["-.nan", "+.nan", ".NAn", ".iNf", "inf", "nan", "-inf", "Infinity"])
def test_other_spellings_of_infinity_and_nan_are_strings(text: str) -> None:
    assert _value(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("!!int 1", 1), ("!!int '12'", 12), ("!!int 0x1F", 31), ("!!float 1", 1.0), ("!!float .5", 0.5), ("!!str 1", "1"),
    ("!!str true", "true"), ("!!bool true", True), ("!!bool FALSE", False), ("!!null ~", None), ("!!null", None),
    ("!!timestamp 2001-01-01", "2001-01-01"), ("!<tag:yaml.org,2002:int> 5", 5),
])
def test_explicit_core_tags_read_their_own_forms(text: str, expected: object) -> None:
    value = _value(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text", ["!!int x", "!!int 1_000", "!!int 0b1", "!!int 1.5", "!!int", "!!float x",
                                  "!!float ._1", "!!bool yes", "!!bool x", "!!null x", "!!null 0", "!!int [1]",
                                  "!!str {a: 1}", "!!map x", "!!seq x", "&a [*a]", "{<<: 5}", "{<<: [1]}"])
def test_a_value_its_tag_cannot_read_is_a_located_yaml_error(text: str) -> None:
    doc, diags = load_text(f"# a comment\nv: {text}\n", "a.yaml", "schemas/a.yaml")
    assert doc is None and len(diags) == 1
    assert diags[0].code == "yaml-syntax" and diags[0].severity == "error"
    assert diags[0].location is not None and (diags[0].location.file, diags[0].location.line) == ("schemas/a.yaml", 2)
    assert diags[0].location.col >= 4


@pytest.mark.parametrize("directive", ["%YAML 1.1", "%YAML 1.0", "%YAML 1.3"])
def test_a_yaml_version_other_than_1_2_is_refused(directive: str) -> None:
    doc, diags = load_text(f"{directive}\n---\non: yes\n", "a.yaml", "a.yaml")
    assert doc is None and [d.code for d in diags] == ["yaml-syntax"]


def test_a_yaml_1_1_directive_does_not_change_how_the_next_file_is_read() -> None:
    load_text("%YAML 1.1\n---\na: yes\n", "a.yaml", "a.yaml")
    doc, _ = load_text("%YAML 1.2\n---\na: yes\nb: 0755\n", "b.yaml", "b.yaml")
    assert doc is not None and doc.content == {"a": "yes", "b": 755}
    doc, _ = load_text("a: yes\n", "c.yaml", "c.yaml")
    assert doc is not None and doc.content == {"a": "yes"}


def test_any_exception_inside_the_reader_becomes_a_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrapped at the reader, not per symptom: an exception of a kind nobody expected (here from
    a constructor of a scalar at line 3) is a yaml-syntax error at that value."""
    from schemagen.frontend import load

    yaml = load._yaml()

    def broken(self: object, node: object) -> object:
        raise ZeroDivisionError("surprise")

    monkeypatch.setitem(yaml.Constructor.yaml_constructors, "tag:yaml.org,2002:int", broken)
    doc, diags = load_text("a: x\nb:\n  c: 12\n", "a.yaml", "schemas/a.yaml")
    assert doc is None and [(d.code, d.location.line, d.location.col) for d in diags] == [("yaml-syntax", 3, 6)]
    assert "surprise" in diags[0].message


def test_const_dot_underscore_generates_and_pydantic_holds_the_string(tmp_path: Path) -> None:
    """The issue's case: `const: ._` crashed with exit 3 (ValueError from float('.'))."""
    import subprocess
    import sys

    folder, out, package = project(tmp_path, {"a.yaml": "type: object\nproperties:\n  v:\n    const: ._\n"
                                                        "  n:\n    const: 1_000\nrequired: [v, n]\n"})
    code, text = cli("generate", "--schemas", str(folder), "--out", str(out), "--package", package,
                     "--config", str(folder.parent / "pyproject.toml"))
    assert code == 0, text
    script = (f"from {package}.a import A\n"
              "assert A.model_validate({'v': '._', 'n': '1_000'}).v == '._'\n"
              "for bad in ({'v': 0.1, 'n': '1_000'}, {'v': '._', 'n': 1000}):\n"
              "    try:\n        A.model_validate(bad)\n    except Exception:\n        continue\n"
              "    raise SystemExit(f'accepted {bad}')\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"PYTHONPATH": str(out / "python")}, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_a_bad_tagged_value_exits_2_with_file_line_and_column(tmp_path: Path) -> None:
    folder, out, package = project(tmp_path, {"a.yaml": "type: object\nproperties:\n  v:\n    const: !!int x\n"})
    code, text = cli("generate", "--schemas", str(folder), "--out", str(out), "--package", package,
                     "--config", str(folder.parent / "pyproject.toml"))
    assert code == 2, text
    assert "a.yaml:4:12: error[yaml-syntax]" in text and "Traceback" not in text
    assert nothing_written(out)


_TOKENS = st.text(alphabet="0123456789._+-eExXoObB~inIfNaAtrueTRUEflsFLSyY:, ", max_size=8)


@settings(max_examples=400, deadline=None)
@given(_TOKENS)
def test_no_plain_scalar_raises_and_numbers_are_only_core_forms(token: str) -> None:
    import re

    text = token.strip()
    if not text or text[0] in "-?:,#&*!|>'\"%@`[]{}" or ": " in text or " #" in text or text.endswith(":"):
        return  # YAML syntax, not a plain scalar
    doc, diags = load_text(f"v: {text}\n", "a.yaml", "a.yaml")
    if doc is None:  # only a value no target holds, or YAML syntax, and always located
        assert all(d.location is not None and d.location.line >= 1 for d in diags)
        return
    value = doc.content["v"]
    if isinstance(value, bool) or value is None:
        assert text in ("true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~")
    elif isinstance(value, int):
        assert re.fullmatch(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", text) and "_" not in text
    elif isinstance(value, float):
        assert re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", text)
        assert math.isclose(value, float(text))
    else:
        assert value == text
