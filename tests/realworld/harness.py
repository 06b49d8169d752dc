"""Run every real-world set through schemagen and record what went wrong, stage by stage.

A set is generated as a user would (the pipeline's own stages: load, validate, lower, name, emit
with black), in a worker process of its own (two at a time: the machine has two cores), into
`<work>/py/<package>` and `<work>/ts/<set>/`. Then, in this process: every generated module is
imported (Pydantic and TypedDict), every published example is parsed from its JSON text by the
Pydantic type and by `TypeAdapter` over the TypedDict, and must reach jsonschema's verdict; the
TypeScript of all sets and one `const` per valid example are compiled by one `tsc --strict`, and
all Python packages are checked by one `mypy --strict`.

Failures are keyed `<set> | <stage>` or `<set> | <stage> | <example file>` so known_gaps.json can
list each one with its cause, and a fixed one shows up as stale.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import json
import os
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemagen.diagnostics import SchemaError

HERE = Path(__file__).resolve().parent
SETS = HERE / "sets"
GAPS_FILE = HERE / "known_gaps.json"
STAGES = ("generate", "import pydantic", "import typeddict", "mypy", "tsc",
          "example pydantic", "example typeddict", "example tsc", "example type", "referee")


def set_names(slow: bool | None = None) -> list[str]:
    """Every set; `slow` (default: the SCHEMAGEN_REALWORLD_SLOW setting) includes the sets whose
    generation takes minutes (issue 10's class 10), which `make test` leaves to `make realworld-slow`."""
    if slow is None:
        slow = os.environ.get("SCHEMAGEN_REALWORLD_SLOW") == "1"
    return sorted(p.name for p in SETS.iterdir() if (p / "set.json").is_file() and (slow or not manifest(p.name).get("slow")))


def manifest(name: str) -> dict[str, Any]:
    return json.loads((SETS / name / "set.json").read_text(encoding="utf-8"))


def package_of(name: str) -> str:
    return "rw_" + re.sub(r"[^a-z0-9]+", "_", name.lower())


# --- generation, in a worker process ------------------------------------------------------------

def generate_set(name: str, work: str) -> dict[str, Any]:
    """Generate one set and write its files; return a JSON-able summary (runs in a worker)."""
    from schemagen.config import load_config
    from schemagen.deepstack import call_deep
    from schemagen.diagnostics import SchemaError
    from schemagen.frontend.load import uri_for
    from schemagen.output.emit import emit
    from schemagen.pipeline import build_ir, load_documents

    root = Path(work)
    pkg = package_of(name)
    overrides = {"schemas": str(SETS / name / "schemas"), "out": str(root / "out" / name), "python_package": pkg,
                 "typeddict_package": pkg + "_td", **manifest(name).get("config", {})}

    def run() -> tuple[Any, Any, Any]:
        config = load_config(root, None, overrides)
        docs = load_documents(config)
        schema, names, diags = build_ir(docs, config)
        files, _, emitted = emit(schema, names, config, None, docs)
        errors = [d for d in list(diags) + list(emitted) if d.severity == "error"]
        if errors:
            raise SchemaError(errors)
        return schema, names, files

    import time

    started = time.process_time()
    try:
        schema, names, files = call_deep(run)
    except SchemaError as exc:
        errors = [d for d in exc.diagnostics if d.severity == "error"]
        unlocated = [d.format() for d in errors if d.location is None]
        return {"status": "refused", "codes": sorted({d.code for d in errors}), "unlocated": unlocated,
                "message": refusal(exc)}
    except BaseException as exc:  # a crash: exit 3 for a user, a defect for us
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return {"status": "crash", "message": f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ''}"
                f" at {Path(frame.filename).name}:{frame.lineno}"}
    for path, text in files.items():
        if path.startswith("python/"):
            target = root / "py" / path[len("python/"):]
        elif path.startswith("typescript/"):
            target = root / "ts" / name / path[len("typescript/"):]
        else:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    types = schema.types_by_key()
    refs = {e["type"] for e in manifest(name)["examples"]}
    located = {}
    for ref in refs:
        rel, _, fragment = ref.partition("#")
        key = f"{uri_for(rel)}#{fragment}"
        if key in names and key in types:
            located[ref] = {"module": types[key].module, "python": names[key].python, "typescript": names[key].typescript}
    return {"status": "ok", "modules": [m.name for m in schema.modules], "types": len(types), "examples": located,
            "cpu_seconds": round(time.process_time() - started, 1)}


