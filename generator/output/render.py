"""Stage 6, render: view model → text through the one Jinja environment.

StrictUndefined turns a misspelt variable into an error instead of an empty string; autoescape
is off because every value arriving here was already escaped for its language by the planner.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

# The bundled templates: the repo's top-level templates/ folder, installed as `schemagen.templates`
# (pyproject maps it), so an installed schemagen finds them wherever it runs.
DEFAULT_TEMPLATES = Path(str(files("schemagen.templates")))


@lru_cache(maxsize=4)
def environment(templates: Path = DEFAULT_TEMPLATES) -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(template: str, templates: Path = DEFAULT_TEMPLATES, **context: Any) -> str:
    text = environment(templates).get_template(template).render(**context)
    return tidy(text)


def tidy(text: str) -> str:
    """Trailing spaces off, at most two blank lines in a row, exactly one final newline."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    blank = 0
    for line in lines:
        blank = blank + 1 if not line else 0
        if blank <= 2:
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"
