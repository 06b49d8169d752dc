"""Derive the global types of TypeScript's standard library from the pinned compiler's own lib
`.d.ts` files into `generator/lower/ts_lib_types.py` (committed; `make ts-lib` rewrites it,
tests/test_ts_lib_types.py fails when it is not current).

The library is `lib.es2022.d.ts` and every lib it references (no DOM: generated code may be
compiled for node as well as for a browser). A global type is an `interface` or `type` declared
at the top level of one of those files (not inside a `declare namespace`); for each, its type
parameters in order with their constraint (`extends ...`, as written) and whether they have a
default. Interfaces declared in several files are merged, as TypeScript requires them to agree."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "generator" / "lower" / "ts_lib_types.py"
ROOT_LIB = "es2022"


def lib_folder() -> Path:
    """The pinned compiler's lib folder (TypeScript 7 ships it in its platform package)."""
    found = sorted((REPO / "node_modules").glob("**/lib/lib.es2022.d.ts"))
    if not found:
        raise SystemExit("no TypeScript lib found under node_modules: run `make node_modules/.installed`")
    return found[0].parent


def typescript_version() -> str:
    return str(json.loads((REPO / "node_modules" / "typescript" / "package.json").read_text())["version"])


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def _closure(folder: Path) -> list[str]:
    order, todo = [], [ROOT_LIB]
    while todo:
        name = todo.pop(0)
        if name in order:
            continue
        order.append(name)
        todo += re.findall(r'/// <reference lib="([^"]+)" />', (folder / f"lib.{name}.d.ts").read_text())
    return order


def _balanced(text: str, i: int) -> int:
    """The index just past the `>` closing the `<` at i (a `=>` inside is no bracket)."""
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            depth += 1
        elif ch == ">" and text[i - 1] != "=":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced type parameters")


def _split(text: str, sep: str) -> list[str]:
    """Split at top-level occurrences of sep (outside <>, (), [], {})."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "<([{":
            depth += 1
        elif ch in ")]}" or ch == ">" and text[i - 1] != "=":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i) and not (sep == "=" and text.startswith("=>", i)):
            parts.append(text[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _params(text: str) -> tuple[tuple[str, str | None, bool], ...]:
    out = []
    for raw in _split(text, ","):
        raw = " ".join(raw.split())
        if not raw:
            continue
        head, *default = _split(raw, "=")
        name, *constraint = _split(head, " extends ")
        name = name.strip().removeprefix("in ").removeprefix("out ").removeprefix("const ").strip()
        out.append((name, " ".join(constraint[0].split()) if constraint else None, bool(default)))
    return tuple(out)


DECLARATION = re.compile(r"\b(?:declare\s+)?(interface|type|namespace)\s+([A-Za-z_$][\w$]*)\s*(<)?")


def derive(folder: Path) -> dict[str, tuple[tuple[str, str | None, bool], ...]]:
    found: dict[str, tuple[tuple[str, str | None, bool], ...]] = {}
    for lib in _closure(folder):
        text = _strip_comments((folder / f"lib.{lib}.d.ts").read_text())
        depth, i = 0, 0
        while i < len(text):
            ch = text[i]
            if ch in "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif depth == 0 and (ch.isalpha()) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_$.")):
                m = DECLARATION.match(text, i)
                if m and m.group(1) != "namespace":
                    params: tuple[tuple[str, str | None, bool], ...] = ()
                    end = m.end()
                    if m.group(3):
                        close = _balanced(text, m.end() - 1)
                        params = _params(text[m.end():close - 1])
                        end = close
                    name = m.group(2)
                    if name in found and found[name] != params:  # merged: keep the declaration with defaults
                        if sum(d for _, _, d in params) < sum(d for _, _, d in found[name]):
                            params = found[name]
                    found[name] = params
                    i = end
                    continue
                if m:
                    i = m.end()
                    continue
            i += 1
    return dict(sorted(found.items()))


def render(types: dict[str, tuple[tuple[str, str | None, bool], ...]], version: str) -> str:
    lines = [
        f'"""The global types of TypeScript {version}\'s standard library (lib {ROOT_LIB} and what it',
        "references, no DOM): each name with its type parameters in order, as (name, constraint as",
        "written or None, has a default). Written by `make ts-lib` (tests/ts_lib_update.py) from the",
        'pinned compiler\'s lib .d.ts files; do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        f"TYPESCRIPT_VERSION = {version!r}",
        "",
        "GLOBAL_TYPES: dict[str, tuple[tuple[str, str | None, bool], ...]] = {",
    ]
    for name, params in types.items():
        lines.append(f"    {name!r}: {params!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    TARGET.write_text(render(derive(lib_folder()), typescript_version()), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
