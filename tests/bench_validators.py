"""Speed of the TypeScript validators beside Ajv's standalone code and json-schema-to-zod + Zod:
`python -m tests.bench_validators` (part of `make bench`).

The instances are the seed schemas' own `examples` and `x-invalid-examples` (all of them, and the
OpenAI Realtime events of telephony/openai_api alone), each type's validator built three ways:
* schemagen: generated/validators (`XSchema.is`, and `validate` with its issue list);
* Ajv 8 (draft 2020-12) compiled to standalone code at build time, formats off, `discriminator`
  on (without it Ajv tries every branch of a tagged `oneOf`: 2-3x slower here);
* json-schema-to-zod's Zod schema of the type's self-contained bundle ($refs inlined; a recursive
  type has no such schema and is left out of every column, so all columns see the same instances).
Each runs in node with `--disallow-code-generation-from-strings` (a strict CSP), in one process;
throughput is instances per second: each type's validator in a hot loop of its own after a
warm-up (as an application validates one message kind after another), the four interleaved, the
least of three rounds per type, all instances' times added. Also: the minified (and gzipped) size of a
page that imports one message's validator, and the time to import it.
Writes reports/bench-validators.md and prints it.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.validators_lib import ESBUILD

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "generated"

_BUILD = r"""
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { jsonSchemaToZod } from "json-schema-to-zod";
import { readFileSync, writeFileSync } from "node:fs";
const types = JSON.parse(readFileSync(process.argv[2], "utf8"));
const ajv = new Ajv2020({ code: { source: true, esm: true }, strict: false, validateFormats: false, allErrors: false, discriminator: true });
const exports = {};
types.forEach((t, i) => { ajv.addSchema({ ...t.bundle, $id: "https://bench.local/t" + i }); exports["v" + i] = "https://bench.local/t" + i; });
writeFileSync(process.argv[3], standaloneCode(ajv, exports));
const zod = ['import { z } from "zod";'];
types.forEach((t, i) => {
  if (t.inlined === null) { zod.push(`export const z${i} = null;`); return; }
  try { zod.push(jsonSchemaToZod(t.inlined, { name: "z" + i, module: "esm" }).replace(/^import.*$/m, "")); }
  catch (e) { zod.push(`export const z${i} = null;`); }
});
writeFileSync(process.argv[4], zod.join("\n"));
"""

_RUN = r"""
%(imports)s
import * as A from %(ajv)s;
import * as Z from %(zod)s;
import { readFileSync } from "node:fs";
const types = JSON.parse(readFileSync(process.argv[2], "utf8"));
const rows = [];
for (const [label, filter] of [["all seed types", null], ["OpenAI Realtime (telephony/openai_api)", "telephony/openai_api"]]) {
  const picked = types.map((t, i) => ({ ...t, i })).filter((t) => (filter === null || t.module === filter) && Z["z" + t.i] && t.instances.length);
  const jobs = {
    "schemagen is()": (t) => { const s = M[t.module][t.name]; return (x) => s.is(x); },
    "schemagen validate()": (t) => { const s = M[t.module][t.name]; return (x) => s.validate(x).issues === undefined; },
    "Ajv standalone": (t) => A["v" + t.i],
    "json-schema-to-zod + Zod": (t) => { const z = Z["z" + t.i]; return (x) => z.safeParse(x).success; },
  };
  const row = { label, types: picked.length, instances: picked.reduce((n, t) => n + t.instances.length, 0), rate: {}, agree: {} };
  const fns = Object.fromEntries(Object.entries(jobs).map(([name, make]) => [name, picked.map((t) => [make(t), t.instances, t.valid])]));
  for (const [name, list] of Object.entries(fns)) {
    let agree = 0, total = 0;
    for (const [fn, xs, ok] of list) xs.forEach((x, j) => { total++; if (Boolean(fn(x)) === ok[j]) agree++; });
    row.agree[name] = total ? agree / total : 1;
  }
  // each type's validator in a hot loop of its own after a warm-up (as an app validates one
  // message kind again and again); the jobs interleaved, three rounds, the least time per type
  // kept (load on a shared machine only ever adds); the rate over all is instances / their time
  const best = {};
  for (let round = 0; round < 3; round++) {
    picked.forEach((t, k) => {
      for (const [name, list] of Object.entries(fns)) {
        const [fn, xs] = list[k];
        for (const budget of [1e7, 2.5e7]) {
          let n = 0;
          const start = process.hrtime.bigint();
          let elapsed = 0;
          while (elapsed < budget) {
            for (const x of xs) fn(x);
            n += xs.length;
            elapsed = Number(process.hrtime.bigint() - start);
          }
          if (budget === 2.5e7) {
            const key = name + "/" + k;
            best[key] = Math.min(best[key] ?? Infinity, elapsed / n);
          }
        }
      }
    });
  }
  for (const name of Object.keys(fns)) {
    let nanos = 0;
    picked.forEach((t, k) => { nanos += best[name + "/" + k] * t.instances.length; });
    row.rate[name] = row.instances / (nanos / 1e9);
  }
  rows.push(row);
}
process.stdout.write(JSON.stringify(rows));
"""


def _rate(per_second: float) -> str:
    return f"{per_second / 1e6:.2f}M/s" if per_second >= 1e6 else f"{per_second / 1e3:.1f}k/s"


def _inline(bundle: dict[str, Any]) -> Any:
    """The bundle with every `#/$defs/X` replaced by its schema; None for a recursive type."""
    defs = bundle.get("$defs", {})

    def walk(node: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(n, stack) for n in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref[len("#/$defs/"):]
            if name in stack:
                raise RecursionError(name)
            rest = {k: v for k, v in node.items() if k != "$ref"}
            target = walk(defs[name], stack + (name,))
            return {**rest, "allOf": [target]} if rest else target
        return {k: (v if k in ("const", "enum", "examples", "default") else walk(v, stack))
                for k, v in node.items() if k not in ("$defs", "$schema")}

    try:
        return walk(bundle, ())
    except RecursionError:
        return None


def seed_types() -> list[dict[str, Any]]:
    from schemagen.config import Bundle, load_config
    from schemagen.output.bundle import bundles
    from schemagen.pipeline import build_ir, load_documents
    from tests.examples_lib import collect

    config = load_config(REPO)
    docs = load_documents(config)
    schema, names, _ = build_ir(docs, config)
    examples = collect(schema, names)
    types = schema.types_by_key()
    wanted = sorted({e.key for e in examples})
    config = replace(config, bundles=tuple(Bundle(f"b{i}.json", (f"{types[k].module}.{types[k].name}",)) for i, k in enumerate(wanted)))
    files, _ = bundles(schema, names, docs, config)
    out = []
    for i, key in enumerate(wanted):
        text = files.get(f"b{i}.json")
        if text is None:
            continue
        bundle = json.loads(text)
        mine = [e for e in examples if e.key == key]
        out.append({"module": types[key].module.replace(".", "/"), "name": names[key].typescript + "Schema",
                    "bundle": bundle, "inlined": _inline(bundle),
                    "instances": [e.instance for e in mine], "valid": [e.valid for e in mine]})
    return out


def _esbuild(entry: Path, out: Path, minify: bool = False, platform: str = "node") -> None:
    args = [str(ESBUILD), str(entry), "--bundle", f"--platform={platform}", "--format=esm", "--log-level=error",
            f"--outfile={out}"] + (["--minify"] if minify else [])
    result = subprocess.run(args, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


def one_page(tmp: Path, name: str) -> dict[str, float]:
    """A browser page that imports one message's validator: bundle bytes, gzipped, import ms."""
    entry = tmp / f"{name}.ts"
    entry.write_text(f'import {{ {name} }} from {json.dumps(str(GENERATED / "validators" / "index.js"))};\n'
                     f"export const ok = {name}.is(globalThis);\n", encoding="utf-8")
    out = tmp / f"{name}.mjs"
    _esbuild(entry, out, minify=True, platform="browser")
    data = out.read_bytes()
    timer = tmp / "time.mjs"
    timer.write_text("const t = performance.now(); await import(process.argv[2]); "
                     "process.stdout.write(String(performance.now() - t));", encoding="utf-8")
    times = []
    for _ in range(5):
        r = subprocess.run(["node", "--disallow-code-generation-from-strings", str(timer), str(out)], capture_output=True, text=True)
        times.append(float(r.stdout))
    return {"bytes": len(data), "gzip": len(gzip.compress(data, 9)), "import_ms": min(times)}


