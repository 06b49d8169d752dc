"""Runtime-check fragments: a keyword's schema cut out of its document and made self-contained
(every `$ref` inlined under `$defs`), so generated code can check it with `jsonschema` alone."""

from __future__ import annotations

from typing import Any

from schemagen.frontend.dialect import REF_OVERRIDES, to_2020_12
from schemagen.frontend.keywords import ANNOTATIONS, UNSUPPORTED
from schemagen.frontend.load import Document, escape_pointer_token, node_at
from schemagen.frontend.refs import RefIndex


SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas")
SCHEMA_ONE = ("additionalProperties", "unevaluatedProperties", "contains", "propertyNames", "if", "then",
               "else", "not", "unevaluatedItems", "items", "additionalItems")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
DROPPED = ANNOTATIONS - {"format"}


def self_contained(index: RefIndex, fragment: dict[str, Any], doc: Document, pointer: str, base: str,
                   covered: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The fragment with every `$ref` inlined under `$defs` (cycles stay `$ref`s to those), without
    annotations and extensions; None when a reference cannot be resolved or is dynamic."""
    defs: dict[str, str] = {}  # target key → name under $defs
    bodies: dict[str, Any] = {}
    failed = False

    def schema(node: Any, doc: Document, pointer: str, base: str) -> Any:
        nonlocal failed
        if not isinstance(node, dict):
            return node
        base = index.base_of(node, base)
        if "$ref" in node and doc.dialect in REF_OVERRIDES:
            node = {"$ref": node["$ref"]}  # before 2019-09 the reference replaces the whole schema
        out: dict[str, Any] = {}
        for key, value in node.items():
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key.startswith("x-") or key in DROPPED or key in ("$defs", "definitions"):
                continue
            if key in ("$dynamicRef", "$recursiveRef", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary"):
                failed = True
                continue
            if key in UNSUPPORTED:
                covered.append((doc.uri, child))
            meta = index.meta_schema(value, base) if key == "$ref" and isinstance(value, str) else None
            if meta is not None:
                out[key] = meta  # the runtime check's validator knows it
            elif key == "$ref" and isinstance(value, str):
                target, _ = index.resolve(value, base, doc.location(child))
                if target is None:
                    failed = True
                    continue
                name = defs.get(target.key)
                if name is None:
                    name = defs[target.key] = f"d{len(defs)}"
                    bodies[name] = schema(node_at(target.doc.content, target.pointer), target.doc, target.pointer,
                                          target.base_uri)
                out[key] = f"#/$defs/{name}"
            elif key in SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {k: schema(v, doc, f"{child}/{escape_pointer_token(k)}", base) for k, v in value.items()}
            elif (key in SCHEMA_LISTS or key == "items") and isinstance(value, list):
                out[key] = [schema(v, doc, f"{child}/{i}", base) for i, v in enumerate(value)]
            elif key in SCHEMA_ONE:
                out[key] = schema(value, doc, child, base)
            elif key == "dependencies" and isinstance(value, dict):
                out[key] = {k: v if isinstance(v, list) else schema(v, doc, f"{child}/{escape_pointer_token(k)}", base)
                            for k, v in value.items()}
            else:
                out[key] = value
        return to_2020_12(out, doc.dialect)

    body: dict[str, Any] = schema(fragment, doc, pointer, base)
    if failed:
        return None
    if bodies:
        body["$defs"] = bodies
    return body
