"""The manifest: the list of files schemagen owns in an output folder (`.schemagen-manifest.json`),
written with every run's files and read back, as untrusted input, to know what may be replaced or
deleted."""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = ".schemagen-manifest.json"


def manifest_text(files: dict[str, str], digests: dict[str, str]) -> str:
    """The list of files schemagen owns in the output folder, with the digest of each Python
    file's unformatted text (lets the next run skip black for an unchanged module)."""
    from schemagen.output.format import digest, formatter_version

    black = formatter_version()
    entries = {
        path: {"sha256": digest(text), **({"source": digests[path], "black": black} if path in digests else {})}
        for path, text in sorted(files.items()) if path != MANIFEST
    }
    return manifest_from_entries(entries)


def manifest_from_entries(entries: dict[str, dict[str, str]]) -> str:
    body = {"generator": "schemagen", "files": dict(sorted(entries.items()))}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def manifest_entries(out: Path) -> dict[str, dict[str, str]]:
    """The manifest's entries, read as untrusted input: never through a link (safety.py)."""
    from schemagen.safety import read_inside

    try:
        entries = json.loads(read_inside(out, MANIFEST) or "")["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {p: e for p, e in entries.items() if isinstance(p, str) and isinstance(e, dict)}


def read_format_cache(out: Path) -> dict[str, str]:
    """No formatted text is ever taken from the output folder (issue 12): a pull request can edit
    a generated module and its digest in the manifest alike, and `generate` would then keep the
    edit as "already formatted" while `check` said in sync. A run's format cache is in memory, or
    a store outside the output folder whose entries an edit of the folder cannot forge."""
    del out
    return {}


def other_formatters(out: Path) -> tuple[str, ...]:
    """The black versions recorded in the manifest that are not the installed one: the output
    was formatted by another black, so `check` says so (the bytes may differ for that alone)."""
    from schemagen.output.format import formatter_version

    black = formatter_version()
    recorded = {e["black"] for e in manifest_entries(out).values() if isinstance(e.get("black"), str)}
    return tuple(sorted(recorded - {black}))
