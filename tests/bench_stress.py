"""Speed and memory of schemagen on big and deep schemas: `python -m tests.bench_stress` (`make bench-stress`).

Each case runs in a fresh subprocess (so peak RSS is that case's alone) through `generate()` and
one write into a temporary folder; stage times come from the same run. Prints a table and writes
reports/bench-stress.md. `--quick` runs smaller sizes (for a smoke check).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.setrecursionlimit(100_000)


def deep(n: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string"}
    for i in range(n):
        node = {"type": "object", "properties": {f"level{i}": node}}
    return {"$defs": {"Deep": node}}


def wide(n: int) -> dict[str, Any]:
    return {"$defs": {"Wide": {"type": "object", "properties": {
        f"p{i}": {"type": "string", "description": f"property {i}"} for i in range(n)}}}}


def many(n: int) -> dict[str, Any]:
    """n definitions, each an object referring to an earlier one (a tree of depth log2 n)."""
    defs: dict[str, Any] = {"T0": {"type": "object", "properties": {"n": {"type": "integer"}}}}
    for i in range(1, n):
        defs[f"T{i}"] = {"type": "object", "required": ["n"], "properties": {
            "n": {"type": "integer", "minimum": 0}, "parent": {"$ref": f"#/$defs/T{i // 2}"},
            "tag": {"enum": ["a", "b"]}}}
    return {"$defs": defs}


def long(n: int) -> dict[str, Any]:
    return {"$defs": {"Long": {"type": "object", "description": ('line """ */ \\ ' * (n // 15 + 1))[:n],
                               "properties": {"a": {"type": "string"}}}}}


CASES = {"deep": deep, "wide": wide, "many": many, "long": long}
FULL = [("deep", 200), ("deep", 400), ("wide", 1000), ("wide", 2000), ("many", 2500), ("many", 5000),
        ("many", 10000), ("long", 1_000_000)]
QUICK = [("deep", 100), ("wide", 300), ("many", 500), ("long", 100_000)]


def run_one(kind: str, n: int) -> dict[str, Any]:
    """In this (fresh) process: build the schema, generate, write; return timings and peak RSS."""
    from schemagen.output import sync
    from schemagen.config import load_config
    from schemagen.deepstack import call_deep
    from schemagen.output.emit import emit
    from schemagen.pipeline import build_ir, load_documents

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "schemas").mkdir()
        text = json.dumps(CASES[kind](n), indent=1)
        (root / "schemas" / f"{kind}.json").write_text(text, encoding="utf-8")
        config = load_config(root, None, {"schemas": str(root / "schemas"), "out": str(root / "out")})
        stages: dict[str, float] = {}

        def pipeline() -> dict[str, str]:
            t = time.perf_counter()
            docs = load_documents(config)
            stages["load"] = time.perf_counter() - t
            t = time.perf_counter()
            schema, names, _ = build_ir(docs, config)
            stages["validate+lower+name"] = time.perf_counter() - t
            t = time.perf_counter()
            files, _, _ = emit(schema, names, config, None)
            stages["plan+render+format"] = time.perf_counter() - t
            return files

        start = time.perf_counter()
        files = call_deep(pipeline)
        t = time.perf_counter()
        sync.write(files, config.out, sync.compare(files, config.out))
        stages["write"] = time.perf_counter() - t
        total = time.perf_counter() - start
        size = sum(len(v) for v in files.values())
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"kind": kind, "n": n, "input_bytes": len(text), "output_bytes": size, "seconds": total,
            "peak_mb": peak_kb / 1024, "stages": stages}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1], int(argv[2]))))
        return 0
    cases = QUICK if "--quick" in argv else FULL
    rows = []
    for kind, n in cases:
        proc = subprocess.run([sys.executable, "-m", "tests.bench_stress", "--one", kind, str(n)], cwd=REPO,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{kind} {n}: FAILED\n{proc.stderr[-2000:]}", file=sys.stderr)
            rows.append({"kind": kind, "n": n, "failed": proc.stderr.strip().splitlines()[-1:]})
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(_line(row), flush=True)
    report = _report(rows)
    (REPO / "reports").mkdir(exist_ok=True)
    (REPO / "reports" / "bench-stress.md").write_text(report, encoding="utf-8")
    print(f"\nwrote {REPO / 'reports' / 'bench-stress.md'}")
    return 1 if any("failed" in r for r in rows) else 0


def _line(row: dict[str, Any]) -> str:
    s = row["stages"]
    return (f"{row['kind']:>5} {row['n']:>9,}  {row['seconds']:7.2f} s  {row['peak_mb']:7.0f} MB  "
            f"in {row['input_bytes'] / 1e6:6.2f} MB  out {row['output_bytes'] / 1e6:6.2f} MB  "
            + "  ".join(f"{k} {v:.2f}" for k, v in s.items()))


def _report(rows: list[dict[str, Any]]) -> str:
    lines = [
        "# schemagen benchmark", "",
        f"Python {sys.version.split()[0]}, one process per case, generate + write, all three targets.", "",
        "| case | size | total s | peak RSS MB | input MB | output MB | load s | validate+lower+name s | plan+render+format s | write s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if "failed" in r:
            lines.append(f"| {r['kind']} | {r['n']:,} | FAILED: {' '.join(r['failed'])} | | | | | | | |")
            continue
        s = r["stages"]
        lines.append(
            f"| {r['kind']} | {r['n']:,} | {r['seconds']:.2f} | {r['peak_mb']:.0f} | {r['input_bytes'] / 1e6:.2f} | "
            f"{r['output_bytes'] / 1e6:.2f} | {s['load']:.2f} | {s['validate+lower+name']:.2f} | "
            f"{s['plan+render+format']:.2f} | {s['write']:.2f} |"
        )
    lines += ["", "Cases: `deep` N levels of nested objects; `wide` one object with N properties; `many` N",
              "definitions, each referring to an earlier one; `long` one description of N characters.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
