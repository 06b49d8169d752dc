"""The table of sets in tests/realworld/README.md, written from each set's set.json (one source of truth)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
START, END = "<!-- sets:start -->", "<!-- sets:end -->"


def table() -> str:
    rows = ["| set | source (registry: package version) | files in the package | licence | examples (valid / invalid) | exercises |",
            "| --- | --- | --- | --- | --- | --- |"]
    for folder in sorted((HERE / "sets").iterdir()):
        manifest = json.loads((folder / "set.json").read_text(encoding="utf-8"))
        src = manifest["source"]
        files = ", ".join(f"`{v}`" for v in src["files"].values())
        ex = manifest["examples"]
        valid = sum(e["valid"] for e in ex)
        rows.append(f"| `{folder.name}` | {src['registry']}: `{src['package']}` {src['version']} | {files} | {src['license']} "
                    f"| {valid} / {len(ex) - valid} | {manifest['what']} |")
    return "\n".join(rows)


def write_table(path: Path = HERE / "README.md") -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")