# --- the whole corpus ---------------------------------------------------------------------------

@dataclass
class Corpus:
    work: Path
    generated: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # gap key → what happened
    examples_checked: dict[str, int] = field(default_factory=dict)  # stage → examples that agreed
    ran: set[str] = field(default_factory=set)  # "<set> | <stage>" that were attempted

    def fail(self, key: str, message: str) -> None:
        self.failures[key] = self.tidy(message)

    def tidy(self, message: str) -> str:
        """Without this machine's folders, so the recorded message reads the same on every checkout."""
        return message.replace(str(SETS) + "/", "").replace(str(self.work) + "/", "")[:600]


def build(work: Path, names: list[str] | None = None, workers: int = 2) -> Corpus:
    names = names or set_names()
    corpus = Corpus(work)
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(generate_set, n, str(work)): n for n in names}
        for future in concurrent.futures.as_completed(futures):
            n = futures[future]
            try:
                corpus.generated[n] = future.result()
            except Exception as exc:  # the worker itself died
                corpus.generated[n] = {"status": "crash", "message": f"worker: {type(exc).__name__}: {exc}"[:400]}
            if os.environ.get("SCHEMAGEN_REALWORLD_PROGRESS"):
                r = corpus.generated[n]
                print(f"  {n}: {r['status']} {r.get('cpu_seconds', '')}s {r.get('message', '')[:200]}", file=sys.stderr, flush=True)
    for n in names:
        corpus.ran.add(f"{n} | generate")
        result = corpus.generated[n]
        if result["status"] == "refused":
            where = "; ".join(result["unlocated"])
            corpus.fail(f"{n} | generate", f"refused ({', '.join(result['codes'])}): {result['message']}"
                        + (f" [UNLOCATED: {where}]" if where else ""))
        elif result["status"] == "crash":
            corpus.fail(f"{n} | generate", f"crash: {result['message']}")
    _import_and_validate(corpus, [n for n in names if corpus.generated[n]["status"] == "ok"])
    return corpus


