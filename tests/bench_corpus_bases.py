"""The benchmark's second synthetic corpus: recursion through base types, unions and constraints.

N definitions in N/20 JSON Schema files (1,000 → 50), beside tests/bench_corpus.py's, because two
synthetic corpora of one size disagreed by 2x (issue 24): this one spends its definitions where the
first is light. Each group of five:
- a base object with constrained fields (lengths, a pattern, bounds, `multipleOf`, unique items)
  whose `next` refers to the group's doubly derived type: recursion through `allOf` bases;
- a type derived from it (`allOf` [base, own fields]) whose children are itself, and whose
  nullable `parent` is the base;
- an untagged `oneOf` of the base, the derived type and a constrained string;
- a type derived from the derived one, adding a required number and the union;
- an `anyOf` of constrained scalars and the base of the previous file (a cross-file `$ref`).
Deterministic: the same N always writes the same bytes; datamodel-code-generator reads it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.bench_corpus import DIALECT, PER_FILE, _file, _ref


def _name(i: int) -> str:
    return f"Entity{i:05d}"


def _definition(i: int) -> dict[str, Any]:
    group = i - i % 5
    kind = i % 5
    if kind == 0:
        return {"type": "object", "description": f"Base type {i}, refined by {i + 1} and {i + 3}.",
                "required": ["id"], "properties": {
                    "id": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "^[A-Z][a-z0-9_-]*$"},
                    "score": {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.5},
                    "tags": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1,
                             "uniqueItems": True},
                    "next": _ref(group + 3, i)}}
    if kind == 1:
        return {"description": f"Type {i}: base {group} with a level and children of its own kind.",
                "allOf": [_ref(group, i), {"type": "object", "properties": {
                    "level": {"type": "integer", "minimum": 0, "maximum": 10},
                    "children": {"type": "array", "items": _ref(i, i), "maxItems": 50},
                    "parent": {"anyOf": [_ref(group, i), {"type": "null"}]}}}]}
    if kind == 2:
        return {"description": "The base, the derived type, or a code.",
                "oneOf": [_ref(group, i), _ref(group + 1, i), {"type": "string", "minLength": 3, "maxLength": 8}]}
    if kind == 3:
        return {"description": f"Type {i}: {group + 1} with a weight and a choice.",
                "allOf": [_ref(group + 1, i), {"type": "object", "required": ["weight"], "properties": {
                    "weight": {"type": "number", "exclusiveMinimum": 0},
                    "choice": _ref(group + 2, i)}}]}
    earlier = group - PER_FILE if group >= PER_FILE else group
    return {"description": "A number of at least one, a date, or an earlier base.",
            "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "format": "date"}, _ref(earlier, i)]}


def corpus(n: int) -> dict[str, dict[str, Any]]:
    """file name → schema document, for n definitions (n a multiple of 20)."""
    files: dict[str, dict[str, Any]] = {}
    for f in range(0, n, PER_FILE):
        defs = {_name(i): _definition(i) for i in range(f, min(n, f + PER_FILE))}
        files[_file(f // PER_FILE)] = {"$schema": DIALECT, "description": f"Domain {f // PER_FILE}.", "$defs": defs}
    return files


def write_corpus(n: int, folder: Path) -> int:
    """Write the corpus under `folder`; returns the number of bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for name, doc in corpus(n).items():
        text = json.dumps(doc, indent=2) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size
