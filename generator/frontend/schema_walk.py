"""One walk over the schema objects of a document, for the checks that look at keywords wherever
they stand (`pattern` values, `const`/`enum` numbers): what is a schema and what is data is decided
here once, so each check only says what it looks for in a schema object."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemagen.frontend.load import escape_pointer_token

# Keywords whose values are data, not schemas: a "pattern" or "enum" key inside them is a value.
DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default", "x-invalid-examples", "x-constants", "x-enum-names"})
# Keywords whose values map names (or regexes) to schemas: a child named "pattern" there is a name.
NAMED_KEYWORDS = frozenset({"properties", "$defs", "definitions", "dependentSchemas", "dependencies", "patternProperties"})


def schema_objects(content: Any, pointer: str = "") -> Iterator[tuple[dict[str, Any], str]]:
    """(object, JSON pointer) of every object in schema position, depth first, each before the
    schemas inside it. Unknown keywords' values are walked as schemas (so an extension holding
    subschemas is checked too); data keywords are not."""
    stack: list[tuple[Any, str]] = [(content, pointer)]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        yield node, pointer
        for key, value in node.items():
            if key in DATA_KEYWORDS:
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in NAMED_KEYWORDS and isinstance(value, dict):
                stack.extend((sub, f"{child}/{escape_pointer_token(name)}") for name, sub in value.items())
            else:
                stack.append((value, child))
