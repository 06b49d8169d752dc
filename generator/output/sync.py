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
import errno
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from schemagen.diagnostics import Location, SchemaError, error
from schemagen.safety import (
    TOKEN, create_new, has_exact_header, inside, new_token, owned_without_header, read_inside, regular_file,
    staged_names, walk_files,
)
from schemagen.output.manifest import MANIFEST

JOURNAL = ".schemagen-journal.json"


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
    """Files under `out` that schemagen owns: the manifest lists them and line 1 is exactly the
    header it writes (or the file is of a kind it writes without one), or, inside `scan`, line 1
    is that header. Paths that leave the folder
    or pass through a link are never owned (safety.py). Only those inside `within` when it is
    given (a run limited to some targets), and a header counts only inside `scan` (an output root
    shared with the user's own code: the targets' folders)."""
    owned = _owned(out, scan)
    if within is None:
        return owned
    from schemagen.output.roots import inside

    return {p for p in owned if p == MANIFEST or inside(p, within)}


def _owned(out: Path, scan: tuple[str, ...] | None) -> set[str]:
    owned: set[str] = set()
    try:
        manifest = json.loads(read_inside(out, MANIFEST) or "")
        listed = manifest.get("files", {}) if isinstance(manifest, dict) else {}
        for path in listed if isinstance(listed, dict) else ():
            target = inside(out, path)
            if target is not None and regular_file(target) and (owned_without_header(target) or has_exact_header(target)):
                owned.add(path)
        if manifest.get("generator") == "schemagen" and regular_file(out / MANIFEST):
            owned.add(MANIFEST)
    except (ValueError, AttributeError):
        pass
    for folder in [""] if scan is None else list(scan):
        base = inside(out, folder) if folder else out  # None when a component is a link
        if base is None or not base.is_dir():
            continue
        for rel in walk_files(base):
            path = f"{folder}/{rel}" if folder else rel
            if path.endswith((".py", ".ts", ".txt")) and has_exact_header(out / path):
                owned.add(path)
    return owned


def foreign(out: Path, drift: Drift) -> tuple[str, ...]:
    """Files schemagen would overwrite that it does not own (no header, not in the manifest):
    the user's, so `generate` refuses rather than replace them."""
    if not drift.changed:
        return ()
    owned = owned_on_disk(out)
    return tuple(p for p in drift.changed if p not in owned and inside(out, p) is not None)  # links: write() refuses them


def compare(files: dict[str, str], out: Path, within: tuple[str, ...] | None = None,
            scan: tuple[str, ...] | None = None) -> Drift:
    changed: list[str] = []
    missing: list[str] = []
    unchanged: list[str] = []
    for path, text in sorted(files.items()):
        current = read_inside(out, path)
        if current is None:
            target = inside(out, path)
            (missing if target is not None and not os.path.lexists(target) else changed).append(path)
            continue
        (unchanged if current == text else changed).append(path)
    stale = sorted(owned_on_disk(out, within, scan) - set(files))
    return Drift(tuple(changed), tuple(missing), tuple(stale), tuple(unchanged))


def unified_diff(files: dict[str, str], out: Path, drift: Drift, prefix: str = "") -> str:
    chunks: list[str] = []
    for path in drift.changed + drift.missing:
        old = (read_inside(out, path) or "").splitlines(keepends=True)
        new = files[path].splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, new, f"a/{prefix}{path}", f"b/{prefix}{path}"))
    for path in drift.stale:
        old = (read_inside(out, path) or "").splitlines(keepends=True)
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
    if not _own_private_folder(folder):  # the temp dir is shared: another user made it, or a link
        folder = Path.home() / ".cache" / "schemagen-locks"
        if not _own_private_folder(folder):
            raise OSError(errno.EPERM, f"no private folder for the lock file ({folder} is not one)")
    return folder / f"{key}.lock"


