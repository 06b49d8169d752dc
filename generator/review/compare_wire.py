"""Wire findings between two snapshots: every named type and every file root that describes a
value, present in both, compared in the directions the mode asks for."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from schemagen.frontend.load import escape_pointer_token, node_at
from schemagen.review.findings import Finding
from schemagen.review.shape import Node, Shapes, top_of
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
    for doc in snap.documents:  # a root or definition the IR names no type for (`{}`, `true`) still holds values
        for top, _ in _tops(doc.content):
            if (doc.rel, top) in out:
                continue
            value = node_at(doc.content, top)
            title = value.get("title") if isinstance(value, dict) else None
            name = title if isinstance(title, str) and title else \
                top.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~") if top else PurePosixPath(doc.rel).stem
            out[(doc.rel, top)] = (name, Node(doc, top, value, snap.index.base_of(value, doc.uri)))
    return out


def unchanged_places(old: Snapshot, new: Snapshot) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(file, pointer) of each file root and `$defs`/`definitions` entry whose every value is the
    same on both sides: written alike, and so is everything its `$ref`s reach. Such a type equals
    itself, so it is neither compared nor walked into (a one-file change in a thousand-type
    repository compares what that change can affect).

    Also returned: the types written alike whose `$ref`s all stand where a wider target only widens
    the type (no `not`, `oneOf`, `if`, ...): comparing their targets, each a type of its own, finds
    all there is to find, under the target's name, where the change was made."""
    by_uri = {d.uri: d.rel for d in new.documents}
    equal: set[tuple[str, str]] = set()
    monotone: set[tuple[str, str]] = set()
    reaches: dict[tuple[str, str], set[tuple[str, str] | None]] = {}
    for doc in new.documents:
        before = old.document(doc.rel)
        if before is None or before.dialect != doc.dialect:
            continue
        mine = dict(_tops(before.content))
        for top, value in _tops(doc.content):
            if top in mine and (before is doc or _canonical(mine[top]) == _canonical(value)):
                equal.add((doc.rel, top))
                reaches[(doc.rel, top)] = _referenced(value, doc.uri, by_uri)
                if not _mentions(value, _NOT_MONOTONE):
                    monotone.add((doc.rel, top))
    stable = set(equal)
    changed = True
    while changed:  # a type that refers to a changed (or unknown) one is changed for this purpose
        changed = False
        for place in list(stable):
            if any(r is None or r not in stable for r in reaches[place] if r != place):
                stable.discard(place)
                changed = True
    return stable, monotone


# Keywords under which a wider subschema may narrow the whole (or make a oneOf ambiguous).
_NOT_MONOTONE = frozenset({"not", "oneOf", "if", "then", "else", "contains", "dependentSchemas", "dependencies",
                           "unevaluatedProperties", "unevaluatedItems", "propertyNames", "$dynamicRef", "$recursiveRef"})


def _mentions(content: Any, keywords: frozenset[str]) -> bool:
    stack = [content]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keywords:
                    return True
                if key not in ("enum", "const", "default", "examples"):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _tops(content: Any) -> list[tuple[str, Any]]:
    """The root (without its definitions) and each definition, by pointer."""
    if not isinstance(content, dict):
        return [("", content)]
    out: list[tuple[str, Any]] = [("", {k: v for k, v in content.items() if k not in ("$defs", "definitions")})]
    for key in ("$defs", "definitions"):
        if isinstance(content.get(key), dict):
            out += [(f"/{key}/{escape_pointer_token(name)}", value) for name, value in content[key].items()]
    return out


def _canonical(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _referenced(content: Any, uri: str, by_uri: dict[str, str]) -> set[tuple[str, str] | None]:
    """The types (file, top pointer) the `$ref`s inside a value name; None for a target this walk
    does not place (a remote, an anchor, or anything under a nested `$id`): treated as changed."""
    from urllib.parse import unquote, urldefrag, urljoin

    out: set[tuple[str, str] | None] = set()
    stack = [content]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("$ref", "$dynamicRef", "$recursiveRef") and isinstance(value, str):
                    target, fragment = urldefrag(urljoin(uri, value))
                    rel = by_uri.get(target)
                    fragment = unquote(fragment)
                    out.add((rel, top_of(fragment)) if rel is not None and (fragment == "" or fragment.startswith("/"))
                            else None)
                elif key == "$id" and isinstance(value, str):
                    out.add(None)
                elif key not in ("enum", "const", "default", "examples"):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return out


def wire_findings(old: Snapshot, new: Snapshot, directions: tuple[str, ...],
                  breaking_in: tuple[str, ...] | None = None) -> list[Finding]:
    """Findings of each direction ("backward", "forward"), rule ids telling them apart; a finding
    is breaking when its direction is in `breaking_in` (default: every direction checked)."""
    breaking_in = directions if breaking_in is None else breaking_in
    before, after = top_level(old), top_level(new)
    stable, alike = unchanged_places(old, new)
    # neither compared nor walked into: their differences, if any, are those of the types they refer
    # to, each compared on its own and reported there
    unchanged = frozenset(stable | alike)
    shared = sorted(p for p in set(before) & set(after) if (p[0], top_of(p[1])) not in unchanged)
    targets = new.config.targets
    out: list[Finding] = []
    shapes = {"old": Shapes(old.index), "new": Shapes(new.index)}  # built once for both directions
    for direction in directions:
        backward = direction == "backward"
        sub, sup = ("old", "new") if backward else ("new", "old")
        inclusion = Inclusion(shapes[sub], shapes[sup], unchanged, frozenset(stable))
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
