"""Edge classes where a hand-written validator most often parts from the Python side, each checked
against the Pydantic model's verdict on the same instances in one node run: the formats the Python
side checks (date-time, date, time, uuid, email), string lengths in code points, ECMA-262 patterns
in Unicode mode, numbers (integers as floats, exact decimal multipleOf, bounds), JSON equality for
const / enum / uniqueItems, `oneOf` exclusivity, keys every JavaScript object inherits, deep
nesting; and a hostile schema (quotes, comment closers, line separators, template syntax in keys,
enum values and patterns) that must compile under tsc and run inert."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from tests.support import generate_into, import_generated, tsc_available
from tests.validators_lib import node_available, verdicts

pytestmark = pytest.mark.skipif(not (node_available() and tsc_available()), reason="node tools not installed")

TARGETS = ["pydantic", "typeddict", "typescript", "validators"]

STRINGS = [
    "", "a", "😀", "😀😀", "ab", "abc", "a😀", "\ud83d", "Straße", "e\u0301", "ÅB", "x" * 5,
    "2024-02-29T10:00:00Z", "2023-02-29T10:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:59:60Z",
    "2024-01-01t10:00:00z", "2024-01-01T10:00:00.123456789+05:30", "2024-01-01T10:00:00", "2024-01-01 10:00:00Z",
    "0000-01-01T00:00:00Z", "2024-1-01T00:00:00Z", "２０２４-01-01T00:00:00Z", "2024-04-31", "2024-04-30", "2000-02-29",
    "1900-02-29", "10:00:00Z", "10:00:00", "10:00Z", "23:59:59.5-23:59", "24:00:00Z",
    "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000",
    "{123e4567-e89b-12d3-a456-426614174000}", "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-42661417400", "g23e4567-e89b-12d3-a456-426614174000",
    "a@b.co", "a.b@c.de", "a..b@c.de", ".a@b.co", "a@b", "a@b.c", "a@-b.co", "a@b-.co", "a@1.2", "user+tag@example.com",
    "ü@example.com", "a@ü.com", "a b@c.de", '"a"@b.co', "a@[127.0.0.1]", "a@b.co.", "@b.co", "a@", "x" * 65 + "@b.co",
    "A_1", "_", "__proto__", "constructor",
]
# Not here, by design (docs/typescript-validators.md): a fractional multipleOf on `number` within
# float rounding of a multiple (7.000000000000001 of 0.0001) or past the double range (1e308 of
# 0.0001, 0.30000000000000004 of 0.0001): the validators decide in exact decimals (as JSON Schema
# says, and as the Python side does for integers), pydantic-core with a float tolerance.
NUMBERS: list[Any] = [0, 1, -1, 1.0, 1.5, 2, 3, 10, 0.0075, 0.0001, 0.3, 4.5, -0.0, 7, 1e20, True,
                      False, None, "1", [1], {"a": 1}]
EDGE_SCHEMA = {
    "$defs": {
        "Formats": {"type": "object", "properties": {
            "dt": {"type": "string", "format": "date-time"}, "d": {"type": "string", "format": "date"},
            "t": {"type": "string", "format": "time"}, "u": {"type": "string", "format": "uuid"},
            "e": {"type": "string", "format": "email"}, "uri": {"type": "string", "format": "uri"}}},
        "Lengths": {"type": "object", "properties": {
            "two": {"type": "string", "minLength": 2, "maxLength": 2}, "word": {"type": "string", "pattern": "^\\p{L}+$"},
            "digits": {"type": "string", "pattern": "^\\d+$"}, "short": {"type": "string", "maxLength": 1},
            "twice": {"type": "string", "pattern": "^(\\w+)\\1$"}}},
        "Backtracking": {"type": "object", "patternProperties": {"^(\\w+)\\1$": {"type": "integer"}},
                         "not": {"required": ["zz"]}},
        "Numbers": {"type": "object", "properties": {
            "i": {"type": "integer"}, "m": {"type": "number", "multipleOf": 0.0001}, "mi": {"type": "integer", "multipleOf": 7},
            "b": {"type": "number", "exclusiveMinimum": 0, "maximum": 10}, "f": {"type": "integer", "multipleOf": 1.5}}},
        "Values": {"type": "object", "properties": {
            "c": {"const": {"a": [1, 2.0], "b": None}}, "e": {"enum": [1, "1", [1], {"__proto__": 1}, None]},
            "u": {"type": "array", "uniqueItems": True}, "one": {"const": 1}, "t": {"const": True}}},
        "Exclusive": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 2}]},
        "Inherited": {"type": "object", "required": ["constructor", "__proto__"], "additionalProperties": False,
                      "properties": {"constructor": {"type": "string"}, "__proto__": {"type": "integer"},
                                     "toString": {"type": "boolean"}}},
        "Tree": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/Tree"}}}},
    },
}


def _instances() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for s in STRINGS:
        out += [("Formats", {k: s}) for k in ("dt", "d", "t", "u", "e", "uri")]
        out += [("Lengths", {k: s}) for k in ("two", "word", "digits", "short", "twice")]
        out.append(("Inherited", {"constructor": s, "__proto__": 1}))
    for n in NUMBERS:
        out += [("Numbers", {k: n}) for k in ("i", "m", "mi", "b", "f")]
        out += [("Values", {k: n}) for k in ("c", "e", "one", "t")]
        out.append(("Exclusive", n))
    for v in ([1, 1.0], [1, True], [0, False], [{"a": 1, "b": 2}, {"b": 2, "a": 1}], [[1], [1.0]], [None, None], ["a", "b"],
              [{"a": [1]}, {"a": [2]}]):
        out.append(("Values", {"u": v}))
    for c in ({"a": [1, 2], "b": None}, {"b": None, "a": [1.0, 2]}, {"a": [1, 2]}, {"a": [1, 2], "b": None, "x": 1}):
        out.append(("Values", {"c": c}))
    for n in (2, 500, 997, 1000, 2000):  # a backtracking pattern runs on strings up to its bound (993 here)
        out += [("Lengths", {"twice": "ab" * n}), ("Lengths", {"twice": "a" * n}),
                ("Backtracking", {"ab" * n: 1}), ("Backtracking", {"x" * n: "s"})]
    out += [("Values", {"e": {"__proto__": 1}}), ("Values", {"e": {"__proto__": 2}}), ("Values", {"e": {}})]
    out += [("Inherited", {"constructor": "x"}), ("Inherited", {"__proto__": 1}), ("Inherited", {}),
            ("Inherited", {"constructor": "x", "__proto__": 1, "toString": True}),
            ("Inherited", {"constructor": "x", "__proto__": 1, "toString": "no"}),
            ("Inherited", {"constructor": "x", "__proto__": 1, "valueOf": 1})]
    for depth in (254, 255, 300):
        deep: Any = {}
        for _ in range(depth):
            deep = {"kids": [deep]}
        out.append(("Tree", deep))
    out.append(("Tree", {"kids": [{"kids": [{"kids": 5}]}]}))
    return out


def _pydantic(tp: Any, instance: Any) -> bool:
    try:
        TypeAdapter(tp).validate_python(instance)
    except ValidationError:
        return False
    return True


def _run(tmp_path: Path, schema: dict[str, Any], instances: list[tuple[str, Any]]) -> list[str]:
    _, out, package = generate_into(tmp_path, {"edge.json": schema}, targets=TARGETS)
    module = import_generated(out, f"{package}.edge")
    answers = verdicts(out / "validators", [("edge", name + "Schema", x) for name, x in instances])
    wrong = []
    for (name, instance), (valid, issues) in zip(instances, answers):
        expected = _pydantic(getattr(module, name), instance)
        if valid != expected:
            wrong.append(f"{name} {json.dumps(instance, ensure_ascii=False)[:160]}: validators {valid}, pydantic {expected} "
                         f"{issues[:1]}")
    return wrong


def test_edge_classes_have_the_pydantic_verdict(tmp_path: Path) -> None:
    instances = _instances()
    # JSON cannot carry a lone surrogate to node (json.dumps would, JSON.parse keeps it): keep them, both sides see one
    wrong = _run(tmp_path, EDGE_SCHEMA, instances)
    assert not wrong, f"{len(wrong)} of {len(instances)} disagree:\n" + "\n".join(wrong)


def test_hostile_schema_compiles_and_runs_inert(tmp_path: Path) -> None:
    from tests.support import run_tsc

    canary = tmp_path / "CANARY"
    bad = [f"*/ require('fs').writeFileSync('{canary}', ''); /*", f'"; require("fs").writeFileSync("{canary}", ""); "',
           f"`${{require('fs').writeFileSync('{canary}', '')}}`", "\u2028", "\u2029", "</script>", "\\", "'", '"', "${x}"]
    props = {b + str(i): {"type": "string", "pattern": b.replace("\\", "\\\\").replace("$", "\\$").replace("(", "\\(")
                          .replace(")", "\\)").replace("*", "\\*").replace("{", "\\{").replace("}", "\\}")
                          .replace("[", "\\[").replace("]", "\\]").replace(".", "\\.").replace("/", "\\/")}
             for i, b in enumerate(bad)}
    schema = {"$defs": {
        "Evil": {"type": "object", "properties": {**props, "tag": {"enum": bad}, "pinned": {"const": {b: b for b in bad}}},
                 "additionalProperties": False},
        "Choice": {"oneOf": [{"$ref": "#/$defs/Evil"}, {"type": "string", "enum": bad}]},
    }}
    instances: list[tuple[str, Any]] = [("Evil", {}), ("Evil", {"tag": bad[0]}), ("Evil", {"tag": "nope"}),
                                         ("Evil", {"pinned": {b: b for b in bad}}), ("Evil", {"zzz": 1}),
                                         ("Choice", bad[1]), ("Choice", "x"), ("Choice", {"tag": bad[2]})]
    instances += [("Evil", {k: k[:-1]}) for k in props] + [("Evil", {k: "x"}) for k in props]
    wrong = _run(tmp_path, schema, instances)
    assert not wrong, "\n".join(wrong)
    assert not canary.exists()
    proc = run_tsc(tmp_path / "out", ["typescript/**/*.ts", "validators/**/*.ts"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
