"""Speed and memory of schemagen beside datamodel-code-generator: `python -m tests.bench` (`make bench`).

One run measures, at 100, 1,000 and 3,000 definitions of the synthetic corpus (tests/bench_corpus.py,
20 definitions a file), each command in its own child process:
- cold generation, all three targets and each target alone (empty output folder, empty cache),
  beside datamodel-code-generator's Pydantic and TypedDict runs (its defaults: black + isort);
  and with the cache of the round before (warm: the output folder empty, the cache full);
- the same cold and warm runs beside dcg's on a second corpus of 1,000 definitions
  (tests/bench_corpus_bases.py: recursion through allOf bases, untagged unions, constraints);
- every real-world set (tests/bench_realworld.py; `BENCH_REALWORLD=0` skips it), in its own table;
- the huge single schemas beside json-schema-to-typescript (tests/bench_huge.py; `BENCH_HUGE=0`);
- a no-change `check` and `generate`, and a `generate` after one file of the corpus changed;
- importing every module of the generated Pydantic and TypedDict packages, ours and dcg's;
- `schemagen --help`, and a no-change check/generate on this repo's own schemas.
CPU is the child's user + system seconds (from `os.wait4`'s rusage), so the load of a shared
machine mostly cancels out; wall seconds are printed beside it because the no-change targets are
wall-clock. Peak memory is the child's maximum RSS. Prints the table, writes reports/bench.md and
the measured section of docs/limits.md. `--quick` runs 100 definitions only; `--big` adds 10,000
definitions (schemagen only, cold). Deep, wide and long single schemas: tests/bench_stress.py.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench_corpus import edit_one, write_corpus

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIZES = (100, 1000, 3000)
MARK_START = "<!-- bench:start (written by `make bench`) -->"
MARK_END = "<!-- bench:end -->"
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "900"))  # wall seconds per child process
IMPORT_TIMEOUT = float(os.environ.get("BENCH_IMPORT_TIMEOUT", "180"))


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds of the child
    wall: float
    peak_mb: float
    ok: bool
    err: str = ""


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = TIMEOUT) -> Run:
    """Run `cmd` as a child; its own CPU seconds and peak RSS come from wait4's rusage. A child
    still running after `timeout` wall seconds is killed and reported as failed."""
    import threading

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    ok = proc.returncode == 0 and not killed.is_set()
    message = f"timed out after {timeout:.0f} s wall" if killed.is_set() else err.decode("utf-8", "replace")[-1500:]
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, ok, "" if ok else message)


def best(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, times: int = 1,
         before: Any = None) -> Run:
    """The least CPU of `times` runs (load on a shared machine only ever adds)."""
    runs = []
    for _ in range(times):
        if before is not None:
            before()
        runs.append(measure(cmd, cwd, env))
    failed = [r for r in runs if not r.ok]
    return failed[0] if failed else min(runs, key=lambda r: r.cpu)


def schemagen(*args: str) -> list[str]:
    return [str(BIN / "schemagen"), *args]


PROJECT = '[tool.schemagen]\nschemas = "schemas"\nout = "out"\npython_package = "bench_models"\n'


def sg_args(action: str, *extra: str) -> list[str]:
    """`schemagen <action> -q` in a corpus folder whose pyproject.toml names schemas/, out/ and the
    package: the form a pre-commit hook or CI runs."""
    return schemagen(action, "-q", *extra)


def dcg(model_type: str, out: str) -> list[str]:
    return [str(BIN / "datamodel-codegen"), "--input", "schemas", "--input-file-type", "jsonschema",
            "--output", out, "--output-model-type", model_type]


IMPORT_ALL = (
    "import importlib, pathlib, sys; root = pathlib.Path(sys.argv[1]); sys.path.insert(0, str(root.parent)); "
    "[importlib.import_module('.'.join(p.relative_to(root.parent).with_suffix('').parts).removesuffix('.__init__')) "
    "for p in sorted(root.rglob('*.py'))]; "
    "print('pydantic' in sys.modules)"
)


def import_run(package: Path) -> Run:
    """Import every module of a generated package in a fresh interpreter."""
    return measure([sys.executable, "-c", IMPORT_ALL, str(package)], package.parent, timeout=IMPORT_TIMEOUT)


def imports_pydantic(package: Path) -> bool:
    """Whether importing every module of the package imports pydantic (a lazy import inside a
    validator that runs only when pydantic builds a schema does not count)."""
    proc = subprocess.run([sys.executable, "-c", IMPORT_ALL, str(package)], cwd=package.parent,
                          capture_output=True, text=True, timeout=IMPORT_TIMEOUT)
    return proc.stdout.strip().endswith("True")


def compile_schemagen() -> None:
    """Write schemagen's bytecode (`__pycache__`) as `pip install` does for an installed package:
    an editable install under PYTHONDONTWRITEBYTECODE would otherwise compile every imported
    module from source in every measured run (a tenth of a no-change run), which no user's
    installation does and dcg's installed package does not either."""
    import compileall
    import schemagen

    compileall.compile_dir(str(Path(schemagen.__file__).resolve().parent), quiet=1)


