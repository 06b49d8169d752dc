"""hypothesis-jsonschema 0.23 drives `hypothesis.internal.conjecture.utils.many` through its old
`.more()` method, which newer hypothesis replaced by `with many(...) as e: for _ in e:`. This adds
`.more()` back on top of the new protocol (only when missing), so object schemas can be drawn."""

from __future__ import annotations

from typing import Any


def install() -> None:
    from hypothesis.internal.conjecture import utils as cu

    if hasattr(cu.many, "more"):
        return

    def more(self: Any) -> bool:
        if getattr(self, "_compat_iter", None) is None:
            self.__enter__()
            self._compat_iter = iter(self)
        try:
            next(self._compat_iter)
            return True
        except StopIteration:
            self.__exit__(None)
            return False

    cu.many.more = more  # type: ignore[attr-defined]
