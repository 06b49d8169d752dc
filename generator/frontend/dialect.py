"""Which JSON Schema draft a document is written in, and the one rule for a document that says none.

`$schema` names the dialect; every common spelling is read (http or https, with or without the
trailing `#`, with or without `www.`). A document without `$schema` is read in `default_dialect`
(config). Its default, `auto`, reads it as 2020-12 unless it uses keywords that only older drafts
give a meaning to (array-form `items`, `additionalItems`, `dependencies`, a plain-name `$id` such
as `"#address"`): then it is read as draft-07, with a located `dialect-guessed` warning naming the
keyword that decided.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from schemagen.diagnostics import Diagnostic, warning
from schemagen.frontend.load import Document

from schemagen.config import DEFAULT_DIALECTS as DEFAULT_DIALECTS, DIALECTS as DIALECTS  # config owns the names
LATEST = "2020-12"
# Dialects where keywords beside `$ref` are ignored (the reference replaces the whole schema).
REF_OVERRIDES = frozenset({"draft-04", "draft-06", "draft-07"})
# Dialects where `items` may be an array (a tuple) and `additionalItems` follows it.
ARRAY_ITEMS = frozenset({"draft-04", "draft-06", "draft-07", "2019-09"})

_URI = re.compile(r"^https?://(?:www\.)?json-schema\.org/(?:(draft-0[467])|draft/(2019-09|2020-12))/schema/?#?$")


def dialect_of_uri(uri: Any) -> str | None:
    """The dialect a `$schema` value names, or None when it names none schemagen knows."""
    if not isinstance(uri, str):
        return None
    match = _URI.match(uri.strip())
    return (match.group(1) or match.group(2)) if match else None


def specification(dialect: str) -> Any:
    """The `referencing` specification of a dialect ($id, anchors and sibling rules for `$ref`)."""
    from referencing import jsonschema as spec

    return {"draft-04": spec.DRAFT4, "draft-06": spec.DRAFT6, "draft-07": spec.DRAFT7,
            "2019-09": spec.DRAFT201909}.get(dialect, spec.DRAFT202012)


def validator_class(dialect: str) -> Any:
    """The `jsonschema` validator class of a dialect (its meta-schema and keyword meanings)."""
    import jsonschema

    return {"draft-04": jsonschema.Draft4Validator, "draft-06": jsonschema.Draft6Validator,
            "draft-07": jsonschema.Draft7Validator, "2019-09": jsonschema.Draft201909Validator}.get(
        dialect, jsonschema.Draft202012Validator)


def older_draft_keyword(content: Any) -> str | None:
    """The JSON pointer of the first keyword (in document order) that only a draft before 2020-12
    gives a meaning to, or None."""
    found: list[str] = []

    def walk(node: Any, pointer: str) -> None:
        if found or not isinstance(node, dict):
            return
        for key, value in node.items():
            child = f"{pointer}/{_escape(key)}"
            if key in ("additionalItems", "dependencies") or key == "items" and isinstance(value, list) \
                    or key == "$id" and isinstance(value, str) and value.startswith("#") and len(value) > 1:
                found.append(child)
                return
            if key in ("enum", "const", "default", "examples") or key not in _known_keywords():
                continue  # data: an unknown keyword's value too (schema_walk.py)
            if key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas") \
                    and isinstance(value, dict):
                for name, sub in value.items():
                    walk(sub, f"{child}/{_escape(name)}")
            elif isinstance(value, list):
                for i, sub in enumerate(value):
                    walk(sub, f"{child}/{i}")
            else:
                walk(value, child)

    walk(content, "")
    return found[0] if found else None


def _known_keywords() -> frozenset[str]:
    from schemagen.frontend.keywords import KNOWN_KEYWORDS

    return KNOWN_KEYWORDS


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def decide(doc: Document, default_dialect: str = "auto") -> tuple[str, Diagnostic | None]:
    """The document's dialect, and the warning that explains a guess (or an unknown `$schema`)."""
    content = doc.content
    declared = content.get("$schema") if isinstance(content, dict) else None
    if declared is not None:
        dialect = dialect_of_uri(declared)
        if dialect is not None:
            return dialect, None
    fallback = LATEST if default_dialect == "auto" else default_dialect
    older = older_draft_keyword(content) if default_dialect == "auto" else None
    if older is not None:
        fallback = "draft-07"
    if declared is not None:
        return fallback, warning(
            "dialect-unknown", f"$schema {declared!r} names no JSON Schema draft schemagen knows; read as {fallback}",
            doc.location("/$schema"),
            "spell it as a published meta-schema URI (e.g. https://json-schema.org/draft/2020-12/schema)",
            target="pydantic, typeddict, typescript")
    if older is not None:
        keyword = older.rsplit("/", 1)[-1]
        return fallback, warning(
            "dialect-guessed", f"no $schema, and {keyword!r} means something only before draft 2020-12: "
            "the file is read as draft-07", doc.location(older),
            "add \"$schema\": \"http://json-schema.org/draft-07/schema#\" (or set [tool.schemagen] default_dialect)",
            target="pydantic, typeddict, typescript")
    return fallback, None


