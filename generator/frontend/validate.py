"""Stage 2, validate: documents → diagnostics.

The meta-schema check is the `jsonschema` library's (draft chosen by `$schema`, 2020-12 when
absent); each error is reported at the line of the offending value. schemagen's own extension
keywords (`x-…`) are checked against a small meta-schema of their own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from schemagen.diagnostics import Diagnostic, error
from schemagen.frontend.dialect import validator_class
from schemagen.frontend.keywords import KNOWN_KEYWORDS
from schemagen.frontend.load import Document, escape_pointer_token

MAX_ERRORS_PER_FILE = 20

FACTORIES = ("uuid4", "uuid4_hex", "now", "now_ns", "now_ms", "empty_list", "empty_dict")

# The extension keywords schemagen reads; validated wherever they appear in a schema.
EXTENSIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "x-python-type": {"type": "string", "minLength": 1},
        "x-python-import": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        },
        "x-typescript-type": {"type": "string", "minLength": 1},
        "x-typescript-import": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        },
        "x-default-factory": {"enum": list(FACTORIES)},
        "x-enum-names": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "x-python-enum": {"type": "boolean"},
        "x-constants": {
            "type": "object",
            "additionalProperties": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
        },
        "x-invalid-examples": {"type": "array"},
        "x-lint-ignore": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"}},
    },
}


def validate_documents(documents: list[Document]) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for doc in documents:
        diags.extend(validate_document(doc))
    return diags


def validate_document(doc: Document) -> list[Diagnostic]:
    content = doc.content
    if not isinstance(content, (dict, bool)):
        return [
            error(
                "not-a-schema",
                f"a schema file must hold a mapping, found {type(content).__name__}",
                doc.location(""),
                "start the file with keys such as `$defs:` or `type: object`",
            )
        ]
    cls = validator_class(doc.dialect)
    diags: list[Diagnostic] = []
    if not _valid_fast(cls, content):
        validator = cls(cls.META_SCHEMA)
        errors = sorted(validator.iter_errors(content), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        diags = [_to_diagnostic(doc, e, "meta-schema") for e in errors[:MAX_ERRORS_PER_FILE]]
    diags.extend(_check_lenient_defs(doc, cls))
    diags.extend(_check_extensions(doc))
    diags.extend(_check_keywords(doc))
    return diags


_COMPILED: dict[Any, Any] = {}


def _valid_fast(cls: Any, content: Any) -> bool:
    """True when the compiled meta-schema validator (jsonschema-rs) accepts the document: then
    `jsonschema` would report nothing either, and its pure-Python walk (12% of a cold run at 1,000
    definitions, mostly `$dynamicRef` resolution) is skipped. Anything else, including a draft the
    compiled validator is not trusted with or a value it cannot read, goes the exact way, so every
    message and location is `jsonschema`'s own. tests/test_validate_fast.py holds the two to the
    same verdict."""
    rs_cls = _rs_classes().get(cls.META_SCHEMA.get("$schema", ""))
    if rs_cls is None:
        return False
    try:
        compiled = _COMPILED.get(cls)
        if compiled is None:
            compiled = _COMPILED[cls] = rs_cls(cls.META_SCHEMA, validate_formats=False)
        return bool(compiled.is_valid(content))
    except Exception:  # a value the compiled validator cannot take (e.g. an integer past 64 bits)
        return False


@lru_cache(maxsize=1)
def _rs_classes() -> dict[str, Any]:
    """meta-schema URI → jsonschema-rs validator class, for the drafts both libraries read the
    same way (draft 4's integer rules differ, so it always takes the exact path)."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a pinned dependency; the exact path still works
        return {}
    return {
        "https://json-schema.org/draft/2020-12/schema": jsonschema_rs.Draft202012Validator,
        "https://json-schema.org/draft/2019-09/schema": jsonschema_rs.Draft201909Validator,
        "http://json-schema.org/draft-07/schema#": jsonschema_rs.Draft7Validator,
    }


def _check_lenient_defs(doc: Document, cls: Any) -> list[Diagnostic]:
    """`$defs` before 2019-09 is no keyword, so the meta-schema leaves its members alone; those
    schemagen reads as schemas (objects, booleans: schema_walk.py) are checked here as the ones of
    `definitions` are, each error at its place in the file."""
    from schemagen.frontend.schema_walk import NO_DEFS_KEYWORD, is_schema_value

    members = doc.content.get("$defs") if isinstance(doc.content, dict) else None
    if doc.dialect not in NO_DEFS_KEYWORD or not isinstance(members, dict):
        return []
    diags: list[Diagnostic] = []
    for name, member in members.items():
        if not is_schema_value(member) or _valid_fast(cls, member):
            continue
        prefix = f"/$defs/{escape_pointer_token(name)}"
        errors = sorted(cls(cls.META_SCHEMA).iter_errors(member), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        diags.extend(_to_diagnostic(doc, e, "meta-schema", prefix) for e in errors[:MAX_ERRORS_PER_FILE])
    return diags[:MAX_ERRORS_PER_FILE]


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(str(p))}" for p in path)


def _to_diagnostic(doc: Document, err: Any, code: str, prefix: str = "") -> Diagnostic:
    pointer = prefix + _pointer(err.absolute_path)
    message = err.message
    if len(message) > 300:
        message = message[:300] + "…"
    return error(
        code,
        f"not a valid JSON Schema: {message}",
        doc.location(pointer),
        f"see the JSON Schema {doc.dialect} keyword reference for the value this keyword takes",
    )


def _check_extensions(doc: Document) -> list[Diagnostic]:
    return extension_problems(doc, doc.content, "")


def extension_problems(doc: Document, content: Any, pointer: str) -> list[Diagnostic]:
    """The schemagen extension keywords of every schema object in content (at pointer of doc);
    the values of unknown keywords are data (schema_walk.py), so an `x-…` key inside them is too."""
    from jsonschema import Draft202012Validator

    from schemagen.frontend.schema_walk import schema_objects

    validator = Draft202012Validator(EXTENSIONS_SCHEMA)
    diags: list[Diagnostic] = []
    for node, where in schema_objects(content, pointer):
        if any(isinstance(k, str) and k.startswith("x-") for k in node):
            for err in validator.iter_errors(node):
                diags.append(
                    error(
                        "extension",
                        f"invalid schemagen extension: {err.message}",
                        doc.location(where + _pointer(err.absolute_path)),
                        "see 'Schema extensions' in docs/schemas.md",
                    )
                )
    return diags


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_ONE = ("additionalProperties", "unevaluatedProperties", "contains", "propertyNames", "if", "then",
               "else", "not", "unevaluatedItems", "additionalItems", "contentSchema", "items")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
_HINTS = {
    "nullable": "`nullable` is OpenAPI 3.0; in JSON Schema write `type: [T, \"null\"]`",
    "example": "did you mean `examples` (a list)?",
    "optional": "JSON Schema marks required properties with `required: [...]` on the object",
}


def _check_keywords(doc: Document) -> list[Diagnostic]:
    """Unknown keywords are ignored by JSON Schema, so a typo silently does nothing: say so.
    A key with a null value is usually a YAML flow mapping split by an unquoted comma."""
    from schemagen.diagnostics import warning

    diags: list[Diagnostic] = []

    def walk(node: Any, pointer: str) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key not in KNOWN_KEYWORDS and not key.startswith("x-"):
                hint = _HINTS.get(key, "")
                if value is None and not hint:
                    hint = "an unquoted comma in a YAML flow mapping splits the value into keys: quote the text"
                diags.append(warning("unknown-keyword", f"unknown keyword {key!r} is ignored", doc.location(child),
                                     hint or "check the spelling; schemagen extensions start with `x-`"))
                continue
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                for name, sub in value.items():
                    walk(sub, f"{child}/{escape_pointer_token(name)}")
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                for index, sub in enumerate(value):
                    walk(sub, f"{child}/{index}")
            elif key in _SCHEMA_ONE:
                walk(value, child)
            elif key == "dependencies" and isinstance(value, dict):
                for name, sub in value.items():
                    walk(sub, f"{child}/{escape_pointer_token(name)}")

    walk(doc.content, "")
    return diags
