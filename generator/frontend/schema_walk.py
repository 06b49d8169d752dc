"""One walk over the schema objects of a document, for the checks that look at keywords wherever
they stand (`pattern` values, `const`/`enum` numbers): what is a schema and what is data is decided
here once, so each check only says what it looks for in a schema object.

A keyword the dialect does not define is a container of data, not of schemas (JSON Schema ignores
unknown keywords, and validators never read inside them): `x-stuff: {pattern: "(("}` is a value.
`$defs` before draft 2019-09 is such a keyword, but it is what authors write for `definitions`
(and what every generator reads): its members that are objects or booleans are read as schemas
(named types, checked like any), the others (`"description": "…"`) are data. What a `$ref` lands
on outside these schema positions is checked where it is reached (frontend/refs.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemagen.frontend.load import escape_pointer_token

# Keywords whose values are data, not schemas: a "pattern" or "enum" key inside them is a value.
DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default", "x-invalid-examples", "x-constants", "x-enum-names"})
# Keywords whose values map names (or regexes) to schemas: a child named "pattern" there is a name.
NAMED_KEYWORDS = frozenset({"properties", "$defs", "definitions", "dependentSchemas", "dependencies", "patternProperties"})
# Dialects that do not define `$defs`: there it is an unknown keyword, read leniently (see above).
NO_DEFS_KEYWORD = frozenset({"draft-04", "draft-06", "draft-07"})


def is_schema_value(value: Any) -> bool:
    """A value that can be a schema in some position: an object or a boolean."""
    return isinstance(value, (dict, bool))


def defs_containers(content: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(keyword, members) of the root's definition maps, `$defs` and `definitions`."""
    if isinstance(content, dict):
        for keyword in ("$defs", "definitions"):
            members = content.get(keyword)
            if isinstance(members, dict):
                yield keyword, members


def defined_schemas(content: Any) -> Iterator[tuple[str, str, Any]]:
    """(keyword, name, schema) of each member of the root's `$defs`/`definitions` that is a schema:
    in a map the dialect defines every member is (the meta-schema has checked it); in `$defs` of
    draft-04…07 only the objects and booleans are, the rest is data. Either way a member that is
    no object or boolean names no type."""
    for keyword, members in defs_containers(content):
        for name, member in members.items():
            if is_schema_value(member):
                yield keyword, name, member


def schema_objects(content: Any, pointer: str = "") -> Iterator[tuple[dict[str, Any], str]]:
    """(object, JSON pointer) of every object in schema position, depth first, each before the
    schemas inside it. Data keywords and unknown keywords (extensions included) hold data and are
    not walked."""
    from schemagen.frontend.keywords import KNOWN_KEYWORDS

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
            if key in DATA_KEYWORDS or key not in KNOWN_KEYWORDS:
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in NAMED_KEYWORDS and isinstance(value, dict):
                stack.extend((sub, f"{child}/{escape_pointer_token(name)}") for name, sub in value.items())
            else:
                stack.append((value, child))
