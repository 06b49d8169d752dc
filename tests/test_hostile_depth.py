"""Issue 12: enormous depth and numbers a target cannot hold. Through the real CLI, nesting of
10,000 levels (schemas through items / properties / allOf, data in a default, JSON and YAML, flow
and block) is a located `too-deep` error in seconds, never a RecursionError, a MemoryError or a
quadratic parse; deep `$ref` chains generate. At validation time, a value nested past what a
runtime check can read is refused, never let through unchecked. An integer JavaScript cannot
hold is no TypeScript literal type that means another number."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_support import emit_and_load_js, generate, generate_and_run, nothing_written, project, tsc_available

N = 10_000
DEEP = {
    "items.json": '{"$defs":{"A":' + '{"type":"array","items":' * N + '{"type":"string"}' + "}" * N + "}}",
    "properties.json": '{"$defs":{"A":' + '{"type":"object","properties":{"p":' * N + "{}" + "}}" * N + "}}",
    "allof.json": '{"$defs":{"A":' + '{"allOf":[' * N + "{}" + "]}" * N + "}}",
    "default.json": '{"$defs":{"A":{"default":' + "[" * N + "]" * N + "}}}",
    "flow.yaml": "$defs:\n  A:\n    default: " + "[" * N + "]" * N + "\n",
    "flowmap.yaml": "$defs:\n  A:\n    default: " + "{a: " * N + "1" + "}" * N + "\n",
    "block.yaml": "$defs:\n  A:\n    default:\n" + "".join(" " * (6 + i) + "-\n" for i in range(2100)),
    "million.json": '{"$defs":{"A":{"default":' + "[" * 1_000_000 + "]" * 1_000_000 + "}}}",
}


@pytest.mark.parametrize("name", list(DEEP))
def test_enormous_nesting_is_a_located_error(tmp_path: Path, name: str) -> None:
    schemas, out, package = project(tmp_path, {name: DEEP[name]})
    code, text = generate(schemas, out, package, "--no-cache")
    assert code == 2, text[-2000:]
    assert "error[too-deep]" in text and "2,000 levels" in text, text[-2000:]
    assert "Traceback" not in text and "internal error" not in text
    line = text.split("error[too-deep]")[0].rsplit("\n", 1)[-1]
    assert line.startswith(f"{schemas.name}/{name}:") or name in line, line  # file:line:col
    assert nothing_written(out)


def test_nesting_below_the_bound_generates(tmp_path: Path) -> None:
    data = "[" * 1900 + "]" * 1900
    schemas, out, package = project(tmp_path, {"a.json": '{"$defs":{"A":{"default":' + data + "}}}",
                                               "b.yaml": "$defs:\n  B:\n    default: " + data + "\n"})
    code, text = generate(schemas, out, package, "--no-cache")
    assert code == 0, text[-2000:]


def test_a_long_ref_chain_generates(tmp_path: Path) -> None:
    n = 3000
    defs = {f"D{i}": {"$ref": f"#/$defs/D{i + 1}"} for i in range(n)} | {f"D{n}": {"type": "string"}}
    schemas, out, package = project(tmp_path, {"a.json": {"$defs": defs}})
    code, text = generate(schemas, out, package, "--no-cache")
    assert code == 0, text[-2000:]


CHECKED = {"$defs": {
    "Tree": {"type": "object", "properties": {
        "kids": {"type": "array", "items": {"$ref": "#/$defs/Tree"}},
        "meta": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}},
        "v": {"type": "object", "patternProperties": {"^x": {"type": "integer"}}},
        "one": {"enum": [[1], 2.5]},
        "uniq": {"type": "array", "uniqueItems": True}}}}}

VALIDATE = r"""
import importlib, json, sys
from pydantic import TypeAdapter, ValidationError
package = sys.argv[1]
pyd = importlib.import_module(package + ".a").Tree
td = TypeAdapter(importlib.import_module(package + "_td.a").Tree)
def nest(depth, leaf, key):
    value = leaf
    for _ in range(depth):
        value = {key: [value]} if key == "kids" else {key: value} if key else [value]
    return value
