"""Run each suite test through a target's validator and compare with the expected verdict.

A result is per group and per target; a group agrees when every one of its tests does. The
known-gap keys are `file | group description | test description`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from tests.conformance.suite import Group

Validator = Callable[[Any], bool]


@dataclass(frozen=True)
class Miss:
    test: str
    expected: bool  # the suite's verdict; a miss got the other one

    @property
    def kind(self) -> str:
        return "false reject" if self.expected else "false accept"


@dataclass
class GroupResult:
    file: str
    index: int
    description: str
    tests: int
    keywords: frozenset[str]
    error: str | None = None  # generation failed: every test counts as a miss
    warned: frozenset[str] = frozenset()  # unsupported keywords the generator warned about
    misses: dict[str, list[Miss]] = field(default_factory=dict)  # target → misses

    def agrees(self, target: str) -> bool:
        return self.error is None and not self.misses.get(target)

    def gap_keys(self, target: str) -> list[str]:
        return [gap_key(self.file, self.description, m.test) for m in self.misses.get(target, [])]


def gap_key(file: str, group: str, test: str) -> str:
    return f"{file} | {group} | {test}"


def judge(group: Group, validators: dict[str, Validator | None]) -> dict[str, list[Miss]]:
    """target → the tests whose verdict differs from the suite's."""
    out: dict[str, list[Miss]] = {}
    for target, check in validators.items():
        if check is None:
            continue
        out[target] = [Miss(case.description, case.valid) for case in group.tests if check(case.data) != case.valid]
    return out
