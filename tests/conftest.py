"""Session-wide settings for the test suite."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# CLI runs in the tests use a cache of their own (generator/cache.py), removed at the end: the
# developer's cache is neither read (a test sees only its own runs) nor filled with test entries.
if "SCHEMAGEN_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="schemagen-test-cache-")
    os.environ["SCHEMAGEN_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)
