"""Self-contained JSON Schema documents for other tools (e.g. a WebSocket contract served to a
frontend): the named types and everything they reference, under `$defs`, with every `$ref`
rewritten to `#/$defs/<Name>`, schemagen's `x-` extensions and invalid examples removed."""

from __future__ import annotations

import json
from typing import Any

from schemagen import ir
from schemagen.config import Bundle, Config
from schemagen.diagnostics import Diagnostic, Location, error
from schemagen.frontend.dialect import REF_OVERRIDES, to_2020_12
from schemagen.frontend.load import Document, escape_pointer_token, node_at
from schemagen.naming import TargetNames
from schemagen.frontend.refs import RefIndex

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def bundles(schema: ir.Schema, names: dict[str, TargetNames], documents: list[Document],
            config: Config) -> tuple[dict[str, str], list[Diagnostic]]:
    from schemagen.frontend.dialect import with_dialects

    documents, _ = with_dialects(documents, config.default_dialect)
    index = RefIndex(documents, config.remote_roots, config.allow_remote_refs, config.default_dialect)
    docs = {d.uri: d for d in documents}
    from schemagen.name_types import package_of

    types = schema.types_by_key()
    by_name: dict[str, list[str]] = {}
    for key, t in sorted(types.items()):
        by_name.setdefault(t.name, []).append(key)
        if package_of(t.module):
            by_name.setdefault(f"{package_of(t.module)}.{t.name}", []).append(key)
        by_name.setdefault(f"{t.module}.{t.name}", []).append(key)  # one name in two files: qualify by module
    files: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for bundle in config.bundles:
        text, problems = _bundle(bundle, by_name, types, docs, index)
        diags.extend(problems)
        if text is not None:
            files[bundle.path] = text
    return files, diags


def _bundle(bundle: Bundle, by_name: dict[str, list[str]], types: dict[str, ir.NamedType], docs: dict[str, Document],
            index: RefIndex) -> tuple[str | None, list[Diagnostic]]:
    where = Location("pyproject.toml")
    roots = []
    for name in bundle.types:
        found = by_name.get(name, [])
        if len(found) != 1:
            problem = "no type" if not found else "more than one type"
            return None, [error("bundle", f"bundle {bundle.path}: {problem} named {name!r}", where,
                                "name a type as in the generated code, qualified by its folder (or its module) if "
                                "needed (e.g. 'analytics.Message', 'analytics.core.Message')")]
        roots.append(found[0])
    # each type's $defs key is its name, qualified by its module where two of the bundle's types share
    # it; a first pass, keyed by type key, finds which types the bundle holds
    held = _collect(roots, {key: key for key in types}, docs, index)[0]
    count: dict[str, int] = {}
    for key in held:
        count[types[key].name] = count.get(types[key].name, 0) + 1
    def_names = {key: t.name if count.get(t.name, 0) <= 1 else f"{t.module}.{t.name}" for key, t in types.items()}
    defs, diags = _collect(roots, def_names, docs, index)
    body: dict[str, Any] = {"$schema": DIALECT}
    if bundle.title:
        body["title"] = bundle.title
    root_refs = [{"$ref": f"#/$defs/{def_names[k]}"} for k in roots]
    if len(root_refs) == 1:
        body.update(root_refs[0])
    else:
        body["anyOf"] = root_refs
    body["$defs"] = dict(sorted(defs.items()))
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n", diags


def _collect(roots: list[str], def_names: dict[str, str], docs: dict[str, Document],
             index: RefIndex) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Every type the roots reach, rewritten, under its `$defs` name."""
    defs: dict[str, Any] = {}
    pending = list(roots)
    diags: list[Diagnostic] = []
    while pending:
        key = pending.pop(0)
        name = def_names[key]
        if name in defs:
            continue
        uri, _, pointer = key.partition("#")
        doc = docs.get(uri) or index.extra_documents.get(uri)
        if doc is None or pointer.endswith("/~object"):
            continue
        node = node_at(doc.content, pointer)
        defs[name] = _rewrite(node, doc, pointer, index.base_of(node, doc.uri), index, def_names, pending, diags)
    return defs, diags


_NAME_MAPS = ("properties", "patternProperties", "dependentSchemas", "dependencies")


def _rewrite(node: Any, doc: Document, pointer: str, base: str, index: RefIndex, types: dict[str, str],
             pending: list[str], diags: list[Diagnostic], names: bool = False) -> Any:
    """A schema copied into the bundle, spelled in draft 2020-12 (the bundle's dialect). With
    `names`, node maps names to schemas (`properties`): a key `default` is a name there, not a keyword."""
    if isinstance(node, list):
        return [_rewrite(v, doc, f"{pointer}/{i}", base, index, types, pending, diags) for i, v in enumerate(node)]
    if not isinstance(node, dict):
        return node
    if names:
        return {k: _rewrite(v, doc, f"{pointer}/{escape_pointer_token(k)}", base, index, types, pending, diags)
                for k, v in node.items()}
    base = index.base_of(node, base)
    if "$ref" in node and doc.dialect in REF_OVERRIDES:
        node = {"$ref": node["$ref"]}  # before 2019-09 the keywords beside `$ref` are ignored
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-") or key in ("$schema", "$id", "$defs", "definitions", "$anchor"):
            continue
        child = f"{pointer}/{escape_pointer_token(key)}"
        if key == "$ref" and isinstance(value, str):
            target, problem = index.resolve(value, base, doc.location(child))
            if target is not None and target.key in types:
                pending.append(target.key)
                out[key] = f"#/$defs/{types[target.key]}"
                continue
            if target is None and problem is None:  # lands on a non-schema (ref-not-schema): any value, as generated
                continue
        if key in ("enum", "const", "examples", "default"):
            out[key] = value
            continue
        out[key] = _rewrite(value, doc, child, base, index, types, pending, diags, key in _NAME_MAPS)
    return to_2020_12(out, doc.dialect)
