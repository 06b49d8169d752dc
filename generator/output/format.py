"""Stage 7, format: text → text. black in-process for Python (never a subprocess); TypeScript
is emitted tidy by its template. A cache keyed by the unformatted text's hash lets an unchanged
module skip black entirely on the next run."""

from __future__ import annotations

import hashlib
from typing import Any

_MODE: Any = None


def _mode() -> Any:
    global _MODE
    if _MODE is None:
        import black
        from black.mode import TargetVersion

        _MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=100)
    return _MODE


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_python(text: str, cache: dict[str, str] | None = None) -> str:
    key = digest(text)
    if cache is not None and key in cache:
        return cache[key]
    import black

    formatted = black.format_str(text, mode=_mode())
    if cache is not None:
        cache[key] = formatted
    return formatted


def formatter_version() -> str:
    """The installed black's version, recorded beside each formatted file in the manifest: a
    cached formatted text is reused only when the same black made it, and `check` can say that
    the output was formatted by another black. Read from package metadata, so black is not
    imported for it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("black")
    except PackageNotFoundError:
        return "unknown"
