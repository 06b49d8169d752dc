"""The pipeline end to end: schemas → {path: text}. Reads the schema files, writes nothing.

`generate()` is what `schemagen generate` and `check` both call; sync.py alone touches the output
folder. Errors stop the pipeline at the first stage boundary that has any, with all of that
stage's diagnostics; warnings travel with the result.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, MutableMapping

from schemagen import locations
from schemagen.cache import Cache, code_digest, dependency_versions, key_of, tree_digest
from schemagen.config import Config
from schemagen.diagnostics import (Diagnostic, Location, SchemaError, diagnostic_from_json, diagnostic_to_json, error,
                                   has_errors, sorted_unique)
from schemagen.frontend.cached import checked_cached, load_cached
from schemagen.frontend.dialect import with_dialects
from schemagen.frontend.load import Document, discover, discover_checked, load_file
from schemagen.output.generation import Generation
from schemagen.output.manifest import (MANIFEST, manifest_entries, manifest_from_entries, manifest_text, other_formatters,
                                       read_format_cache)

__all__ = ["MANIFEST", "Generation", "build_ir", "check_document", "generate", "load_documents", "manifest_entries",
           "manifest_from_entries", "manifest_text", "other_formatters", "read_format_cache"]

if TYPE_CHECKING:
    from schemagen import ir
    from schemagen.naming import TargetNames

def load_documents(config: Config, cache: Cache | None = None) -> list[Document]:
    if not config.schemas.is_dir():
        loop = config.schemas.is_symlink()
        raise SchemaError([
            error("no-schemas", f"the schemas folder {config.display(config.schemas)} "
                  + ("is a symbolic link that loops or leads nowhere" if loop else "does not exist"),
                  Location(config.display(config.schemas)), "create it, or point --schemas / [tool.schemagen] schemas at it")
        ])
    paths, diags = discover_checked(config.schemas)
    docs: list[Document] = []
    for path in paths:
        doc, d = load_file(path, config.schemas, config.root) if cache is None else load_cached(path, config, cache, load_file)
        diags.extend(d)
        if doc is not None:
            docs.append(doc)
    if has_errors(diags):
        raise SchemaError(diags)
    from schemagen.frontend.documents import read_documents  # OpenAPI, Swagger, AsyncAPI documents

    docs, read = read_documents(docs, config.documents, config.source)
    if has_errors(read):
        raise SchemaError(read)
    return docs


def check_document(doc: Document) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The checks of one file on its own: (meta-schema and extension keywords, regular expressions)."""
    from schemagen.frontend.numbers import number_problems
    from schemagen.frontend.patterns import pattern_problems
    from schemagen.frontend.validate import validate_document

    return validate_document(doc), pattern_problems([doc]) + number_problems(doc)


def build_ir(documents: list[Document], config: Config, force_root: bool = False,
             cache: Cache | None = None) -> tuple[ir.Schema, dict[str, TargetNames], list[Diagnostic]]:
    """documents → named IR, raising SchemaError with every error of the first failing stage.
    With a `cache`, a file read through it (load_cached) is checked once per content and dialect."""
    # Imported here, not at the top: a run answered from the cache never needs them.
    from schemagen.frontend.patterns import rewrite_legacy_patterns
    from schemagen.frontend.refs import RefIndex
    from schemagen.lower.extensions import constant_problems
    from schemagen.lower.lower import lower
    from schemagen.lower.modules import module_problems
    from schemagen.lower.nesting import nesting_problems
    from schemagen.lower.overrides import DEFAULT_PYTHON_IMPORTS
    from schemagen.lower.state import LowerOptions
    from schemagen.name_types import name_types

    from schemagen.frontend.documents import document_warnings

    documents, diags = with_dialects(documents, config.default_dialect)
    diags += document_warnings(documents)
    checked = [checked_cached(doc, cache, check_document) for doc in documents]
    documents = [rewrite_legacy_patterns(doc, patterns) for doc, (_, patterns) in zip(documents, checked)]
    diags += ([d for meta, _ in checked for d in meta] + module_problems([(d.rel, d.display) for d in documents])
              + [d for _, patterns in checked for d in patterns])
    if has_errors(diags):
        raise SchemaError(diags)
    index = RefIndex(documents, config.remote_roots, config.allow_remote_refs, config.default_dialect)
    schema, lowered = lower(documents, index, LowerOptions(open_objects=config.open_objects, force_root=force_root,
                                                            infer_object_type=config.infer_object_type,
                                                            allowed_imports=DEFAULT_PYTHON_IMPORTS | frozenset(config.python_imports)))
    diags += lowered
    if not has_errors(diags):
        diags += nesting_problems(schema)
    if has_errors(diags):
        raise SchemaError(diags)
    schema, names, named = name_types(schema)
    diags += named + constant_problems(schema, names)
    if has_errors(diags):
        raise SchemaError(diags)
    return schema, names, diags


