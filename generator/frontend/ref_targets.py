"""What a `$ref` lands on outside the places a document's dialect reads schemas from.

A `$ref` may point anywhere in a document, also into an unknown keyword (`x-stuff/A`, or
`$defs/plugins/generic`, definitions grouped under a name of the author's), which no check has
read as a schema (schema_walk.py says what is a schema position). Such a target is used as a
schema, so it is checked here, where it is reached:

* a value that is not an object or a boolean (a string, a number, a list, null) is no schema: a
  located `ref-not-schema` warning at the `$ref`, which is read as any value (validators differ:
  most fail on it, some skip it; nothing in the file says what it should check);
* an object gets the dialect's meta-schema check, whose findings are located `ref-not-schema`
  warnings (validators use such an object as written), and the extension and pattern checks,
  whose findings are errors as anywhere (they would break the generated code).
"""

from __future__ import annotations

from typing import Any

from schemagen.diagnostics import Diagnostic, Location, warning
from schemagen.frontend.load import Document, escape_pointer_token

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
    """What is wrong with an object used as a schema where no check has read it: what the dialect's
    meta-schema says is a located `ref-not-schema` warning (validators use such an object as it is,
    and authors group definitions under names of their own, `$defs/plugins/generic`, with
    annotations no meta-schema has checked); a pattern or an extension value that would break the
    generated code is an error, as anywhere."""
    from schemagen.frontend.dialect import validator_class
    from schemagen.frontend.patterns import pattern_problems_at
    from schemagen.frontend.validate import MAX_ERRORS_PER_FILE, extension_problems

    cls = validator_class(doc.dialect)
    errors = sorted(cls(cls.META_SCHEMA).iter_errors(node), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    diags = [_invalid_here(doc, pointer, e) for e in errors[:MAX_ERRORS_PER_FILE]]
    return diags + extension_problems(doc, node, pointer) + pattern_problems_at(doc, node, pointer)


def _invalid_here(doc: Document, pointer: str, err: Any) -> Diagnostic:
    where = pointer + "".join(f"/{escape_pointer_token(str(p))}" for p in err.absolute_path)
    message = err.message if len(err.message) <= 300 else err.message[:300] + "…"
    return warning(
        "ref-not-schema",
        f"a $ref uses this as (part of) a schema, outside the places JSON Schema checks, and it is not valid "
        f"{doc.dialect}: {message}; it is used as written", doc.location(where),
        f"fix the value (see the JSON Schema {doc.dialect} keyword reference), or point the $ref at a schema",
        target=ALL_TARGETS)
