"""Which output roots a run touches, and what it may change in each.

Each target writes under an output root (config.placement): by default all three share
config.out; `[tool.schemagen.<target>] out` gives a target a root of its own. Every root holds
its own manifest. A run limited with `--target` renders only those targets, so in a root it shares
with targets it does not render it may change and delete only inside the folders of its own
targets, and the manifest keeps the other targets' entries as they were: `generate --target
typescript` leaves the Python packages alone and in sync, and `check --target X` checks X alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemagen.config import TARGETS, Config
from schemagen.safety import inside as in_folder, regular_file
from schemagen.output.generation import Generation
from schemagen.output.manifest import MANIFEST, manifest_entries, manifest_from_entries


@dataclass(frozen=True)
class Root:
    out: Path
    files: dict[str, str]  # what this run makes the root hold, its manifest included
    within: tuple[str, ...] | None  # the only folders/files the run may change or delete (None: all)
    scan: tuple[str, ...] | None  # where a file carrying the header counts as schemagen's (None: all)


def inside(path: str, prefixes: tuple[str, ...] | None) -> bool:
    if prefixes is None:
        return True
    return any(p == "" or path == p or path.startswith(p + "/") for p in prefixes)


def output_roots(config: Config) -> list[Path]:
    """Every output root a run writes, in one stable order (runner.py locks them in it; emit.py
    fills exactly these, so plan_roots walks the same list): each active target's placement, and
    config.out when it holds bundles."""
    outs = {config.placement(t).out for t in config.active} | ({config.out} if config.bundles else set())
    return sorted(outs, key=lambda p: p.as_posix())


def plan_roots(config: Config, generation: Generation) -> list[Root]:
    """The roots in a stable order, each with the files to compare or write."""
    roots: list[Root] = []
    for out in sorted(generation.outputs, key=lambda p: p.as_posix()):
        files = dict(generation.outputs[out])
        placed = {t: config.placement(t) for t in TARGETS}
        here = [t for t in TARGETS if placed[t].out == out and (t in config.targets or t in config.active)]
        mine = [t for t in here if t in config.active]
        folders = [placed[t].folder for t in mine]
        if out == config.out:
            folders += [b.path for b in config.bundles]
        # a header counts only inside the run's own folders: an output root may hold the user's
        # other files (`out = "."` holds .venv, whose installed copy of the package has headers
        # too); what older runs wrote elsewhere is found through the manifest
        scan: tuple[str, ...] | None = None if "" in folders else tuple(folders)
        if set(mine) == set(here):
            roots.append(Root(out, files, None, scan))
            continue
        within = tuple(folders)
        entries = {p: e for p, e in manifest_entries(out).items() if not inside(p, within)
                   and (target := in_folder(out, p)) is not None and regular_file(target)}
        entries.update(_entries(files))
        files[MANIFEST] = manifest_from_entries(entries)
        roots.append(Root(out, files, within, within))
    return roots


def _entries(files: dict[str, str]) -> dict[str, dict[str, str]]:
    import json

    return dict(json.loads(files[MANIFEST])["files"])
