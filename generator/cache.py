"""A persistent, content-addressed cache of work already done: never a source of truth.

Entries are keyed by a digest of everything the result depends on (the bytes of the inputs,
schemagen's own code and templates, the config) and live outside the project, in the user's
cache folder (`SCHEMAGEN_CACHE_DIR` moves it; `SCHEMAGEN_NO_CACHE=1` or `--no-cache` turns it off).

Safety: an entry is JSON (never pickle: reading one cannot run code) and carries an HMAC over its
kind, key and body, made with a secret that lives in the user's data folder, not beside the
entries. A truncated, corrupted, copied-under-another-key or planted entry fails that check and
is treated as a miss, so the output is always what a run without the cache would write. Writes
are atomic (temporary file, then rename), so parallel runs never read half an entry; a cache that
cannot be written (read-only disk) just stays cold.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import tempfile
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, MutableMapping

if TYPE_CHECKING:
    from schemagen.config import Config
    from schemagen.diagnostics import Diagnostic
    from schemagen.frontend.load import Document
    from schemagen.pipeline import Generation

    Loader = Callable[[Path, Path, Path], tuple[Document | None, list[Diagnostic]]]

ENV_DIR = "SCHEMAGEN_CACHE_DIR"
ENV_OFF = "SCHEMAGEN_NO_CACHE"
FORMAT = 1  # bump when the layout of an entry changes
LIMIT_BYTES = 512 * 1024 * 1024  # past this, the least recently used entries go


class Cache:
    def __init__(self, root: Path, secret: bytes) -> None:
        self.root = root
        self._secret = secret

    @classmethod
    def default(cls) -> Cache | None:
        """The user's cache, or None when turned off or when no secret can be kept."""
        if os.environ.get(ENV_OFF, "") not in ("", "0"):
            return None
        import platformdirs

        root = Path(os.environ.get(ENV_DIR) or platformdirs.user_cache_dir("schemagen"))
        secret = _secret(Path(platformdirs.user_data_dir("schemagen")) / "cache-key")
        return cls(root, secret) if secret else None

    def _path(self, kind: str, key: str) -> Path:
        return self.root / f"v{FORMAT}" / kind / key[:2] / f"{key[2:]}.json"

    def _mac(self, kind: str, key: str, body: str) -> str:
        return hmac.new(self._secret, f"{kind}\0{key}\0{body}".encode("utf-8"), hashlib.sha256).hexdigest()

    def get(self, kind: str, key: str) -> Any:
        """The value stored under (kind, key), or None when absent or not trustworthy."""
        try:
            entry = json.loads(self._path(kind, key).read_text(encoding="utf-8"))
            body, mac = entry["body"], entry["mac"]
            if not (isinstance(body, str) and isinstance(mac, str)
                    and hmac.compare_digest(mac, self._mac(kind, key, body))):
                return None
            value = json.loads(body)
            os.utime(self._path(kind, key))  # recently used: pruned last
            return value
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        text = json.dumps({"body": body, "mac": self._mac(kind, key, body)}, ensure_ascii=False)
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except OSError:
            return
        if kind == "run" and secrets.randbelow(20) == 0:
            self.prune(LIMIT_BYTES)

    def prune(self, limit: int) -> None:
        """Delete the least recently used entries until the cache holds at most 80% of `limit`."""
        try:
            entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.root.rglob("*.json") if p.is_file()]
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        if total <= limit:
            return
        for _, size, path in sorted(entries, key=lambda e: e[0]):
            if total <= limit * 0.8:
                break
            try:
                path.unlink()
                total -= size
            except OSError:
                pass