def bench_size(n: int, work: Path, repeat: int) -> dict[str, Any]:
    folder = work / f"n{n}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    size = write_corpus(n, folder / "schemas")
    (folder / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    cache = folder / "cache"
    env = {"SCHEMAGEN_CACHE_DIR": str(cache)}

    def fresh() -> None:
        shutil.rmtree(folder / "out", ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    r: dict[str, Any] = {"n": n, "files": n // 20, "input_mb": size / 1e6}
    for target in ("pydantic", "typeddict", "typescript"):
        r[f"cold_{target}"] = best(sg_args("generate", "--target", target), folder, env, repeat, fresh)
    r["cold_all"] = best(sg_args("generate"), folder, env, repeat, fresh)
    r["warm_all"] = best(sg_args("generate"), folder, env, repeat,
                         lambda: shutil.rmtree(folder / "out", ignore_errors=True))  # the cache of the round before
    r["out_mb"] = sum(p.stat().st_size for p in (folder / "out").rglob("*") if p.is_file()) / 1e6
    r["nochange_check"] = best(sg_args("check"), folder, env, repeat)
    r["nochange_generate"] = best(sg_args("generate"), folder, env, repeat)
    edits = iter(range(10_000))

    def edit() -> None:
        edit_one(folder / "schemas", next(edits) % (n // 20))

    r["edit_generate"] = best(sg_args("generate"), folder, env, repeat, edit)
    r["dcg_pydantic"] = best(dcg("pydantic_v2.BaseModel", "dcg_models"), folder, None, 1)
    r["dcg_typeddict"] = best(dcg("typing.TypedDict", "dcg_td"), folder, None, 1)
    ours = folder / "out" / "python"
    r["import_ours_pydantic"] = import_run(ours / "bench_models")
    r["import_ours_typeddict"] = import_run(ours / "bench_models_td")
    r["ours_td_needs_pydantic"] = imports_pydantic(ours / "bench_models_td")
    r["import_dcg_pydantic"] = import_run(folder / "dcg_models")
    r["import_dcg_typeddict"] = import_run(folder / "dcg_td")
    return r


def bench_bases(n: int, work: Path, repeat: int) -> dict[str, Any]:
    """The second corpus (tests/bench_corpus_bases.py: recursion through allOf bases, unions,
    constraints): cold and warm-cache generation of all three targets beside dcg's Pydantic run."""
    from tests.bench_corpus_bases import write_corpus as write_bases

    folder = work / f"bases{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    size = write_bases(n, folder / "schemas")
    (folder / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    cache = folder / "cache"
    env = {"SCHEMAGEN_CACHE_DIR": str(cache)}

    def fresh() -> None:
        shutil.rmtree(folder / "out", ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    return {"n": n, "files": n // 20, "input_mb": size / 1e6,
            "cold_all": best(sg_args("generate"), folder, env, repeat, fresh),
            "warm_all": best(sg_args("generate"), folder, env, repeat,
                             lambda: shutil.rmtree(folder / "out", ignore_errors=True)),
            "dcg_pydantic": best(dcg("pydantic_v2.BaseModel", "dcg_models"), folder, None, 1,
                                 lambda: shutil.rmtree(folder / "dcg_models", ignore_errors=True))}


def bench_repo(work: Path, repeat: int) -> dict[str, Run]:
    """No-change check and generate on a copy of this repo's schemas and committed output."""
    folder = work / "repo"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("schemas", "generated"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    env = {"SCHEMAGEN_CACHE_DIR": str(folder / "cache")}
    warm = measure(schemagen("generate", "-q"), folder, env)  # fills the cache, writes nothing new
    return {
        "warm_up": warm,
        "check": best(schemagen("check", "-q"), folder, env, max(repeat, 3)),
        "generate": best(schemagen("generate", "-q"), folder, env, max(repeat, 3)),
        "help": best(schemagen("--help"), folder, env, 5),
    }


def bench_big(work: Path) -> Run:
    folder = work / "n10000"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(10_000, folder / "schemas")
    (folder / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    return measure(sg_args("generate"), folder, {"SCHEMAGEN_CACHE_DIR": str(folder / "cache")})


# -- the report ---------------------------------------------------------------------------------

def _cpu(run: Run) -> str:
    if run.ok:
        return f"{run.cpu:.2f}"
    return "timed out" if run.err.startswith("timed out") else "FAILED"


def _ratio(a: Run, b: Run) -> str:
    return f"{a.cpu / b.cpu:.2f}x" if a.ok and b.ok and b.cpu else "–"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**met**" if ok else "**unmet**")


def _both(a: Run, b: Run, limit: float) -> bool | None:
    return None if not (a.ok and b.ok) else a.cpu <= limit * b.cpu


def report(rows: list[dict[str, Any]], repo: dict[str, Run] | None, big: Run | None,
           bases: dict[str, Any] | None = None) -> str:
    out = [
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores (shared). CPU = the child process's user + system",
        "seconds (`os.wait4` rusage); wall in brackets where a target is wall-clock; peak = the child's max RSS.",
        "Corpus: tests/bench_corpus.py (20 definitions a file: objects with constraints, enums, tagged unions,",
        "allOf extension, recursion; cross-file refs). dcg = datamodel-code-generator with its defaults",
        "(black + isort). Cold = empty output folder and empty cache.", "",
        "| | " + " | ".join(f"{r['n']:,} defs ({r['files']} files)" for r in rows) + " |",
        "| --- |" + " ---: |" * len(rows),
    ]

    def line(label: str, cell: Any) -> None:
        out.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")

    line("schemagen cold, all three targets: CPU s", lambda r: _cpu(r["cold_all"]))
    line("schemagen cold, Pydantic: CPU s", lambda r: _cpu(r["cold_pydantic"]))
    line("schemagen cold, TypedDict: CPU s", lambda r: _cpu(r["cold_typeddict"]))
    line("schemagen cold, TypeScript: CPU s", lambda r: _cpu(r["cold_typescript"]))
    line("dcg Pydantic: CPU s", lambda r: _cpu(r["dcg_pydantic"]))
    line("dcg TypedDict: CPU s", lambda r: _cpu(r["dcg_typeddict"]))
    line("schemagen warm cache (output folder empty), all three: CPU s", lambda r: _cpu(r["warm_all"]))
    line("all three / dcg Pydantic", lambda r: _ratio(r["cold_all"], r["dcg_pydantic"]))
    line("warm all three / dcg Pydantic", lambda r: _ratio(r["warm_all"], r["dcg_pydantic"]))
    line("all three / (dcg Pydantic + TypedDict)", lambda r: (
        f"{r['cold_all'].cpu / (r['dcg_pydantic'].cpu + r['dcg_typeddict'].cpu):.2f}x"
        if r["cold_all"].ok and r["dcg_pydantic"].ok and r["dcg_typeddict"].ok else "–"))
    line("Pydantic / dcg Pydantic", lambda r: _ratio(r["cold_pydantic"], r["dcg_pydantic"]))
    line("TypedDict / dcg TypedDict", lambda r: _ratio(r["cold_typeddict"], r["dcg_typeddict"]))
    line("no-change check: CPU s (wall)", lambda r: f"{_cpu(r['nochange_check'])} ({r['nochange_check'].wall:.2f})")
    line("no-change generate: CPU s (wall)", lambda r: f"{_cpu(r['nochange_generate'])} ({r['nochange_generate'].wall:.2f})")
    line("generate after a one-file edit: CPU s (wall)", lambda r: f"{_cpu(r['edit_generate'])} ({r['edit_generate'].wall:.2f})")
    line("peak memory, cold all three: MB", lambda r: f"{r['cold_all'].peak_mb:.0f}")
    line("peak memory, dcg Pydantic: MB", lambda r: f"{r['dcg_pydantic'].peak_mb:.0f}")
    line("import Pydantic package, ours: CPU s / MB", lambda r: f"{_cpu(r['import_ours_pydantic'])} / {r['import_ours_pydantic'].peak_mb:.0f}")
    line("import Pydantic package, dcg: CPU s / MB", lambda r: f"{_cpu(r['import_dcg_pydantic'])} / {r['import_dcg_pydantic'].peak_mb:.0f}")
    line("import Pydantic, ours / dcg", lambda r: _ratio(r["import_ours_pydantic"], r["import_dcg_pydantic"]))
    line("import TypedDict package, ours: CPU s / MB", lambda r: f"{_cpu(r['import_ours_typeddict'])} / {r['import_ours_typeddict'].peak_mb:.0f}")
    line("import TypedDict package, dcg: CPU s / MB", lambda r: f"{_cpu(r['import_dcg_typeddict'])} / {r['import_dcg_typeddict'].peak_mb:.0f}")
    line("import TypedDict, ours / dcg", lambda r: _ratio(r["import_ours_typeddict"], r["import_dcg_typeddict"]))
    line("our TypedDict package imports pydantic", lambda r: "yes" if r["ours_td_needs_pydantic"] else "no")
    line("input / our output: MB", lambda r: f"{r['input_mb']:.1f} / {r['out_mb']:.1f}")

    by_n = {r["n"]: r for r in rows}
    k = by_n.get(1000)
    targets: list[tuple[str, str, bool | None]] = []
    if k:
        targets += [
            ("cold all three ≤ 0.1x dcg Pydantic (1,000)", _ratio(k["cold_all"], k["dcg_pydantic"]),
             _both(k["cold_all"], k["dcg_pydantic"], 0.1)),
            ("no-change check ≤ 1 s wall (1,000)", f"{k['nochange_check'].wall:.2f} s", k["nochange_check"].wall <= 1),
            ("no-change generate ≤ 1 s wall (1,000)", f"{k['nochange_generate'].wall:.2f} s", k["nochange_generate"].wall <= 1),
            ("one-file edit ≤ 1 s wall (1,000)", f"{k['edit_generate'].wall:.2f} s", k["edit_generate"].wall <= 1),
            ("import Pydantic ≤ 0.5x dcg CPU (1,000)", _ratio(k["import_ours_pydantic"], k["import_dcg_pydantic"]),
             _both(k["import_ours_pydantic"], k["import_dcg_pydantic"], 0.5)),
            ("import Pydantic memory ≤ dcg's (1,000)",
             f"{k['import_ours_pydantic'].peak_mb:.0f} vs {k['import_dcg_pydantic'].peak_mb:.0f} MB",
             k["import_ours_pydantic"].peak_mb <= k["import_dcg_pydantic"].peak_mb),
            ("TypedDict package imports without pydantic", "imports pydantic" if k["ours_td_needs_pydantic"] else "no pydantic",
             not k["ours_td_needs_pydantic"]),
            ("import TypedDict ≤ 1.5x dcg (1,000)", _ratio(k["import_ours_typeddict"], k["import_dcg_typeddict"]),
             _both(k["import_ours_typeddict"], k["import_dcg_typeddict"], 1.5)),
        ]
    if 100 in by_n and 3000 in by_n and by_n[100]["cold_all"].ok and by_n[3000]["cold_all"].ok:
        exponent = math.log(by_n[3000]["cold_all"].cpu / by_n[100]["cold_all"].cpu) / math.log(30)
        targets.append(("scaling exponent ≤ 1.05 (cold CPU, 100 → 3,000)", f"{exponent:.2f}", exponent <= 1.05))
    if 3000 in by_n:
        peak = by_n[3000]["cold_all"].peak_mb
        targets.append(("peak memory ≤ 300 MB (3,000)", f"{peak:.0f} MB", peak <= 300))
    if big is not None:
        targets.append(("10,000 definitions cold ≤ 10 s", f"{_cpu(big)} s CPU ({big.wall:.1f} s wall, {big.peak_mb:.0f} MB)",
                        big.ok and big.cpu <= 10))
    if repo is not None:
        targets += [
            ("no-change check ≤ 0.3 s wall (this repo)", f"{repo['check'].wall:.2f} s ({_cpu(repo['check'])} CPU)",
             repo["check"].ok and repo["check"].wall <= 0.3),
            ("no-change generate ≤ 0.3 s wall (this repo)", f"{repo['generate'].wall:.2f} s ({_cpu(repo['generate'])} CPU)",
             repo["generate"].ok and repo["generate"].wall <= 0.3),
            ("`schemagen --help` ≤ 0.15 s", f"{repo['help'].wall:.2f} s wall ({_cpu(repo['help'])} CPU)",
             repo["help"].ok and repo["help"].wall <= 0.15),
        ]
    if bases is not None:
        b = bases
        out += ["", f"Second corpus (tests/bench_corpus_bases.py, {b['n']:,} definitions in {b['files']} files, "
                f"{b['input_mb']:.1f} MB: recursion through allOf bases, untagged unions, constraints):", "",
                "| | CPU s | / dcg Pydantic |", "| --- | ---: | ---: |",
                f"| schemagen cold, all three targets | {_cpu(b['cold_all'])} | {_ratio(b['cold_all'], b['dcg_pydantic'])} |",
                f"| schemagen warm cache, all three targets | {_cpu(b['warm_all'])} | {_ratio(b['warm_all'], b['dcg_pydantic'])} |",
                f"| dcg Pydantic | {_cpu(b['dcg_pydantic'])} | |"]
        targets.append((f"cold all three ≤ 0.1x dcg Pydantic ({b['n']:,}, second corpus)",
                        _ratio(b["cold_all"], b["dcg_pydantic"]), _both(b["cold_all"], b["dcg_pydantic"], 0.1)))
    out += ["", "| target (issues 11, 24) | measured | |", "| --- | --- | --- |"]
    out += [f"| {label} | {value} | {_verdict(ok)} |" for label, value, ok in targets]
    failures = [f"- {name} at {r['n']:,}: {run.err.strip().splitlines()[-1] if run.err.strip() else 'failed'}"
                for r in rows for name, run in r.items() if isinstance(run, Run) and not run.ok]
    if failures:
        out += ["", "Failures:", *failures]
    return "\n".join(out) + "\n"


def write_docs(table: str, start: str = MARK_START, end: str = MARK_END,
               heading: str = "## Beside datamodel-code-generator (`make bench`)") -> None:
    path = REPO / "docs" / "limits.md"
    text = path.read_text(encoding="utf-8")
    section = f"{start}\n{table}{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1]
    elif MARK_END in text:  # a new section after the synthetic corpus's table and its notes
        head, rest = text.split(MARK_END, 1)
        at = rest.find("\n## ")
        at = len(rest) if at < 0 else at + 1
        text = head + MARK_END + rest[:at].rstrip("\n") + "\n\n" + heading + "\n\n" + section + "\n\n" + rest[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + heading + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


REALWORLD_START = "<!-- bench-realworld:start (written by `make bench`) -->"
REALWORLD_END = "<!-- bench-realworld:end -->"
HUGE_START = "<!-- bench-huge:start (written by `make bench`) -->"
HUGE_END = "<!-- bench-huge:end -->"


def main(argv: list[str]) -> int:
    sizes = (100,) if "--quick" in argv else SIZES
    if os.environ.get("BENCH_SIZES"):  # e.g. BENCH_SIZES=100,1000 on a busy machine
        sizes = tuple(int(n) for n in os.environ["BENCH_SIZES"].split(","))
    repeat = 2 if "--repeat" in argv else 1
    compile_schemagen()
    rows = []
    with tempfile.TemporaryDirectory(prefix="schemagen-bench-") as tmp:
        work = Path(tmp)
        repo = bench_repo(work, repeat)
        print("repo: " + ", ".join(f"{k} {v.cpu:.2f} s CPU / {v.wall:.2f} s wall" for k, v in repo.items()), flush=True)
        for n in sizes:
            row = bench_size(n, work, repeat if n <= 1000 else 1)
            rows.append(row)
            print(f"{n:,} definitions: " + ", ".join(
                f"{k} {v.cpu:.2f}" for k, v in row.items() if isinstance(v, Run)), flush=True)
        big = bench_big(work) if "--big" in argv else None
        bases = None if "--quick" in argv else bench_bases(1000, work, repeat)
        if bases is not None:
            print("second corpus: " + ", ".join(f"{k} {v.cpu:.2f}" for k, v in bases.items() if isinstance(v, Run)), flush=True)
        real = None
        if "--quick" not in argv and os.environ.get("BENCH_REALWORLD", "1") != "0":
            from tests import bench_realworld

            real = bench_realworld.run(None, work, repeat)
        huge = None
        if "--quick" not in argv and os.environ.get("BENCH_HUGE", "1") != "0":
            from tests import bench_huge

            huge = bench_huge.run(work, 1)
        from tests.bench_review import bench_review, table as review_table  # breaking/diff (issue 23)

        review = review_table(bench_review(work, max(repeat, 2)))
    table = report(rows, repo, big, bases) + "\n" + review
    print("\n" + table)
    (REPO / "reports").mkdir(exist_ok=True)
    (REPO / "reports" / "bench.md").write_text("# schemagen beside datamodel-code-generator\n\n" + table, encoding="utf-8")
    if huge is not None:
        print("\n" + huge)
    if real is not None:
        print("\n" + real)
        (REPO / "reports" / "bench-realworld.md").write_text("# Real schemas beside datamodel-code-generator\n\n" + real,
                                                              encoding="utf-8")
    if "--quick" not in argv:
        write_docs(table)
        if real is not None:
            write_docs(real, REALWORLD_START, REALWORLD_END, "## Real schemas beside datamodel-code-generator (`make bench`)")
        if huge is not None:
            write_docs(huge, HUGE_START, HUGE_END, "## Huge schemas beside json-schema-to-typescript (`make bench`)")
        print(f"wrote {REPO / 'reports' / 'bench.md'} and the table in docs/limits.md")
    return 1 if any(isinstance(v, Run) and not v.ok for r in rows for v in r.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
