"""`[tool.schemagen.breaking]` and `[tool.schemagen.lint]`: the review commands' own settings,
read from the same pyproject.toml as the rest of the configuration and checked here, so a typo is
one message naming the key."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemagen.config import Config
from schemagen.diagnostics import Location, SchemaError, error
from schemagen.review.findings import RULES, Finding

MODES = ("backward", "forward", "full")
RULE_SETS = ("wire", "source", "all")


def table(config: Config, name: str) -> dict[str, Any]:
    path = Path(config.source)
    if config.source in ("defaults", "command line") or not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    value = data.get("tool", {}).get("schemagen", {}).get(name, {})
    if not isinstance(value, dict):
        raise _bad(config, name, "", "expected a table")
    return value


def _bad(config: Config, name: str, key: str, message: str) -> SchemaError:
    dotted = f"[tool.schemagen.{name}]" + (f" {key}" if key else "")
    return SchemaError([error("config", f"{dotted}: {message}", Location(config.source),
                              "see docs/review.md for the accepted values")])


@dataclass(frozen=True)
class Ignore:
    rule: str
    subject: str = ""  # a type (matching its fields too) or Type.field
    pointer: str = ""  # a JSON pointer, optionally `file#pointer`

    def matches(self, f: Finding) -> bool:
        if self.rule not in ("*", f.rule):
            return False
        if self.subject and not (f.subject == self.subject or f.subject.startswith(self.subject + ".")):
            return False
        if self.pointer:
            file, hash_, pointer = self.pointer.rpartition("#")
            if not hash_:
                file, pointer = "", self.pointer
            if pointer != f.location.pointer and not f.location.pointer.startswith(pointer + "/"):
                return False
            if file and not f.location.file.endswith(file):
                return False
        return True


@dataclass(frozen=True)
class BreakingSettings:
    mode: str = "backward"
    rules: str = "all"
    ignore: tuple[Ignore, ...] = ()


def parse_ignore(config: Config, name: str, value: Any) -> tuple[Ignore, ...]:
    """`"RULE"`, `"RULE:Type"`, `"RULE:Type.field"`, `"RULE:/pointer"`, `"RULE:file.yaml#/pointer"`, or a
    table `{rule = ..., type = ..., pointer = ...}`."""
    if not isinstance(value, list):
        raise _bad(config, name, "ignore", "expected a list")
    out = []
    for item in value:
        if isinstance(item, str):
            rule, _, what = item.partition(":")
            entry = Ignore(rule, pointer=what) if what.startswith("/") or "#" in what else Ignore(rule, subject=what)
        elif isinstance(item, dict) and isinstance(item.get("rule"), str):
            entry = Ignore(item["rule"], str(item.get("type", "")), str(item.get("pointer", "")))
        else:
            raise _bad(config, name, "ignore", f"{item!r}: expected 'RULE:Type' or {{rule = ..., type = ...}}")
        if entry.rule != "*" and entry.rule not in RULES and name == "breaking":
            raise _bad(config, name, "ignore", f"unknown rule id {entry.rule!r}")
        out.append(entry)
    return tuple(out)


def breaking_settings(config: Config) -> BreakingSettings:
    t = table(config, "breaking")
    unknown = sorted(set(t) - {"mode", "rules", "ignore"})
    if unknown:
        raise _bad(config, "breaking", unknown[0], "unknown key; known keys are ignore, mode, rules")
    mode, rules = t.get("mode", "backward"), t.get("rules", "all")
    if mode not in MODES:
        raise _bad(config, "breaking", "mode", f"{mode!r}: expected one of {', '.join(MODES)}")
    if rules not in RULE_SETS:
        raise _bad(config, "breaking", "rules", f"{rules!r}: expected one of {', '.join(RULE_SETS)}")
    return BreakingSettings(mode, rules, parse_ignore(config, "breaking", t.get("ignore", [])))


def directions(mode: str) -> tuple[str, ...]:
    return {"backward": ("backward",), "forward": ("forward",), "full": ("backward", "forward")}[mode]
