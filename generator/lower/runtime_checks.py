"""What no type can express, kept faithful anyway: the JSON Schema fragments the Python targets
check at runtime (`_sg.SchemaCheck`), `$ref`s to meta-schemas, and the warning for each keyword a
target does not check."""

from __future__ import annotations

import json
from dataclasses import replace
from collections.abc import Sequence
from typing import Any

from schemagen import ir
from schemagen.diagnostics import warning
from schemagen.lower.fragments import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE, self_contained
from schemagen.frontend.keywords import ANNOTATIONS, RUNTIME_CHECKED, UNSUPPORTED, WHOLE_SCHEMA
from schemagen.frontend.load import Document, escape_pointer_token
from schemagen.lower.state import TARGETS, LowerState


def warn_unsupported(state: LowerState, doc: Document) -> None:
    """One unsupported-keyword warning per use of a keyword no type can express, wherever it
    stands in the schema (also where lowering never looks: inside `not`, `if`, beside `$ref`),
    naming the targets that do not check it."""

    def walk(node: Any, pointer: str) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in UNSUPPORTED:
                checked = state.enforced.get((doc.uri, child), set())
                missing = [t for t in TARGETS if t not in checked]
                if missing:
                    note = f"; checked at runtime by the {' and '.join(sorted(checked))} output (jsonschema)" if checked else ""
                    state.diags.append(warning(
                        "unsupported-keyword", f"'{key}' is not enforced: {UNSUPPORTED[key]}{note}",
                        doc.location(child), "validate it in code, or express the rule with supported keywords",
                        target=", ".join(missing)))
            if key in SCHEMA_MAPS + ("$defs", "definitions") and isinstance(value, dict):
                for name, sub in value.items():
                    walk(sub, f"{child}/{escape_pointer_token(name)}")
            elif (key in SCHEMA_LISTS or key == "items") and isinstance(value, list):
                for i, sub in enumerate(value):
                    walk(sub, f"{child}/{i}")
            elif key in SCHEMA_ONE + ("additionalItems", "contentSchema"):
                walk(value, child)
            elif key == "dependencies" and isinstance(value, dict):
                for name, sub in value.items():
                    walk(sub, f"{child}/{escape_pointer_token(name)}")

    walk(doc.content, "")


def meta_schema_expr(state: LowerState, uri: str, doc: Document, pointer: str) -> ir.TypeExpr:
    """A `$ref` to a JSON Schema meta-schema: the value is a schema (an object or a boolean). The
    Python targets validate it against that meta-schema at runtime; TypeScript has the shape only."""
    state.diags.append(warning(
        "meta-schema-ref", f"$ref to the meta-schema {uri}: TypeScript types the value as an object or a boolean; "
        "the Python targets validate it against the meta-schema at runtime (jsonschema)",
        doc.location(pointer + "/$ref"), target="typescript"))
    shape = ir.UnionOf((ir.MapOf(ir.AnyValue()), ir.Primitive("boolean")))
    return ir.Checked(shape, (json.dumps({"$ref": uri}),))


def with_checks(state: LowerState, expr: ir.TypeExpr, node: dict[str, Any], doc: Document, pointer: str,
                 base: str) -> ir.TypeExpr:
    return add_check(expr, runtime_fragment(state, node, doc, pointer, base, ("pydantic", "typeddict")))


def add_check(expr: ir.TypeExpr, fragment: str | None) -> ir.TypeExpr:
    """The expression with one more runtime check (none when `fragment` is None)."""
    if fragment is None:
        return expr
    if isinstance(expr, ir.Checked):
        return replace(expr, fragments=expr.fragments + (fragment,))
    return ir.Checked(expr, (fragment,))


def runtime_fragment(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str,
                      targets: tuple[str, ...], keys: Sequence[str] | None = None) -> str | None:
    """The JSON text of a self-contained schema that checks the node's keywords no type can
    express (RUNTIME_CHECKED, or exactly `keys`), or None when there are none or a `$ref` in them
    cannot be inlined. Records each unsupported keyword it covers as enforced for `targets`."""
    base = state.index.base_of(node, base)
    own_fields = keys is None  # the node's properties are fields of the type: they check the values
    if keys is None:
        found = [k for k in node if k in RUNTIME_CHECKED]
        if not found:
            return None
        if set(found) & WHOLE_SCHEMA:
            found = [k for k in node if k not in ANNOTATIONS and not k.startswith("x-")]
        elif "patternProperties" in node:  # additionalProperties must see the patterns and the names
            found += [k for k in ("additionalProperties", "properties") if k in node]
        keys = found
    fragment = {k: node[k] for k in keys}
    if own_fields and isinstance(fragment.get("properties"), dict):  # only the names matter here
        fragment["properties"] = {name: True for name in fragment["properties"]}
    covered: list[tuple[str, str]] = [(doc.uri, f"{pointer}/{escape_pointer_token(k)}") for k in keys]
    contained = self_contained(state.index, fragment, doc, pointer, base, covered, state.check_defs)
    if contained is None:
        return None
    for position in covered:
        state.enforced.setdefault(position, set()).update(targets)
    return json.dumps(contained, ensure_ascii=False)
