"""The TypeScript validators target: every golden's and every seed schema's `examples` and
`x-invalid-examples` through the generated validators in node (code generation from strings
blocked), with the same verdict as the Pydantic model; `tsc --strict` over all of them; the
validator's output type is exactly the declared type; and a bundle of one message's validator
holds no other schema's code."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from schemagen.pipeline import build_ir, load_documents
from tests.examples_lib import collect
from tests.goldens_lib import GOLDENS, REPO, case_config, cases
from tests.support import TSC, import_generated, tsc_available
from tests.validators_lib import ESBUILD, node_available, verdicts

pytestmark = pytest.mark.skipif(not (node_available() and tsc_available()),
                                reason="node tools not installed (make test installs them)")

GENERATED = REPO / "generated"


def _pydantic_accepts(tp: Any, instance: Any) -> bool:
    try:
        TypeAdapter(tp).validate_python(instance)
    except ValidationError:
        return False
    return True


def _golden_cases() -> list[tuple[str, str, str, Any, bool, Any]]:
    """(case, module path, validator name, instance, example verdict, pydantic type) per example."""
    out = []
    for case in cases():
        config = case_config(case)
        schema, names, _ = build_ir(load_documents(config), config)
        expected = GOLDENS / case / "expected"
        for ex in collect(schema, names):
            module = import_generated(expected, f"golden_{case}.{ex.module}")
            out.append((case, ex.module.replace(".", "/"), ex.names.typescript + "Schema", ex.instance, ex.valid,
                        getattr(module, ex.names.python)))
    return out


def test_golden_examples_have_the_pydantic_verdict() -> None:
    rows = _golden_cases()
    by_case: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_case.setdefault(row[0], []).append(i)
    wrong = []
    for case, indexes in by_case.items():
        folder = GOLDENS / case / "expected" / "validators"
        answers = verdicts(folder, [(rows[i][1], rows[i][2], rows[i][3]) for i in indexes])
        for i, (valid, issues) in zip(indexes, answers):
            _, module, name, instance, expected, tp = rows[i]
            pydantic = _pydantic_accepts(tp, instance)
            if valid != pydantic or valid != expected:
                wrong.append(f"{case} {module}.{name} {json.dumps(instance)[:200]}: validators {valid}, "
                             f"pydantic {pydantic}, example {'valid' if expected else 'invalid'} {issues[:2]}")
            if not valid:
                assert issues and all(isinstance(x["message"], str) and isinstance(x["path"], list) for x in issues)
    assert not wrong, "\n".join(wrong)


def test_seed_examples_have_the_pydantic_verdict() -> None:
    from schemagen.config import load_config

    config = load_config(REPO)
    schema, names, _ = build_ir(load_documents(config), config)
    examples = collect(schema, names)
    assert examples
    answers = verdicts(GENERATED / "validators",
                       [(ex.module.replace(".", "/"), ex.names.typescript + "Schema", ex.instance) for ex in examples])
    wrong = []
    for ex, (valid, issues) in zip(examples, answers):
        module = import_generated(GENERATED, f"{config.python_package}.{ex.module}")
        pydantic = _pydantic_accepts(getattr(module, ex.names.python), ex.instance)
        if valid != pydantic or valid != ex.valid:
            wrong.append(f"{ex.id}: validators {valid}, pydantic {pydantic}, example {ex.valid}: {issues[:2]}")
    assert not wrong, "\n".join(wrong)


def test_issues_are_located() -> None:
    """A UI can show where each problem is: a path of keys and indexes, every problem listed."""
    frame = {"type": "new_raw_message", "payload": {"message": {"id": "x", "fromUser": {}, "text": 5}}}
    [(valid, issues)] = verdicts(GENERATED / "validators", [("analytics/wss", "IncomingWssMessageSchema", frame)])
    assert not valid
    paths = sorted(tuple(i["path"]) for i in issues)
    assert len(paths) >= 3 and all(p[:2] == ("payload", "message") for p in paths), issues


def _tsconfig(tmp: Path, include: list[str]) -> Path:
    config = {
        "compilerOptions": {"strict": True, "noEmit": True, "target": "es2022", "module": "nodenext",
                            "moduleResolution": "nodenext", "noUnusedLocals": True, "noImplicitOverride": True,
                            "exactOptionalPropertyTypes": True, "noUncheckedIndexedAccess": True},
        "include": include,
    }
    path = tmp / "tsconfig.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def test_validators_pass_tsc_strict(tmp_path: Path) -> None:
    roots = [GOLDENS / case / "expected" for case in cases()] + [GENERATED]
    include = [str(r / t / "**" / "*.ts") for r in roots for t in ("typescript", "validators") if (r / t).is_dir()]
    result = subprocess.run([str(TSC), "-p", str(_tsconfig(tmp_path, include))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_output_type_is_the_declared_type(tmp_path: Path) -> None:
    """For every seed type X: StandardSchemaV1.InferOutput<typeof XSchema> and X are mutually
    assignable, and `is` narrows an unknown to X."""
    from schemagen.config import load_config

    config = load_config(REPO)
    schema, names, _ = build_ir(load_documents(config), config)
    lines = ['import type { StandardSchemaV1 } from "./validators/_schemagen.js";',
             "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;"]
    for i, module in enumerate(schema.modules):
        path = module.name.replace(".", "/")
        lines.append(f'import type * as T{i} from "./typescript/{path}.js";')
        lines.append(f'import * as V{i} from "./validators/{path}.js";')
        for t in module.types:
            name = names[t.key].typescript
            lines.append(f"export const same_{i}_{name}: Same<StandardSchemaV1.InferOutput<typeof V{i}.{name}Schema>, "
                         f"T{i}.{name}> = true;")
            lines.append(f"export function narrow_{i}_{name}(x: unknown): T{i}.{name} | undefined "
                         f"{{ return V{i}.{name}Schema.is(x) ? x : undefined; }}")
    probe = GENERATED / "_types_probe.ts"
    try:
        probe.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = subprocess.run([str(TSC), "-p", str(_tsconfig(tmp_path, [str(probe)]))], capture_output=True, text=True)
    finally:
        probe.unlink()
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_validator_bundles_alone() -> None:
    """Tree-shaking: a page importing one message's validator from the index gets its types'
    checks and the runtime it uses, not the other schemas' code."""
    index = json.dumps(str(GENERATED / "validators" / "index.js"))
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in (("one", f"import {{ ChatRequestSchema }} from {index};\n"
                                     "export const ok = ChatRequestSchema.is(globalThis);\n"),
                             ("all", f"export * from {index};\n")):
            entry = Path(tmp) / f"{name}.ts"
            entry.write_text(source, encoding="utf-8")
            out = Path(tmp) / f"{name}.js"
            result = subprocess.run([str(ESBUILD), str(entry), "--bundle", "--format=esm", "--minify", "--platform=browser",
                                     f"--outfile={out}", "--log-level=error"], capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            sizes[name] = out.read_text(encoding="utf-8")
    one = sizes["one"]
    assert "assistant" in one  # the chat request's own role enum is there
    for other in ("session.update", "join_status", "keepalive", "connection_ack", "transport"):
        assert other not in one, other
    assert len(one) * 10 < len(sizes["all"]), (len(one), len(sizes["all"]))


def test_review_commands_run_with_the_validators_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`breaking` and `diff` (whose per-target findings for the validators are another issue's)
    do not crash when the validators target is configured, and `check` sees its drift."""
    from tests.review.helpers import breaking, cli

    pyproject = ('[tool.schemagen]\nschemas = "schemas"\nout = "generated"\n'
                 'targets = ["pydantic", "typeddict", "typescript", "validators"]\n')
    old = {"a.yaml": """
        $defs:
          Thing:
            type: object
            required: [id]
            properties:
              id: {type: string, minLength: 1}
              n: {type: integer}
        """}
    new = {"a.yaml": """
        $defs:
          Thing:
            type: object
            required: [id, n]
            properties:
              id: {type: string, minLength: 2}
              n: {type: string}
        """}
    code, findings = breaking(tmp_path, old, new, monkeypatch, pyproject=pyproject)
    assert code == 1 and findings
    code, out, err = cli(tmp_path / "new", "diff", "--against", str(tmp_path / "old" / "schemas"), "--format", "json",
                         monkeypatch=monkeypatch)
    assert code in (0, 1), err
    assert json.loads(out)["findings"]
    code, _, err = cli(tmp_path / "new", "generate", monkeypatch=monkeypatch)
    assert code == 0, err
    assert (tmp_path / "new" / "generated" / "validators" / "a.ts").is_file()
    (tmp_path / "new" / "generated" / "validators" / "a.ts").write_text("// edited\n", encoding="utf-8")
    code, out, _ = cli(tmp_path / "new", "check", monkeypatch=monkeypatch)
    assert code == 1 and "validators/a.ts" in out
