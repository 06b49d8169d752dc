"""Real schemas beside datamodel-code-generator: the real-world table of `make bench`.

Every set of tests/realworld/sets/ goes, in one run and side by side, through
- schemagen: all three targets, cold (empty output folder, `--no-cache`), as `schemagen generate -q`
  in a folder whose pyproject.toml names the set's schemas;
- datamodel-code-generator: Pydantic v2 with its defaults, the whole schemas folder as input.
CPU is each child's user + system seconds (rusage, tests/bench.py `measure`), the least of
`repeat` runs: load on a shared machine only ever adds, and CPU seconds are what it adds least to.
A set dcg cannot read is listed with its error and left out of the sum (and so is one schemagen
refuses, which tests/realworld/known_gaps.json lists).

For the largest sets, a one-file edit: `generate` with a warm cache after one JSON file of the set
changed a description (the persistent cache, as a pre-commit hook runs it).

`python -m tests.bench_realworld [set ...]` prints the table alone.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.bench import BIN, Run, best, measure

REPO = Path(__file__).resolve().parent.parent
SETS = REPO / "tests" / "realworld" / "sets"
EDIT_SETS = 4  # the one-file edit is measured on this many of the largest sets
# wall seconds before dcg is stopped; its CPU until then is a lower bound of its time ("≥" in the table)
DCG_TIMEOUT = float(os.environ.get("BENCH_DCG_TIMEOUT", "240"))


def set_names() -> list[str]:
    return sorted(p.name for p in SETS.iterdir() if (p / "set.json").is_file())


def _size(name: str) -> int:
    return sum(p.stat().st_size for p in (SETS / name / "schemas").rglob("*") if p.is_file())


def _project(folder: Path, name: str) -> None:
    package = "rw_" + "".join(c if c.isalnum() else "_" for c in name.lower())
    config = json.loads((SETS / name / "set.json").read_text(encoding="utf-8")).get("config", {})
    lines = ["[tool.schemagen]", 'schemas = "schemas"', 'out = "out"', f'python_package = "{package}"',
             f'typeddict_package = "{package}_td"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    (folder / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_set(name: str, work: Path, repeat: int) -> dict[str, Any]:
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(SETS / name / "schemas", folder / "schemas")
    _project(folder, name)

    def fresh() -> None:
        shutil.rmtree(folder / "out", ignore_errors=True)

    ours = best([str(BIN / "schemagen"), "generate", "-q", "--no-cache"], folder, None, repeat, fresh)

    def fresh_dcg() -> None:
        shutil.rmtree(folder / "dcg", ignore_errors=True)

    dcg_cmd = [str(BIN / "datamodel-codegen"), "--input", "schemas", "--input-file-type", "jsonschema",
               "--output", "dcg", "--output-model-type", "pydantic_v2.BaseModel"]
    fresh_dcg()
    dcg = measure(dcg_cmd, folder, None, timeout=DCG_TIMEOUT)  # dcg can take many minutes (and GB): once, bounded
    if dcg.ok and repeat > 1:
        dcg = min([dcg, best(dcg_cmd, folder, None, repeat - 1, fresh_dcg)], key=lambda run: run.cpu if run.ok else 1e9)
    return {"name": name, "kb": _size(name) / 1e3, "ours": ours, "dcg": dcg}


def _describe(node: Any, path: list[Any]) -> list[Any] | None:
    """The path of the first string `description` in a JSON document."""
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            return path + ["description"]
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return None
    for key, value in items:
        found = _describe(value, path + [key])
        if found is not None:
            return found
    return None


def bench_edit(name: str, work: Path, repeat: int) -> Run | None:
    """`generate` with a warm cache after a description changed in the set's largest JSON file."""
    folder = work / f"{name}-edit"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(SETS / name / "schemas", folder / "schemas")
    _project(folder, name)
    files = sorted((p for p in (folder / "schemas").rglob("*.json")), key=lambda p: p.stat().st_size, reverse=True)
    for target in files:
        document = json.loads(target.read_text(encoding="utf-8"))
        path = _describe(document, [])
        if path is not None:
            break
    else:
        return None
    env = {"SCHEMAGEN_CACHE_DIR": str(folder / "cache")}
    cmd = [str(BIN / "schemagen"), "generate", "-q"]
    warm = measure(cmd, folder, env)
    if not warm.ok:
        return warm
    edits = iter(range(1000))

    def edit() -> None:
        node = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = node[path[-1]].split(" (edit ")[0] + f" (edit {next(edits)})"
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    edit()
    measure(cmd, folder, env)  # the first run after rewriting the file also re-reads its new layout
    return best(cmd, folder, env, max(repeat, 2), edit)


def _cpu(run: Run) -> str:
    if run.ok:
        return f"{run.cpu:.2f}"
    return "timed out" if run.err.startswith("timed out") else "failed"


def _timed_out(run: Run) -> bool:
    return not run.ok and run.err.startswith("timed out")