def all_validators(tmp: Path) -> int:
    everything = tmp / "all.ts"
    everything.write_text(f'export * from {json.dumps(str(GENERATED / "validators" / "index.js"))};\n', encoding="utf-8")
    _esbuild(everything, tmp / "all.mjs", minify=True, platform="browser")
    return (tmp / "all.mjs").stat().st_size


def main() -> int:
    types = seed_types()
    import os

    with tempfile.TemporaryDirectory(prefix="bench-validators-", dir=REPO / "node_modules") as name:
        tmp = Path(name)
        if os.environ.get("BENCH_KEEP"):
            tmp = Path(os.environ["BENCH_KEEP"])
            tmp.mkdir(parents=True, exist_ok=True)  # inside node_modules' folder, so `ajv` and `zod` resolve
        (tmp / "types.json").write_text(json.dumps(types), encoding="utf-8")
        build = tmp / "build.mjs"
        build.write_text(_BUILD, encoding="utf-8")
        r = subprocess.run(["node", str(build), str(tmp / "types.json"), str(tmp / "ajv.mjs"), str(tmp / "zod.ts")],
                           capture_output=True, text=True, cwd=tmp)
        assert r.returncode == 0, r.stderr
        modules = sorted({t["module"] for t in types})
        imports = "\n".join(f'import * as m{i} from {json.dumps(str(GENERATED / "validators" / m) + ".js")};'
                            for i, m in enumerate(modules))
        imports += "\nconst M = { " + ", ".join(f"{json.dumps(m)}: m{i}" for i, m in enumerate(modules)) + " };"
        entry = tmp / "run.ts"
        entry.write_text(_RUN % {"imports": imports, "ajv": json.dumps(str(tmp / "ajv.mjs")),
                                 "zod": json.dumps(str(tmp / "zod.ts"))}, encoding="utf-8")
        _esbuild(entry, tmp / "run.mjs")
        r = subprocess.run(["node", "--disallow-code-generation-from-strings", str(tmp / "run.mjs"), str(tmp / "types.json")],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-3000:]
        rows = json.loads(r.stdout)
        pages = {name: one_page(tmp, name) for name in ("ChatRequestSchema", "OutgoingWssMessageSchema")}
        total = all_validators(tmp)
    lines = ["# TypeScript validators: throughput (instances/s, node, code generation from strings blocked)", "",
             "| instances | " + " | ".join(rows[0]["rate"]) + " |", "| --- |" + " ---: |" * len(rows[0]["rate"])]
    for row in rows:
        cells = [f"{_rate(row['rate'][k])} ({100 * row['agree'][k]:.0f}% right)" for k in row["rate"]]
        lines.append(f"| {row['label']}: {row['types']} types, {row['instances']} instances | " + " | ".join(cells) + " |")
    lines += ["", "*% right*: share of the instances whose verdict matches the schema's (examples valid, x-invalid-examples not).",
              "", "One page importing one validator (esbuild --minify, browser; import time in node):", ""]
    for name, page in pages.items():
        lines.append(f"- `{name}`: {page['bytes']} bytes, {page['gzip']} gzipped; import {page['import_ms']:.1f} ms")
    lines.append(f"- every validator of the seeds: {total} bytes")
    text = "\n".join(lines) + "\n"
    (REPO / "reports").mkdir(exist_ok=True)
    (REPO / "reports" / "bench-validators.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
