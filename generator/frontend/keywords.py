"""What each JSON Schema keyword means to schemagen: constraints it maps, keywords it cannot express.

One table, so the docs, the warnings and the conformance report all say the same thing.
"""

from __future__ import annotations

from typing import Any

from schemagen.ir import Constraints

# Keywords that no target can express; each use is a warning with a location, never a silent drop.
UNSUPPORTED: dict[str, str] = {
    "not": "negation cannot be expressed as a type",
    "if": "conditional schemas cannot be expressed as a type",
    "then": "conditional schemas cannot be expressed as a type",
    "else": "conditional schemas cannot be expressed as a type",
    "dependentSchemas": "dependent schemas cannot be expressed as a type",
    "dependentRequired": "dependent requirements cannot be expressed as a type",
    "dependencies": "dependencies cannot be expressed as a type",
    "patternProperties": "properties matched by pattern cannot be expressed as a type",
    "propertyNames": "constraints on property names cannot be expressed as a type",
    "unevaluatedItems": "unevaluatedItems cannot be expressed as a type",
    "unevaluatedProperties": "unevaluatedProperties cannot be expressed as a type",
    "contains": "contains cannot be expressed as a type",
    "minContains": "minContains cannot be expressed as a type",
    "maxContains": "maxContains cannot be expressed as a type",
    "$dynamicRef": "dynamic references are not supported",
}

# Keywords of UNSUPPORTED that the Python targets still enforce: the keyword's JSON Schema fragment
# (its `$ref`s inlined) is checked on the raw input at runtime with `jsonschema` (`_sg.SchemaCheck`).
# The unsupported-keyword warning then names only the targets that cannot check it.
RUNTIME_CHECKED = frozenset({
    "not", "if", "then", "else", "contains", "minContains", "maxContains", "patternProperties", "propertyNames",
    "dependentRequired", "dependentSchemas", "unevaluatedItems", "unevaluatedProperties", "dependencies",
})
# Keywords whose meaning depends on every sibling (what the others evaluated): checked as the whole schema.
WHOLE_SCHEMA = frozenset({"unevaluatedItems", "unevaluatedProperties"})

# Annotation keywords: carried as documentation or ignored by design, never warned about.
ANNOTATIONS = frozenset(
    {
        "$schema", "$id", "$comment", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary", "$defs", "definitions",
        "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "contentEncoding", "contentMediaType", "contentSchema", "format", "discriminator",
    }
)

STRING_KEYWORDS = ("minLength", "maxLength", "pattern")
NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
ARRAY_KEYWORDS = ("items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems")
OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "minProperties", "maxProperties")
JSON_TYPES = ("null", "boolean", "object", "array", "number", "string")

# Formats that map to a richer type in Python; every other format is an annotation (plain string).
PYTHON_FORMATS = ("date-time", "date", "time", "uuid", "email", "uri")

_CAMEL_TO_FIELD = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "multipleOf": "multiple_of",
    "minItems": "min_items",
    "maxItems": "max_items",
    "uniqueItems": "unique_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}


def constraints_of(node: dict[str, Any], keywords: tuple[str, ...]) -> Constraints:
    """The constraints among `keywords` that the node sets, with any `x-constants` names."""
    values: dict[str, Any] = {}
    for bound, limit in (("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")):
        if node.get(bound) is True and limit in keywords and isinstance(node.get(limit), (int, float)):
            node = {**node, bound: node[limit]}  # draft-04: a boolean makes the bound beside it exclusive
            del node[limit]
    for keyword in keywords:
        if keyword in node and keyword in _CAMEL_TO_FIELD:
            value = node[keyword]
            if isinstance(value, bool) and keyword != "uniqueItems":
                continue
            if isinstance(value, float) and value.is_integer() and keyword in (
                "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
                value = int(value)
            values[_CAMEL_TO_FIELD[keyword]] = value
    named = node.get("x-constants")
    names: tuple[tuple[str, str], ...] = ()
    if isinstance(named, dict):
        names = tuple(
            sorted((_CAMEL_TO_FIELD[k], v) for k, v in named.items() if k in _CAMEL_TO_FIELD and k in keywords and k in node)
        )
    return Constraints(**values, names=names)


def has_any(node: dict[str, Any], keywords: tuple[str, ...]) -> bool:
    return any(k in node for k in keywords)


# Every keyword of the dialects schemagen reads (validate.py, schema_walk.py and dialect.py read it):
# anything else in a schema object is an unknown keyword, whose value is data.
KNOWN_KEYWORDS = frozenset(
    """$schema $id $ref $anchor $dynamicRef $dynamicAnchor $vocabulary $comment $defs definitions
    $recursiveRef $recursiveAnchor allOf anyOf oneOf not if then else dependentSchemas dependencies
    prefixItems items additionalItems contains properties patternProperties additionalProperties
    propertyNames unevaluatedItems unevaluatedProperties type enum const multipleOf maximum
    exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems
    maxContains minContains maxProperties minProperties required dependentRequired title description
    default deprecated readOnly writeOnly examples format contentEncoding contentMediaType
    contentSchema discriminator""".split()
)
