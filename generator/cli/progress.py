"""A one-line progress indicator for runs that take more than about a second on a terminal.

Drawn on stderr by a background thread and erased when the run ends, so it never mixes with
the report. Never drawn when stderr is not a terminal, in CI (`CI` set), with -q, with a
machine format, or on a dumb terminal.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType
from typing import TextIO

_FRAMES = "|/-\\"


def wanted(quiet: bool, fmt: str, stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    if quiet or fmt != "text" or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """`with Progress("generating", enabled):` shows `schemagen: generating... 2.3s` after
    `delay` seconds (SCHEMAGEN_PROGRESS_DELAY overrides it, for tests) until the block ends."""

    def __init__(self, label: str, enabled: bool, delay: float | None = None, stream: TextIO | None = None):
        self.label = label
        self.enabled = enabled
        self.delay = float(os.environ.get("SCHEMAGEN_PROGRESS_DELAY", "1.0")) if delay is None else delay
        self.stream = stream or sys.stderr
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._draw, name="schemagen-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _draw(self) -> None:
        started = time.monotonic()
        if self._stop.wait(self.delay):
            return
        frame = 0
        while not self._stop.is_set():
            elapsed = time.monotonic() - started
            self.stream.write(f"\r{_FRAMES[frame % len(_FRAMES)]} schemagen: {self.label}... {elapsed:.1f}s\x1b[K")
            self.stream.flush()
            self._drawn = True
            frame += 1
            self._stop.wait(0.1)
