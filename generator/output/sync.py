"""Stage 8, sync: compare {path: text} with the output folder (check) or make the folder equal to
it (generate), all or nothing.

Ownership: schemagen only ever overwrites or deletes a file that carries its header or is listed
in its manifest; anything else in the output folder is the user's and is never touched.

Atomicity: new contents are first written beside their targets as temporary files; a journal
listing every rename, backup and deletion is then written (itself atomically); only then are the
renames done. If anything fails mid-way the backups are put back, so the folder is the old output;
if the process is killed, the next run finds the journal and restores the old output before it
starts. Either way the folder is never a mix of two runs.
"""

from __future__ import annotations

import difflib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from schemagen.targets.common import HEADER_MARK
from schemagen.pipeline import MANIFEST

JOURNAL = ".schemagen-journal.json"
TMP_SUFFIX = ".schemagen-tmp"
BAK_SUFFIX = ".schemagen-bak"


class LockBusy(Exception):
    pass


@dataclass(frozen=True)
class Drift:
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    stale: tuple[str, ...]
    unchanged: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.stale)


def owned_on_disk(out: Path, within: tuple[str, ...] | None = None, scan: tuple[str, ...] | None = None) -> set[str]:
    """Files under `out` that schemagen owns: listed in its manifest or carrying its header. Only
    those inside `within` when it is given (a run limited to some targets), and a header counts
    only inside `scan` (an output root shared with the user's own code: the targets' folders)."""
    owned = _owned(out, scan)
    if within is None:
        return owned
    from schemagen.output.roots import inside

    return {p for p in owned if p == MANIFEST or inside(p, within)}


def _owned(out: Path, scan: tuple[str, ...] | None) -> set[str]:
    owned: set[str] = set()
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        for path in manifest.get("files", {}):
            if (isinstance(path, str) and ".." not in Path(path).parts and not Path(path).is_absolute()
                    and (out / path).is_file()):
                owned.add(path)
        if manifest.get("generator") == "schemagen":
            owned.add(MANIFEST)
    except (OSError, ValueError, AttributeError):
        pass
    for folder in [out] if scan is None else [out / s for s in scan]:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".py", ".ts", ".json") and _has_header(path):
                owned.add(path.relative_to(out).as_posix())
    return owned


def _has_header(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8") as handle:
            first = handle.readline(400)
    except (OSError, UnicodeDecodeError):
        return False
    return HEADER_MARK in first


def foreign(out: Path, drift: Drift) -> tuple[str, ...]:
    """Files schemagen would overwrite that it does not own (no header, not in the manifest):
    the user's, so `generate` refuses rather than replace them."""
    if not drift.changed:
        return ()
    owned = owned_on_disk(out)
    return tuple(p for p in drift.changed if p not in owned)


def compare(files: dict[str, str], out: Path, within: tuple[str, ...] | None = None,
            scan: tuple[str, ...] | None = None) -> Drift:
    changed: list[str] = []
    missing: list[str] = []
    unchanged: list[str] = []
    for path, text in sorted(files.items()):
        target = out / path
        try:
            current = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            missing.append(path)
            continue
        except (OSError, UnicodeDecodeError):
            changed.append(path)
            continue
        (unchanged if current == text else changed).append(path)
    stale = sorted(owned_on_disk(out, within, scan) - set(files))
    return Drift(tuple(changed), tuple(missing), tuple(stale), tuple(unchanged))


def unified_diff(files: dict[str, str], out: Path, drift: Drift, prefix: str = "") -> str:
    chunks: list[str] = []
    for path in drift.changed + drift.missing:
        try:
            old = (out / path).read_text(encoding="utf-8").splitlines(keepends=True)
        except (OSError, UnicodeDecodeError):
            old = []
        new = files[path].splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, new, f"a/{prefix}{path}", f"b/{prefix}{path}"))
    for path in drift.stale:
        try:
            old = (out / path).read_text(encoding="utf-8").splitlines(keepends=True)
        except (OSError, UnicodeDecodeError):
            old = []
        chunks.extend(difflib.unified_diff(old, [], f"a/{prefix}{path}", "/dev/null"))
    return "".join(c if c.endswith("\n") else c + "\n" for c in chunks)


