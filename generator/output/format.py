"""Stage 7, format: text → text. black in-process for Python (never a subprocess); TypeScript
is emitted tidy by its template. A cache keyed by the unformatted text's hash lets an unchanged
module skip black entirely on the next run."""

from __future__ import annotations

import hashlib
from typing import Any, MutableMapping

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


def format_python(text: str, cache: MutableMapping[str, str] | None = None) -> str:
    key = digest(text)
    if cache is not None and key in cache:
        return cache[key]
    import black

    formatted = black.format_str(text, mode=_mode())
    if cache is not None:
        cache[key] = formatted
    return formatted
