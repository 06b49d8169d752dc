"""The rule catalogue is whole: every rule id has its own test case and a row in docs/review.md, and the wire
reasons map only to catalogued ids."""

from __future__ import annotations

from pathlib import Path

from schemagen.review.compare_wire import RULE_OF
from schemagen.review.findings import RULES
from tests.review.test_breaking_source import CASES as SOURCE, CHANGES
from tests.review.test_breaking_wire import CASES as WIRE

CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "review.md"


def test_every_rule_has_a_test_case() -> None:
    tested = {c[0] for c in WIRE} | {c[0] for c in SOURCE} | {c[0] for c in CHANGES}
    assert tested == set(RULES)


def test_every_rule_has_a_catalogue_row() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    assert [r for r in RULES if f"| `{r}` |" not in text] == []


def test_wire_reasons_map_to_catalogued_wire_rules() -> None:
    ids = {i for pair in RULE_OF.values() for i in pair}
    assert ids <= set(RULES) and all(RULES[i].kind == "wire" for i in ids)
    assert ids == {r for r, rule in RULES.items() if rule.kind == "wire"}
