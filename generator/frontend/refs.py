"""`$ref` resolution: which document and JSON pointer a reference lands on.

The `referencing` library does the resolving ($id scopes, anchors, pointer escapes, draft rules);
this module maps what it returns back to a (document, pointer) by object identity, because the
lowering stage names types after where they were written. References that leave the schemas
root or go to the network are refused here, before any lookup, unless the config maps them to a
local folder.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse

from schemagen.diagnostics import Diagnostic, Location, error, warning
from schemagen.frontend.dialect import decide, dialect_of_uri, specification
from schemagen.frontend.load import ROOT_URI, Document, escape_pointer_token, load_text, node_at
from schemagen.frontend.ref_targets import not_a_schema, schema_positions, target_problems


@dataclass(frozen=True)
class Target:
    doc: Document
    pointer: str
    base_uri: str

    @property
    def key(self) -> str:
        return f"{self.doc.uri}#{self.pointer}"


def _specification(contents: Any, dialect: str) -> Any:
    """A schema's own `$schema` when it names a draft, else the dialect of its document."""
    own = dialect_of_uri(contents.get("$schema")) if isinstance(contents, dict) else None
    return specification(own or dialect)


# Keywords whose value is data, not a schema (a `$ref` never lands inside one).
_VALUE_KEYWORDS = ("enum", "const", "examples", "default")
# Keywords whose value maps names to schemas.
_NAME_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")


