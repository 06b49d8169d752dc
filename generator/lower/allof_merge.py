"""An `allOf` that is not an object (`allOf: [{type: string}, {maxLength: 3}]`,
`allOf: [{anyOf: [...]}, {anyOf: [...]}]`): its members' keywords merged into one schema, and what
cannot be merged checked at runtime.

Lowering reads the merged schema at one JSON pointer, and names the types inside it (an object
alternative of an `anyOf`, an array's items) by where they stand. So every keyword that holds
subschemas must come from the place that pointer names: the schema itself or one member, its
"home". A second member with such keywords is not merged (merging would overwrite a keyword, and
the types inside would be named by pointers where nothing stands): the Python targets check it
whole at runtime, and TypeScript intersects the home's type with the member's own, lowered where
it stands (`(A | B) & (C | D)`).
"""

from __future__ import annotations

from typing import Any

from schemagen.diagnostics import warning
from schemagen.frontend.keywords import ANNOTATIONS, RUNTIME_CHECKED
from schemagen.frontend.load import Document
from schemagen.lower.runtime_checks import runtime_fragment
from schemagen.lower.state import ALL_TARGETS, LowerState

_ITEMS = {"items", "prefixItems", "additionalItems"}
# keywords whose value holds subschemas that lowering reads (and may name) by pointer
_SUBSCHEMAS = frozenset({"anyOf", "oneOf", "allOf", "items", "prefixItems", "additionalItems", "properties",
                         "additionalProperties", "$ref", "$dynamicRef", "$recursiveRef"})
_PY = ("pydantic", "typeddict")


def merge_parts(state: LowerState, node: dict[str, Any], doc: Document, pointer: str,
                base: str) -> tuple[dict[str, Any], str, list[str], list[str]]:
    """(the merged schema, the pointer to read it at, runtime checks of what was not merged, the
    pointers of the members not merged that hold subschemas: TypeScript intersects their types)."""
    merged = {k: v for k, v in node.items() if k != "allOf" and k not in RUNTIME_CHECKED}
    home: str | None = pointer if _SUBSCHEMAS & set(merged) else None
    fragments: list[str] = []
    intersect: list[str] = []
    for i, part in enumerate(node["allOf"]):
        if not isinstance(part, dict):
            continue
        part_pointer = f"{pointer}/allOf/{i}"
        keys = {k for k in part if k not in RUNTIME_CHECKED and k not in ANNOTATIONS}
        nested = bool(keys & _SUBSCHEMAS) and home is not None
        clash = keys & set(merged) or (keys & _ITEMS and _ITEMS & set(merged)) or nested
        if clash:  # merging would overwrite a keyword, change what `items` applies to, or move subschemas
            fragment = runtime_fragment(state, part, doc, part_pointer, base, _PY, [k for k in part if k not in ANNOTATIONS])
            if fragment is not None:
                fragments.append(fragment)
                if nested:
                    intersect.append(part_pointer)
                continue
            if nested:
                state.diags.append(warning(
                    "allof-partial", "allOf member holds subschemas beside another member's and a $ref that cannot "
                    "be checked at runtime; it is not applied", doc.location(part_pointer),
                    "merge the members into one schema", target=ALL_TARGETS))
                continue
        merged.update((k, v) for k, v in part.items() if k not in RUNTIME_CHECKED)
        if keys & _SUBSCHEMAS:
            home = part_pointer
        fragment = runtime_fragment(state, part, doc, part_pointer, base, _PY)
        if fragment is not None:
            fragments.append(fragment)
    return merged, home if home is not None else pointer, fragments, intersect