def generate(config: Config, format_cache: MutableMapping[str, str] | None = None,
             documents: list[Document] | None = None, force_root: bool = False,
             cache: Cache | None = None) -> Generation:
    """Everything schemagen would write, in memory. `force_root` makes each file's root a type
    even when it holds only `$defs` (the conformance runner's single-schema documents).

    With a `cache` (cache.py), a run whose inputs were all seen before returns the stored result
    without loading anything, and each unchanged file skips loading and validation.

    Runs on a deep-stack thread (deepstack.py): every stage walks the schema recursively, and a
    schema nested a few hundred levels deep must not end in a RecursionError."""
    from schemagen.deepstack import call_deep

    started = time.perf_counter()
    _refuse_linked_schemas(config)
    key = run_key(config, force_root) if cache is not None and documents is None else None
    if key is not None and cache is not None:
        hit = generation_from_entry(cache.get("run", key), started)
        if hit is not None:
            return hit
    result: Generation = call_deep(_generate, config, format_cache, documents, force_root, cache)
    if key is not None and cache is not None:
        cache.put("run", key, generation_entry(result))
    return result


# -- a run's result in the persistent cache ------------------------------------------------------

def run_key(config: Config, force_root: bool) -> str | None:
    """The digest of everything a run's files and diagnostics depend on, or None when that is not
    known up front (remote refs read files outside the schemas folder)."""
    if config.remote_roots or config.allow_remote_refs or not config.schemas.is_dir():
        return None
    try:
        sources = [(p.relative_to(config.schemas).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
                   for p in discover(config.schemas)]
        # read now, not from tree_digest's memo: `watch` runs again in the same process after an edit
        templates = ("" if config.templates == locations.DEFAULT_TEMPLATES
                     else tree_digest.__wrapped__(config.templates, (".j2",)))
    except OSError:
        return None
    return key_of("run", code_digest(), dependency_versions(), repr(config), str(Path.cwd()), templates,
                  force_root, sources)


def generation_entry(result: Generation) -> dict[str, object]:
    return {"files": result.files, "diagnostics": [diagnostic_to_json(d) for d in result.diagnostics],
            "schemas": result.schemas, "types": result.types, "source_digests": result.source_digests,
            "outputs": [[str(root), files] for root, files in sorted(result.outputs.items(), key=lambda r: str(r[0]))]}


def generation_from_entry(value: Any, started: float) -> Generation | None:
    """A stored run result, or None for anything that is not exactly one (a cache hit never
    trusts an entry's shape)."""
    try:
        files = value["files"]
        digests = value["source_digests"]
        if not (isinstance(files, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
                and isinstance(digests, dict) and all(isinstance(v, str) for v in digests.values())):
            return None
        outputs: dict[Path, dict[str, str]] = {}
        for root, root_files in value["outputs"]:
            if not (isinstance(root, str) and isinstance(root_files, dict)
                    and all(isinstance(k, str) and isinstance(v, str) for k, v in root_files.items())):
                return None
            outputs[Path(root)] = dict(root_files)
        diags = tuple(diagnostic_from_json(d) for d in value["diagnostics"])
        return Generation(dict(files), diags, int(value["schemas"]), int(value["types"]),
                          time.perf_counter() - started, dict(digests), outputs)
    except (TypeError, KeyError, ValueError):
        return None


def _refuse_linked_schemas(config: Config) -> None:
    """A schemas folder that is (or lies under) a symbolic link below the project root is an
    error before anything is read, the cache included: a committed `schemas -> ~/.config` would
    read files the project does not hold."""
    from schemagen.safety import linked_part

    link = linked_part(config.root, config.schemas) if config.schemas.is_dir() else None  # else: no-schemas
    if link is not None:
        raise SchemaError([error("schema-link", f"the schemas folder {config.display(config.schemas)} is (or lies under) "
                                 f"the symbolic link {link.name}; schemagen reads no schemas through links",
                                 Location(config.display(config.schemas)),
                                 "point --schemas / [tool.schemagen] schemas at the real folder")])


def _generate(config: Config, format_cache: MutableMapping[str, str] | None, documents: list[Document] | None,
              force_root: bool, cache: Cache | None = None) -> Generation:
    from schemagen.output.emit import emit_roots

    started = time.perf_counter()
    docs = documents if documents is not None else load_documents(config, cache)
    schema, names, diags = build_ir(docs, config, force_root, cache)
    outputs, digests, emit_diags = emit_roots(schema, names, config, format_cache, docs, cache)
    diags += emit_diags
    if has_errors(diags):
        raise SchemaError(diags)
    for root, files in outputs.items():
        files[MANIFEST] = manifest_text(files, digests[root])
    count = sum(len(m.types) for m in schema.modules)
    main = outputs.get(config.out, {})
    return Generation(main, sorted_unique(diags), len(docs), count, time.perf_counter() - started,
                      digests.get(config.out, {}), outputs)
