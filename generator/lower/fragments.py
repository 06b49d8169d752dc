"""Runtime-check fragments: a keyword's schema cut out of its document, every `$ref` in it pointing
at a schema cut out once for all fragments (`CheckDefs`), so generated code can check it with
`jsonschema` alone."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from schemagen.frontend.dialect import REF_OVERRIDES, to_2020_12
from schemagen.frontend.keywords import ANNOTATIONS, UNSUPPORTED
from schemagen.frontend.load import Document, escape_pointer_token, node_at
from schemagen.frontend.refs import RefIndex, Target


SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas")
SCHEMA_ONE = ("additionalProperties", "unevaluatedProperties", "contains", "propertyNames", "if", "then",
               "else", "not", "unevaluatedItems", "items", "additionalItems")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
DROPPED = ANNOTATIONS - {"format"}


@dataclass
class CheckDefs:
    """Every schema a runtime check refers to, cut out of its document once and named after where it
    was written. A fragment refers to them as `#/$defs/<name>`; the generated module holds the ones
    its checks need (`_CHECK_DEFS`). Before, each fragment carried its own copy of everything it
    reached, so n checks that reach one big recursive definition wrote (and cut) it n times."""

    names: dict[str, str] = field(default_factory=dict)  # target key → name
    bodies: dict[str, Any] = field(default_factory=dict)  # name → schema (its refs are `#/$defs/<name>`)
    refs: dict[str, frozenset[str]] = field(default_factory=dict)  # name → the names its schema refers to
    covered: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name → unsupported keywords in it
    failed: set[str] = field(default_factory=set)  # names whose schema has a ref that cannot be resolved

    def closure(self, names: set[str]) -> set[str]:
        """The names and every name they reach."""
        seen: set[str] = set()
        work = list(names)
        while work:
            name = work.pop()
            if name not in seen:
                seen.add(name)
                work.extend(self.refs.get(name, ()))
        return seen


def def_name(key: str) -> str:
    """A stable name for the schema at a target key (the same in every run and every fragment)."""
    return "d" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def self_contained(index: RefIndex, fragment: dict[str, Any], doc: Document, pointer: str, base: str,
                   covered: list[tuple[str, str]], defs: CheckDefs) -> dict[str, Any] | None:
    """The fragment without annotations and extensions, every `$ref` pointing into `defs` (where its
    target is cut out once); None when a reference it reaches cannot be resolved or is dynamic.
    Adds to `covered` the unsupported keywords the check enforces, also inside what it reaches."""
    direct: set[str] = set()
    failed: list[bool] = []
    body: dict[str, Any] = _cut(index, defs, fragment, doc, pointer, base, covered, direct, failed)
    reached = defs.closure(direct)
    if failed or reached & defs.failed:
        return None
    for name in sorted(reached):
        covered.extend(defs.covered[name])
    return body


def _define(index: RefIndex, defs: CheckDefs, target: Target) -> str:
    name = defs.names.get(target.key)
    if name is not None:
        return name
    name = defs.names[target.key] = def_name(target.key)  # named before it is cut: cycles refer to it
    direct: set[str] = set()
    failed: list[bool] = []
    covered: list[tuple[str, str]] = []
    defs.bodies[name] = _cut(index, defs, node_at(target.doc.content, target.pointer), target.doc, target.pointer,
                             target.base_uri, covered, direct, failed)
    defs.refs[name] = frozenset(direct)
    defs.covered[name] = covered
    if failed:
        defs.failed.add(name)
    return name


def _cut(index: RefIndex, defs: CheckDefs, node: Any, doc: Document, pointer: str, base: str,
         covered: list[tuple[str, str]], direct: set[str], failed: list[bool]) -> Any:
    """One schema spelled for the runtime check's validator (draft 2020-12)."""
    if not isinstance(node, dict):
        return node
    base = index.base_of(node, base)
    if "$ref" in node and doc.dialect in REF_OVERRIDES:
        node = {"$ref": node["$ref"]}  # before 2019-09 the reference replaces the whole schema

    def sub(value: Any, where: str) -> Any:
        return _cut(index, defs, value, doc, where, base, covered, direct, failed)

    out: dict[str, Any] = {}
    for key, value in node.items():
        child = f"{pointer}/{escape_pointer_token(key)}"
        if key.startswith("x-") or key in DROPPED or key in ("$defs", "definitions"):
            continue
        if key == "$recursiveRef" and "$ref" not in node:
            key, child = "$ref", f"{pointer}/$ref"  # read as $ref (lower.py `_recursive_ref` says why)
        if key in ("$dynamicRef", "$recursiveRef", "$dynamicAnchor", "$vocabulary"):
            failed.append(True)
            continue
        if key in UNSUPPORTED:
            covered.append((doc.uri, child))
        meta = index.meta_schema(value, base) if key == "$ref" and isinstance(value, str) else None
        if meta is not None:
            out[key] = meta  # the runtime check's validator knows it
        elif key == "$ref" and isinstance(value, str):
            target, _ = index.resolve(value, base, doc.location(child))
            if target is None:
                failed.append(True)
                continue
            name = _define(index, defs, target)
            direct.add(name)
            out[key] = f"#/$defs/{name}"
        elif key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: sub(v, f"{child}/{escape_pointer_token(k)}") for k, v in value.items()}
        elif (key in SCHEMA_LISTS or key == "items") and isinstance(value, list):
            out[key] = [sub(v, f"{child}/{i}") for i, v in enumerate(value)]
        elif key in SCHEMA_ONE:
            out[key] = sub(value, child)
        elif key == "dependencies" and isinstance(value, dict):
            out[key] = {k: v if isinstance(v, list) else sub(v, f"{child}/{escape_pointer_token(k)}")
                        for k, v in value.items()}
        else:
            out[key] = value
    return to_2020_12(out, doc.dialect)