def with_dialects(documents: list[Document], default_dialect: str = "auto") -> tuple[list[Document], list[Diagnostic]]:
    """Each document with its dialect decided, and the warnings the decisions gave."""
    out: list[Document] = []
    diags: list[Diagnostic] = []
    for doc in documents:
        dialect, diag = decide(doc, default_dialect)
        out.append(doc if doc.dialect == dialect else replace(doc, dialect=dialect))
        if diag is not None:
            diags.append(diag)
    return out, diags


def to_2020_12(node: dict[str, Any], dialect: str) -> dict[str, Any]:
    """One schema object of an older draft spelled in draft 2020-12 (changed in place and returned),
    the dialect the runtime checks validate with: array-form `items` → `prefixItems` (and
    `additionalItems` → `items`), `dependencies` → `dependentRequired` / `dependentSchemas`,
    draft-04's boolean exclusive bounds → numeric ones. Subschemas are the caller's to translate."""
    if dialect in ARRAY_ITEMS:
        if isinstance(node.get("items"), list):
            node["prefixItems"] = node.pop("items")
            if "additionalItems" in node:
                node["items"] = node.pop("additionalItems")
        node.pop("additionalItems", None)  # without array-form items it has no effect
    if isinstance(node.get("dependencies"), dict):
        for name, value in node.pop("dependencies").items():
            key = "dependentRequired" if isinstance(value, list) else "dependentSchemas"
            node.setdefault(key, {})[name] = value
    if isinstance(node.get("$recursiveRef"), str) and "$ref" not in node:
        node["$ref"] = node.pop("$recursiveRef")  # the dynamic extension is not modelled (lower.py `_recursive_ref`)
    for bound, limit in (("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")):
        if isinstance(node.get(bound), bool):
            if node.pop(bound) and limit in node:
                node[bound] = node.pop(limit)
    return node


_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")
_VALUES = ("enum", "const", "default", "examples")


def as_2020_12(content: Any, dialect: str) -> Any:
    """A whole document of an older draft rewritten as draft 2020-12 (a new value): every schema
    object through `to_2020_12`, keywords beside `$ref` dropped where that draft ignores them, and
    `$schema` set to 2020-12. Identifiers (`$id`, `definitions`) are kept: resolve references in it
    with the original dialect's `specification`, validate with 2020-12 (test referees)."""
    if dialect == LATEST:
        return content

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and dialect in REF_OVERRIDES:
            node = {k: v for k, v in node.items() if k in ("$ref", "$defs", "definitions", "$comment")}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _VALUES:
                out[key] = value
            elif key in _MAPS and isinstance(value, dict):
                out[key] = {k: walk(v) for k, v in value.items()}
            else:
                out[key] = walk(value)
        return to_2020_12(out, dialect)

    result = walk(content)
    if isinstance(result, dict) and "$schema" in result:
        result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return result
