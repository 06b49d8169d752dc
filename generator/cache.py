"""A persistent, content-addressed cache of work already done: never a source of truth.

A leaf: it stores keys and bytes (JSON values) and knows nothing of what they mean. What is cached,
under which key and how a value is rebuilt lives with its owner: a run's result in pipeline.py, a
file's loading and checking in frontend/cached.py, a module's output in output/incremental.py, a
formatted text in output/format.py.

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
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    from schemagen import locations

    root = Path(schemagen.__file__).resolve().parent
    templates = locations.DEFAULT_TEMPLATES.resolve()
    if templates.is_relative_to(root):
        return tree_digest(root, (".py", ".j2", ".ts"))
    # an editable install maps schemagen.templates to a folder of its own (pyproject package-dir)
    return key_of(tree_digest(root, (".py", ".j2", ".ts")), tree_digest(templates, (".j2",)))


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