results = []
for depth in (10, 300, 5000):
    for field, value in (("v", nest(depth, 1, "x")), ("meta", {"BAD": nest(depth, 1, "")}),
                         ("kids", [nest(depth, {}, "kids")]), ("one", nest(depth, 1, "")),
                         ("uniq", [nest(depth, 1, ""), 2])):
        for name, validate in (("pydantic", pyd.model_validate), ("typeddict", td.validate_python)):
            try:
                validate({field: value})
                results.append([depth, field, name, "accepted"])
            except ValidationError:
                results.append([depth, field, name, "refused"])
print(json.dumps(results))
"""


def test_deep_instances_are_refused_not_let_through(tmp_path: Path) -> None:
    """A runtime check (`patternProperties`, `propertyNames`, ...) cannot read a value nested past
    pydantic's serializer bound (255 levels): such a value is a ValidationError, where before it
    was accepted unchecked; validate_json stops at 200 levels itself. No RecursionError escapes."""
    results = generate_and_run(tmp_path, {"a.json": CHECKED}, VALIDATE)
    for depth, field, target, verdict in results:
        if field in ("v", "meta", "one"):  # every one of these values breaks its check
            assert verdict == "refused", (depth, field, target)
        elif field == "uniq":  # unique items: accepted while it can be read, refused past that
            assert verdict == ("accepted" if depth <= 300 else "refused"), (depth, field, target)
        elif depth == 10:
            assert verdict == "accepted", (depth, field, target)
        else:
            assert verdict == "refused", (depth, field, target)  # pydantic's own recursion bound


BIG = 123456789012345678901234567890123456789
NUMBERS = {"$defs": {
    "N": {"type": "object", "properties": {
        "big": {"type": "integer", "default": BIG},
        "bigc": {"const": BIG},
        "pair": {"enum": [2**53 + 1, 2**53, 1]},
        "nested": {"const": {"a": [2**60 + 1, 0.5]}},
        "huge": {"const": 10**400},
        "f308": {"type": "number", "default": 1e308},
        "negz": {"type": "number", "default": -0.0},
        "edge": {"const": 2**53},
        "tiny": {"type": "number", "default": 0.1}}},
    "Max": {"type": "integer", "maximum": 2**60 + 1, "x-constants": {"maximum": "MAX_BIG"}}}}

VALUES = r"""
import importlib, json, sys
package = sys.argv[1]
m = importlib.import_module(package + ".a")
n = m.N()
print(json.dumps({"big": str(n.big), "f308": repr(n.f308), "negz": repr(n.negz), "tiny": repr(n.tiny),
                  "bigc": [m.N.model_validate({"bigc": %d}).bigc == %d,
                           m.N.model_validate_json('{"bigc": %d}').bigc == %d]}))
""" % (BIG, BIG, BIG, BIG)


def test_numbers_keep_their_value_or_warn_where_typescript_cannot(tmp_path: Path) -> None:
    text_json = json.dumps(NUMBERS).replace(str(10**400), "1" + "0" * 400)
    schemas, out, package = project(tmp_path, {"a.json": text_json})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    warned = [line for line in text.splitlines() if "warning[number-precision]" in line]
    pointers = sorted(line.rsplit("(at ", 1)[1].rstrip(")") for line in warned)
    assert pointers == ["/$defs/Max/maximum", "/$defs/N/properties/bigc/const", "/$defs/N/properties/huge/const",
                        "/$defs/N/properties/nested/const/a/0", "/$defs/N/properties/pair/enum/0"], text
    ts = (out / "typescript" / "a.ts").read_text(encoding="utf-8")
    assert str(BIG) not in ts.replace(f"@default {BIG}", "") and "9007199254740993" not in ts
    assert "bigc?: number;" in ts and "pair?: number | 9007199254740992 | 1;" in ts and "edge?: 9007199254740992;" in ts
    assert 'nested?: { "a": [number, 0.5] };' in ts and "huge?: number;" in ts
    assert "export const MAX_BIG = 1152921504606846977" in ts  # the digits, warned: JavaScript rounds them
    proc = subprocess.run([sys.executable, "-c", VALUES, package],
                          capture_output=True, text=True, env={"PYTHONPATH": str(out / "python")})
    assert proc.returncode == 0, proc.stderr[-3000:]
    values = json.loads(proc.stdout.splitlines()[-1])
    assert values["big"] == str(BIG) and values["f308"] == "1e+308" and values["negz"] == "-0.0"
    assert values["tiny"] == "0.1" and values["bigc"] == [True, True]
    if tsc_available():
        proc = emit_and_load_js(out)
        assert proc.returncode == 0, proc.stdout + proc.stderr
