"""`schemagen watch`: regenerate whenever a schema, the config or a custom templates folder
changes, until Ctrl-C.

The file watcher (watchfiles) only wakes the loop up; what decides that something changed is a
fingerprint of the watched files (path, size, mtime). So a burst of saves is one run (watchfiles
waits for the burst to settle, and an unchanged fingerprint runs nothing), an editor that replaces
the config file by renaming cannot lose its watch (the loop also wakes up once a second), and a
save made while a run was busy is seen by the next look.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any, Iterator

from schemagen.diagnostics import EXIT_OK
from schemagen.cli.runner import Options, echo, load, run

SCHEMA_SUFFIXES = (".yaml", ".yml", ".json")
Fingerprint = dict[str, tuple[int, int]]


def watched_paths(opts: Options) -> tuple[Path, ...]:
    """The schemas folder, the config file and a custom templates folder, as the config says now
    (a broken config still leaves the folders named on the command line or the defaults)."""
    from schemagen.config import find_pyproject
    from schemagen.locations import DEFAULT_TEMPLATES

    paths: list[Path] = []
    config_file = opts.config or find_pyproject(Path.cwd())
    if config_file is not None:
        paths.append(config_file)
    try:
        config: Any = load(opts)
        paths.append(config.schemas)
        if Path(config.templates).resolve() != Path(DEFAULT_TEMPLATES).resolve():
            paths.append(Path(config.templates))
    except Exception:  # the run itself reports a bad config; keep watching what was named
        paths.append(opts.schemas or Path("schemas"))
    return tuple(dict.fromkeys(p.absolute() for p in paths))


def fingerprint(paths: tuple[Path, ...]) -> Fingerprint:
    """(size, mtime) of every watched file: schema files under the folders, the config file."""
    found: Fingerprint = {}
    for root in paths:
        for path in _files(root):
            try:
                st = path.stat()
            except OSError:
                continue
            found[str(path)] = (st.st_size, st.st_mtime_ns)
    return found


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(SCHEMA_SUFFIXES) or name.endswith(".j2"):  # schemas, templates
                yield Path(folder) / name


def describe(before: Fingerprint, after: Fingerprint) -> str:
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    shown = [os.path.relpath(p) for p in changed[:3]]
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return ", ".join(shown) + more


def watch(opts: Options, debounce_ms: int = 1600, step_ms: int = 100, poll_ms: int = 1000) -> int:
    """Generate now and after every change; returns when interrupted (Ctrl-C or SIGTERM)."""
    from schemagen.diagnostics import printable

    # A stop that lands while a run is going is caught by the runner (it reports "interrupted" and
    # leaves the output alone) and so never reached the loop: watch went on for ever. Remember it,
    # and stop once the run has returned.
    stopping = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    def generate() -> None:
        run("generate", opts)
        if stopping:
            raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # Ctrl-C, unless it is ignored
        signal.signal(signal.SIGINT, stop)
    try:
        paths = watched_paths(opts)
        seen = fingerprint(paths)
        generate()
        while True:
            shown = ", ".join(printable(os.path.relpath(p)) for p in paths)
            echo([(f"schemagen watch: watching {shown} (Ctrl-C to stop)", False)])
            for _ in _wakeups(paths, debounce_ms, step_ms, poll_ms):
                now = fingerprint(paths)
                if now == seen:
                    continue
                echo([(f"schemagen watch: changed: {printable(describe(seen, now))}; regenerating", False)])
                seen = now
                generate()
                new_paths = watched_paths(opts)
                if new_paths != paths:  # the config moved the schemas folder: watch the new one
                    paths, seen = new_paths, fingerprint(new_paths)
                    break
                echo([("schemagen watch: waiting for changes", False)])
    except KeyboardInterrupt:
        echo([("schemagen watch: stopped", False)])
    return EXIT_OK


def _wakeups(paths: tuple[Path, ...], debounce_ms: int, step_ms: int, poll_ms: int) -> Iterator[object]:
    """Yield after each settled burst of file events, and at least every poll_ms."""
    existing = [str(p) for p in paths if p.exists()]
    if not existing:  # nothing to watch yet (no schemas folder): look once a second
        import time

        while True:
            time.sleep(poll_ms / 1000)
            yield None
    import watchfiles

    yield from watchfiles.watch(*existing, debounce=debounce_ms, step=step_ms, rust_timeout=poll_ms,
                                yield_on_timeout=True, raise_interrupt=True)
