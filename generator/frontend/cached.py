"""A file's loading and per-file checking, answered from the persistent cache (cache.py) when the
same bytes were loaded, or checked in the same dialect, before. The keys and the stored shapes are
the front end's own; the cache only keeps the bytes."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from schemagen.cache import Cache, code_digest, dependency_versions, key_of
from schemagen.diagnostics import Diagnostic, diagnostic_from_json, diagnostic_to_json
from schemagen.frontend.load import Document

if TYPE_CHECKING:
    from schemagen.config import Config

Loader = Callable[[Path, Path, Path], tuple[Document | None, list[Diagnostic]]]
Checker = Callable[[Document], tuple[list[Diagnostic], list[Diagnostic]]]


def load_cached(path: Path, config: Config, cache: Cache, load: Loader) -> tuple[Document | None, list[Diagnostic]]:
    """`load` (frontend.load.load_file), answered from the cache when this file's bytes were loaded
    before."""
    try:
        raw = path.read_bytes()
    except OSError:
        return load(path, config.schemas, config.root)
    key = key_of("load", code_digest(), dependency_versions(), str(path.resolve()), str(config.schemas.resolve()),
                 str(config.root.resolve()), str(Path.cwd()), hashlib.sha256(raw).hexdigest())
    value = cache.get("load", key)
    if value is not None:
        try:
            doc = None
            if value["doc"] is not None:
                rel, display, uri, content, positions = value["doc"]
                doc = Document(str(rel), str(display), str(uri), content,
                               {str(p): (int(line), int(col)) for p, line, col in positions}, source_key=key)
            return doc, [diagnostic_from_json(d) for d in value["diagnostics"]]
        except (TypeError, KeyError, ValueError):
            pass
    doc, diags = load(path, config.schemas, config.root)
    cache.put("load", key, {
        "doc": None if doc is None else [doc.rel, doc.display, doc.uri, doc.content,
                                         [[p, line, col] for p, (line, col) in doc.positions.items()]],
        "diagnostics": [diagnostic_to_json(d) for d in diags],
    })
    return (None if doc is None else replace(doc, source_key=key)), diags


def checked_cached(doc: Document, cache: Cache | None, check: Checker) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """`check` (the per-file meta-schema and pattern checks), answered from the cache when this
    file's bytes were checked in this dialect before."""
    if cache is None or not doc.source_key:
        return check(doc)
    key = key_of("check", doc.source_key, doc.dialect)
    value = cache.get("check", key)
    if value is not None:
        try:
            first, second = value
            return [diagnostic_from_json(d) for d in first], [diagnostic_from_json(d) for d in second]
        except (TypeError, KeyError, ValueError):
            pass
    first, second = check(doc)
    cache.put("check", key, [[diagnostic_to_json(d) for d in first], [diagnostic_to_json(d) for d in second]])
    return first, second
