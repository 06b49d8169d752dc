"""The pipeline end to end: schemas → {path: text}. Reads the schema files, writes nothing.

`generate()` is what `schemagen generate` and `check` both call; sync.py alone touches the output
folder. Errors stop the pipeline at the first stage boundary that has any, with all of that
stage's diagnostics; warnings travel with the result.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from schemagen import ir
from schemagen.config import Config
from schemagen.diagnostics import Diagnostic, Location, SchemaError, error, has_errors, sorted_unique
from schemagen.frontend.dialect import with_dialects
from schemagen.frontend.load import Document, discover, load_file
from schemagen.lower.lower import lower
from schemagen.lower.state import LowerOptions
from schemagen.lower.overrides import DEFAULT_PYTHON_IMPORTS
from schemagen.lower.extensions import constant_problems
from schemagen.lower.modules import module_problems
from schemagen.name_types import name_types
from schemagen.naming import TargetNames
from schemagen.frontend.refs import RefIndex
from schemagen.frontend.validate import validate_documents

MANIFEST = ".schemagen-manifest.json"


@dataclass(frozen=True)
class Generation:
    files: dict[str, str]  # posix path relative to the output folder → text
    diagnostics: tuple[Diagnostic, ...]
    schemas: int
    types: int
    seconds: float
    source_digests: dict[str, str]


def load_documents(config: Config) -> list[Document]:
    if not config.schemas.is_dir():
        raise SchemaError([
            error("no-schemas", f"the schemas folder {config.display(config.schemas)} does not exist",
                  Location(config.display(config.schemas)), "create it, or point --schemas / [tool.schemagen] schemas at it")
        ])
    docs: list[Document] = []
    diags: list[Diagnostic] = []
    for path in discover(config.schemas):
        doc, d = load_file(path, config.schemas, config.root)
        diags.extend(d)
        if doc is not None:
            docs.append(doc)
    if has_errors(diags):
        raise SchemaError(diags)
    return docs


def build_ir(documents: list[Document], config: Config, force_root: bool = False) -> tuple[ir.Schema, dict[str, TargetNames], list[Diagnostic]]:
    """documents → named IR, raising SchemaError with every error of the first failing stage."""
    documents, diags = with_dialects(documents, config.default_dialect)
    diags += validate_documents(documents) + module_problems([(d.rel, d.display) for d in documents])
    if has_errors(diags):
        raise SchemaError(diags)
    index = RefIndex(documents, config.remote_roots, config.allow_remote_refs, config.default_dialect)
    schema, lowered = lower(documents, index, LowerOptions(open_objects=config.open_objects, force_root=force_root,
                                                            infer_object_type=config.infer_object_type,
                                                            allowed_imports=DEFAULT_PYTHON_IMPORTS | frozenset(config.python_imports)))
    diags += lowered
    if has_errors(diags):
        raise SchemaError(diags)
    schema, names, named = name_types(schema)
    diags += named + constant_problems(schema, names)
    if has_errors(diags):
        raise SchemaError(diags)
    return schema, names, diags


def generate(config: Config, format_cache: dict[str, str] | None = None,
             documents: list[Document] | None = None, force_root: bool = False) -> Generation:
    """Everything schemagen would write, in memory. `force_root` makes each file's root a type
    even when it holds only `$defs` (the conformance runner's single-schema documents).

    Runs on a deep-stack thread (deepstack.py): every stage walks the schema recursively, and a
    schema nested a few hundred levels deep must not end in a RecursionError."""
    from schemagen.deepstack import call_deep

    return call_deep(_generate, config, format_cache, documents, force_root)


def _generate(config: Config, format_cache: dict[str, str] | None, documents: list[Document] | None,
              force_root: bool) -> Generation:
    from schemagen.output.emit import emit

    started = time.perf_counter()
    docs = documents if documents is not None else load_documents(config)
    schema, names, diags = build_ir(docs, config, force_root)
    files, digests, emit_diags = emit(schema, names, config, format_cache, docs)
    diags += emit_diags
    if has_errors(diags):
        raise SchemaError(diags)
    files[MANIFEST] = manifest_text(files, digests)
    count = sum(len(m.types) for m in schema.modules)
    return Generation(files, sorted_unique(diags), len(docs), count, time.perf_counter() - started, digests)


def manifest_text(files: dict[str, str], digests: dict[str, str]) -> str:
    """The list of files schemagen owns in the output folder, with the digest of each Python
    file's unformatted text (lets the next run skip black for an unchanged module)."""
    from schemagen.output.format import digest

    entries = {
        path: {"sha256": digest(text), **({"source": digests[path]} if path in digests else {})}
        for path, text in sorted(files.items())
    }
    body = {"generator": "schemagen", "files": entries}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_format_cache(out: Path) -> dict[str, str]:
    """Map unformatted-text digest → formatted text, for files on disk still as schemagen wrote them."""
    from schemagen.output.format import digest

    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        entries = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    cache: dict[str, str] = {}
    for path, entry in entries.items() if isinstance(entries, dict) else []:
        if not isinstance(entry, dict) or "source" not in entry or ".." in Path(path).parts:
            continue
        try:
            text = (out / path).read_text(encoding="utf-8")
        except OSError:
            continue
        if digest(text) == entry.get("sha256"):
            cache[entry["source"]] = text
    return cache
