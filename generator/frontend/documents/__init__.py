"""API documents as schema sources: OpenAPI 3.0 / 3.1, Swagger 2.0 and AsyncAPI 2.x / 3.x.

A loaded file whose top level has an `openapi`, `swagger` or `asyncapi` key is read for what it
is and written as the JSON Schema 2020-12 document the rest of the pipeline already reads: its
named schemas under `$defs` (collect.py, asyncapi.py say which and how they are named), each schema
in its dialect spelled as 2020-12 (schemas.py), with the source position of every value kept so a
message about it points into the API document. `read_documents` is a pure function of the loaded
files and the `[tool.schemagen.documents]` options; `load_documents` calls it, so generation and
the review commands (`breaking`, `diff`, `lint`, `docs`) see the same documents.

References work both ways: a `$ref` of the API document to a plain schema file stays a reference
(and that file, when it declares no `$schema`, is read in the API document's schema dialect: an
OpenAPI 3.0 document's `nullable` works there too), and a plain schema file's
`openapi.yaml#/components/schemas/Pet` lands on `Pet` in `$defs`. Parts of a split document
(path items, responses, messages kept in files of their own and reached by `$ref`) are read into
the document that refers to them and are not schema files of their own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urldefrag, urljoin

from schemagen.diagnostics import Diagnostic, Location, error, warning
from schemagen.frontend.documents.asyncapi import plan_asyncapi
from schemagen.frontend.documents.collect import Follow, Plan, Source, plan_openapi
from schemagen.document_options import DocumentOptions
from schemagen.frontend.documents.schemas import Writer
from schemagen.frontend.documents.select import local_refs
from schemagen.frontend.load import Document, escape_pointer_token, node_at

SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_WARNINGS: dict[str, list[Diagnostic]] = {}  # written document URI → the warnings writing it gave


def kind_of(content: Any) -> tuple[str, str] | None:
    """(flavour, version) of an API document, or None for a schema file."""
    if not isinstance(content, dict):
        return None
    for key in ("openapi", "swagger", "asyncapi"):
        value = content.get(key)
        if isinstance(value, str) or key == "swagger" and isinstance(value, (int, float)) and value is not True:
            version = str(value)
            if key == "swagger":
                return "swagger", version
            if key == "asyncapi":
                return "asyncapi", version
            return ("oas31" if version.startswith("3.1") or version.startswith("3.2") else "oas30"), version
    return None


def _supported(flavour: str, version: str) -> bool:
    return {"swagger": version.startswith("2."), "asyncapi": version[:2] in ("2.", "3."),
            "oas30": version.startswith("3.0"), "oas31": True}[flavour]


def read_documents(documents: list[Document], options: dict[str, DocumentOptions] | None = None,
                   config_source: str = "") -> tuple[list[Document], list[Diagnostic]]:
    """The loaded files with every API document written as a JSON Schema document, parts of split
    documents left out, and the references of plain schema files into API documents redirected."""
    options = options or {}
    kinds = {d.uri: kind_of(d.content) for d in documents}
    diags: list[Diagnostic] = []
    for rel in sorted(set(options) - {d.rel for d in documents if kinds[d.uri]}):
        diags.append(error("config", f"[tool.schemagen.documents] names {rel!r}, which is no OpenAPI, Swagger or AsyncAPI "
                           "document of the schemas folder", Location(config_source or "pyproject.toml"),
                           "name the document by its path under the schemas folder, e.g. \"api/openapi.yaml\""))
    if not any(kinds.values()):
        return documents, diags
    by_uri = {d.uri: d for d in documents}
    follow = Follow(by_uri)
    plans: dict[str, Plan] = {}
    for doc in documents:
        kind = kinds[doc.uri]
        if kind is None:
            continue
        flavour, version = kind
        key = {"oas30": "openapi", "oas31": "openapi", "swagger": "swagger", "asyncapi": "asyncapi"}[flavour]
        if not _supported(flavour, version):
            diags.append(error("not-a-schema", f"{key} {version!r}: schemagen reads OpenAPI 3.0/3.1, Swagger 2.0 and "
                               "AsyncAPI 2.x/3.x documents", doc.location("/" + key), "convert the document to one of those"))
            continue
        opts = options.get(doc.rel, DocumentOptions())
        plan = plan_asyncapi(doc, follow) if flavour == "asyncapi" else plan_openapi(doc, flavour, follow, opts.bodies)
        plans[doc.uri] = plan
        diags.extend(plan.diags)
    refs = _RefMap(plans, by_uri)
    out: list[Document] = []
    consumed = {uri for p in plans.values() for uri in p.consumed} - set(plans)
    for doc in documents:
        if doc.uri in plans:
            written, d = _write(doc, plans[doc.uri], refs, options.get(doc.rel, DocumentOptions()), config_source)
            diags.extend(d)
            out.append(written)
        elif doc.uri not in consumed:
            out.append(doc)
    # plain schema files: references into API documents redirected; read in the dialect of the API
    # document that refers to them when they declare none (found as the writing goes, to a fixpoint)
    done: set[str] = set()
    while True:
        pending = [(uri, fl) for uri, fl in refs.reached.items() if uri not in done and uri in by_uri and uri not in plans]
        if not pending:
            break
        for uri, flavour in pending:
            done.add(uri)
            doc = by_uri[uri]
            if isinstance(doc.content, dict) and "$schema" not in doc.content and flavour != "oas31":
                writer = Writer(flavour, refs)
                content = writer.schema(doc.content, doc, "", "")
                rewritten = replace(doc, content=content, positions={**doc.positions, **writer.positions}, source_key="")
                out = [rewritten if d.uri == uri else d for d in out]
                diags.extend(writer.diags)
    redirected = []
    for doc in out:
        if doc.uri in plans or doc.uri in done:
            redirected.append(doc)
            continue
        content = _redirect(doc, refs)
        redirected.append(doc if content is doc.content else replace(doc, content=content, source_key=""))
    warnings = [d for d in diags if d.severity != "error"]
    for uri in plans:
        _WARNINGS[uri] = warnings
    return redirected, diags


def document_warnings(documents: list[Document]) -> list[Diagnostic]:
    """The warnings writing these documents gave (load_documents keeps only what it returns)."""
    seen: dict[int, Diagnostic] = {}
    for doc in documents:
        if isinstance(doc.content, dict) and doc.content.get("x-schemagen-document"):
            for d in _WARNINGS.get(doc.uri, []):
                seen.setdefault(id(d), d)
    return list(seen.values())


class _RefMap:
    """A `$ref` as written in a loaded file → the reference the written documents use."""

    def __init__(self, plans: dict[str, Plan], by_uri: dict[str, Document]) -> None:
        self.plans = plans
        self.by_uri = by_uri
        self.reached: dict[str, str] = {}  # plain schema file URI → the flavour of the first API document reaching it
        self.flavour = ""

    def __call__(self, ref: str, src: Document) -> str:
        url, fragment = urldefrag(urljoin(src.uri, ref))
        plan = self.plans.get(url)
        if plan is not None and fragment in plan.external:
            return plan.external[fragment]
        if plan is not None:
            mapped = _moved(plan, fragment)
            if url == src.uri:
                return "#" + mapped
            return (ref.split("#")[0] if not ref.startswith("#") and src.uri in self.by_uri and not _consumed_by(self.plans, src)
                    else url) + "#" + mapped
        if url in self.by_uri and (src.uri in self.plans or _consumed_by(self.plans, src)):
            flavour = self.plans[src.uri].flavour if src.uri in self.plans else self.flavour
            self.reached.setdefault(url, flavour)
        if _consumed_by(self.plans, src) and not ref.startswith("#"):
            return url + ("#" + fragment if fragment or "#" in ref else "")
        return ref


def _consumed_by(plans: dict[str, Plan], doc: Document) -> bool:
    return any(doc.uri in p.consumed for p in plans.values())


def _moved(plan: Plan, pointer: str) -> str:
    probe = pointer
    while probe:
        if probe in plan.moved:
            return plan.moved[probe] + pointer[len(probe):]
        probe = probe.rsplit("/", 1)[0]
    return pointer


def _write(doc: Document, plan: Plan, refs: _RefMap, opts: DocumentOptions,
           config_source: str) -> tuple[Document, list[Diagnostic]]:
    refs.flavour = plan.flavour
    writer = Writer(plan.flavour, refs)
    written: dict[str, Any] = {}

    def write(name: str) -> Any:
        if name not in written:
            source = plan.roots[name]
            dst = "/$defs/" + escape_pointer_token(name)
            if isinstance(source, Source):
                node = node_at(source.doc.content, source.pointer)
                written[name] = writer.schema(node, source.doc, source.pointer, dst, source.at)
            else:  # a union made here: its members' examples are its own
                written[name] = dict(source)
                writer.positions[dst] = doc.positions.get("", (1, 1))
                members = [write(m) for m in sorted(local_refs(source)) if m in plan.roots and m != name]
                examples = [e for m in members if isinstance(m, dict) for e in m.get("examples", [])]
                if examples:
                    written[name]["examples"] = examples
            published = plan.examples.get(name)
            if published and isinstance(written[name], dict):
                own = written[name].get("examples") if isinstance(written[name].get("examples"), list) else []
                written[name]["examples"] = own + [e for e in published if e not in own]
        return written[name]

    diags: list[Diagnostic] = []
    if opts.include is None:
        for name in plan.roots:
            write(name)
        defs = written
    else:  # only the closure is written (Stripe's 800 schemas are not read for 3 of them)
        unknown = [n for n in opts.include if n not in plan.roots]
        for name in unknown:
            diags.append(error("config", f"[tool.schemagen.documents.{doc.rel!r}] include names {name!r}, which is not a "
                               f"named schema of {doc.display}", Location(config_source or "pyproject.toml"),
                               "use a key of components/schemas (definitions, messages) or a body name from the docs"))
        todo = [n for n in opts.include if n in plan.roots]
        while todo:
            name = todo.pop()
            if name not in written:
                todo.extend(r for r in local_refs(write(name)) if r in plan.roots and r not in written)
        defs = {name: written[name] for name in plan.roots if name in written}  # in document order
    diags[:0] = writer.diags
    content: dict[str, Any] = {"$schema": SCHEMA_2020_12, "x-schemagen-document": plan.flavour}
    info = doc.content.get("info")
    if isinstance(info, dict) and isinstance(info.get("description") or info.get("title"), str):
        content["description"] = info.get("description") or info.get("title")
    content["$defs"] = defs
    positions = {"": (1, 1), **writer.positions}
    first = next(iter(plan.moved), None)
    positions["/$defs"] = doc.positions.get(first.rsplit("/", 1)[0], (1, 1)) if first else (1, 1)
    result = replace(doc, content=content, positions=positions, dialect="2020-12", source_key="")
    if not defs and not diags:
        diags.append(warning("document-empty", "this document names no schema schemagen can generate (no components, "
                             "definitions, message payloads or JSON bodies)", doc.location(""),
                             "add components/schemas, or check [tool.schemagen.documents] include",
                             target="pydantic, typeddict, typescript"))
    return result, diags


def _redirect(doc: Document, refs: _RefMap) -> Any:
    """A plain schema file's references into API documents, pointed at where the schemas now are
    (the same value when it has none)."""
    targets = {uri for uri in refs.plans}
    changed = False

    def walk(node: Any) -> Any:
        nonlocal changed
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "$ref" and isinstance(v, str) and urldefrag(urljoin(doc.uri, v))[0] in targets:
                    new = refs(v, doc)
                    changed = changed or new != v
                    out[k] = new
                else:
                    out[k] = walk(v)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    result = walk(doc.content)
    return result if changed else doc.content