def _secret(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # first writer wins; a racing run reads the winner's secret
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
        data = path.read_bytes()
        return data if len(data) >= 32 else None
    except OSError:
        return None


def key_of(*parts: Any) -> str:
    """A digest of JSON-able parts (the order and types of the parts matter)."""
    # surrogatepass: a path with undecodable bytes (refused later, located) still has a key
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
                          .encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """schemagen's own code and bundled templates: any change to them is a different cache."""
    import schemagen
    from schemagen.output.render import DEFAULT_TEMPLATES

    root = Path(schemagen.__file__).resolve().parent
    templates = DEFAULT_TEMPLATES.resolve()
    if templates.is_relative_to(root):
        return tree_digest(root, (".py", ".j2"))
    # an editable install maps schemagen.templates to a folder of its own (pyproject package-dir)
    return key_of(tree_digest(root, (".py", ".j2")), tree_digest(templates, (".j2",)))


@lru_cache(maxsize=8)
def tree_digest(root: Path, suffixes: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


DEPENDENCIES = ("black", "jsonschema", "jsonschema-rs", "ruamel.yaml", "PyYAML", "jinja2", "regress")


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def dependency_versions() -> tuple[str, ...]:
    """The libraries whose behaviour shows in the output (formatting, validation, YAML reading),
    read from the names of their `.dist-info` folders, first on sys.path as an import finds them:
    one directory listing instead of importlib.metadata parsing every METADATA file (a tenth of a
    no-change run)."""
    wanted = {_normalized(name): name for name in DEPENDENCIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for item in names:
            if item.endswith((".dist-info", ".egg-info")):
                name, _, version = item.rsplit(".", 1)[0].partition("-")
                key = _normalized(name)
                if key in wanted and key not in found:
                    found[key] = version.split("-")[0]
    return tuple(f"{name}=={found[key]}" if key in found else f"{name} absent" for key, name in wanted.items())


class FormatStore(MutableMapping[str, str]):
    """unformatted-text digest → formatted text, for `format_python`: first the given entries
    (from the output folder's manifest), then the persistent cache; new results go to both."""

    def __init__(self, first: dict[str, str], cache: Cache | None) -> None:
        self._first = first
        self._cache = cache
        self._salt = key_of(code_digest(), dependency_versions())  # the formatter's identity

    def _key(self, key: str) -> str:
        return key_of("format", self._salt, key)

    def __getitem__(self, key: str) -> str:
        if key in self._first:
            return self._first[key]
        if self._cache is not None:
            value = self._cache.get("format", self._key(key))
            if isinstance(value, str):
                self._first[key] = value
                return value
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
            return True
        except KeyError:
            return False

    def __setitem__(self, key: str, value: str) -> None:
        self._first[key] = value
        if self._cache is not None:
            self._cache.put("format", self._key(key), value)

    def __delitem__(self, key: str) -> None:
        self._first.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)


# -- what a run's result and a file's loading are keyed on, and how they are stored -----------

def run_key(config: Config, force_root: bool) -> str | None:
    """The digest of everything a run's files and diagnostics depend on, or None when that is not
    known up front (remote refs read files outside the schemas folder)."""
    from schemagen.frontend.load import discover
    from schemagen.output.render import DEFAULT_TEMPLATES

    if config.remote_roots or config.allow_remote_refs or not config.schemas.is_dir():
        return None
    try:
        sources = [(p.relative_to(config.schemas).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
                   for p in discover(config.schemas)]
        # read now, not from tree_digest's memo: `watch` runs again in the same process after an edit
        templates = "" if config.templates == DEFAULT_TEMPLATES else tree_digest.__wrapped__(config.templates, (".j2",))
    except OSError:
        return None
    return key_of("run", code_digest(), dependency_versions(), repr(config), str(Path.cwd()), templates,
                  force_root, sources)


def module_salt(config: Config) -> str:
    """What every module's output key shares (module_key): schemagen's code, the libraries, the
    config and the templates (their contents when they are the user's own, read now)."""
    from schemagen.output.render import DEFAULT_TEMPLATES

    templates = ""
    if config.templates != DEFAULT_TEMPLATES:
        try:
            templates = tree_digest.__wrapped__(config.templates, (".j2",))
        except OSError:
            templates = secrets.token_hex(16)  # unreadable now: a key nothing was stored under
    return key_of("module", code_digest(), dependency_versions(), repr(config), str(Path.cwd()), templates)


def module_key(salt: str, target: str, *parts: Any) -> str:
    """The key of one module's output in one target: `parts` are the digest of what its planner
    sees (output/incremental.py) and whatever else the target reads."""
    return key_of(salt, target, *parts)


def generation_entry(result: Generation) -> dict[str, Any]:
    return {"files": result.files, "diagnostics": [_diag_to(d) for d in result.diagnostics],
            "schemas": result.schemas, "types": result.types, "source_digests": result.source_digests,
            "outputs": [[str(root), files] for root, files in sorted(result.outputs.items(), key=lambda r: str(r[0]))]}


def generation_from_entry(value: Any, started: float) -> Generation | None:
    """A stored run result, or None for anything that is not exactly one (a cache hit never
    trusts an entry's shape)."""
    from schemagen.pipeline import Generation

    try:
        files = value["files"]
        digests = value["source_digests"]
        if not (isinstance(files, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
                and isinstance(digests, dict) and all(isinstance(v, str) for v in digests.values())):
            return None
        outputs: dict[Path, dict[str, str]] = {}
        for root, root_files in value["outputs"]:
            if not (isinstance(root, str) and isinstance(root_files, dict)
                    and all(isinstance(k, str) and isinstance(v, str) for k, v in root_files.items())):
                return None
            outputs[Path(root)] = dict(root_files)
        diags = tuple(_diag_from(d) for d in value["diagnostics"])
        return Generation(dict(files), diags, int(value["schemas"]), int(value["types"]),
                          time.perf_counter() - started, dict(digests), outputs)
    except (TypeError, KeyError, ValueError):
        return None


def _diag_to(d: Diagnostic) -> list[Any]:
    loc = d.location
    return [d.severity, d.code, d.message, None if loc is None else [loc.file, loc.line, loc.col, loc.pointer],
            d.hint, d.target]


def _diag_from(value: Any) -> Diagnostic:
    from schemagen.diagnostics import Diagnostic, Location

    severity, code, message, loc, hint, target = value
    if severity not in ("error", "warning", "note") or not all(isinstance(x, str) for x in (code, message, hint, target)):
        raise ValueError("not a diagnostic")
    location = None if loc is None else Location(str(loc[0]), int(loc[1]), int(loc[2]), str(loc[3]))
    return Diagnostic(severity, code, message, location, hint, target)


def load_cached(path: Path, config: Config, cache: Cache, load: Loader) -> tuple[Document | None, list[Diagnostic]]:
    """`load` (frontend.load.load_file), answered from the cache when this file's bytes were loaded
    before."""
    from schemagen.frontend.load import Document

    try:
        raw = path.read_bytes()
    except OSError:
        return load(path, config.schemas, config.root)
    key = key_of("load", code_digest(), dependency_versions(), str(path.resolve()), str(config.schemas.resolve()),
                 str(config.root.resolve()), str(Path.cwd()), hashlib.sha256(raw).hexdigest())
    value = cache.get("load", key)
    if value is not None:
        try:
            doc = None
            if value["doc"] is not None:
                rel, display, uri, content, positions = value["doc"]
                doc = Document(str(rel), str(display), str(uri), content,
                               {str(p): (int(line), int(col)) for p, line, col in positions}, source_key=key)
            return doc, [_diag_from(d) for d in value["diagnostics"]]
        except (TypeError, KeyError, ValueError):
            pass
    doc, diags = load(path, config.schemas, config.root)
    cache.put("load", key, {
        "doc": None if doc is None else [doc.rel, doc.display, doc.uri, doc.content,
                                         [[p, line, col] for p, (line, col) in doc.positions.items()]],
        "diagnostics": [_diag_to(d) for d in diags],
    })
    return (None if doc is None else replace(doc, source_key=key)), diags


def checked_cached(doc: Document, cache: Cache | None,
                   check: Callable[[Document], tuple[list[Diagnostic], list[Diagnostic]]]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """`check` (the per-file meta-schema and pattern checks), answered from the cache when this
    file's bytes were checked in this dialect before."""
    if cache is None or not doc.source_key:
        return check(doc)
    key = key_of("check", doc.source_key, doc.dialect)
    value = cache.get("check", key)
    if value is not None:
        try:
            first, second = value
            return [_diag_from(d) for d in first], [_diag_from(d) for d in second]
        except (TypeError, KeyError, ValueError):
            pass
    first, second = check(doc)
    cache.put("check", key, [[_diag_to(d) for d in first], [_diag_to(d) for d in second]])
    return first, second
