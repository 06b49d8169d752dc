"""Findings → text for a terminal, JSON for tools, GitHub workflow annotations, or Markdown for a
pull-request comment. Pure functions of the findings, deterministic byte for byte."""

from __future__ import annotations

import json
import re
from typing import Any, Callable
from urllib.parse import quote

from schemagen.review.findings import Finding

FORMATS = ("text", "json", "github", "markdown")


def where(f: Finding) -> str:
    loc = f.location
    text = f"{loc.file}:{loc.line}:{loc.col}" if loc.line else loc.file
    return text + (" (old)" if f.side == "old" else "")


def summary(findings: list[Finding], title: str = "") -> str:
    if title.startswith("schemagen lint"):
        return f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    broken = sum(1 for f in findings if f.breaking and not f.possibly)
    possibly = sum(1 for f in findings if f.breaking and f.possibly)
    other = sum(1 for f in findings if not f.breaking)
    parts = [f"{broken} breaking"]
    if possibly:
        parts.append(f"{possibly} possibly breaking")
    parts.append(f"{other} other")
    return ", ".join(parts)


def as_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule, "kind": f.kind, "severity": f.severity(), "breaking": f.breaking, "possibly": f.possibly,
        "subject": f.subject, "file": f.location.file, "line": f.location.line, "col": f.location.col,
        "pointer": f.location.pointer, "side": f.side, "targets": list(f.targets), "message": f.message,
    }


def text(findings: list[Finding], title: str, extra: list[str] | None = None) -> str:
    lines = []
    for f in findings:
        targets = f" [{', '.join(f.targets)}]" if f.targets else ""
        lines.append(f"{where(f)}: {f.severity()}[{f.rule}] {f.subject}: {f.message}{targets}")
    lines += extra or []
    lines.append(f"{title}: {summary(findings, title)}")
    return "\n".join(lines) + "\n"


def as_json(findings: list[Finding], title: str, extra: dict[str, Any] | None = None) -> str:
    body: dict[str, Any] = {"command": title, "summary": summary(findings, title), "findings": [as_dict(f) for f in findings]}
    body.update(extra or {})
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: list[Finding], title: str) -> str:
    """GitHub Actions workflow commands: each finding an annotation on its file and line."""
    lines = []
    for f in findings:
        level = "error" if f.breaking and not f.possibly else "warning" if f.breaking else "notice"
        props = [f"file={_escape_property(f.location.file)}"]
        if f.location.line:
            props += [f"line={f.location.line}", f"col={f.location.col}"]
        props.append(f"title={_escape_property(f.rule + ' ' + f.subject)}")
        side = " (in the old schemas)" if f.side == "old" else ""
        lines.append(f"::{level} {','.join(props)}::{_escape_data(f.message + side)}")
    lines.append(f"{title}: {summary(findings, title)}")
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def markdown(findings: list[Finding], title: str, files: list[tuple[str, str, str]] | None = None,
             link: Callable[[Finding], str | None] | None = None) -> str:
    """A pull-request comment: the summary, then a section per severity (breaking first), and in each
    the findings grouped by the type they are about, each a sentence with its file:line (a link to
    the line when `link` gives one). `files` lists (target, change, path) of generated files."""
    lines = [f"### {title}", "", f"**{summary(findings, title)}**", ""]
    sections = (("breaking", "🔴 Breaking"), ("possibly breaking", "🟠 Possibly breaking"), ("change", "🟢 Other changes"),
                ("lint", "Lint"))
    for severity, heading in sections:
        chosen = [f for f in findings if f.severity() == severity]
        if not chosen:
            continue
        folded = severity == "change" and len(chosen) > 10
        lines += [f"<details><summary>{heading} ({len(chosen)})</summary>", ""] if folded else \
            [f"#### {heading} ({len(chosen)})", ""]
        for type_name, group in _by_type(chosen):
            lines.append(f"**`{_cell(type_name)}`**")
            lines += [_item(f, link) for f in group]
            lines.append("")
        if folded:
            lines += ["</details>", ""]
    if files:
        lines += ["<details><summary>Generated files that change</summary>", "",
                  "| Target | Change | File |", "| --- | --- | --- |"]
        lines += [f"| {t} | {c} | `{_cell(p)}` |" for t, c, p in files]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def _type_of(subject: str) -> str:
    return re.split(r"[.\[]", subject, maxsplit=1)[0] or subject


def _by_type(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by type, the groups in the order their first finding comes."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(_type_of(f.subject), []).append(f)
    return list(groups.items())


def _item(f: Finding, link: Callable[[Finding], str | None] | None) -> str:
    place = where(f)
    url = link(f) if link is not None else None
    shown = f"[`{_cell(place)}`]({url})" if url else f"`{_cell(place)}`"
    field = f"`{_cell(f.subject)}`: " if f.subject != _type_of(f.subject) else ""
    return f"- {field}{_cell(f.message)} — {shown} <sub>{f.rule}</sub>"


def line_links(new_base: str | None, old_base: str | None) -> Callable[[Finding], str | None]:
    """Links to the line of each finding: `new_base`/`old_base` are URL prefixes of the repository's
    files at the new and old revision (e.g. https://github.com/o/r/blob/<sha>), None when unknown."""

    def link(f: Finding) -> str | None:
        base = new_base if f.side == "new" else old_base
        if not base or not f.location.file or f.location.file.startswith(("/", "..")):
            return None
        anchor = f"#L{f.location.line}" if f.location.line else ""
        return f"{base.rstrip('/')}/{quote(f.location.file)}{anchor}"

    return link
