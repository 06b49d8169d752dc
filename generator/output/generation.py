"""What one run of the pipeline produced: every file's text per output root, and the diagnostics.
The pipeline returns it; sync compares it with disk or writes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from schemagen.diagnostics import Diagnostic


@dataclass(frozen=True)
class Generation:
    files: dict[str, str]  # posix path relative to config.out → text (every file, in the default layout)
    diagnostics: tuple[Diagnostic, ...]
    schemas: int
    types: int
    seconds: float
    source_digests: dict[str, str]
    # every output root → its files, each root with its own manifest ([tool.schemagen.<target>] out
    # gives a target a root of its own; config.out's files are `files`)
    outputs: dict[Path, dict[str, str]] = field(default_factory=dict)
