"""What a `$ref` lands on outside the places a document's dialect reads schemas from.

A `$ref` may point anywhere in a document, also into an unknown keyword (`x-stuff/A`) or a
member of `$defs` in draft-07, which no meta-schema check has seen (schema_walk.py says what is a
schema position). Such a target is used as a schema, so it is checked here, where it is reached:

* a value that is not an object or a boolean (a string, a number, a list, null) is no schema: a
  located `ref-not-schema` warning at the `$ref`, which is read as any value (validators differ:
  most fail on it, some skip it; nothing in the file says what it should check);
* an object gets the dialect's meta-schema, extension and pattern checks, each
  error at the target's own position, as if it stood in a schema position.
"""

from __future__ import annotations

from typing import Any

from schemagen.diagnostics import Diagnostic, Location, warning
from schemagen.frontend.load import Document

ALL_TARGETS = "pydantic, typeddict, typescript"


def not_a_schema(ref: str, value: Any, doc: Document, pointer: str, at: Location) -> Diagnostic:
    kind = {str: "a string", int: "a number", float: "a number", list: "a list", type(None): "null"}.get(
        type(value), type(value).__name__)
    landed = doc.location(pointer)
    return warning(
        "ref-not-schema",
        f"$ref {ref!r} lands on {kind} at {landed.file}:{landed.line}:{landed.col} ({pointer or '/'}), not on a "
        "schema: it is read as any value", at,
        "point the $ref at an object or a boolean (e.g. a member of $defs that is a schema)", target=ALL_TARGETS)


def schema_positions(doc: Document) -> frozenset[str]:
    """The JSON pointers of the document's objects in schema position."""
    from schemagen.frontend.schema_walk import schema_objects

    return frozenset(pointer for _, pointer in schema_objects(doc.content))


def target_problems(doc: Document, pointer: str, node: dict[str, Any]) -> list[Diagnostic]:
    """The meta-schema, extension and pattern problems of an object used as a schema where no check
    has read it."""
    from schemagen.frontend.dialect import validator_class
    from schemagen.frontend.patterns import pattern_problems_at
    from schemagen.frontend.validate import MAX_ERRORS_PER_FILE, extension_problems, to_diagnostic

    cls = validator_class(doc.dialect)
    errors = sorted(cls(cls.META_SCHEMA).iter_errors(node), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    diags = [to_diagnostic(doc, e, "meta-schema", pointer) for e in errors[:MAX_ERRORS_PER_FILE]]
    diags += extension_problems(doc, node, pointer)
    return diags if diags else pattern_problems_at(doc, node, pointer)
