"""A `$ref` to a published JSON Schema meta-schema inside a runtime check (the value is itself a
schema, as in a tool's `inputSchema`): the Python side validates it against that meta-schema with
`jsonschema`; here the meta-schema (and the vocabulary schemas it is made of) is cut into the
same `#/$defs/<name>` table the fragments use, and compiled like any other schema.

`$dynamicRef` / `$recursiveRef` in a meta-schema point at the meta-schema being applied: read as a
`$ref` to the dialect's root, which is what they resolve to when the published meta-schema is used
as it is."""

from __future__ import annotations

import copy
import hashlib
from typing import Any
from urllib.parse import urldefrag, urljoin

from schemagen.frontend.dialect import dialect_of_uri, to_2020_12

_SKIP = ("$id", "$schema", "$vocabulary", "$dynamicAnchor", "$recursiveAnchor", "$anchor", "$comment", "title",
         "description", "default", "examples", "$defs", "definitions", "format", "deprecated", "readOnly",
         "writeOnly", "contentMediaType", "contentEncoding")
_MAPS = ("properties", "patternProperties", "dependentSchemas", "dependencies")
_ONE = ("additionalProperties", "unevaluatedProperties", "contains", "propertyNames", "if", "then", "else", "not",
        "unevaluatedItems", "items", "additionalItems")
_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def _published(uri: str) -> Any:
    from jsonschema_specifications import REGISTRY

    return REGISTRY.contents(uri)


def _name(key: str) -> str:
    return "m" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def meta_defs(uri: str, defs: dict[str, Any]) -> str | None:
    """Add the meta-schema at `uri` (and what it reaches) to `defs`; its def name, or None when
    it is not a published meta-schema."""
    root_uri = uri.removesuffix("#")
    try:
        _published(root_uri)
    except Exception:
        return None
    dialect = dialect_of_uri(root_uri) or "2020-12"
    root = _name(root_uri + "#")

    def define(doc_uri: str, pointer: str) -> str:
        key = f"{doc_uri}#{pointer}"
        name = _name(key)
        if name in defs:
            return name
        defs[name] = True  # named before it is cut: cycles
        node: Any = _published(doc_uri)
        for token in [t for t in pointer.split("/")[1:]]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        defs[name] = cut(node, doc_uri)
        return name

    def ref(value: str, base: str) -> str:
        target, fragment = urldefrag(urljoin(base, value))
        return define(target or base, fragment)

    def cut(node: Any, base: str) -> Any:
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$id"), str):
            base = urldefrag(urljoin(base, node["$id"]))[0]
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("$dynamicRef", "$recursiveRef"):
                out.setdefault("allOf", []).append({"$ref": f"#/$defs/{root}"})
            elif key == "$ref" and isinstance(value, str):
                out["$ref"] = f"#/$defs/{ref(value, base)}"
            elif key in _SKIP:
                continue
            elif key in _MAPS and isinstance(value, dict):
                out[key] = {k: v if isinstance(v, list) else cut(v, base) for k, v in value.items()}
            elif key in _LISTS or (key == "items" and isinstance(value, list)):
                out[key] = [cut(v, base) for v in value] if isinstance(value, list) else value
            elif key in _ONE:
                out[key] = cut(value, base)
            else:
                out[key] = copy.deepcopy(value)
        return to_2020_12(out, dialect)

    define(root_uri, "")
    defs.setdefault(root, defs[_name(root_uri + "#")])
    return root