def lock_path(out: Path) -> Path:
    """The lock file of an output folder: in a per-user folder of the temp dir, named by the
    folder's absolute path, so that locking never creates the output folder (a failed run leaves
    no trace) and leaves no lock file in the project."""
    import getpass
    import hashlib
    import tempfile

    try:
        user = getpass.getuser()
    except Exception:  # no user name to be had (some containers): one shared folder
        user = "anyone"
    key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:24]
    folder = Path(tempfile.gettempdir()) / f"schemagen-locks-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{key}.lock"


@contextmanager
def locked(out: Path, wait_seconds: float = 30.0) -> Iterator[None]:
    """One schemagen run at a time per output folder: an OS lock (flock, or LockFileEx on
    Windows, through `filelock`), released if the process dies."""
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path(out), timeout=wait_seconds)
    try:
        lock.acquire(poll_interval=0.1)
    except Timeout:
        raise LockBusy(f"another schemagen run is writing {out}; wait for it to finish and run again") from None
    try:
        yield
    finally:
        lock.release()


def recover(out: Path) -> bool:
    """Undo an interrupted write found on disk. Returns True if there was one."""
    journal_path = out / JOURNAL
    if not journal_path.exists():
        _remove_temps(out)
        return False
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal = {"entries": []}
    _rollback(out, journal.get("entries", []))
    journal_path.unlink(missing_ok=True)
    _remove_temps(out)
    return True


def _remove_temps(out: Path) -> None:
    if not out.is_dir():
        return
    for path in out.rglob(f"*{TMP_SUFFIX}"):
        path.unlink(missing_ok=True)


def _rollback(out: Path, entries: list[dict[str, str]]) -> None:
    for entry in reversed(entries):
        final = out / entry["path"]
        backup = final.with_name(final.name + BAK_SUFFIX)
        if backup.exists():
            os.replace(backup, final)
            # rename(2) does nothing when both names are links to one file (a target not yet
            # replaced when the run stopped): the backup name must still go
            backup.unlink(missing_ok=True)
        elif entry.get("existed") == "no":
            final.unlink(missing_ok=True)


def write(files: dict[str, str], out: Path, drift: Drift,
          _replace: Callable[[Path, Path], None] = os.replace) -> int:
    """Make `out` hold exactly `files` (plus the user's own files). Returns files written+deleted."""
    todo = list(drift.changed) + list(drift.missing)
    if not todo and not drift.stale:
        return 0
    out.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, str]] = []
    try:
        for path in todo:  # 1. stage every new file beside its target
            final = out / path
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_name(final.name + TMP_SUFFIX)
            with tmp.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(files[path])
                handle.flush()
                os.fsync(handle.fileno())
        for path in todo + list(drift.stale):  # 2. back up what will be replaced or deleted
            final = out / path
            existed = final.exists()
            if existed:
                backup = final.with_name(final.name + BAK_SUFFIX)
                backup.unlink(missing_ok=True)
                os.link(final, backup)
            entries.append({"path": path, "existed": "yes" if existed else "no"})
        _write_journal(out, entries)  # 3. from here on, a crash is undone by recover()
        for path in todo:  # 4. the switch
            final = out / path
            _replace(final.with_name(final.name + TMP_SUFFIX), final)
        for path in drift.stale:
            (out / path).unlink()
    except BaseException:
        _rollback(out, entries)
        (out / JOURNAL).unlink(missing_ok=True)
        _remove_temps(out)
        raise
    for entry in entries:  # 5. commit: drop backups, then the journal
        final = out / entry["path"]
        final.with_name(final.name + BAK_SUFFIX).unlink(missing_ok=True)
    (out / JOURNAL).unlink(missing_ok=True)
    _prune_empty_dirs(out, drift.stale)
    return len(todo) + len(drift.stale)


def _write_journal(out: Path, entries: list[dict[str, str]]) -> None:
    tmp = out / (JOURNAL + TMP_SUFFIX)
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump({"entries": entries}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, out / JOURNAL)


def _prune_empty_dirs(out: Path, removed: tuple[str, ...]) -> None:
    for path in sorted({(out / p).parent for p in removed}, key=lambda p: -len(p.parts)):
        while path != out and path.is_dir() and not any(path.iterdir()):
            path.rmdir()
            path = path.parent
