"""Stage 7, format: text → text. TypeScript is emitted tidy by its template. Python from the
bundled templates is laid out by layout.py the way black would (black only for a shape it is not
sure of); Python from a user's own templates goes through black in-process (never a subprocess).
A cache keyed by the unformatted text's hash lets an unchanged module skip both on the next run."""

from __future__ import annotations

import hashlib
from typing import Any, Iterator, MutableMapping

from schemagen.cache import Cache, code_digest, dependency_versions, key_of
from schemagen.output.layout import layout

_MODE: Any = None


def _mode() -> Any:
    global _MODE
    if _MODE is None:
        import black
        from black.mode import TargetVersion

        _MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=100)
    return _MODE


def black_format(text: str) -> str:
    import black

    return str(black.format_str(text, mode=_mode()))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_python(text: str, cache: MutableMapping[str, str] | None = None, fast: bool = False) -> str:
    """black's layout of `text`; with `fast`, from layout.py when it can tell (see there)."""
    key = digest(text)
    if cache is not None and key in cache:
        return cache[key]
    formatted = layout(text, fallback=black_format) if fast else None
    if formatted is None:
        formatted = black_format(text)
    if cache is not None:
        cache[key] = formatted
    return formatted


def formatter_version() -> str:
    """The installed black's version, recorded beside each formatted file in the manifest: a
    cached formatted text is reused only when the same black made it, and `check` can say that
    the output was formatted by another black. Read from the name of its `.dist-info` folder
    (cache.dependency_versions, one directory listing), so black is not imported for it."""
    for entry in dependency_versions():
        if entry.startswith("black=="):
            return entry.removeprefix("black==")
    return "unknown"


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
