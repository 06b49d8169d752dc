"""The API-document sets of tests/realworld/sets/ (OpenAPI 3.0 / 3.1, Swagger 2.0, AsyncAPI 2 / 3):
how they were taken from public packages, and the published examples inside the documents.

An API document carries its examples inline, so they are taken out of it rather than from files
beside it: a named schema's `example` / `examples`, a media type's `example` and `examples[*].value`
(through `components/examples`), a Swagger response's `examples`, an AsyncAPI message's
`examples[*].payload`. Each is checked against the named type its schema is, by `$defs` name
(`openapi.yaml#/$defs/Pet`), as schemagen writes the document; the referee (referee.py) reads the
document the same way, in its own dialect (OpenAPI 3.0 `nullable` is null allowed, as the
specification says).

Usage, with the packages downloaded and extracted as collect.py says (`npm pack`, `tar xzf`):

    python -m tests.realworld.collect_api /tmp/rw
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from tests.realworld.collect import SETS, Source

OAS = "readme-oas-examples-8.2.2/package"
CLI = "asyncapi-cli-6.2.0/package/assets/examples"
MD = "asyncapi-markdown-template-2.0.0/package/test/spec"
OSV = "openapi_spec_validator-0.9.0/tests/bench/specs"
NJS = "asyncapi-nodejs-template-3.0.4/package/test/mocks/mqtt"

API_SOURCES = [
    Source("openapi-3.0-readme", "npm", "@readme/oas-examples", "8.2.2", "MIT (ReadMe)", OAS,
           {f"{n}.yaml": f"3.0/yaml/{n}.yaml" for n in ("petstore-expanded", "polymorphism", "response-examples",
                                                        "request-examples", "schema-types", "uspto", "discriminators",
                                                        "circular")},
           what="OpenAPI 3.0 documents: nullable, discriminator with mapping, allOf polymorphism, inline bodies, "
                "response and request examples, circular schemas"),
    Source("openapi-3.1-readme", "npm", "@readme/oas-examples", "8.2.2", "MIT (ReadMe)", OAS,
           {f"{n}.yaml": f"3.1/yaml/{n}.yaml" for n in ("train-travel", "petstore", "webhooks", "schema-types")},
           what="OpenAPI 3.1 documents: JSON Schema 2020-12 with type lists, webhooks, examples lists"),
    Source("swagger-2.0-docker", "pypi", "openapi-spec-validator", "0.9.0",
           "Apache-2.0 (openapi-spec-validator; the Docker Engine API definition, Apache-2.0 Docker)", OSV,
           {"docker.yaml": "docker.yaml"},
           what="Swagger 2.0: the Docker Engine API (x-nullable, body parameters, hundreds of example values)"),
    Source("asyncapi-2-markdown-template", "npm", "@asyncapi/markdown-template", "2.0.0", "Apache-2.0 (AsyncAPI Initiative)",
           MD, {"asyncapi_v2.yml": "asyncapi_v2.yml"},
           what="AsyncAPI 2.x document: channels with publish/subscribe, message oneOf, payload examples"),
    Source("asyncapi-3-cli-examples", "npm", "@asyncapi/cli", "6.2.0", "Apache-2.0 (AsyncAPI Initiative)", CLI,
           {f"{n}.yml": f"{n}.yml" for n in ("adeo-kafka-request-reply-asyncapi", "gitter-streaming-asyncapi",
                                             "kraken-websocket-request-reply-multiple-channels-asyncapi",
                                             "rpc-client-asyncapi", "rpc-server-asyncapi", "websocket-gemini-asyncapi",
                                             "streetlights-mqtt-asyncapi", "tutorial")},
           what="AsyncAPI 3.x documents: channels, operations, messages with payload examples, request/reply"),
]


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def api_examples(doc: Any, written: Any) -> list[tuple[str, Any, str]]:
    """(the `$defs` name of the type, the instance, where it was written) for each example of `doc`."""
    from schemagen.frontend.documents import kind_of
    from schemagen.frontend.documents.asyncapi import plan_asyncapi
    from schemagen.frontend.documents.collect import Follow, Source as Src, plan_openapi
    from schemagen.frontend.load import escape_pointer_token, node_at

    kind = kind_of(doc.content)
    assert kind is not None
    follow = Follow({doc.uri: doc})
    plan = plan_asyncapi(doc, follow) if kind[0] == "asyncapi" else plan_openapi(doc, kind[0], follow, True)
    at_pointer = {s.pointer: name for name, s in plan.roots.items() if isinstance(s, Src) and s.doc.uri == doc.uri}
    defs = written.content.get("$defs", {})

    def name_at(pointer: str) -> str | None:
        _, target, node = follow(doc, pointer, node_at(doc.content, pointer))
        for probe in (target, target + "/schema"):
            if probe in at_pointer and at_pointer[probe] in defs:
                return at_pointer[probe]
        moved = plan.moved.get(target, "")
        if moved.startswith("/$defs/") and moved.count("/") == 2 and _unescape(moved[7:]) in defs:
            return _unescape(moved[7:])
        return None

    def value_of(pointer: str, node: Any) -> Any:
        return follow(doc, pointer, node)[2]

    found: list[tuple[str, Any, str]] = []
    for pointer, name in at_pointer.items():
        node = node_at(doc.content, pointer)
        if not isinstance(node, dict) or name not in defs:
            continue
        if "example" in node:
            found.append((name, node["example"], pointer + "/example"))
        if isinstance(node.get("examples"), list):
            found.extend((name, ex, f"{pointer}/examples/{i}") for i, ex in enumerate(node["examples"]))

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            if "schema" in node and isinstance(node.get("schema"), dict):
                name = name_at(pointer + "/schema")
                if name is not None:
                    if "example" in node:
                        found.append((name, node["example"], pointer + "/example"))
                    examples = node.get("examples")
                    if isinstance(examples, dict):
                        for key, ex in examples.items():
                            ex = value_of(f"{pointer}/examples/{escape_pointer_token(key)}", ex)
                            if kind[0] == "swagger":  # media type → value
                                found.append((name, ex, f"{pointer}/examples/{escape_pointer_token(key)}"))
                            elif isinstance(ex, dict) and "value" in ex:
                                found.append((name, ex["value"], f"{pointer}/examples/{escape_pointer_token(key)}"))
            if "payload" in node and isinstance(node.get("examples"), list):
                name = name_at(pointer + "/payload")
                if name is not None:
                    for i, ex in enumerate(node["examples"]):
                        if isinstance(ex, dict) and "payload" in ex:
                            found.append((name, ex["payload"], f"{pointer}/examples/{i}/payload"))
            for key, value in node.items():
                if key not in ("example", "examples", "enum", "default", "const"):
                    walk(value, f"{pointer}/{escape_pointer_token(key)}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{pointer}/{i}")

    walk(doc.content, "")
    seen: set[tuple[str, str]] = set()
    out = []
    for name, value, where in found:
        key = (name, json.dumps(value, sort_keys=True))
        if key not in seen:
            seen.add(key)
            out.append((name, value, where))
    return out


def collect_api(src: Source, downloads: Path) -> dict[str, Any]:
    from schemagen.frontend.documents import read_documents
    from schemagen.frontend.load import discover, escape_pointer_token, load_file
    from tests.realworld.collect import _copy_schemas
    from tests.realworld.referee import Referee

    base = downloads / src.root
    folder = SETS / src.name
    shutil.rmtree(folder, ignore_errors=True)
    _copy_schemas(src, base, folder / "schemas")
    schemas = folder / "schemas"
    loaded = [load_file(p, schemas)[0] for p in discover(schemas)]
    written, _ = read_documents([d for d in loaded if d is not None])
    by_rel = {d.rel: d for d in written}
    referee = Referee(schemas)
    examples = []
    for doc in loaded:
        if doc is None or doc.rel not in by_rel or "x-schemagen-document" not in by_rel[doc.rel].content:
            continue
        for n, (name, value, where) in enumerate(api_examples(doc, by_rel[doc.rel])):
            ref = f"{doc.rel}#/$defs/{escape_pointer_token(name)}"
            stem = Path(doc.rel).stem
            rel = f"examples/{stem}_{''.join(c if c.isalnum() else '_' for c in name)}/published/{n}.json"
            out = folder / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            valid = referee.accepts(ref, value)
            if not valid:
                print(f"  {src.name}: {rel} ({where}) is invalid: {referee.first_error(ref, value)}", file=sys.stderr)
            examples.append({"file": rel, "type": ref, "valid": valid, "origin": "published",
                             "from": f"{src.root}/{[k for k, v in src.schemas.items() if k == doc.rel][0] and src.schemas[doc.rel]}#{where}"})
    manifest = {
        "source": {"registry": src.registry, "package": src.package, "version": src.version, "license": src.license,
                   "files": dict(src.schemas)},
        "what": src.what,
        "config": src.config,
        "examples": examples,
    }
    (folder / "set.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str]) -> int:
    downloads = Path(argv[0])
    only = set(argv[1:])
    for src in API_SOURCES:
        if only and src.name not in only:
            continue
        manifest = collect_api(src, downloads)
        ok = sum(e["valid"] for e in manifest["examples"])
        print(f"{src.name}: {len(manifest['examples'])} examples ({ok} valid)")
    from tests.realworld.readme import write_table

    write_table()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
