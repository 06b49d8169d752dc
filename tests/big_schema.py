"""A big, realistic synthetic schema for finding super-linear steps (issue 10, defect 10).

Shaped like a CMS configuration schema (Decap/Netlify CMS, a few hundred KB of JSON): a root with
collections, each a list of field definitions; sixty widget types in a `oneOf`, each with nested
anonymous objects a few levels deep, `anyOf` alternatives, many `$ref`s to the same shared
definitions and long enums. Deterministic: the same arguments give the same bytes.

    python -m tests.big_schema [--widgets N] [--depth D] [--write PATH] [--time] [--profile]

`--time` generates all three targets from it in memory and prints the seconds per stage;
`--profile` prints the top of a cProfile run. Not part of `make test` (no timing in tests).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = ("i18n", "hint", "pattern", "label", "required", "hidden", "media_folder", "public_folder", "comment")


def _enum(n: int, stem: str) -> dict[str, Any]:
    return {"type": "string", "enum": [f"{stem}-{i:04d}" for i in range(n)]}


def _nested(name: str, depth: int, width: int) -> dict[str, Any]:
    """An anonymous object with `width` properties, nesting `depth` levels of itself."""
    props: dict[str, Any] = {}
    for i in range(width):
        key = f"{name}_{i}"
        if i % 4 == 0 and depth > 0:
            props[key] = _nested(f"{name}{i}", depth - 1, width)
        elif i % 4 == 1:
            props[key] = {"anyOf": [{"type": "string"}, {"$ref": f"#/definitions/{SHARED[i % len(SHARED)]}"},
                                    {"type": "array", "items": {"$ref": "#/definitions/label"}}]}
        elif i % 4 == 2:
            props[key] = {"$ref": f"#/definitions/{SHARED[(i * 7) % len(SHARED)]}"}
        else:
            props[key] = {"type": "integer", "minimum": 0, "description": f"The {key} setting."}
    return {"type": "object", "additionalProperties": False, "properties": props}


def build(widgets: int = 60, depth: int = 3, width: int = 8, enum_size: int = 400) -> dict[str, Any]:
    definitions: dict[str, Any] = {
        "i18n": {"oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["translate", "duplicate", "none"]}]},
        "hint": {"type": "string", "description": "Help text under the field."},
        "pattern": {"type": "array", "items": [{"type": "string"}, {"type": "string"}], "minItems": 2},
        "label": {"type": "string", "minLength": 1},
        "required": {"type": "boolean", "default": True},
        "hidden": {"type": "boolean"},
        "media_folder": {"type": "string"},
        "public_folder": {"type": "string"},
        "comment": {"type": "string"},
        "icon": _enum(enum_size, "icon"),
        "locale": _enum(enum_size // 2, "locale"),
        "field": {"oneOf": [{"$ref": f"#/definitions/widget_{w}"} for w in range(widgets)]},
    }
    for w in range(widgets):
        props: dict[str, Any] = {
            "widget": {"const": f"widget_{w}"},
            "name": {"type": "string"},
            **{s: {"$ref": f"#/definitions/{s}"} for s in SHARED},
            "icon": {"$ref": "#/definitions/icon"},
            "locale": {"$ref": "#/definitions/locale"},
            "options": _nested(f"w{w}", depth, width),
            "choices": {"type": "array", "items": {"anyOf": [
                {"type": "string"},
                {"type": "object", "properties": {"label": {"$ref": "#/definitions/label"}, "value": {"type": "string"}},
                 "required": ["label", "value"]},
            ]}},
        }
        # an untagged oneOf whose members reach the recursive field union (a runtime exclusivity check)
        props["preview"] = {"oneOf": [{"type": "string"}, {"type": "object", "properties": {
            "template": {"type": "string"}, "fields": {"type": "array", "items": {"$ref": "#/definitions/field"}}}}]}
        if w % 5 == 0:
            props["fields"] = {"type": "array", "items": {"$ref": "#/definitions/field"}}  # recursion
        definitions[f"widget_{w}"] = {"type": "object", "required": ["widget", "name"], "properties": props,
                                      "additionalProperties": False}
    collection = {
        "type": "object", "required": ["name", "fields"],
        "properties": {
            "name": {"type": "string"}, "label": {"$ref": "#/definitions/label"},
            "folder": {"type": "string"}, "create": {"type": "boolean"},
            "fields": {"type": "array", "items": {"$ref": "#/definitions/field"}},
            "files": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"}, "file": {"type": "string"},
                "fields": {"type": "array", "items": {"$ref": "#/definitions/field"}}}}},
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "CmsConfig",
        "type": "object",
        "definitions": definitions,
        "properties": {
            "backend": {"type": "object", "properties": {"name": {"type": "string"}, "repo": {"type": "string"},
                                                          "branch": {"type": "string"}}},
            "media_folder": {"$ref": "#/definitions/media_folder"},
            "locale": {"$ref": "#/definitions/locale"},
            "collections": {"type": "array", "items": collection},
        },
    }


def _time(schema: dict[str, Any], profile: bool) -> None:
    from schemagen.config import load_config
    from schemagen.pipeline import generate

    with tempfile.TemporaryDirectory(prefix="big-schema-") as tmp:
        root = Path(tmp)
        (root / "schemas").mkdir()
        (root / "schemas" / "cms.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")
        config = load_config(root, None, {"schemas": str(root / "schemas"), "out": str(root / "out")}, discover=False)
        started, cpu = time.perf_counter(), time.process_time()
        if profile:
            import cProfile
            import pstats

            from schemagen.pipeline import _generate

            sys.setrecursionlimit(20000)  # on this thread: cProfile sees only the thread it runs on
            profiler = cProfile.Profile(time.process_time)  # CPU: the machine may be shared
            profiler.enable()
            result = _generate(config, None, None, False)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        else:
            result = generate(config)
        print(f"{result.types} types, {len(result.files)} files in {time.perf_counter() - started:.1f} s "
              f"({time.process_time() - cpu:.1f} s CPU)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.big_schema")
    parser.add_argument("--widgets", type=int, default=60)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--width", type=int, default=8)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--time", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    schema = build(args.widgets, args.depth, args.width)
    text = json.dumps(schema, indent=2)
    print(f"{len(text) / 1024:.0f} KB", file=sys.stderr)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    if args.time or args.profile:
        _time(schema, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
