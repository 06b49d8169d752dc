"""Wire findings between two snapshots: every named type and every file root that describes a
value, present in both, compared in the directions the mode asks for."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from schemagen.frontend.load import node_at
from schemagen.review.findings import Finding
from schemagen.review.shape import Node, Shapes
from schemagen.review.snapshot import Snapshot
from schemagen.review.wire import Inclusion, Reason

# reason code → (rule id when the new schema must include the old: BACKWARD, when the old must include the new: FORWARD)
RULE_OF: dict[str, tuple[str, str]] = {
    "type": ("WIRE_TYPE_NARROWED", "WIRE_TYPE_WIDENED"),
    "enum_value": ("WIRE_ENUM_VALUE_REMOVED", "WIRE_ENUM_VALUE_ADDED"),
    "enum_added": ("WIRE_ENUM_ADDED", "WIRE_ENUM_REMOVED"),
    "constraint": ("WIRE_CONSTRAINT_TIGHTENED", "WIRE_CONSTRAINT_LOOSENED"),
    "format": ("WIRE_FORMAT_CHANGED", "WIRE_FORMAT_CHANGED"),
    "pattern": ("WIRE_PATTERN_CHANGED", "WIRE_PATTERN_CHANGED"),
    "required": ("WIRE_REQUIRED_ADDED", "WIRE_REQUIRED_REMOVED"),
    "prop_closed": ("WIRE_PROPERTY_REMOVED_CLOSED", "WIRE_PROPERTY_ADDED_CLOSED"),
    "prop_open": ("WIRE_PROPERTY_ADDED_OPEN", "WIRE_PROPERTY_REMOVED_OPEN"),
    "additional_closed": ("WIRE_ADDITIONAL_PROPERTIES_CLOSED", "WIRE_ADDITIONAL_PROPERTIES_OPENED"),
    "tuple_closed": ("WIRE_TUPLE_CLOSED", "WIRE_TUPLE_OPENED"),
    "variant": ("WIRE_UNION_VARIANT_REMOVED", "WIRE_UNION_VARIANT_ADDED"),
    "oneof_overlap": ("WIRE_ONEOF_OVERLAP", "WIRE_ONEOF_OVERLAP"),
    "not": ("WIRE_NOT_CHANGED", "WIRE_NOT_CHANGED"),
    "undecidable": ("WIRE_UNDECIDABLE", "WIRE_UNDECIDABLE"),
}

_TOP = re.compile(r"^(/(\$defs|definitions)/[^/]+)?$")


def top_level(snap: Snapshot) -> dict[tuple[str, str], tuple[str, Node]]:
    """(file, pointer) → (type name, node) for each file root and `$defs` entry the IR names."""
    docs = {d.uri: d for d in snap.documents}
    out: dict[tuple[str, str], tuple[str, Node]] = {}
    for module in snap.schema.modules:
        for t in module.types:
            uri, _, pointer = t.key.partition("#")
            doc = docs.get(uri)
            if doc is None or not _TOP.match(pointer):
                continue
            value = node_at(doc.content, pointer)
            out[(doc.rel, pointer)] = (t.name, Node(doc, pointer, value, snap.index.base_of(value, doc.uri)))
    for doc in snap.documents:  # a root the IR names no type for (`{}`, `true`) still describes the file's values
        if (doc.rel, "") not in out:
            value = doc.content
            title = value.get("title") if isinstance(value, dict) else None
            name = title if isinstance(title, str) and title else PurePosixPath(doc.rel).stem
            out[(doc.rel, "")] = (name, Node(doc, "", value, snap.index.base_of(value, doc.uri)))
    return out


def wire_findings(old: Snapshot, new: Snapshot, directions: tuple[str, ...],
                  breaking_in: tuple[str, ...] | None = None) -> list[Finding]:
    """Findings of each direction ("backward", "forward"), rule ids telling them apart; a finding
    is breaking when its direction is in `breaking_in` (default: every direction checked)."""
    breaking_in = directions if breaking_in is None else breaking_in
    before, after = top_level(old), top_level(new)
    shared = sorted(set(before) & set(after))
    targets = new.config.targets
    out: list[Finding] = []
    for direction in directions:
        backward = direction == "backward"
        sub, sup = (old, new) if backward else (new, old)
        inclusion = Inclusion(Shapes(sub.index), Shapes(sup.index))
        for place in shared:
            name = after[place][0]
            a, b = (before[place][1], after[place][1]) if backward else (after[place][1], before[place][1])
            for reason in inclusion.check((a,), (b,), name):
                out.append(_finding(reason, backward, old, new, targets, direction in breaking_in))
    return _shortest_subjects(out)


def _finding(reason: Reason, backward: bool, old: Snapshot, new: Snapshot, targets: tuple[str, ...],
             breaking: bool) -> Finding:
    rule = RULE_OF[reason.code][0 if backward else 1]
    sub_word, sup_word = ("old", "new") if backward else ("new", "old")
    message = reason.detail.format(sub=sub_word, sup=sup_word)
    anchor = reason.anchor
    side = "new" if any(anchor.doc is d for d in new.documents) else "old"
    location = anchor.location()
    if side == "old":  # say where it is now, when the same place still exists in the new schemas
        doc = new.document(anchor.doc.rel)
        if doc is not None and _exists(doc.content, anchor.pointer):
            side, location = "new", doc.location(anchor.pointer)
    return Finding(rule, reason.subject, location, side, message, targets, breaking, reason.possibly)


def _exists(content: Any, pointer: str) -> bool:
    try:
        node_at(content, pointer)
        return True
    except (KeyError, IndexError, ValueError, TypeError):
        return False


def _shortest_subjects(findings: list[Finding]) -> list[Finding]:
    """A change inside a referenced type is found from the type itself and from each user of it:
    keep it once, under the shortest subject (the type's own name)."""
    best: dict[tuple[str, str, str, str], Finding] = {}
    for f in findings:
        key = (f.rule, f.side, f.location.file, f.location.pointer)
        kept = best.get(key)
        if kept is None or (not f.breaking, len(f.subject), f.subject) < (not kept.breaking, len(kept.subject), kept.subject):
            best[key] = f
    return list(best.values())
