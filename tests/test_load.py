"""Loading: YAML 1.2 scalars, positions for every value, refusals with file:line:col."""

from __future__ import annotations

from schemagen.frontend.load import load_text


def test_yaml_12_scalars_stay_what_they_look_like() -> None:
    doc, diags = load_text("on: yes\nno: off\nmode: 0755\nday: 2024-05-01\nat: 2024-05-01T10:00:00Z\n", "a.yaml", "a.yaml")
    assert not diags and doc is not None
    assert doc.content == {"on": "yes", "no": "off", "mode": 755, "day": "2024-05-01", "at": "2024-05-01T10:00:00Z"}


def test_positions_for_nested_values() -> None:
    text = "$defs:\n  A:\n    type: object\n    properties:\n      x-y: {type: string}\n"
    doc, _ = load_text(text, "a.yaml", "schemas/a.yaml")
    assert doc is not None
    loc = doc.location("/$defs/A/properties/x-y")
    assert (loc.file, loc.line, loc.col) == ("schemas/a.yaml", 5, 7)
    assert doc.location("/$defs/A/properties/x-y/type/deeper").line == 5  # nearest known ancestor


def test_json_positions_and_syntax_errors() -> None:
    doc, diags = load_text('{\n  "$defs": {\n    "A": {"type": "string"}\n  }\n}\n', "a.json", "a.json")
    assert doc is not None and not diags and doc.location("/$defs/A").line == 3
    doc, diags = load_text('{\n  "a": 1,\n}\n', "b.json", "b.json")
    assert doc is None and diags[0].code == "json-syntax" and diags[0].location.line == 3


def test_duplicate_keys_refused_in_yaml_and_json() -> None:
    _, diags = load_text("a: 1\nb: 2\na: 3\n", "d.yaml", "d.yaml")
    assert diags[0].code == "duplicate-key" and diags[0].location.line == 3
    _, diags = load_text('{"a": 1, "a": 2}', "d.json", "d.json")
    assert diags[0].code == "duplicate-key"


def test_not_json_values_refused() -> None:
    _, diags = load_text("a: .inf\n", "n.yaml", "n.yaml")
    assert diags[0].code == "not-json"
    _, diags = load_text("1: x\n", "k.yaml", "k.yaml")
    assert diags[0].code == "key-not-string"
    _, diags = load_text("a: 1\n---\nb: 2\n", "m.yaml", "m.yaml")
    assert diags[0].code == "yaml-documents"


def test_json_positions_match_the_yaml_reader_on_tricky_json() -> None:
    from schemagen.frontend.json_positions import json_positions
    from schemagen.frontend.load import _yaml_positions

    text = (
        '{\n  "a/b~c": {"x": [1, {"y": "z\\"}"}, [], {}], "e": -1.5e3},\n'
        '  "": [true, false, null, "\\u00e9", ["", [[]]]],\n  "ü": {"k": {}}, "last": "}]"\n}\n'
    )
    assert json_positions(text) == _yaml_positions(text)
    assert json_positions(text)["/a~1b~0c/x/1/y"] == (2, 23)


def test_json_positions_match_on_the_conformance_suite() -> None:
    from schemagen.frontend.json_positions import json_positions
    from schemagen.frontend.load import _yaml_positions
    from tests.conformance.suite import suite_root

    root = suite_root()
    files = sorted((root / "tests" / "draft2020-12").glob("*.json"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert json_positions(text) == _yaml_positions(text), path.name
