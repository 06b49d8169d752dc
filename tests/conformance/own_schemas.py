"""The repository's own schemas (`schemas/`) as one bundle for hypothesis-jsonschema: every
`$defs` entry of every file under one `$defs`, with `$ref`s rewritten to point inside it, plus the
generated Pydantic / TypedDict / TypeScript name of each entry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from schemagen.config import load_config
from schemagen.output.emit import emit
from schemagen.frontend.load import escape_pointer_token
from schemagen.pipeline import build_ir, load_documents
from tests.conformance.suite import REPO
from tests.support import unique_package


@dataclass(frozen=True)
class DefType:
    label: str  # "agents/message.yaml#Message"
    bundle_key: str  # its key in the bundle's $defs
    module: str  # dotted IR module
    python: str
    typescript: str
    has_override: bool


def schema_files(root: Path = REPO / "schemas") -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".json")) if root.is_dir() else []


def generate(out: Path) -> tuple[dict[str, Any], list[DefType], str]:
    """Generate all targets from schemas/ into out; return (bundle, $defs types, python package)."""
    package = unique_package("own")
    config = load_config(REPO, None, {"schemas": str(REPO / "schemas"), "out": str(out), "python_package": package,
                                      "typeddict_package": package + "_td"})
    docs = load_documents(config)
    schema, names, _ = build_ir(docs, config)
    files, _, _ = emit(schema, names, config)
    for path, text in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    types = schema.types_by_key()
    prefix = {d.rel: f"f{i}__" for i, d in enumerate(sorted(docs, key=lambda d: d.rel))}
    bundle: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {}}
    found: list[DefType] = []
    for doc in docs:
        defs = doc.content.get("$defs") if isinstance(doc.content, dict) else None
        for name, node in (defs or {}).items() if isinstance(defs, dict) else []:
            key = prefix[doc.rel] + name
            bundle["$defs"][key] = _rewrite(node, doc.rel, prefix)
            ir_key = f"{doc.uri}#/$defs/{escape_pointer_token(name)}"
            if ir_key in names and ir_key in types:
                text = json.dumps(node)
                found.append(DefType(f"{doc.rel}#{name}", key, types[ir_key].module, names[ir_key].python,
                                     names[ir_key].typescript, "x-python-type" in text or "x-typescript-type" in text))
    return bundle, found, package


def _rewrite(node: Any, rel: str, prefix: dict[str, str]) -> Any:
    """`#/$defs/X` and `other.yaml#/$defs/X` → `#/$defs/<file prefix>X`; anything else stays and
    makes the type unusable for hypothesis (reported as unresolvable by `usable`)."""
    if isinstance(node, list):
        return [_rewrite(v, rel, prefix) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "$ref" and isinstance(v, str) and "#/$defs/" in v:
            file, _, name = v.partition("#/$defs/")
            target = rel if not file else str(PurePosixPath(rel).parent / file)
            target = str(PurePosixPath(*[p for p in PurePosixPath(target).parts]))
            norm = _normalize(target)
            out[k] = f"#/$defs/{prefix[norm]}{name}" if norm in prefix and "/" not in name else v
        elif k in ("enum", "const", "default", "examples"):
            out[k] = v
        else:
            out[k] = _rewrite(v, rel, prefix)
    return out


def _normalize(path: str) -> str:
    parts: list[str] = []
    for p in path.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


def usable(bundle: dict[str, Any]) -> bool:
    text = json.dumps(bundle)
    return '"$ref": "' not in text.replace('"$ref": "#/$defs/', "")


def for_type(bundle: dict[str, Any], t: DefType) -> dict[str, Any]:
    return {**bundle, "$ref": f"#/$defs/{t.bundle_key}"}


def closed(schema: Any) -> Any:
    """The same schema with every object that lists properties closed (a subset of its instances),
    so TypeScript's excess-property check on object literals does not object to extra keys."""
    if isinstance(schema, list):
        return [closed(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: (v if k in ("enum", "const", "default", "examples") else closed(v)) for k, v in schema.items()}
    if "properties" in out and "additionalProperties" not in out and "allOf" not in out:
        out["additionalProperties"] = False
    return out


def reachable(bundle: dict[str, Any], t: DefType) -> dict[str, Any]:
    """for_type, keeping only the $defs the type reaches (hypothesis-jsonschema resolves eagerly)."""
    defs = bundle["$defs"]
    keep: set[str] = set()
    todo = [t.bundle_key]
    while todo:
        key = todo.pop()
        if key in keep or key not in defs:
            continue
        keep.add(key)
        text = json.dumps(defs[key])
        todo += [part.split('"', 1)[0] for part in text.split('"$ref": "#/$defs/')[1:]]
    return {"$schema": bundle["$schema"], "$defs": {k: defs[k] for k in sorted(keep)}, "$ref": f"#/$defs/{t.bundle_key}"}