class RefIndex:
    """Resolves references among the loaded documents (plus any mapped remote folders)."""

    def __init__(
        self,
        documents: list[Document],
        remote_roots: dict[str, Path] | None = None,
        allow_remote: bool = False,
        default_dialect: str = "auto",
    ) -> None:
        from referencing import Registry, Resource

        self._documents = {d.uri: d for d in documents}
        self._remote_roots = dict(sorted((remote_roots or {}).items()))
        self._allow_remote = allow_remote
        self._default_dialect = default_dialect
        self._where: dict[int, tuple[Document, str]] = {}
        self._by_id: dict[str, Any] = {}  # every $id seen (absolute) → its schema
        self._base: dict[int, str] = {}
        self.extra_documents: dict[str, Document] = {}
        self.notes: dict[tuple[str, str, str], Diagnostic] = {}  # warnings of refs resolved by a fallback
        # (ref, base) → where it lands in a loaded document: a lookup that needed no fallback, no
        # retrieval and no note is the same every time (the registry does not change once crawled)
        self._resolved: dict[tuple[str, str], Target] = {}
        self._accepted: dict[tuple[str, str, str], bool | None] = {}
        self._positions: dict[str, frozenset[str]] = {}  # uri → its schema positions (ref_targets.py)
        self._checked: set[tuple[str, str]] = set()  # targets outside them already checked
        for doc in documents:
            self._map(doc)
        resources = [
            (d.uri, Resource.from_contents(d.content, default_specification=_specification(d.content, d.dialect)))
            for d in documents
        ]
        self._registry = Registry(retrieve=self._retrieve).with_resources(resources).crawl()  # type: ignore[call-arg]

    def _map(self, doc: Document, ids: bool = True) -> None:
        """Record where every schema-like node was written and its base URI. Inside a map of names
        (`properties`, `definitions`, ...) a key is a name, not a keyword: `definitions/default` is
        a schema like any other, while the value of a keyword `default` is not. `ids`: record the
        `$id`s it declares (not for a published meta-schema, whose whole is never lowered)."""
        def walk(node: Any, pointer: str, base: str, names: bool) -> None:
            if isinstance(node, dict):
                if ids and not names and isinstance(node.get("$id"), str):
                    base = urldefrag(urljoin(base, node["$id"]))[0]
                    self._by_id.setdefault(base, node)
                self._where[id(node)] = (doc, pointer)
                self._base[id(node)] = base
                for key, value in node.items():
                    if not names and key in _VALUE_KEYWORDS:
                        continue
                    walk(value, f"{pointer}/{escape_pointer_token(key)}", base, not names and key in _NAME_MAPS)
            elif isinstance(node, list):
                self._where[id(node)] = (doc, pointer)
                for index, value in enumerate(node):
                    walk(value, f"{pointer}/{index}", base, False)

        walk(doc.content, "", doc.uri, False)

    def _beside_file(self, ref: str, base_uri: str) -> str | None:
        """The file URI of the document whose `$id` is `base_uri`, when a relative `ref` against
        that `$id` names nothing: the file it would name beside this one is tried instead."""
        if urlparse(ref).scheme or ref.startswith("#"):
            return None
        node = self._by_id.get(urldefrag(base_uri)[0])
        owner = self._where.get(id(node)) if node is not None else None
        if owner is None or owner[0].uri == urldefrag(base_uri)[0]:
            return None
        return owner[0].uri

    def _retrieve(self, uri: str) -> Any:
        from referencing import Resource
        from referencing.exceptions import NoSuchResource

        if uri in self._by_id:  # a schema a retrieved document declared under its own $id
            node = self._by_id[uri]
            owner = self._where.get(id(node))
            return Resource.from_contents(node, default_specification=_specification(
                node, owner[0].dialect if owner else "2020-12"))
        published = _published(uri)
        if published is not None:
            doc = self.extra_documents.get(uri)
            if doc is None:  # once: a reference is placed by the identity of what it lands on
                doc = Document(uri, uri, uri, published, {}, dialect_of_uri(published.get("$schema")) or "2020-12")
                self.extra_documents[uri] = doc
                self._map(doc, ids=False)
            return Resource.from_contents(doc.content, default_specification=_specification(doc.content, doc.dialect))
        for prefix, folder in self._remote_roots.items():
            if uri.startswith(prefix):
                rel = uri[len(prefix) :]
                path = _mapped_file(folder, rel)
                if path is None:
                    break
                doc, diags = load_text(path.read_text(encoding="utf-8"), rel, uri)
                if doc is None:
                    break
                doc = Document(doc.rel, uri, uri, doc.content, doc.positions)
                doc = replace(doc, dialect=decide(doc, self._default_dialect)[0])
                self.extra_documents[uri] = doc
                self._map(doc)
                return Resource.from_contents(doc.content, default_specification=_specification(doc.content, doc.dialect))
        raise NoSuchResource(uri)

    def accepts(self, uri: str, pointer: str, instance: Any) -> bool | None:
        """Whether the schema at uri#pointer accepts instance (None when it cannot be decided
        here, e.g. it needs a document that is not loaded)."""

        memo = (uri, pointer, repr(instance))  # JSON data: equal reprs are equal values, of one type
        if memo in self._accepted:
            return self._accepted[memo]
        self._accepted[memo] = answer = self._accepts(uri, pointer, instance)
        return answer

    def _accepts(self, uri: str, pointer: str, instance: Any) -> bool | None:
        from referencing.exceptions import Unresolvable

        try:
            validator = _linear_validator()({"$ref": f"{uri}#{pointer}"}, registry=self._registry)
            return bool(validator.is_valid(instance))
        except (Unresolvable, Exception):
            return None

    def meta_schema(self, ref: str, base_uri: str) -> str | None:
        """The URI when `ref` names a published JSON Schema meta-schema (the value is itself a schema),
        else None. Those are known without the network: `jsonschema` ships them."""
        absolute, fragment = urldefrag(urljoin(base_uri, ref))
        if fragment or absolute in self._documents or absolute in self._by_id:
            return None  # a loaded document that declares a meta-schema's `$id` is that document
        return absolute if is_meta_schema(absolute) else None

    def ref_location(self, node: Any, fallback: Location) -> Location:
        """Where the `$ref` of a schema node was written, when the node is a loaded one."""
        where = self._where.get(id(node))
        return where[0].location(where[1] + "/$ref") if where is not None else fallback

    def base_of(self, node: Any, fallback: str) -> str:
        return self._base.get(id(node), fallback)

    def resolve(self, ref: str, base_uri: str, at: Location) -> tuple[Target | None, Diagnostic | None]:
        target, problem = self._resolve(ref, base_uri, at)
        if target is not None:
            node = node_at(target.doc.content, target.pointer)
            if isinstance(node, dict):
                self._check_target(target.doc, target.pointer, node)
        return target, problem

    def _resolve(self, ref: str, base_uri: str, at: Location) -> tuple[Target | None, Diagnostic | None]:
        from referencing.exceptions import NoSuchAnchor, NoSuchResource, PointerToNowhere, Unresolvable

        memo = self._resolved.get((ref, base_uri))
        if memo is not None:
            return memo, None
        absolute = urljoin(base_uri, ref)
        without_fragment, _ = urldefrag(absolute)
        if urldefrag(absolute)[1] == "/" and ref.endswith("/"):
            return self._slash_root(ref, base_uri, at)
        # A base set by `$id` (an https or urn: URI) names a schema already loaded: look it up first
        # (retrieval only reads mapped local folders); refuse as remote only what that cannot find.
        try:
            early = self._registry.resolver(urldefrag(base_uri)[0]).lookup(ref)
        except Exception:
            early = None
        if early is not None and id(early.contents) in self._where and isinstance(early.contents, dict):
            doc, pointer = self._where[id(early.contents)]
            landed = Target(doc, pointer, self._base.get(id(early.contents), doc.uri))
            if self._documents.get(doc.uri) is doc:
                self._resolved[(ref, base_uri)] = landed
            return landed, None
        local = without_fragment.startswith(ROOT_URI) or without_fragment in self._documents
        mapped = any(absolute.startswith(p) for p in self._remote_roots)
        known = (without_fragment in self._documents or self._registry.get(without_fragment) is not None
                 or _published(without_fragment) is not None)  # its inner pointers: a subschema known offline
        if not local and not mapped and not known:
            beside = self._beside_file(ref, base_uri)
            if beside is not None:
                target, problem = self.resolve(ref, beside, at)
                if target is None and urldefrag(urljoin(beside, ref))[0] in self._documents:
                    return None, problem  # the file is there: what is wrong is after the '#'
                if target is not None:
                    self.notes.setdefault((ref, base_uri, at.file), warning(
                        "ref-beside-file", f"$ref {ref!r}: no schema has the $id {_short(without_fragment)!r} it names "
                        f"against this document's $id; read as the file {target.doc.rel!r} beside this one, as a "
                        "reader of the folder would", at,
                        "give the referenced file that $id, or write the ref to match the $id it has"))
                    return target, None
            if absolute.startswith("file:"):
                return None, error(
                    "ref-outside-root",
                    f"$ref {ref!r} points outside the schemas folder",
                    at,
                    "keep every referenced schema under the schemas folder",
                )
            if not self._allow_remote:
                return None, error(
                    "ref-remote",
                    f"$ref {ref!r} is a remote reference; schemagen does not fetch over the network",
                    at,
                    "copy the schema into the schemas folder and reference it by relative path, "
                    "or map its URL prefix to a local folder with [tool.schemagen] remote_roots",
                )
        try:
            resolved = self._registry.resolver(urldefrag(base_uri)[0]).lookup(ref)
        except PointerToNowhere as exc:
            return None, error(
                "ref-unresolved",
                f"$ref {ref!r}: the pointer {getattr(exc, 'ref', ref)!r} does not exist in {_short(without_fragment)}",
                at,
                "check the spelling of the pointer (e.g. '#/$defs/Name')",
            )
        except NoSuchAnchor:
            return None, error("ref-unresolved", f"$ref {ref!r}: no such anchor in {_short(without_fragment)}", at,
                               "check the $anchor spelling, or use a JSON pointer such as '#/$defs/Name'")
        except NoSuchResource:
            return None, error(
                "ref-unresolved",
                f"$ref {ref!r}: no schema file {_short(without_fragment)!r}",
                at,
                "check the relative path from this file (e.g. 'common.yaml#/$defs/Name')",
            )
        except Unresolvable as exc:
            if without_fragment not in self._documents and self._registry.get(without_fragment) is None:
                return None, error(
                    "ref-unresolved",
                    f"$ref {ref!r}: no schema file {_short(without_fragment)!r} under the schemas folder",
                    at,
                    "check the relative path from this file (e.g. 'common.yaml#/$defs/Name')",
                )
            return None, error("ref-unresolved", f"$ref {ref!r} cannot be resolved: {exc}", at,
                               "check the path and the pointer after '#'")
        except (TypeError, IndexError, KeyError, ValueError):  # the pointer steps into a number, a string, a boolean
            return None, error(
                "ref-unresolved",
                f"$ref {ref!r}: the pointer goes through a value that is not an object or an array in "
                f"{_short(without_fragment)}", at, "point at a schema (e.g. '#/$defs/Name')")
        contents = resolved.contents
        found = self._where.get(id(contents))
        if found is None and isinstance(contents, bool):
            found = self._boolean_at(absolute)
        if not isinstance(contents, (dict, bool)):
            data_at = found or self._data_at(ref, base_uri)
            if data_at is not None:  # a string, a number, null, a list: data, not a schema (ref_targets.py)
                self.notes.setdefault((ref, base_uri, at.file), not_a_schema(ref, contents, data_at[0], data_at[1], at))
                return None, None
        if found is None:
            return None, error(
                "ref-unsupported", f"$ref {ref!r} resolves to a value schemagen cannot place (a boolean schema?)", at
            )
        doc, pointer = found
        return Target(doc, pointer, self._base.get(id(contents), doc.uri)), None

    def _check_target(self, doc: Document, pointer: str, node: dict[str, Any]) -> None:
        """A target outside the document's schema positions is checked once, where it is."""
        positions = self._positions.get(doc.uri)
        if positions is None:
            positions = self._positions[doc.uri] = schema_positions(doc)
        if pointer in positions:
            return
        probe = pointer
        while probe:  # a target inside one already checked was checked with it
            if (doc.uri, probe) in self._checked:
                return
            probe = probe.rpartition("/")[0]
        self._checked.add((doc.uri, pointer))
        for diag in target_problems(doc, pointer, node):  # keyed by what it says: a target inside one
            where = diag.location.pointer if diag.location else pointer  # checked later says it once
            self.notes.setdefault((doc.uri, f"{diag.code} {where}", diag.message), diag)

    def _data_at(self, ref: str, base_uri: str) -> tuple[Document, str] | None:
        """(document, pointer) of a value that is no schema, reached by a `$ref` ending in a JSON
        pointer: placed by where its parent (an object or a list, so recorded) was written."""
        from urllib.parse import unquote

        head, _, fragment = ref.partition("#")
        parent, slash, token = fragment.rpartition("/")
        if not slash or not unquote(fragment).startswith("/"):
            return None
        try:
            container = self._registry.resolver(urldefrag(base_uri)[0]).lookup(f"{head}#{parent}").contents
        except Exception:
            return None
        where = self._where.get(id(container))
        if where is None:
            return None
        return where[0], f"{where[1]}/{unquote(token)}"

    def _slash_root(self, ref: str, base_uri: str, at: Location) -> tuple[Target | None, Diagnostic | None]:
        """`x.json#/`: by RFC 6901 the member named "" of the root; datamodel-code-generator and
        most tools read it as the root itself. Where the root has no "" member that is the only
        reading, taken with a warning; where it has one, the two readings differ and it is refused."""
        root, problem = self.resolve(ref[:-1], base_uri, at)
        if root is None:
            return None, problem
        node = node_at(root.doc.content, root.pointer)
        if isinstance(node, dict) and "" in node:
            return None, error(
                "ref-root-ambiguous",
                f"$ref {ref!r}: the pointer '/' names the member \"\" of {root.doc.rel} (RFC 6901), which many "
                "tools read as the whole document instead", at,
                "write '#' for the whole document, or '#/' with the member \"\" renamed, so the two readings agree")
        self.notes.setdefault((ref, base_uri, at.file), warning(
            "ref-root-slash", f"$ref {ref!r}: the pointer '/' names a member \"\" (RFC 6901) that "
            f"{root.doc.rel} does not have; read as the whole document, as other tools do", at,
            "write '#' (or nothing after the file name) for the whole document"))
        return root, None

    def _boolean_at(self, absolute: str) -> tuple[Document, str] | None:
        """A boolean schema has no identity to look up: place it by its parent's JSON pointer."""
        from urllib.parse import unquote

        uri, fragment = urldefrag(absolute)
        doc = self._documents.get(uri) or self.extra_documents.get(uri)
        pointer = unquote(fragment)
        if doc is None or (pointer and not pointer.startswith("/")):
            return None
        parent, _, _ = pointer.rpartition("/")
        node: Any = doc.content
        try:
            for token in [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]:
                node = node[int(token)] if isinstance(node, list) else node[token]
        except (KeyError, IndexError, ValueError, TypeError):
            return None
        return (doc, pointer) if isinstance(node, bool) and (not parent or parent in self._pointers(doc)) else None

    def _pointers(self, doc: Document) -> set[str]:
        return {p for d, p in self._where.values() if d is doc}


