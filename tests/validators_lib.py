"""Run instances through generated TypeScript validators in real node, one process per batch (node
starts slowly on this machine): the modules are bundled with the pinned esbuild, then run under
`node --disallow-code-generation-from-strings` (as under a strict Content-Security-Policy).

`verdicts(folder, cases)`: folder is a validators output folder (its declarations beside it, as
generated); each case is (module path like "analytics/wss", validator name like "FooSchema",
instance). Each answer is (valid, issues): `is` and `validate` must agree, or it raises.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"

_HARNESS = """
import { readFileSync } from "node:fs";
%(imports)s
const modules: Record<string, Record<string, any>> = { %(table)s };
const cases = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as [string, string, unknown][];
const out: unknown[] = [];
for (const [module, name, instance] of cases) {
  const schema = modules[module]?.[name];
  if (schema === undefined) { out.push({ error: `no ${name} in ${module}` }); continue; }
  const result = schema.validate(instance);
  const std = schema["~standard"].validate(instance);
  out.push({ valid: result.issues === undefined, is: schema.is(instance), std: std.issues === undefined,
             issues: result.issues ?? null });
}
process.stdout.write(JSON.stringify(out));
"""


def node_available() -> bool:
    return ESBUILD.exists() and shutil.which("node") is not None


def bundle(folder: Path, modules: list[str], dest: Path, harness: str = _HARNESS) -> Path:
    """One ES module bundle running the harness over the given validators modules."""
    imports = "\n".join(f'import * as m{i} from {json.dumps(str(folder / m) + ".js")};' for i, m in enumerate(modules))
    table = ", ".join(f"{json.dumps(m)}: m{i}" for i, m in enumerate(modules))
    entry = dest / "harness.ts"
    entry.write_text(harness % {"imports": imports, "table": table}, encoding="utf-8")
    out = dest / "harness.mjs"
    result = subprocess.run([str(ESBUILD), str(entry), "--bundle", "--platform=node", "--format=esm",
                             "--log-level=error", f"--outfile={out}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


def verdicts(folder: Path, cases: list[tuple[str, str, Any]]) -> list[tuple[bool, list[dict[str, Any]]]]:
    if not cases:
        return []
    modules = sorted({m for m, _, _ in cases})
    with tempfile.TemporaryDirectory(prefix="validators-") as tmp:
        script = bundle(folder, modules, Path(tmp))
        data = Path(tmp) / "cases.json"
        data.write_text(json.dumps(cases), encoding="utf-8")  # ASCII: a lone surrogate travels as \\ud83d
        result = subprocess.run(["node", "--disallow-code-generation-from-strings", "--stack-size=4000", str(script),
                                 str(data)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout)
    out = []
    for case, answer in zip(cases, answers):
        assert "error" not in answer, answer["error"]
        assert answer["valid"] == answer["is"] == answer["std"], (case, answer)
        out.append((answer["valid"], answer["issues"] or []))
    return out
