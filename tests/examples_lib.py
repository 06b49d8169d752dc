"""Schema examples as test data: every `examples` entry must validate, every
`x-invalid-examples` entry must be rejected, in each target. Shared by the golden-case tests and
the repository's own schemas.

`jsonschema` is the referee: an example that the schema itself does not accept (or reject) is a
broken test, not a generator bug, and is reported as such.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from schemagen import ir
from schemagen.frontend.load import Document
from schemagen.naming import TargetNames
from schemagen.frontend.refs import is_meta_schema

# Keywords TypeScript's type system cannot check; stripped to decide what `tsc` can tell.
NON_STRUCTURAL = frozenset({
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minItems", "maxItems", "uniqueItems", "format", "minProperties", "maxProperties",
    "not", "if", "then", "else", "patternProperties", "propertyNames", "dependentRequired",
    "dependentSchemas", "contains", "minContains", "maxContains",
})
_SCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas")
_DATA = ("enum", "const", "examples", "default", "x-invalid-examples")


@dataclass(frozen=True)
class Example:
    key: str  # IR type key (also a valid $ref to the schema)
    module: str
    names: TargetNames
    instance: Any
    valid: bool
    index: int

    @property
    def id(self) -> str:
        return f"{self.module}.{self.names.python}-{'valid' if self.valid else 'invalid'}{self.index}"


def collect(schema: ir.Schema, names: dict[str, TargetNames]) -> list[Example]:
    out: list[Example] = []
    types = schema.types_by_key()
    for module in schema.modules:
        for t in module.types:
            for i, instance in enumerate(t.examples):
                out.append(Example(t.key, module.name, names[t.key], instance, True, i))
    counters: dict[str, int] = {}
    for key, instance in schema.invalid_examples:
        i = counters[key] = counters.get(key, -1) + 1
        out.append(Example(key, types[key].module, names[key], instance, False, i))
    return out


def registry(documents: list[Document], transform: Any = None) -> Any:
    """The referee's registry. With `transform` (structural), the published meta-schemas that no
    document shadows are added transformed too, so a ref into one of their inner pointers is read
    structurally as well."""
    from jsonschema_specifications import REGISTRY as PUBLISHED
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    from schemagen.frontend.dialect import as_2020_12, decide, dialect_of_uri, specification

    local = frozenset(d.content["$id"].removesuffix("#") for d in documents
                      if isinstance(d.content, dict) and isinstance(d.content.get("$id"), str))
    sources = [(doc.uri, doc.content, decide(doc)[0]) for doc in documents]
    if transform:
        for uri in sorted(u for u in PUBLISHED if u not in local):
            contents = PUBLISHED.contents(uri)
            if isinstance(contents, dict):
                sources.append((uri, contents, dialect_of_uri(contents.get("$schema")) or "2020-12"))
    resources = []
    for uri, contents, dialect in sources:  # the referee validates every draft as 2020-12, resolving $id its own way
        contents = _legacy_patterns(_slash_as_root(as_2020_12(contents, dialect)))
        contents = transform(copy.deepcopy(contents), local) if transform else contents
        contents = {k: v for k, v in contents.items() if k != "$schema"} if isinstance(contents, dict) else contents
        resources.append((uri, Resource.from_contents(contents, default_specification=specification(dialect))))
    return Registry().with_resources(resources).crawl()


def _legacy_patterns(node: Any) -> Any:
    """A `pattern` valid only without the u flag (`[^\\:]`) read as schemagen reads it
    (`pattern-legacy`: without the needless escapes); jsonschema's ECMA-262 engine runs with u."""
    from schemagen.frontend.patterns import legacy_reading

    if isinstance(node, list):
        return [_legacy_patterns(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _legacy_patterns(v) if k not in ("enum", "const", "examples", "default") else v for k, v in node.items()}
    if isinstance(out.get("pattern"), str):
        out["pattern"] = legacy_reading(out["pattern"]) or out["pattern"]
    return out


def _slash_as_root(node: Any) -> Any:
    """`x.json#/` read as schemagen reads it where the document has no member "" (`ref-root-slash`):
    the whole document. jsonschema follows RFC 6901 and finds no such member."""
    if isinstance(node, list):
        return [_slash_as_root(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _slash_as_root(v) for k, v in node.items()}
    if isinstance(out.get("$ref"), str) and out["$ref"].endswith("#/"):
        out["$ref"] = out["$ref"][:-1]
    return out


@functools.cache
def referee_class() -> Any:
    """jsonschema's draft 2020-12 with JSON Schema's ECMA-262 patterns (Python's `re` cannot read
    `\\p{Letter}`), taken from the runtime helpers every generated package carries (their code is
    schemagen.runtime's, copied into each `_schemagen.py`), so the referee and the runtime checks
    read patterns alike. The suite's Unicode pattern groups check that reading against the spec
    (tests/conformance)."""
    from schemagen.runtime.checks import _validator_class

    return _validator_class()


def jsonschema_accepts(reg: Any, key: str, instance: Any, formats: bool = True) -> bool:
    referee = referee_class()
    schema: Any = {"$ref": key}
    if key.endswith("#"):  # a file root with its own `$id`: its relative refs resolve against that id
        root = reg.resolver().lookup(key).contents
        if isinstance(root, dict) and isinstance(root.get("$id"), str):
            schema = root
    validator = referee(schema, registry=reg, format_checker=referee.FORMAT_CHECKER if formats else None)
    return validator.is_valid(instance)


def structural(node: Any, shadowed: frozenset[str] = frozenset()) -> Any:
    """The schema with every keyword TypeScript cannot check removed (and integer → number).
    `shadowed`: meta-schema URLs a document of the case declares as its own `$id` (a ref to one
    is a ref to that document)."""
    if isinstance(node, list):
        return [structural(n, shadowed) for n in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and is_meta_schema(ref) and ref.removesuffix("#") not in shadowed:
        return {"type": ["object", "boolean"]}  # TS has the shape of a schema; the meta-schema is checked at runtime
    out: dict[str, Any] = {}
    if isinstance(node.get("patternProperties"), dict) and node["patternProperties"]:
        # TypeScript cannot match keys by pattern: any other key is let through (an unknown index signature)
        node = {k: v for k, v in node.items() if k not in ("patternProperties", "additionalProperties")}
    exact_tuple = "prefixItems" in node and node.get("items") is False  # a TS tuple type: length counts
    for key, value in node.items():
        if key in NON_STRUCTURAL and not (exact_tuple and key in ("minItems", "maxItems")):
            continue
        if key in _DATA or key.startswith("x-"):
            out[key] = value
        elif key == "oneOf" and isinstance(value, list) and "anyOf" not in node:
            out["anyOf"] = [structural(m, shadowed) for m in value]  # a TS union has no exclusivity
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: structural(v, shadowed) for k, v in value.items()}
        elif key == "type":
            out[key] = ["number" if t == "integer" else t for t in value] if isinstance(value, list) else (
                "number" if value == "integer" else value)
        else:
            out[key] = structural(value, shadowed)
    return out


def has_extras(value: Any, indexed: frozenset[str] = frozenset()) -> bool:
    """Whether a parsed value kept keys its schema does not declare (open objects), in a model
    whose class name is not in `indexed` (those with an index signature in TypeScript)."""
    if isinstance(value, BaseModel):
        if value.model_extra and type(value).__name__ not in indexed:
            return True
        return any(has_extras(v, indexed) for v in value.__dict__.values())
    if isinstance(value, (list, tuple)):
        return any(has_extras(v, indexed) for v in value)
    if isinstance(value, dict):
        return any(has_extras(v, indexed) for v in value.values())
    return False