@functools.cache
def _meta_schemas() -> frozenset[str]:
    from jsonschema_specifications import REGISTRY

    return frozenset(uri for uri in REGISTRY if uri.endswith("/schema"))


def _published(uri: str) -> dict[str, Any] | None:
    """The contents of a published meta-schema or vocabulary (jsonschema ships them), by its URI."""
    from jsonschema_specifications import REGISTRY

    try:
        contents = REGISTRY.contents(uri.removesuffix("#"))
    except Exception:
        return None
    return copy.deepcopy(contents) if isinstance(contents, dict) else None  # jsonschema's own stays untouched


def is_meta_schema(uri: str) -> bool:
    """Whether an absolute URI (an empty fragment allowed) names a published JSON Schema meta-schema."""
    return uri.removesuffix("#") in _meta_schemas()


def _short(uri: str) -> str:
    return uri[len(ROOT_URI) :] if uri.startswith(ROOT_URI) else uri


class _Undecided(Exception):
    """A pattern only a backtracking engine can match: no verdict (a hostile string could take
    exponential time, and generation runs in CI)."""


@functools.cache
def _linear_validator() -> Any:
    """Draft 2020-12 with every pattern (`pattern`, `patternProperties`, and so the keys
    `additionalProperties` sees) matched by pydantic's linear-time engine as ECMA-262 reads it;
    a pattern that would need backtracking raises _Undecided instead of being tried."""
    import jsonschema
    from pydantic_core import SchemaValidator, core_schema

    from schemagen.frontend.ecma_regex import linear_pattern

    @functools.cache
    def matcher(pattern: str) -> Any:
        rust = linear_pattern(pattern)
        if rust is None:
            raise _Undecided(pattern)
        return SchemaValidator(core_schema.str_schema(pattern=rust)).isinstance_python

    def search(pattern: str, text: str) -> bool:
        return bool(matcher(pattern)(text))

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Any:
        if validator.is_type(instance, "string") and not search(patrn, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")

    def pattern_properties(validator: Any, patterns: dict[str, Any], instance: Any, schema: Any) -> Any:
        if validator.is_type(instance, "object"):
            for patrn, sub in patterns.items():
                for key, item in instance.items():
                    if search(patrn, key):
                        yield from validator.descend(item, sub, path=key, schema_path=patrn)

    def additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Any:
        if not validator.is_type(instance, "object"):
            return
        known, patterns = schema.get("properties", {}), schema.get("patternProperties", {})
        extras = [k for k in instance if k not in known and not any(search(p, k) for p in patterns)]
        if validator.is_type(additional, "object"):
            for key in extras:
                yield from validator.descend(instance[key], additional, path=key)
        elif additional is False and extras:
            yield jsonschema.ValidationError(f"additional properties are not allowed ({extras!r} unexpected)")

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {  # type: ignore[no-untyped-call]
        "pattern": pattern, "patternProperties": pattern_properties, "additionalProperties": additional_properties})


def _mapped_file(folder: Path, rel: str) -> Path | None:
    """folder/rel for a URL mapped by remote_roots, when it names a file inside the folder: the
    rest of the URL comes from a schema, so `//etc/x.json`, `../../x.json` or a link out of the
    folder names nothing (an unresolved $ref), never a file elsewhere on the disk."""
    from schemagen.safety import safe_rel

    if not safe_rel(rel):
        return None
    path = folder / rel
    try:
        path.resolve(strict=True).relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path.is_file() else None
