"""`schemagen breaking` and `schemagen diff`: two snapshots in, findings and a report out.

`breaking` keeps what breaks under the mode (wire directions) and rule set, minus the accepted
breaks of `[tool.schemagen.breaking] ignore`; `diff` keeps every change, wire, source and
documentation, each marked breaking or not, plus the generated files each target would change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
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
        return report.markdown(c.findings, title, link=_links(c))
    return report.text(c.findings, title)


def _links(c: Comparison) -> Callable[[Finding], str | None] | None:
    """Links to lines on the forge, from the environment: SCHEMAGEN_LINK_BASE (the URL of the new
    revision's files, e.g. https://github.com/o/r/blob/<sha>), else GitHub Actions' GITHUB_SERVER_URL,
    GITHUB_REPOSITORY and GITHUB_SHA. Old lines link when --against was a git revision. None: no links."""
    import os
    import subprocess

    server, repo, sha = (os.environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    forge = f"{server.rstrip('/')}/{repo}/blob" if server and repo else ""
    new_base = os.environ.get("SCHEMAGEN_LINK_BASE") or (f"{forge}/{sha}" if forge and sha else "")
    if not new_base:
        return None
    old_base = f"{forge}/{c.old.revision}" if forge and c.old.revision else ""
    try:  # the files are named from the project root; the forge names them from the repository's
        prefix = subprocess.run(["git", "-C", str(c.new.config.root), "rev-parse", "--show-prefix"],
                                capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        prefix = ""
    return report.line_links(f"{new_base.rstrip('/')}/{prefix}".rstrip("/"),
                             f"{old_base}/{prefix}".rstrip("/") if old_base else None)


def generated_changes(c: Comparison) -> list[tuple[str, str, str]]:
    """(target, added|changed|removed, path) for every generated file the change touches."""
    from schemagen.pipeline import MANIFEST

    if c.old.schema is c.new.schema:
        return []  # the same documents on both sides (snapshot.load_snapshot): nothing generated changes
    formatted: dict[str, str] = {}  # a module both sides render alike is formatted once
    before = _rendered(c.old, c.new.config, formatted) if c.old.documents else {}
    after = _rendered(c.new, c.new.config, formatted)
    out = []
    for path in sorted(set(before) | set(after)):
        if path == MANIFEST:
            continue
        change = "added" if path not in before else "removed" if path not in after else \
            "changed" if before[path] != after[path] else ""
        if change:
            out.append((_target_of(path, c.new.config), change, path))
    return out


def _rendered(snap: Snapshot, config: Config, formatted: dict[str, str]) -> dict[str, str]:
    """The files `generate` would write to this project's output folder from the snapshot's IR
    (loaded, checked and lowered once already). Both sides render with the project's config, so a
    file differs only where the schemas make it differ (not by the folder the old side was read
    from), and through the user's cache: each side finds the modules planned alike before."""
    from schemagen.cache import Cache
    from schemagen.deepstack import call_deep
    from schemagen.output.emit import emit_roots

    outputs, _, _ = call_deep(emit_roots, snap.schema, snap.names, config, formatted, list(snap.documents),
                              Cache.default())
    return dict(outputs.get(config.out, {}))


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
        return report.markdown(c.findings, title, files, link=_links(c))
    return report.text(c.findings, title, [f"generated [{t}] {ch}: {p}" for t, ch, p in files])
