"""The benchmark's synthetic corpus: N definitions in N/20 JSON Schema files (1,000 → 50 files).

Regular but not trivial, so every stage does real work: objects with constraints, camelCase keys,
nullable and optional fields, inline enums, arrays and maps, cross-file `$ref`s (always to an
earlier file, so the module graph is a DAG the way real projects' graphs mostly are), string enums,
`const`-tagged `oneOf` unions, `allOf` extension, and legal recursion (a tree node whose children
are itself; two types that refer to each other through optional fields). Deterministic: the same N
always writes the same bytes. Both schemagen and datamodel-code-generator read it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PER_FILE = 20
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _file(i: int) -> str:
    return f"domain_{i:03d}.json"


def _name(i: int) -> str:
    return f"Entity{i:05d}"


def _ref(target: int, here: int) -> dict[str, Any]:
    """A $ref to definition `target` from a file holding definition `here`."""
    name = _name(target)
    if target // PER_FILE == here // PER_FILE:
        return {"$ref": f"#/$defs/{name}"}
    return {"$ref": f"{_file(target // PER_FILE)}#/$defs/{name}"}


def _object(i: int, kinds: dict[int, str]) -> dict[str, Any]:
    earlier = [j for j in range(max(0, i - 45), i) if kinds[j] in ("object", "enum")]
    props: dict[str, Any] = {
        "id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z0-9-]+$",
               "description": f"Identifier of entity {i}."},
        "createdAt": {"type": "string", "format": "date-time", "description": "When it was created."},
        "count": {"type": "integer", "minimum": 0, "default": 0},
        "ratio": {"type": ["number", "null"], "maximum": 1},
        "active": {"type": "boolean"},
        "status": {"enum": ["new", "open", "closed"], "description": "Lifecycle state."},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10, "uniqueItems": True},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    }
    if earlier:
        props["owner"] = _ref(earlier[-1], i)
    if len(earlier) > 3:
        props["related"] = {"type": "array", "items": _ref(earlier[len(earlier) // 2], i)}
    if len(earlier) > 6:
        props["previousVersion"] = {"anyOf": [_ref(earlier[1], i), {"type": "null"}]}
    return {"type": "object", "description": f"Entity number {i}, an object with the usual fields.",
            "required": ["id", "createdAt"], "properties": props}


def _definition(i: int, kinds: dict[int, str]) -> dict[str, Any]:
    kind = kinds[i]
    if kind == "enum":
        return {"type": "string", "description": f"Kinds of entity {i}.",
                "enum": [f"kind_{i}_{k}" for k in range(5)]}
    if kind == "union":
        a, b = i - 2, i - 1  # the two tagged objects written just before it
        return {"description": "One of two variants, told apart by `kind`.",
                "oneOf": [_ref(a, i), _ref(b, i)]}
    if kind == "variant":
        tag = "first" if kinds.get(i + 1) == "variant" else "second"
        return {"type": "object", "required": ["kind", "value"], "properties": {
            "kind": {"const": tag}, "value": {"type": "string", "maxLength": 200},
            "weight": {"type": "number", "exclusiveMinimum": 0}}}
    if kind == "extends":
        base = next(j for j in range(i - 1, -1, -1) if kinds[j] == "object")
        return {"description": f"Entity {base} with audit fields.",
                "allOf": [_ref(base, i), {"type": "object", "properties": {
                    "auditedBy": {"type": "string"}, "auditNote": {"type": ["string", "null"]}}}]}
    if kind == "tree":
        return {"type": "object", "description": "A node of a tree: recursion through an array.",
                "required": ["label"], "properties": {
                    "label": {"type": "string"},
                    "children": {"type": "array", "items": _ref(i, i)}}}
    if kind == "mutual_a":
        return {"type": "object", "description": "Refers to its partner, which refers back.",
                "properties": {"partner": _ref(i + 1, i), "note": {"type": "string"}}}
    if kind == "mutual_b":
        return {"type": "object", "properties": {"back": _ref(i - 1, i), "depth": {"type": "integer"}}}
    return _object(i, kinds)


# The kind of each slot of 20: mostly objects, as in real schemas.
PATTERN = ["object", "object", "enum", "object", "variant", "variant", "union", "object", "extends",
           "object", "tree", "object", "object", "enum", "mutual_a", "mutual_b", "object", "extends",
           "object", "object"]


def corpus(n: int) -> dict[str, dict[str, Any]]:
    """file name → schema document, for n definitions (n a multiple of 20)."""
    kinds = {i: PATTERN[i % PER_FILE] for i in range(n)}
    files: dict[str, dict[str, Any]] = {}
    for f in range(0, n, PER_FILE):
        defs = {_name(i): _definition(i, kinds) for i in range(f, min(n, f + PER_FILE))}
        files[_file(f // PER_FILE)] = {"$schema": DIALECT, "description": f"Domain {f // PER_FILE}.",
                                       "$defs": defs}
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


def edit_one(folder: Path, index: int | None = None) -> str:
    """Change one definition's description in one file (by default the middle one), as a developer
    would; returns the file's name."""
    paths = sorted(folder.glob("*.json"))
    path = paths[len(paths) // 2 if index is None else index]
    doc = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(doc["$defs"].values()))
    first["description"] = first.get("description", "") + " Edited."
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return path.name
