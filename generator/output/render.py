"""Stage 6, render: view model → text through the one Jinja environment.

StrictUndefined turns a misspelt variable into an error instead of an empty string; autoescape
is off because every value arriving here was already escaped for its language by the planner.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemagen.locations import DEFAULT_TEMPLATES

if TYPE_CHECKING:
    from schemagen.cache import Cache

__all__ = ["DEFAULT_TEMPLATES", "environment", "render", "tidy", "use_template_cache"]


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
        bytecode_cache=_bytecode_cache(),
    )


def use_template_cache(store: Cache | None) -> None:
    """Where compiled templates are kept from now on (None: compiled in memory only)."""
    _bytecode_cache().store = store


@lru_cache(maxsize=1)
def _bytecode_cache() -> Any:
    """Jinja's compiled templates kept in the persistent cache (cache.py): compiling the templates
    a run renders was a tenth of a one-file edit. Compiled code is what Jinja runs, so it is only
    ever taken from an entry that passes the cache's HMAC (one this user's schemagen wrote); a
    planted, tampered or truncated entry is a miss and the template is compiled from its source.
    The key is the template's file and source checksum (Jinja's bucket), Jinja's version and the
    interpreter's bytecode tag; the code is stored as `marshal` data, nothing is unpickled."""
    import base64
    import marshal
    import sys
    import types

    import jinja2
    from jinja2.bccache import Bucket

    from schemagen.cache import key_of

    class SignedBytecodeCache(jinja2.BytecodeCache):
        store: Cache | None = None

        def _key(self, bucket: Bucket) -> str:
            return key_of("jinja", jinja2.__version__, sys.implementation.cache_tag, sys.version,
                          bucket.key, bucket.checksum)

        def load_bytecode(self, bucket: Bucket) -> None:
            if self.store is None:
                return
            value = self.store.get("jinja", self._key(bucket))
            try:
                if value["checksum"] == bucket.checksum:
                    code = marshal.loads(base64.b64decode(value["code"], validate=True))
                    if isinstance(code, types.CodeType):
                        bucket.code = code
            except (TypeError, KeyError, ValueError, EOFError):
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            if self.store is not None and bucket.code is not None:
                code = base64.b64encode(marshal.dumps(bucket.code)).decode("ascii")
                self.store.put("jinja", self._key(bucket), {"checksum": bucket.checksum, "code": code})

    return SignedBytecodeCache()


def render(template: str, templates: Path = DEFAULT_TEMPLATES, **context: Any) -> str:
    """The template's text; a user's template folder that lacks one, or one that fails, is a
    located config error (the bundled templates failing is a bug: re-raised as it is)."""
    import jinja2

    try:
        text = environment(templates).get_template(template).render(**context)
    except jinja2.TemplateError as exc:
        if templates == DEFAULT_TEMPLATES:
            raise
        from schemagen.diagnostics import Location, SchemaError, error

        line = getattr(exc, "lineno", None)
        missing = isinstance(exc, jinja2.TemplateNotFound)
        raise SchemaError([error(
            "config", f"[tool.schemagen] templates: {'no template ' + repr(template) + ' in the folder' if missing else exc}",
            Location(str(templates / (getattr(exc, "name", None) or template)), line if isinstance(line, int) else 0),
            "give the template folder every template schemagen renders (copy the bundled templates/ and edit them)",
        )]) from None
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
