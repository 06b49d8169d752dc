"""Run a recursive stage on a thread with a deep stack.

Loading, validating, resolving, lowering and formatting all walk the schema recursively, and a
schema may legitimately nest hundreds of levels deep. Python's default recursion limit (1,000
frames) and the main thread's C stack (8 MB) are too small for that; rewriting every walk as a
loop would make each stage harder to read. Instead the pipeline runs on one worker thread with a
512 MB stack (reserved address space, committed only as used) and a recursion limit to match.
Exceptions, including KeyboardInterrupt raised in the worker, are re-raised in the caller.
"""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 200_000
_lock = threading.Lock()
_active = 0
_saved_limit = 0
_local = threading.local()


def call_deep(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """fn(*args, **kwargs) on a deep-stack thread (or directly, when already on one)."""
    global _active, _saved_limit
    if getattr(_local, "deep", False):
        return fn(*args, **kwargs)
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        _local.deep = True
        try:
            result.append(fn(*args, **kwargs))
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="schemagen-pipeline", daemon=True)
    with _lock:
        if _active == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
        _active += 1
        previous = threading.stack_size()
        try:
            threading.stack_size(STACK_BYTES)  # read when the thread starts
            worker.start()
        except BaseException:
            _active -= 1
            if _active == 0:
                sys.setrecursionlimit(_saved_limit)
            raise
        finally:
            threading.stack_size(previous)
    try:
        worker.join()
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                sys.setrecursionlimit(_saved_limit)
    if failure:
        raise failure[0]
    return result[0]