def _own_private_folder(folder: Path) -> bool:
    """Make the folder (mode 0700) if it is missing; whether it is a real folder (not a link) that
    this user owns and no one else may write to."""
    import stat

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


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
    """Undo an interrupted write found on disk. Returns True if there was one.

    The journal is read as untrusted input: it is used only if its run token has schemagen's
    form, each entry is a path inside the folder (no `..`, absolute part or link on the way), a
    backup is restored only from the name this tool gives it (carrying the token), and a file
    the run had added is removed only if it carries schemagen's exact header."""
    journal_path = out / JOURNAL
    if not os.path.lexists(journal_path):
        _remove_temps(out)
        return False
    journal: object = None
    text = read_inside(out, JOURNAL)
    try:
        journal = json.loads(text) if text is not None else None
    except ValueError:
        journal = None
    if isinstance(journal, dict) and isinstance(journal.get("token"), str) and TOKEN.fullmatch(journal["token"]):
        entries = journal.get("entries")
        _rollback(out, [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else [],
                  journal["token"], trusted=False)
    journal_path.unlink(missing_ok=True)
    _remove_temps(out)
    return True


def _remove_temps(out: Path) -> None:
    for path in staged_names(out):
        path.unlink(missing_ok=True)


def _staged(final: Path, kind: str, token: str) -> Path:
    return final.with_name(f"{final.name}.schemagen-{kind}-{token}")


def _rollback(out: Path, entries: list[dict[str, str]], token: str, trusted: bool = True) -> None:
    for entry in reversed(entries):
        final = inside(out, entry.get("path"))
        if final is None:
            continue
        backup = _staged(final, "bak", token)
        if regular_file(backup):
            os.replace(backup, final)
            # rename(2) does nothing when both names are links to one file (a target not yet
            # replaced when the run stopped): the backup name must still go
            backup.unlink(missing_ok=True)
        elif entry.get("existed") == "no" and regular_file(final) and (trusted or has_exact_header(final)):
            final.unlink(missing_ok=True)


def _unsafe_paths(out: Path, paths: list[str]) -> list[str]:
    return [p for p in paths if inside(out, p) is None]


def write(files: dict[str, str], out: Path, drift: Drift,
          _replace: Callable[[Path, Path], None] = os.replace) -> int:
    """Make `out` hold exactly `files` (plus the user's own files). Returns files written+deleted.

    An error of the file system (full disk, read-only folder, a link in the way) is a located
    SchemaError after everything is rolled back, never a traceback."""
    todo = list(drift.changed) + list(drift.missing)
    if not todo and not drift.stale:
        return 0
    blocked = _unsafe_paths(out, todo + list(drift.stale))
    if blocked:
        raise SchemaError([error("output-link", "this output path passes through a symbolic link (or a file where a "
                                 "folder should be); schemagen does not write or delete through links",
                                 Location(str(out / p)), "replace the link with a real folder, or remove it")
                           for p in blocked])
    try:
        return _write(files, out, drift, todo, _replace)
    except OSError as exc:
        where = exc.filename if isinstance(exc.filename, str) else str(out)
        raise SchemaError([error("write-failed", f"cannot write the output: {exc.strerror or exc}", Location(where),
                                 "free disk space or make the output folder writable; nothing was changed")]) from None


def _write(files: dict[str, str], out: Path, drift: Drift, todo: list[str],
           _replace: Callable[[Path, Path], None]) -> int:
    token = new_token()
    out.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, str]] = []
    try:
        for path in todo:  # 1. stage every new file beside its target
            final = out / path
            final.parent.mkdir(parents=True, exist_ok=True)
            if inside(out, path) is None:  # a folder made just now cannot be a link, but check again
                raise OSError(f"{path} passes through a link")
            create_new(_staged(final, "tmp", token), files[path])
        for path in todo + list(drift.stale):  # 2. back up what will be replaced or deleted
            final = out / path
            existed = os.path.lexists(final)
            if existed:
                os.link(final, _staged(final, "bak", token), follow_symlinks=False)
            entries.append({"path": path, "existed": "yes" if existed else "no"})
        _write_journal(out, entries, token)  # 3. from here on, a crash is undone by recover()
        for path in todo:  # 4. the switch
            final = out / path
            _replace(_staged(final, "tmp", token), final)
        for path in drift.stale:
            (out / path).unlink()
    except BaseException:
        _rollback(out, entries, token)
        (out / JOURNAL).unlink(missing_ok=True)
        _remove_temps(out)
        raise
    for entry in entries:  # 5. commit: drop backups, then the journal
        _staged(out / entry["path"], "bak", token).unlink(missing_ok=True)
    (out / JOURNAL).unlink(missing_ok=True)
    _prune_empty_dirs(out, drift.stale)
    return len(todo) + len(drift.stale)


def _write_journal(out: Path, entries: list[dict[str, str]], token: str) -> None:
    tmp = _staged(out / JOURNAL, "tmp", token)
    create_new(tmp, json.dumps({"token": token, "entries": entries}))
    os.replace(tmp, out / JOURNAL)


def _prune_empty_dirs(out: Path, removed: tuple[str, ...]) -> None:
    for path in sorted({(out / p).parent for p in removed}, key=lambda p: -len(p.parts)):
        while path != out and not path.is_symlink() and path.is_dir() and not any(path.iterdir()):
            path.rmdir()
            path = path.parent
