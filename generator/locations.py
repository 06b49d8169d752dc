"""Where schemagen's own bundled files live: a leaf every room may read (config's default, the
renderer's loader, the cache's code digest) without importing the room that uses them."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# The bundled templates: the repo's top-level templates/ folder, installed as `schemagen.templates`
# (pyproject maps it), so an installed schemagen finds them wherever it runs.
DEFAULT_TEMPLATES = Path(str(files("schemagen.templates")))
