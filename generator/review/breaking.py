"""`schemagen breaking` and `schemagen diff`: two snapshots in, findings and a report out.

`breaking` keeps what breaks under the mode (wire directions) and rule set, minus the accepted
breaks of `[tool.schemagen.breaking] ignore`; `diff` keeps every change, wire, source and
documentation, each marked breaking or not, plus the generated files each target would change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from schemagen.config import Config
from schemagen.review import report
from schemagen.review.compare_source import source_findings
from schemagen.review.compare_wire import wire_findings
from schemagen.review.findings import Finding, order
from schemagen.review.settings import BreakingSettings, directions
from schemagen.review.snapshot import Snapshot, load_against, load_snapshot


@dataclass(frozen=True)
class Comparison:
    old: Snapshot
    new: Snapshot
    findings: list[Finding]


def compare(config: Config, against: str, settings: BreakingSettings, every_change: bool) -> Comparison:
    from schemagen.deepstack import call_deep

    return call_deep(_compare, config, against, settings, every_change)


def _compare(config: Config, against: str, settings: BreakingSettings, every_change: bool) -> Comparison:
    new = load_snapshot(config)
    old = load_against(config, against, reuse=new)
    wanted = directions(settings.mode)
    found: list[Finding] = []
    if settings.rules in ("wire", "all") or every_change:
        found += wire_findings(old, new, ("backward", "forward") if every_change else wanted, wanted)
    if settings.rules in ("source", "all") or every_change:
        found += source_findings(old, new)
    if not every_change:
        found = [f for f in found if f.breaking]
    found = [f for f in found if not any(i.matches(f) for i in settings.ignore)] if not every_change else \
        [_accepted(f, settings) for f in found]
    return Comparison(old, new, order(found))


def _accepted(f: Finding, settings: BreakingSettings) -> Finding:
    """In `diff`, an ignored break is still a change: listed, not counted as breaking."""
    if f.breaking and any(i.matches(f) for i in settings.ignore):
        from dataclasses import replace

        return replace(f, breaking=False, message=f.message + " (accepted in [tool.schemagen.breaking] ignore)")
    return f


def render_breaking(c: Comparison, fmt: str) -> str:
    title = f"schemagen breaking against {c.old.label}"
    if fmt == "json":
        return report.as_json(c.findings, title)
    if fmt == "github":
        return report.github(c.findings, title)
    if fmt == "markdown":
        return report.markdown(c.findings, title)
    return report.text(c.findings, title)


def generated_changes(c: Comparison) -> list[tuple[str, str, str]]:
    """(target, added|changed|removed, path) for every generated file the change touches."""
    from schemagen.pipeline import MANIFEST, generate

    if c.old.schema is c.new.schema:
        return []  # the same documents on both sides (snapshot.load_snapshot): nothing generated changes
    formatted: dict[str, str] = {}  # a module both sides render alike is formatted once
    before = generate(c.old.config, formatted, documents=list(c.old.documents)).files if c.old.documents else {}
    after = generate(c.new.config, formatted, documents=list(c.new.documents)).files
    out = []
    for path in sorted(set(before) | set(after)):
        if path == MANIFEST:
            continue
        change = "added" if path not in before else "removed" if path not in after else \
            "changed" if before[path] != after[path] else ""
        if change:
            out.append((_target_of(path, c.new.config), change, path))
    return out


def _target_of(path: str, config: Config) -> str:
    parts = PurePosixPath(path).parts
    if parts[:2] == ("python", config.python_package):
        return "pydantic"
    if parts[:2] == ("python", config.typeddict_package):
        return "typeddict"
    return parts[0] if parts and parts[0] == "typescript" else "other"


def render_diff(c: Comparison, fmt: str, files: list[tuple[str, str, str]]) -> str:
    title = f"schemagen diff against {c.old.label}"
    if fmt == "json":
        return report.as_json(c.findings, title, {"generated": [
            {"target": t, "change": ch, "path": p} for t, ch, p in files]})
    if fmt == "github":
        return report.github(c.findings, title)
    if fmt == "markdown":
        return report.markdown(c.findings, title, files)
    return report.text(c.findings, title, [f"generated [{t}] {ch}: {p}" for t, ch, p in files])
