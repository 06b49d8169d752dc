"""The wire rules checked against instances, not against their own reasoning: for every breaking
case an instance of the old schema (BACKWARD; the new one for FORWARD) that the other rejects is
searched for and must exist, and for every compatible case no such instance may turn up. Instances
are drawn with hypothesis-jsonschema and judged by the `jsonschema` validator."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample, Unsatisfiable
from jsonschema import Draft202012Validator, FormatChecker

from schemagen.frontend.load import load_text
from tests.conformance.hypothesis_compat import install
from tests.review.test_breaking_wire import CASES, COMPATIBLE, schema

install()
SEARCH = settings(max_examples=300, database=None, deadline=None, suppress_health_check=list(HealthCheck))
CHECKED_FORMATS = FormatChecker()  # asserts the formats it has checkers for (uuid, email, date, ...)
EXTRA = "  A2:\n    type: object\n    required: [kind]\n    properties: {kind: {const: a}}\n"


def document(body: str) -> dict[str, Any]:
    doc, diags = load_text(schema(body) + EXTRA, "t.yaml", "t.yaml")
    assert doc is not None, diags
    return {**doc.content, "$ref": "#/$defs/T"}


def _names(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
        return own.union(*(_names(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_names(v) for v in node))
    return set()


def counterexample(sub: dict[str, Any], sup: dict[str, Any]) -> Any:
    """An instance valid under `sub` and invalid under `sup`, or NoSuchExample. Besides what
    hypothesis-jsonschema draws from `sub`, objects keyed by the property names of either schema
    (a random key would seldom hit the one property an open object gained)."""
    from hypothesis import strategies as st
    from hypothesis_jsonschema import from_schema

    inside = Draft202012Validator(sub, format_checker=CHECKED_FORMATS)
    outside = Draft202012Validator(sup, format_checker=CHECKED_FORMATS)
    names = sorted(_names(sub) | _names(sup)) or ["a"]
    keyed = st.dictionaries(st.sampled_from(names), from_schema({"type": ["string", "integer", "boolean", "null"]}), max_size=3)
    strategy = st.one_of(from_schema(sub), keyed).filter(inside.is_valid)
    return find(strategy, lambda x: not outside.is_valid(x), settings=SEARCH)


UNDECIDED = {"WIRE_PATTERN_CHANGED", "WIRE_ONEOF_OVERLAP", "WIRE_NOT_CHANGED", "WIRE_UNDECIDABLE"}


@pytest.mark.parametrize("rule,mode,old,new", [c[:4] for c in CASES if c[0] not in UNDECIDED],
                         ids=[c[0] for c in CASES if c[0] not in UNDECIDED])
def test_a_reported_break_has_an_instance_that_breaks(rule: str, mode: str, old: str, new: str) -> None:
    sub, sup = (document(old), document(new)) if mode == "backward" else (document(new), document(old))
    try:
        counterexample(sub, sup)
    except Unsatisfiable:
        pytest.skip("hypothesis-jsonschema cannot draw from this schema")


@pytest.mark.parametrize("old,new", [c[1:] for c in COMPATIBLE], ids=[c[0] for c in COMPATIBLE])
def test_a_compatible_change_has_no_breaking_instance(old: str, new: str) -> None:
    with pytest.raises((NoSuchExample, Unsatisfiable)):
        found = counterexample(document(old), document(new))
        pytest.fail(f"old accepts {found!r}, new rejects it")


# ---- the registry-style pairs (cases/wire_pairs.json), judged by instances rather than by the expectation
# written beside them: hypothesis-jsonschema draws from one side (and objects keyed by the schemas' property
# names, and arrays of small values), the draft's own `jsonschema` validator judges both sides.

def _pair_counterexample(sub: Any, sup: Any) -> Any:
    from hypothesis import strategies as st
    from hypothesis_jsonschema import from_schema
    inside = _validator(sub)
    outside = _validator(sup)
    names = sorted(_names(sub) | _names(sup)) or ["a"]
    small = st.one_of(st.none(), st.booleans(), st.integers(-3, 30), st.sampled_from([0.5, 1.5]), st.sampled_from(["", "a", "n_1"]))
    keyed = st.dictionaries(st.sampled_from(names + ["n_1", "s_x", "x1"]), small, max_size=4)
    arrays = st.lists(st.one_of(small, keyed), max_size=5)
    drawn = [keyed, arrays, small]
    try:
        drawn.append(from_schema(_as_2020(sub)))
    except Exception:  # a schema hypothesis-jsonschema cannot draw from: the generic strategies still run
        pass
    strategy = st.one_of(*drawn).filter(inside.is_valid)
    return find(strategy, lambda x: not outside.is_valid(x), settings=PAIR_SEARCH)


PAIR_SEARCH = settings(max_examples=80, database=None, deadline=None, suppress_health_check=list(HealthCheck))


def _validator(schema: Any) -> Any:
    """The draft's validator, read as schemagen reads a file without `$schema` (frontend/dialect.py)."""
    from jsonschema import Draft7Validator
    from jsonschema.validators import validator_for

    from schemagen.frontend.dialect import older_draft_keyword

    if isinstance(schema, dict) and "$schema" not in schema and older_draft_keyword(schema) is not None:
        return Draft7Validator(schema)
    return validator_for(schema, default=Draft202012Validator)(schema)


def _as_2020(schema: Any) -> Any:
    """hypothesis-jsonschema reads draft-07 tuples when told the draft."""
    from schemagen.frontend.dialect import older_draft_keyword

    if isinstance(schema, dict) and "$schema" not in schema and older_draft_keyword(schema) is not None:
        return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
    return schema


def _pairs() -> list[dict[str, Any]]:
    import json

    from tests.review.wire_agreement import DEFAULT_PAIRS

    return [p for p in json.loads(DEFAULT_PAIRS.read_text(encoding="utf-8")) if "$ref" not in json.dumps(p)]


@pytest.mark.parametrize("pair", _pairs(), ids=[f"{p['class']}: {p['description']}" for p in _pairs()])
def test_pair_verdict_holds_for_instances(pair: dict[str, Any]) -> None:
    if pair["compatible"]:
        with pytest.raises((NoSuchExample, Unsatisfiable)):
            found = _pair_counterexample(pair["old"], pair["new"])
            pytest.fail(f"old accepts {found!r}, new rejects it")
    else:
        try:
            _pair_counterexample(pair["old"], pair["new"])
        except NoSuchExample:
            pytest.skip("no breaking instance drawn (the search is not exhaustive)")
        except Unsatisfiable:
            pytest.skip("hypothesis cannot draw from this schema")
