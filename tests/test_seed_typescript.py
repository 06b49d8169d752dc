"""The seed examples, type-checked against the generated TypeScript.

Every example of every `$defs` entry becomes `const x: T = <example JSON>;` in a file that imports
T from a copy of generated/typescript; tsc --strict must accept them all. Each `x-invalid-examples`
entry that TypeScript can tell apart (a missing required key, a wrong primitive, an unknown tag or
enum literal: anything left when the constraints TypeScript has no word for are stripped from the
schema) is declared under `// @ts-expect-error`, so tsc fails if it does *not* reject it. Invalid
examples that only a runtime check can catch (lengths, patterns, ranges, formats) are skipped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from schemagen.frontend.load import discover, load_file
from schemagen.lower.lower import module_name
from tests.support import run_tsc, tsc_available

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
GENERATED_TS = REPO / "generated" / "typescript"

pytestmark = pytest.mark.skipif(not tsc_available(), reason="tsc or node not available")

# Keywords TypeScript's type system cannot hold (they become JSDoc tags in the output).
_RUNTIME_ONLY = {
    "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
    "maxProperties", "contentEncoding", "contentMediaType",
}
_VALUES = {"const", "enum", "default", "examples", "x-invalid-examples"}


def ts_view(node: Any) -> Any:
    """The part of a schema TypeScript can check: runtime-only constraints dropped, integer read as
    number, oneOf read as anyOf (TS unions are not exclusive), target overrides read as their TS type."""
    if isinstance(node, list):
        return [ts_view(n) for n in node]
    if not isinstance(node, dict):
        return node
    if "x-typescript-type" in node:
        ts_type = node["x-typescript-type"]
        return {"type": ts_type} if ts_type in ("number", "string", "boolean") else {}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _RUNTIME_ONLY:
            continue
        if key in _VALUES:
            out[key] = value
        elif key == "type":
            types = value if isinstance(value, list) else [value]
            types = list(dict.fromkeys("number" if t == "integer" else t for t in types))
            out[key] = types if len(types) > 1 else types[0]
        elif key == "oneOf":
            out["anyOf"] = ts_view(value)
        elif key in ("properties", "$defs"):
            out[key] = {k: ts_view(v) for k, v in value.items()}
        else:
            out[key] = ts_view(value)
    return out


def _load() -> list[tuple[str, str, dict[str, Any]]]:
    docs = []
    for path in discover(SCHEMAS):
        doc, diags = load_file(path, SCHEMAS)
        assert doc is not None, [str(d) for d in diags]
        docs.append((doc.rel, doc.uri, doc.content))
    return docs


def _ts_expr(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _identifier(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text)


def build_example_files(folder: Path) -> tuple[dict[str, str], dict[str, int]]:
    """{file name: TS text} exercising every example, and counts of what was declared."""
    docs = _load()
    registry = Registry().with_resources(
        (uri, Resource.from_contents(ts_view(content), default_specification=DRAFT202012)) for _, uri, content in docs
    )
    counts = {"valid": 0, "invalid_checked": 0, "invalid_runtime_only": 0}
    files: dict[str, str] = {}
    for rel, uri, content in docs:
        defs = content.get("$defs") or {}
        module_path = module_name(rel).replace(".", "/")
        names = [n for n, s in defs.items() if isinstance(s, dict) and (s.get("examples") or s.get("x-invalid-examples"))]
        if not names:
            continue
        lines = [f'import type {{ {", ".join(sorted(names))} }} from "../gen/{module_path}.js";', ""]
        for name in names:
            schema = defs[name]
            for i, example in enumerate(schema.get("examples", [])):
                lines.append(f"export const valid_{_identifier(name)}_{i}: {name} = {_ts_expr(example)};")
                counts["valid"] += 1
            validator = Draft202012Validator({"$ref": f"{uri}#/$defs/{name}"}, registry=registry)
            for i, example in enumerate(schema.get("x-invalid-examples", [])):
                if validator.is_valid(example):
                    counts["invalid_runtime_only"] += 1
                    lines.append(f"// x-invalid-examples[{i}] of {name} is caught at runtime only: {json.dumps(example)[:80]}")
                    continue
                counts["invalid_checked"] += 1
                # the directive must sit on the line TS reports: put the whole declaration on one line
                lines.append("// @ts-expect-error: " + _identifier(name) + " rejects this (see x-invalid-examples)")
                lines.append(f"export const invalid_{_identifier(name)}_{i}: {name} = {json.dumps(example, ensure_ascii=False)};")
        files[f"{_identifier(rel)}.ts"] = "\n".join(lines) + "\n"
    return files, counts


def test_ts_view_strips_runtime_constraints() -> None:
    view = ts_view({"type": "integer", "minimum": 0, "oneOf": [{"type": "string", "pattern": "x"}]})
    assert view == {"type": "number", "anyOf": [{"type": "string"}]}


def test_examples_type_check(tmp_path: Path) -> None:
    shutil.copytree(GENERATED_TS, tmp_path / "gen")
    examples = tmp_path / "examples"
    examples.mkdir()
    (tmp_path / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    files, counts = build_example_files(examples)
    for name, text in files.items():
        (examples / name).write_text(text, encoding="utf-8")
    # the namespace entry point and the named constants
    (examples / "entry_points.ts").write_text(
        'import type { analytics, agents, telephony } from "../gen/index.js";\n'
        'import { MAX_MESSAGE_LENGTH, MAX_MESSAGES_IN_CONTEXT } from "../gen/chat_api/models.js";\n'
        "export const limit: 6000 = MAX_MESSAGE_LENGTH;\n"
        "export const count: 50 = MAX_MESSAGES_IN_CONTEXT;\n"
        'export const ping: analytics.IncomingWssMessage = { type: "keepalive", payload: {} };\n'
        'export const conn: agents.Connection = { transport: "websocket", url: "wss://x" };\n'
        "export function tag(m: analytics.OutgoingWssMessage): string {\n"
        "  switch (m.type) {\n"
        '    case "command_to_execute": return m.payload.chat_id;\n'
        '    case "system_error": return m.payload.code;\n'
        "    default: return m.type;\n"
        "  }\n"
        "}\n"
        'export const media: telephony.TwilioOutgoingMessage = { event: "clear", streamSid: "MZ1" };\n'
        "// @ts-expect-error: an unknown tag is not a member of the union\n"
        'export const unknown: analytics.IncomingWssMessage = { type: "ping", payload: {} };\n',
        encoding="utf-8",
    )
    assert counts["valid"] > 200 and counts["invalid_checked"] > 100, counts
    result = run_tsc(tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[:8000]