def _import_and_validate(corpus: Corpus, names: list[str]) -> None:
    from pydantic import TypeAdapter, ValidationError

    from tests.realworld.referee import Referee

    python = str(corpus.work / "py")
    if python not in sys.path:
        sys.path.insert(0, python)
    importlib.invalidate_caches()
    import time

    for n in names:
        if os.environ.get("SCHEMAGEN_REALWORLD_PROGRESS"):
            print(f"  {n}: importing and validating", file=sys.stderr, flush=True)
        started = time.perf_counter()
        _check_set(corpus, n, TypeAdapter, ValidationError, Referee)
        if os.environ.get("SCHEMAGEN_REALWORLD_PROGRESS"):
            print(f"  {n}: {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)


def _check_set(corpus: Corpus, n: str, TypeAdapter: Any, ValidationError: Any, Referee: Any) -> None:
    """Import one set's packages and run its examples through both Python targets."""
    pkg, result = package_of(n), corpus.generated[n]
    modules: dict[str, dict[str, Any]] = {"pydantic": {}, "typeddict": {}}
    for target, prefix in (("pydantic", pkg), ("typeddict", pkg + "_td")):
        corpus.ran.add(f"{n} | import {target}")
        try:
            importlib.import_module(prefix)
            for m in result["modules"]:
                modules[target][m] = importlib.import_module(f"{prefix}.{m}")
        except BaseException as exc:  # noqa: BLE001 - an import failure of generated code is the finding
            corpus.fail(f"{n} | import {target}", f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ''}")
            modules[target] = {}
    examples = manifest(n)["examples"]
    if not examples:
        return
    referee = Referee(SETS / n / "schemas")
    adapters: dict[tuple[str, str], Any] = {}
    for ex in examples:
        text = (SETS / n / ex["file"]).read_text(encoding="utf-8")
        instance = json.loads(text)
        corpus.ran.add(f"{n} | referee | {ex['file']}")
        if referee.accepts(ex["type"], instance) != ex["valid"]:
            corpus.fail(f"{n} | referee | {ex['file']}", "set.json's verdict is no longer jsonschema's")
        where = result["examples"].get(ex["type"])
        corpus.ran.add(f"{n} | example type | {ex['file']}")
        if where is None:
            corpus.fail(f"{n} | example type | {ex['file']}", f"no generated type for {ex['type']}")
            continue
        for target in ("pydantic", "typeddict"):
            module = modules[target].get(where["module"])
            if module is None:
                continue
            key = f"{n} | example {target} | {ex['file']}"
            corpus.ran.add(key)
            try:
                adapter = adapters.get((target, ex["type"]))
                if adapter is None:  # one per type, as an application builds it (a TypedDict's is not cached)
                    adapter = adapters[(target, ex["type"])] = TypeAdapter(getattr(module, where["python"]))
                adapter.validate_json(text)
                accepted, why = True, ""
            except ValidationError as exc:
                accepted, why = False, str(exc).splitlines()[0] + " " + " ".join(str(exc).splitlines()[1:3])
            except BaseException as exc:  # noqa: BLE001 - a crash while validating rejects, and is reported
                accepted, why = False, f"crash {type(exc).__name__}: {exc}"
            if accepted == ex["valid"]:
                corpus.examples_checked[target] = corpus.examples_checked.get(target, 0) + 1
            elif ex["valid"]:
                corpus.fail(key, f"valid example rejected: {why[:400]}")
            else:
                corpus.fail(key, f"invalid example accepted (jsonschema: {referee.first_error(ex['type'], instance)})")


# --- batched type checkers ------------------------------------------------------------------------

_MYPY_LINE = re.compile(r"^(?P<pkg>rw_[a-z0-9_]+?)(?:_td)?/.*?: error: (?P<msg>.*)$")
_TSC_LINE = re.compile(r"^(?P<file>[^(]+)\((?P<line>\d+),\d+\): error (?P<msg>.*)$")


def run_mypy(corpus: Corpus) -> None:
    names = [n for n, r in corpus.generated.items() if r["status"] == "ok"]
    if not names:
        return
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
            "--python-version", "3.11", "--no-error-summary", "--hide-error-context"]
    for n in names:
        args += ["-p", package_of(n), "-p", package_of(n) + "_td"]
        corpus.ran.add(f"{n} | mypy")
    proc = subprocess.run(args, cwd=corpus.work / "py", capture_output=True, text=True,
                          env={**os.environ, "MYPYPATH": str(corpus.work / "py")})
    by_pkg = {package_of(n): n for n in names}
    unplaced = []
    for line in proc.stdout.splitlines():
        m = _MYPY_LINE.match(line)
        if m and m.group("pkg") in by_pkg:
            key = f"{by_pkg[m.group('pkg')]} | mypy"
            corpus.failures.setdefault(key, corpus.tidy(line[:300]))
        elif "error" in line:
            unplaced.append(line)
    if proc.returncode not in (0, 1) or unplaced:
        corpus.fail("* | mypy", f"mypy exit {proc.returncode}: {(proc.stderr + ' '.join(unplaced))[:500]}")


# An example is a JSON value: it must be assignable to its type, as parsed JSON is. A `const` type
# parameter keeps its literal types (`"cat"`, tuples) without the excess-property check TypeScript
# applies to an object literal written straight into a typed place: that check is a lint for typos
# in code, and would refuse the keys JSON Schema allows on an object without additionalProperties.
_ACCEPT = "const accept = <T,>() => <const V extends T>(value: V): V => value;"