def report(rows: list[dict[str, Any]], edits: dict[str, Run | None]) -> str:
    out = [
        "Every set of tests/realworld/sets/, one run, side by side. CPU = the child's user + system seconds",
        "(rusage), the least of the rounds; schemagen = all three targets, cold (`generate --no-cache`,",
        "empty output folder); dcg = datamodel-code-generator, Pydantic v2, its defaults (black + isort),",
        "the set's schemas folder as input. Ratio = schemagen / dcg. A dcg run still going after",
        f"{DCG_TIMEOUT:.0f} s wall is stopped: its CPU until then is a lower bound (≥), and the set counts in the sum",
        "with that bound (which only flatters dcg).", "",
        "| set | schemas KB | schemagen, all three: CPU s | dcg Pydantic: CPU s | ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    both = [r for r in rows if r["ours"].ok and (r["dcg"].ok or _timed_out(r["dcg"]))]
    for r in rows:
        bound = "≤ " if _timed_out(r["dcg"]) else ""
        ratio = f"{bound}{r['ours'].cpu / r['dcg'].cpu:.2f}x" if r in both and r["dcg"].cpu else "–"
        dcg_cell = f"≥ {r['dcg'].cpu:.2f} (stopped)" if _timed_out(r["dcg"]) else _cpu(r["dcg"])
        out.append(f"| {r['name']} | {r['kb']:.0f} | {_cpu(r['ours'])} | {dcg_cell} | {ratio} |")
    ours_sum = sum(r["ours"].cpu for r in both)
    dcg_sum = sum(r["dcg"].cpu for r in both)
    worst = max(both, key=lambda r: r["ours"].cpu / r["dcg"].cpu) if both else None
    out.append(f"| **sum over the {len(both)} sets both generate** | | **{ours_sum:.2f}** | **{dcg_sum:.2f}** | "
               f"**{ours_sum / dcg_sum:.2f}x** |" if dcg_sum else "| sum | | | | – |")
    failed = [r for r in rows if r not in both]
    if failed:
        out += ["", "Left out of the sum:"]
        for r in failed:
            for who in ("ours", "dcg"):
                run = r[who]
                if not run.ok and not (who == "dcg" and _timed_out(run)):
                    last = run.err.strip().splitlines()[-1][:200] if run.err.strip() else "failed"
                    out.append(f"- {r['name']}: {'schemagen' if who == 'ours' else 'dcg'}: {last}")
    if edits:
        out += ["", "| one-file edit (warm cache, a description changed in the set's largest JSON file) | CPU s | wall s |",
                "| --- | ---: | ---: |"]
        for name, run in edits.items():
            if run is None:
                out.append(f"| {name} | no JSON description to edit | |")
            else:
                out.append(f"| {name} | {_cpu(run)} | {run.wall:.2f} |")
    out += ["", "| target (issue 24) | measured | |", "| --- | --- | --- |"]
    if dcg_sum:
        ok = ours_sum <= 0.5 * dcg_sum
        out.append(f"| real-world sum ≤ 0.5x dcg | {ours_sum / dcg_sum:.2f}x | {'**met**' if ok else '**unmet**'} |")
    if worst is not None:
        ratio = worst["ours"].cpu / worst["dcg"].cpu
        out.append(f"| no set above 1.0x dcg | worst {worst['name']} {ratio:.2f}x | {'**met**' if ratio <= 1 else '**unmet**'} |")
    measured = [run for run in edits.values() if run is not None and run.ok]
    if measured:
        slowest = max(measured, key=lambda run: run.cpu)  # CPU: wall on a shared machine is mostly the load
        out.append(f"| one-file edit ≤ 0.5 s CPU (largest sets) | slowest {slowest.cpu:.2f} s CPU ({slowest.wall:.2f} wall) | "
                   f"{'**met**' if slowest.cpu <= 0.5 else '**unmet**'} |")
    return "\n".join(out) + "\n"


def run(names: list[str] | None, work: Path, repeat: int) -> str:
    names = names or set_names()
    rows = []
    for name in names:
        row = bench_set(name, work, repeat)
        rows.append(row)
        print(f"{name}: schemagen {_cpu(row['ours'])} s, dcg {_cpu(row['dcg'])} s", flush=True)
    largest = sorted(names, key=_size, reverse=True)[:EDIT_SETS]
    edits = {name: bench_edit(name, work, repeat) for name in largest}
    return report(rows, edits)


def main(argv: list[str]) -> int:
    """`--docs` also writes the table into docs/limits.md (as `make bench` does; all sets only)."""
    from tests.bench import REALWORLD_END, REALWORLD_START, compile_schemagen, write_docs

    compile_schemagen()
    repeat = 2 if "--repeat" in argv else 1
    names = [a for a in argv if not a.startswith("--")] or None
    with tempfile.TemporaryDirectory(prefix="schemagen-bench-rw-") as tmp:
        table = run(names, Path(tmp), repeat)
    print(table)
    if "--docs" in argv and names is None:
        write_docs(table, REALWORLD_START, REALWORLD_END, "## Real schemas beside datamodel-code-generator (`make bench`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
