"""Which schemas of an API document become named types, and under which names.

A `Plan` lists them in document order: each is a `$defs` key of the written document and where its
schema was written (a pointer into a loaded file). Names are the document's own keys
(`components/schemas`, Swagger `definitions`, AsyncAPI `components/messages`), or, for a schema
written inline where the document names nothing, made from what names its place:

| where | name |
| --- | --- |
| OpenAPI request body, inline | `<operationId>Request`, or `<Method><Path>Request` without an operationId (`PostPetsPetIdRequest`) |
| OpenAPI response body, inline | `<operationId><status>Response` (`ListPets200Response`, `ListPetsDefaultResponse`) |
| OpenAPI `components/requestBodies/X`, `components/responses/X`, inline | `XRequest`, `XResponse` (unless X already ends so) |
| AsyncAPI message with an inline payload | the message's key (or `name`, `messageId`), `…Payload` when a schema has that name |
| AsyncAPI channel or operation with two or more messages | `<channel or operation>Message`: a `oneOf` of the payloads (tagged where they pin one tag) |

Only JSON bodies are read (a media type with `json` in it, or `*/*`); other media types carry no JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from schemagen.diagnostics import Diagnostic, warning
from schemagen.frontend.load import Document, escape_pointer_token, node_at
from schemagen.naming import pascal

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Source:
    doc: Document  # the loaded file the schema is written in
    pointer: str
    at: tuple[int, int] | None = None  # one position for all of it (a schema of another file, brought in by $ref)


@dataclass
class Plan:
    """What one API document becomes: `$defs` name → the schema written there (or a schema made here)."""

    flavour: str
    roots: dict[str, Source | dict[str, Any]] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)  # source pointer (in the API document) → `/$defs/<name>`
    external: dict[str, str] = field(default_factory=dict)  # source pointer → the file it is (`$ref: schemas/Pet.yaml`)
    consumed: set[str] = field(default_factory=set)  # URIs of split-out parts (path items, messages) read into it
    examples: dict[str, list[Any]] = field(default_factory=dict)  # name → published examples written beside it
    diags: list[Diagnostic] = field(default_factory=list)

    def add(self, name: str, source: Source | dict[str, Any], doc: Document, *, why: str = "") -> str | None:
        """Name a schema; a name already taken is a located warning and the schema stays unnamed."""
        if not name:
            return None
        if name in self.roots:
            where = doc.location(source.pointer) if isinstance(source, Source) else doc.location("")
            self.diags.append(warning("document-name", f"{name!r} ({why or 'a schema'}) is already the name of another "
                                      "schema of this document; this one is left out", where,
                                      "give it an operationId or move it to components/schemas under a name of its own",
                                      target="pydantic, typeddict, typescript"))
            return None
        self.roots[name] = source
        if isinstance(source, Source) and source.doc.uri == doc.uri:
            self.moved.setdefault(source.pointer, "/$defs/" + escape_pointer_token(name))
        return name


class Follow:
    """`$ref`s among the loaded files, followed to the value they name (non-schema parts: path
    items, responses, messages, which may be split into files of their own)."""

    def __init__(self, by_uri: dict[str, Document]) -> None:
        self.by_uri = by_uri

    def __call__(self, doc: Document, pointer: str, node: Any, hops: int = 0) -> tuple[Document, str, Any]:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and hops < 16:
            url, fragment = urldefrag(urljoin(doc.uri, node["$ref"]))
            target = self.by_uri.get(url)
            if target is None:
                break
            pointer = unquote(fragment)
            try:
                node = node_at(target.content, pointer)
            except (KeyError, IndexError, ValueError, TypeError):
                break
            doc, hops = target, hops + 1
        return doc, pointer, node


def _json_media(media: str) -> bool:
    media = media.lower()
    return "json" in media or media.startswith("*/*")


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def _esc(*tokens: str) -> str:
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def plan_openapi(doc: Document, flavour: str, follow: Follow, bodies: bool) -> Plan:
    content = doc.content
    plan = Plan(flavour)
    if flavour == "swagger":
        for key in _mapping(content.get("definitions")):
            plan.add(key, Source(doc, _esc("definitions", key)), doc)
    else:
        components = content.get("components") if isinstance(content.get("components"), dict) else {}
        for key, schema in _mapping(components.get("schemas")).items():
            pointer = _esc("components", "schemas", key)
            if _is_ref(schema) and set(schema) == {"$ref"} and not schema["$ref"].startswith("#") \
                    and "#" not in schema["$ref"].strip("#"):
                plan.external[pointer] = urljoin(doc.uri, schema["$ref"])  # a whole file (Redocly): the type is that file's
                continue
            plan.add(key, Source(doc, pointer), doc)
    if not bodies:
        return plan
    if flavour == "swagger":
        for key, resp in _mapping(content.get("responses")).items():
            _body(plan, doc, follow, _esc("responses", key), resp, _suffixed(key, "Response"), "schema")
    else:
        for kind, suffix in (("requestBodies", "Request"), ("responses", "Response")):
            for key, part in _mapping(components.get(kind)).items():
                _body(plan, doc, follow, _esc("components", kind, key), part, _suffixed(key, suffix), "content")
    for group in ("paths", "webhooks"):
        for path, item in _mapping(content.get(group)).items():
            idoc, iptr, item = follow(doc, _esc(group, path), item)
            if idoc.uri != doc.uri:
                plan.consumed.add(idoc.uri)
            for method in METHODS:
                op = item.get(method) if isinstance(item, dict) else None
                if not isinstance(op, dict):
                    continue
                optr = f"{iptr}/{method}"
                opname = pascal(str(op["operationId"])) if isinstance(op.get("operationId"), str) else ""
                opname = opname or pascal(f"{method} {path}")
                _operation(plan, doc, idoc, optr, op, opname, follow, flavour)
    return plan


def _operation(plan: Plan, doc: Document, idoc: Document, optr: str, op: dict[str, Any], opname: str, follow: Follow,
               flavour: str) -> None:
    if flavour == "swagger":
        for i, param in enumerate(op.get("parameters", []) if isinstance(op.get("parameters"), list) else []):
            pdoc, pptr, param = follow(idoc, f"{optr}/parameters/{i}", param)
            if isinstance(param, dict) and param.get("in") == "body" and pdoc.uri == idoc.uri and "#/parameters/" not in pptr:
                _body(plan, doc, follow, pptr, param, f"{opname}Request", "schema", pdoc)
    else:
        body = op.get("requestBody")
        if isinstance(body, dict) and not _local_component(body):
            _body(plan, doc, follow, f"{optr}/requestBody", body, f"{opname}Request", "content", idoc)
    for code, resp in _mapping(op.get("responses")).items():
        if isinstance(resp, dict) and not _local_component(resp):
            _body(plan, doc, follow, f"{optr}/responses/{escape_pointer_token(code)}", resp,
                  f"{opname}{pascal(code) or code}Response", "schema" if flavour == "swagger" else "content", idoc)


def _local_component(node: dict[str, Any]) -> bool:
    """A reference to a reusable request body or response: named where it is declared."""
    ref = node.get("$ref")
    return isinstance(ref, str) and ref.startswith("#/")


def _body(plan: Plan, doc: Document, follow: Follow, pointer: str, node: Any, name: str, how: str,
          at_doc: Document | None = None) -> None:
    """The schema of a request body or response, named `name` when it is written inline."""
    bdoc, bptr, node = follow(at_doc or doc, pointer, node)
    if not isinstance(node, dict):
        return
    if bdoc.uri != doc.uri:
        plan.consumed.add(bdoc.uri)
    if how == "schema":
        schemas = [(f"{bptr}/schema", node.get("schema"))] if "schema" in node else []
    else:
        schemas = [(f"{bptr}/content/{escape_pointer_token(m)}/schema", v.get("schema"))
                   for m, v in _mapping(node.get("content")).items() if _json_media(m) and isinstance(v, dict) and "schema" in v]
    seen: list[Any] = []
    for spointer, schema in schemas:
        if isinstance(schema, dict) and _is_ref(schema) and set(schema) <= {"$ref", "description", "summary"} or schema in seen:
            continue  # named where it points; or the same schema for another JSON media type
        media = spointer.split("/content/")[-1].rsplit("/", 1)[0].replace("~1", "/") if seen else ""
        seen.append(schema)
        at = None if bdoc.uri == doc.uri else doc.location(pointer)
        source = Source(bdoc, spointer, (at.line, at.col) if at else None)
        named = plan.add(name + (pascal(media.split("/")[-1]) if media else ""), source, doc, why=f"the body at {pointer}")
        holder = node_at(bdoc.content, spointer.rsplit("/", 1)[0])
        if named and isinstance(holder, dict):
            plan.examples[named] = _published(bdoc, spointer.rsplit("/", 1)[0], holder, follow, how == "schema")


def _published(doc: Document, pointer: str, holder: dict[str, Any], follow: Follow, swagger: bool) -> list[Any]:
    """The examples written beside a body's schema: a media type's `example` and `examples[*].value`
    (through `components/examples`), a Swagger response's `examples` by media type."""
    found: list[Any] = [holder["example"]] if "example" in holder else []
    for key, example in _mapping(holder.get("examples")).items():
        if swagger:
            if _json_media(key):
                found.append(example)
            continue
        _, _, example = follow(doc, f"{pointer}/examples/{escape_pointer_token(key)}", example)
        if isinstance(example, dict) and "value" in example:
            found.append(example["value"])
    return found


def _suffixed(key: str, suffix: str) -> str:
    name = pascal(key) or key
    return name if name.endswith(suffix) or name.endswith("Body") else name + suffix


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
