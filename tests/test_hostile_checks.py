"""Issue 12: a runtime check (`_sg.SchemaCheck`: `propertyNames`, `patternProperties`, `not`, ...)
that cannot read a value refuses it. Before, a value `to_jsonable_python` could not serialise (a
list that holds itself, an object of no JSON kind) was passed on unchecked, "for the type's own
validation to report", but open extras and `Any` fields accept such values: a bypass of every
check on that object. Through the real CLI, both Python targets (pydantic models and TypedDicts
through `TypeAdapter`), model-level and field-level checks. A lone surrogate is refused wherever
the check would read it, in a set too (the walk once looked only in dicts, lists and tuples)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile_support import generate_and_run

SCHEMA = {"$defs": {
    "Open": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "properties": {"a": {"type": "integer"}}},
    "Fields": {"type": "object", "properties": {
        "m": {"type": "object", "patternProperties": {"^x": {"type": "integer"}}},
        "n": {"not": {"type": "string"}}}}}}

VALIDATE = r"""
import importlib, json, sys
from pydantic import TypeAdapter, ValidationError
package = sys.argv[1]
looped = []
looped.append(looped)
cyclic = {}
cyclic["k"] = cyclic
class Opaque:
    pass
cases = {
    "json extra": ("Open", {"a": 1, "b": [1, {"c": 2}]}),
    "bad key": ("Open", {"a": 1, "BAD": 1}),
    "looped extra": ("Open", {"a": 1, "b": looped}),
    "cyclic extra": ("Open", {"a": 1, "b": cyclic}),
    "opaque extra": ("Open", {"a": 1, "b": Opaque()}),
    "opaque key": ("Open", {"a": 1, "b": {Opaque(): 1}}),
    "json field": ("Fields", {"m": {"x": 1, "y": [2]}, "n": 3}),
    "looped map": ("Fields", {"m": {"y": looped}}),
    "looped not": ("Fields", {"n": looped}),
    "opaque not": ("Fields", {"n": Opaque()}),
    "surrogate in a set extra": ("Open", {"a": 1, "b": {"\ud800"}}),
    "surrogate in a frozenset": ("Fields", {"n": frozenset({"x\udfff"})}),
}
out = {}
for case, (name, value) in cases.items():
    for target, validate in (("pydantic", getattr(importlib.import_module(package + ".a"), name).model_validate),
                             ("typeddict", TypeAdapter(getattr(importlib.import_module(package + "_td.a"), name)).validate_python)):
        try:
            validate(value)
            out[f"{case} / {target}"] = "accepted"
        except ValidationError as exc:
            out[f"{case} / {target}"] = "refused: " + " ".join(str(exc).split())
print(json.dumps(out))
"""


def test_a_value_a_check_cannot_read_is_refused(tmp_path: Path) -> None:
    results = generate_and_run(tmp_path, {"a.json": SCHEMA}, VALIDATE)
    for case, verdict in results.items():
        if case.startswith("json"):
            assert verdict == "accepted", (case, verdict)
        else:
            assert verdict.startswith("refused"), (case, verdict)
    unreadable = [v for c, v in results.items() if not c.startswith(("json", "bad", "surrogate"))]
    surrogates = [v for c, v in results.items() if c.startswith("surrogate")]
    assert surrogates and all("surrogate" in v for v in surrogates), json.dumps(results, indent=1)
    assert all("not JSON data" in v for v in unreadable), json.dumps(results, indent=1)
