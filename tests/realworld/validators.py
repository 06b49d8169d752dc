"""The real-world corpus through the TypeScript validators: every set generated (typescript and
validators only: no black, no Python import), then every published example of every set run
through its type's validator in one node process, compared with set.json's verdict (jsonschema's,
which the Python targets are held to). Failures are keyed `<set> | example validators | <file>`
(or `<set> | generate validators`), listed with a reason in known_gaps_validators.json.

`python -m tests.realworld.validators [--update-gaps]` prints the agreement beside Pydantic's."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.realworld.harness import SETS, load_gaps, manifest, refusal, set_names
from tests.validators_lib import verdicts

GAPS_FILE = Path(__file__).with_name("known_gaps_validators.json")


def _generate(name: str, root: Path) -> dict[str, Any] | str:
    """{type ref: (module path, validator name)} of a set's examples, or why generation failed."""
    from schemagen.config import load_config
    from schemagen.deepstack import call_deep
    from schemagen.diagnostics import SchemaError
    from schemagen.frontend.load import uri_for
    from schemagen.output.emit import emit
    from schemagen.pipeline import build_ir, load_documents

    overrides = {"schemas": str(SETS / name / "schemas"), "out": str(root / name), **manifest(name).get("config", {}),
                 "targets": ["typescript", "validators"]}

    def run() -> tuple[Any, Any, Any]:
        config = load_config(root, None, overrides)
        docs = load_documents(config)
        schema, names, _ = build_ir(docs, config)
        files, _, _ = emit(schema, names, config, None, docs)
        return schema, names, files

    try:
        schema, names, files = call_deep(run)
    except SchemaError as exc:  # a refusal: the set's first error, as the other targets' gaps quote it
        return f"refused ({', '.join(sorted({d.code for d in exc.diagnostics if d.severity == 'error'}))}): {refusal(exc)}"
    except BaseException as exc:  # noqa: BLE001 - a crash is this set's finding
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ''}"
    for path, text in files.items():
        target = root / name / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    types = schema.types_by_key()
    located = {}
    for ex in manifest(name)["examples"]:
        rel, _, fragment = ex["type"].partition("#")
        key = f"{uri_for(rel)}#{fragment}"
        if key in names and key in types:
            located[ex["type"]] = (f"{name}/validators/{types[key].module.replace('.', '/')}",
                                   names[key].typescript + "Schema")
    return located


def run(names: list[str] | None = None) -> tuple[dict[str, str], set[str], int]:
    """(failures key → message, keys attempted, examples that agreed; an example file two types
    share is checked for each)."""
    failures: dict[str, str] = {}
    ran: set[str] = set()
    cases: list[tuple[str, str, Any]] = []
    keys: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="realworld-validators-") as tmp:
        root = Path(tmp)
        for name in names or set_names():
            ran.add(f"{name} | generate validators")
            located = _generate(name, root)
            if isinstance(located, str):
                failures[f"{name} | generate validators"] = located
                continue
            for ex in manifest(name)["examples"]:
                where = located.get(ex["type"])
                if where is None:
                    continue
                key = f"{name} | example validators | {ex['file']}"
                ran.add(key)
                cases.append((where[0], where[1], json.loads((SETS / name / ex["file"]).read_text(encoding="utf-8"))))
                keys.append((key, ex["valid"]))
        answers = verdicts(root, cases) if cases else []
    agreed = 0
    for (key, expected), (valid, issues) in zip(keys, answers):
        if valid == expected:
            agreed += 1
        elif expected:
            failures[key] = "valid example rejected: " + "; ".join(
                f"{'/'.join(map(str, i['path']))}: {i['message']}" for i in issues[:3])[:400]
        else:
            failures[key] = "invalid example accepted"
    return failures, ran, agreed


def load_validator_gaps() -> dict[str, dict[str, str]]:
    return json.loads(GAPS_FILE.read_text(encoding="utf-8")) if GAPS_FILE.is_file() else {}


def main(argv: list[str]) -> int:
    failures, ran, agreed = run()
    pydantic = sum(1 for k in load_gaps() if " | example pydantic | " in k)
    for key, message in sorted(failures.items()):
        print(f"{key}: {message}")
    print(f"example files: {sum(1 for k in ran if ' | example validators | ' in k)}, agreeing checks: {agreed}, "
          f"failures: {len(failures)} (Pydantic's known example gaps: {pydantic})")
    if "--update-gaps" in argv:
        known = load_validator_gaps()
        out = {k: {**known.get(k, {"reason": "TODO"}), "observed": v} for k, v in sorted(failures.items())}
        GAPS_FILE.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
