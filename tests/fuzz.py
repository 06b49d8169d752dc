"""`make fuzz`: the deep hostile-input fuzz of issue 12 (not part of `make test`).

Draws N random hostile schemas (default 10,000): payload strings in every text position, hostile
file and folder names, every `x-` extension with hostile values, and now and then inline nesting
(arrays, maps, unions, `not`, literals) below, at and past the bound Python's parser sets. Each is generated in process
into its own output folder through the real writer; then, batch by batch, every generated Python
module is imported in a fresh interpreter, all TypeScript is compiled by `tsc --strict` and the
JavaScript it emits is loaded by node, and every batch is type-checked by one `mypy --strict`.

Counted: generated, refused (a located SchemaError), tracebacks (any other exception, or an error
without a location), canaries (a payload ran), outputs failing to import / compile / load /
type-check, files touched outside the output folders. Exit 1 if any of the bad counts is not 0.

    python -m tests.fuzz [--count 10000] [--batch 500] [--seed 1] [--mypy-every 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from schemagen.config import load_config
from schemagen.diagnostics import SchemaError
from schemagen.output.sync import compare, write
from schemagen.pipeline import generate
from tests.hostile_support import emit_and_load_js
from tests.support import MYPY, tsc_available

TEXT = ['"""', "'''", '"', "'", "*/", "/*", "//", "#", "\\", "\\n", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x00", "\x85",
        "\x1b[31m", "\u202e", "\ufeff", "{{ x }}", "{% if %}", "{#", "${x}", "`", "</script>", "ü", "日本", "\U0001f389",
        "\U000e0067", " ", "", "\t", "0", "9lives", "__class__", "\\u0041", "%s", "{0}", "coding=utf-7", "-*- coding: latin-1 -*-"]
NAMES = ["a", "B", "_", "-", " ", ".", "9", "coding=", "coding:", "unicode_escape", "def", "class", "index", "default",
         "import", "None", "\ufe1d", "\u2065", "\u202e", "\u200b", "ü", "日本", "Ａ", "$", "=", "\n", "\u2028", "'", "`"]
IDENTS = ["A", "B_C", "x", "class", "def", "None", "name", "value", "_x", "__init__", "Field", "BaseModel", "UUID", "MAX",
          "str", "list", "Enum", "Any", "9a", "a b", "Ｘ", "mro"]
TS_TYPES = ["string", "number", "A", "B", "void", "null", "Array", "Record", "|", "&", "<", ">", "[", "]", "(", ")", ",",
            "=>", "=", ";", "{", "}", "//", "/*", "`", "'a'", "1", "\n", " ", "keyof", "typeof", "readonly"]
# (a bare name without its import, e.g. "timedelta", is issue 10's "x-python-type names that do not exist")
PY_TYPES = ["int", "str", "list[int]", "dict[str, int] | None", "decimal.Decimal", "__import__('os')",
            "eval('1')", "int\nimport os", "list['x']", "Callable[..., Any]", "(lambda: 1)()", "int # c", "a.__class__"]
PY_IMPORTS = ["datetime.timedelta", "decimal", "decimal.Decimal", "os", "os.system", "subprocess", "datetime.class",
              "typing.Nope", "collections.abc.Callable", "x; import os", "typing.Any"]
TS_IMPORTS = ["Duration from ./time.js", "Duration from time-types", "class from ./a.js", "X from './a'; alert(1)", "X from a\nb", "Y from @scope/pkg"]
CONSTS = ["MAX", "MAX_LEN", "UUID", "A", "X1", "max", "__X", "A B", "CLASS"]


class Draw:
    def __init__(self, rng: random.Random, canary: Path) -> None:
        self.rng = rng
        c = str(canary)
        self.payloads = [f"__import__('os').system('touch {c}')", f'"""; open("{c}", "w"); """',
                         f"'''; open('{c}', 'w'); '''", f'\\"); open("{c}", "w"); ("',
                         f"\n__import__('os').system('touch {c}')\n", f"*/ require('fs').writeFileSync('{c}', ''); /*",
                         f'"; require("fs").writeFileSync("{c}", ""); "', f"`${{require('fs').writeFileSync('{c}', '')}}`",
                         f"\u2028require('fs').writeFileSync('{c}', '')\u2028",
                         f"{{{{ cycler.__init__.__globals__.os.system('touch {c}') }}}}"]

    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def text(self) -> str:
        return "".join(self.pick(TEXT) if self.rng.random() < 0.8 else self.pick(self.payloads)
                       for _ in range(self.rng.randrange(5)))

    def name(self) -> str:
        return "".join(self.pick(NAMES) for _ in range(self.rng.randrange(1, 4)))

    def ident(self) -> str:
        return self.pick(IDENTS) if self.rng.random() < 0.7 else self.text() or "A"

    def extensions(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        r = self.rng.random
        if r() < 0.25:
            out["x-python-type"] = self.pick(PY_TYPES)
            if r() < 0.5:
                out["x-python-import"] = self.pick(PY_IMPORTS)
        if r() < 0.25:
            out["x-typescript-type"] = " ".join(self.pick(TS_TYPES) for _ in range(self.rng.randrange(1, 6)))
            if r() < 0.3:
                out["x-typescript-import"] = self.pick(TS_IMPORTS)
        if r() < 0.1:
            out["x-lint-ignore"] = self.pick([[self.pick(CONSTS)], [self.text()], "R1", [1]])
        if r() < 0.1:
            out["x-invalid-examples"] = self.pick([[self.text()], [{self.text(): self.text()}], self.text()])
        return out

    def prop(self) -> dict[str, Any]:
        kind = self.rng.randrange(7)
        if kind == 0:
            node: dict[str, Any] = {"type": "string", "description": self.text(), "default": self.text()}
        elif kind == 1:
            node = {"const": self.text()}
        elif kind == 2:
            node = {"enum": sorted({self.text() for _ in range(self.rng.randrange(1, 4))})}
        elif kind == 3:
            node = {"type": "string", "maxLength": 5, "x-constants": {"maxLength": self.pick(CONSTS)}}
        elif kind == 4:
            node = {"type": "string", "pattern": self.pick(["^a+$", "((", "^(\\d+)+$", "\\w+", "[", "(?<=a)b"])}
        elif kind == 5:
            node = {"type": self.pick(["integer", "string", "array", "object"]),
                    "x-default-factory": self.pick(["now_ns", "now_ms", "uuid4", "uuid4_hex", "now", "empty_list", "empty_dict",
                                                    "os.system"])}
            if self.rng.random() < 0.4:
                node["format"] = self.pick(["uuid", "date-time", "email"])
        else:
            node = {"type": "array", "items": {"type": "string"}, "default": [self.text()]}
        node.update(self.extensions())
        return self.deep(node) if self.rng.random() < 0.04 else node

    def deep(self, node: dict[str, Any]) -> dict[str, Any]:
        """Inline nesting around the bound of what Python's parser reads (lower/nesting.py): arrays,
        maps, nullable arrays, unions, `not` chains and deep literals, below, at and past it."""
        depth = self.pick([self.rng.randrange(1, 60), self.rng.randrange(40, 150), self.rng.randrange(140, 260)])
        kind = self.rng.randrange(6)
        if kind == 4:
            value: Any = self.text()
            for _ in range(depth):
                value = [value]
            return {self.pick(["const", "default"]): value, **({"type": "array"} if self.rng.random() < 0.5 else {})}
        for _ in range(depth):
            step = self.rng.randrange(5) if kind == 5 else kind
            node = [{"type": "array", "items": node}, {"type": "object", "additionalProperties": node},
                    {"type": ["array", "null"], "minItems": 1, "items": node}, {"anyOf": [{"type": "integer"}, node]},
                    {"type": "string", "not": node}][step]
        return node

    def schema(self) -> dict[str, Any]:
        defs: dict[str, Any] = {}
        for _ in range(self.rng.randrange(1, 4)):
            key = self.ident()
            if self.rng.random() < 0.5:
                values = sorted({self.text() for _ in range(self.rng.randrange(1, 4))})
                node: dict[str, Any] = {"type": "string", "enum": values, "description": self.text()}
                if self.rng.random() < 0.5:
                    node["x-enum-names"] = [self.ident() for _ in values]
                if self.rng.random() < 0.3:
                    node["x-python-enum"] = self.pick([True, False, "yes", None])
            else:
                node = {"type": "object", "description": self.text(), "title": self.text() if self.rng.random() < 0.2 else None,
                        "properties": {self.text(): self.prop() for _ in range(self.rng.randrange(4))}}
                if node["title"] is None:
                    del node["title"]
            defs[key] = node
        return {"description": self.text(), "$defs": defs}


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            out[str(path)] = (st.st_size, st.st_mtime_ns)
    return out


def run(count: int, batch: int, seed: int, mypy_every: int) -> dict[str, int]:
    counts = dict.fromkeys(["drawn", "generated", "refused", "tracebacks", "unlocated", "canaries", "import_failures",
                            "tsc_failures", "js_load_failures", "mypy_failures", "mypy_batches", "touched_outside"], 0)
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="schemagen-fuzz-"))
    outside = work / "outside"
    outside.mkdir()
    (outside / "victim.py").write_text("KEEP = 1\n", encoding="utf-8")
    before_outside = _tree(outside)
    started = time.monotonic()
    cwd = os.getcwd()
    try:
        for first in range(0, count, batch):
            root = work / f"b{first // batch}"
            root.mkdir()
            os.chdir(root)  # a relative payload would land here
            canary = root / "CANARY"
            draw = Draw(rng, canary)
            outs: list[tuple[Path, str]] = []
            for i in range(first, min(first + batch, count)):
                counts["drawn"] += 1
                ex = root / f"e{i}"
                folder = f"d{i}{draw.name()}".replace("/", "")
                file = f"f{i}{draw.name()}".replace("/", "") + rng.choice([".json", ".yaml"])
                schema = draw.schema()
                try:
                    (ex / "s" / folder).mkdir(parents=True)
                    (ex / "s" / folder / file).write_text(json.dumps(schema), encoding="utf-8")
                except (OSError, ValueError):
                    continue
                package = f"fz{i}"
                try:
                    config = load_config(ex, None, {"schemas": str(ex / "s"), "out": str(ex / "o"), "python_package": package,
                                                    "typeddict_package": package + "_td"}, discover=False)
                    result = generate(config)
                    write(result.files, ex / "o", compare(result.files, ex / "o"))
                except SchemaError as exc:
                    counts["refused"] += 1
                    if any(d.location is None or not d.location.file for d in exc.diagnostics):
                        counts["unlocated"] += 1
                    continue
                except Exception as exc:  # noqa: BLE001 - a traceback is what is counted
                    counts["tracebacks"] += 1
                    print(f"traceback on e{i}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    (work / f"traceback-e{i}.json").write_text(json.dumps(schema), encoding="utf-8")
                    continue
                counts["generated"] += 1
                if _touched_beside_output(ex, ex / "s" / folder / file, schema):
                    counts["touched_outside"] += 1
                    print(f"e{i} touched files beside its output folder", file=sys.stderr)
                outs.append((ex / "o", package))
            _check_batch(outs, root, counts, mypy_every and (first // batch) % mypy_every == 0)
            if canary.exists():
                counts["canaries"] += 1
            os.chdir(cwd)
            elapsed = time.monotonic() - started
            print(f"{counts['drawn']} drawn in {elapsed:.0f}s: {json.dumps(counts)}", flush=True)
            shutil.rmtree(root, ignore_errors=True)
    finally:
        os.chdir(cwd)
    counts["touched_outside"] += int(_tree(outside) != before_outside)
    shutil.rmtree(work, ignore_errors=True)
    return counts


_TYPE_IMPORT = re.compile(r'^import type \{ (.+) \} from "([^"]+)";$', re.M)


def _user_modules(ts: Path) -> None:
    """Write the modules an `x-typescript-import` names that are not generated (`./time.js`,
    `@scope/pkg`), as the user would: each exporting the imported names as types. A name the
    generated code imports from a generated module is not stubbed, so a wrong import still fails."""
    wanted: dict[Path, set[str]] = {}
    for path in ts.rglob("*.ts"):
        for names, module in _TYPE_IMPORT.findall(path.read_text(encoding="utf-8")):
            if module.startswith("."):
                target = (path.parent / module).with_suffix(".ts")
            else:
                target = ts / "node_modules" / module / "index.d.ts"
            if not target.exists() or target in wanted:
                wanted.setdefault(target, set()).update(n.split(" as ")[0].strip() for n in names.split(","))
    for target, names in wanted.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(f"export type {n} = unknown;\n" for n in sorted(names)), encoding="utf-8")


def _touched_beside_output(ex: Path, schema_file: Path, schema: dict[str, Any]) -> bool:
    """Anything under the example's folder but its output folder, other than the one schema file
    (unchanged), is a write outside the output folder."""
    output = ex / "o"
    found = [p for p in ex.rglob("*") if not p.is_dir() and output not in p.parents]
    return found != [schema_file] or schema_file.read_text(encoding="utf-8") != json.dumps(schema)


def _check_batch(outs: list[tuple[Path, str]], root: Path, counts: dict[str, int], with_mypy: bool) -> None:
    if not outs:
        return
    paths = os.pathsep.join(str(o / "python") for o, _ in outs)
    modules = []
    for out, _ in outs:
        python = out / "python"
        modules += [".".join(p.relative_to(python).with_suffix("").parts).removesuffix(".__init__") for p in python.rglob("*.py")]
    code = ("import importlib, sys\nbad = 0\nfor m in sys.argv[1:]:\n    try:\n        importlib.import_module(m)\n"
            "    except Exception as e:\n        bad += 1\n        print(m, type(e).__name__, e, file=sys.stderr)\nprint(bad)\n")
    proc = subprocess.run([sys.executable, "-c", code, *modules], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": paths})
    failed = int(proc.stdout.strip() or "1") if proc.returncode == 0 else len(modules)
    counts["import_failures"] += failed
    if failed:
        print(proc.stderr[-3000:], file=sys.stderr)
    if tsc_available():
        combined = root / "all"
        (combined / "typescript").mkdir(parents=True)
        for out, package in outs:
            shutil.copytree(out / "typescript", combined / "typescript" / package)
        _user_modules(combined / "typescript")
        proc = emit_and_load_js(combined)
        if proc.returncode != 0:
            is_tsc = "error TS" in proc.stdout + proc.stderr
            counts["tsc_failures" if is_tsc else "js_load_failures"] += 1
            print((proc.stdout + proc.stderr)[-3000:], file=sys.stderr)
    if with_mypy:
        counts["mypy_batches"] += 1
        args = MYPY + ["--strict", "--no-incremental", "--cache-dir", os.devnull, "--python-version", "3.11"]
        for _, package in outs:
            args += ["-p", package, "-p", package + "_td"]
        proc = subprocess.run(args, cwd=root, capture_output=True, text=True, env={**os.environ, "MYPYPATH": paths})
        if proc.returncode != 0:
            counts["mypy_failures"] += 1
            print(proc.stdout[-3000:], file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mypy-every", type=int, default=1, help="mypy every Nth batch (1: all)")
    parser.add_argument("--no-black", action="store_true",
                        help="skip black (formatting changes layout only; 3x faster on a loaded machine)")
    args = parser.parse_args()
    if args.no_black:
        import schemagen.output.emit as emit

        emit.format_python = lambda text, cache=None: text  # type: ignore[assignment]
    counts = run(args.count, args.batch, args.seed, args.mypy_every)
    print("make fuzz: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    bad = ["tracebacks", "unlocated", "canaries", "import_failures", "tsc_failures", "js_load_failures", "mypy_failures",
           "touched_outside"]
    return 1 if any(counts[k] for k in bad) else 0


if __name__ == "__main__":
    sys.exit(main())