def run_tsc(corpus: Corpus, tsc: Path) -> None:
    """One tsc over every set's TypeScript plus a file of checked example values per set."""
    names = [n for n, r in corpus.generated.items() if r["status"] == "ok"]
    lines_of: dict[str, list[tuple[int, int, str]]] = {}
    for n in names:
        corpus.ran.add(f"{n} | tsc")
        result = corpus.generated[n]
        imports, body, spans = [], [], []
        # the header: one import per type, then `accept`; the examples start on the line after it
        line = 2 + len({e["type"] for e in manifest(n)["examples"] if e["valid"] and e["type"] in result["examples"]})
        aliases: dict[str, str] = {}
        for ex in manifest(n)["examples"]:
            where = result["examples"].get(ex["type"])
            if not ex["valid"] or where is None:
                continue
            if ex["type"] not in aliases:
                alias = f"T{len(aliases)}"
                aliases[ex["type"]] = alias
                path = where["module"].replace(".", "/")
                imports.append(f'import type {{ {where["typescript"]} as {alias} }} from "../ts/{n}/{path}.js";')
            text = json.dumps(json.loads((SETS / n / ex["file"]).read_text(encoding="utf-8")), indent=1, ensure_ascii=False)
            start = line
            body.append(f"export const e{len(spans)} = accept<{aliases[ex['type']]}>()({text});")
            line += body[-1].count("\n") + 1
            spans.append((start, line - 1, ex["file"]))
            corpus.ran.add(f"{n} | example tsc | {ex['file']}")
        if spans:
            folder = corpus.work / "examples"
            folder.mkdir(exist_ok=True)
            (folder / f"{n}.ts").write_text("\n".join(imports + [_ACCEPT] + body) + "\n", encoding="utf-8")
            lines_of[n] = spans
    config = {"compilerOptions": {"strict": True, "noEmit": True, "target": "es2022", "module": "nodenext",
                                  "moduleResolution": "nodenext", "skipLibCheck": True, "noUnusedLocals": False},
              "include": ["ts/**/*.ts", "examples/*.ts"]}
    (corpus.work / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.run([str(tsc), "-p", str(corpus.work / "tsconfig.json")], cwd=corpus.work, capture_output=True, text=True)
    for raw in proc.stdout.splitlines():
        m = _TSC_LINE.match(raw)
        if not m:
            continue
        parts = Path(m.group("file")).parts
        if parts[0] == "ts" and len(parts) > 1:
            corpus.failures.setdefault(f"{parts[1]} | tsc", corpus.tidy(raw[:300]))
        elif parts[0] == "examples":
            n = Path(parts[-1]).stem
            at = int(m.group("line"))
            file = next((f for s, e, f in lines_of.get(n, []) if s <= at <= e), None)
            corpus.failures.setdefault(f"{n} | example tsc | {file}" if file else f"{n} | tsc", corpus.tidy(raw[:300]))
        else:
            corpus.fail("* | tsc", raw)
    if proc.returncode not in (0, 1, 2):
        corpus.fail("* | tsc", f"tsc exit {proc.returncode}: {proc.stderr[:300]}")


# --- known gaps ----------------------------------------------------------------------------------

def load_gaps() -> dict[str, dict[str, str]]:
    if not GAPS_FILE.is_file():
        return {}
    return json.loads(GAPS_FILE.read_text(encoding="utf-8"))


def compare(corpus: Corpus, stages: tuple[str, ...], known: dict[str, dict[str, str]]) -> tuple[list[str], list[str]]:
    """(failures not listed, listed gaps for these stages that were checked and now pass)."""
    def stage_of(key: str) -> str:
        return key.split(" | ")[1]

    new = sorted(f"{k}: {v}" for k, v in corpus.failures.items() if stage_of(k) in stages and k not in known)
    stale = sorted(k for k in known if stage_of(k) in stages and k in corpus.ran and k not in corpus.failures)
    return new, stale


def refusal(exc: SchemaError) -> str:
    """The first error of a refused set, one line, its paths relative to the sets folder (what the
    known-gaps files quote: the same on every machine)."""
    errors = [d for d in exc.diagnostics if d.severity == "error"]
    text = errors[0].format().splitlines()[0][:400] if errors else "no error diagnostic"
    return text.replace(str(SETS) + "/", "")


def write_gaps(corpus: Corpus, classify: Any) -> None:
    """Rewrite known_gaps.json from what the run saw (keeps the reasons of entries already there)."""
    known = load_gaps()
    out = {}
    for key, message in sorted(corpus.failures.items()):
        entry = known.get(key) or classify(key, message)
        entry = {**entry, "observed": message}
        out[key] = entry
    GAPS_FILE.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    """`python -m tests.realworld.harness [--update-gaps] [set ...]`: run, print, optionally rewrite the gaps."""
    import tempfile

    from tests.realworld.classify import classify

    update = "--update-gaps" in argv
    names = [a for a in argv if not a.startswith("--")] or None
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build(Path(tmp), names)
        run_mypy(corpus)
        run_tsc(corpus, HERE.parent.parent / "node_modules" / ".bin" / "tsc")
        for key, message in sorted(corpus.failures.items()):
            print(f"{key}: {message[:300]}")
        print(f"{len(corpus.generated)} sets, {sum(r['status'] == 'ok' for r in corpus.generated.values())} generated, "
              f"examples agreeing: {corpus.examples_checked}, failures: {len(corpus.failures)}")
        if update and names is None:
            write_gaps(corpus, classify)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
