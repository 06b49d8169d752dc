"""Where an `x-typescript-import` may import from: a generated module, or a package.

The module part of `Name from <module>` is written into the generated TypeScript as it is, so it
must name something the output can reach on every machine that builds it:

* a relative path (`./time.js`, `../common/money.js`) resolves against the importing module's
  own file, must stay inside the TypeScript output folder and must name a module this run
  generates (a schema's module or a folder's `index.js`), spelt as nodenext resolves it (`.js`);
  a path out of the folder (`../../../../etc/passwd`) or to a file schemagen does not write (a
  hand-written `time.ts` beside the output: it is not there on a clean checkout, and the folder
  is schemagen's) is a located error;
* a bare package name (`luxon`, `@scope/pkg`, `@scope/pkg/sub/path`) or a package.json subpath
  import (`#types/time.js`) is resolved by the project's own TypeScript setup: the way to import
  types of your own;
* anything else (an absolute path, `.`, a URL) is a located error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

# npm's rules for a package name (lowercase, no leading dot or underscore), optionally scoped, then
# a subpath whose segments are never `.` or `..`; a subpath import starts with `#`.
_PACKAGE = re.compile(r"(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*(?:/[A-Za-z0-9_@~-][A-Za-z0-9._@~-]*)*")
_SUBPATH_IMPORT = re.compile(r"#[A-Za-z0-9_@~-][A-Za-z0-9._@~-]*(?:/[A-Za-z0-9_@~-][A-Za-z0-9._@~-]*)*")


def generated_typescript_files(modules: Iterable[str]) -> frozenset[str]:
    """The TypeScript files (posix, relative to the TypeScript output folder) a run writes for
    these dotted module names: one per module, and an index.ts per folder (the root's too)."""
    return _files(tuple(sorted(set(modules))))


@functools.lru_cache(maxsize=16)
def _files(modules: tuple[str, ...]) -> frozenset[str]:
    files = {"index.ts"}
    for module in modules:
        parts = module.split(".")
        files.add("/".join(parts) + ".ts")
        for depth in range(1, len(parts)):
            files.add("/".join(parts[:depth]) + "/index.ts")
    return frozenset(files)


def import_path_problem(module_path: str, importer: str, generated: frozenset[str]) -> tuple[str, str] | None:
    """(what is wrong, hint) with importing from `module_path` in the module `importer` (dotted),
    or None when the import resolves to a generated module or names a package."""
    if module_path.startswith(("./", "../")):
        parts = list(PurePosixPath(*importer.split(".")).parent.parts)
        for segment in module_path.split("/"):
            if segment in ("", "."):
                continue
            if segment == "..":
                if not parts:
                    return (f"{module_path!r} leaves the TypeScript output folder (from {_file(importer)!r})",
                            "import a generated module by its path inside the output, or your own types from a "
                            "package name ('Name from @scope/pkg', or a package.json import such as '#types/x.js')")
                parts.pop()
                continue
            parts.append(segment)
        target = "/".join(parts)
        if target.endswith(".js") and target[:-3] + ".ts" in generated:
            return None
        spelled = target[:-3] + ".ts" if target.endswith(".js") else target
        close = [f for f in generated if f.casefold() == spelled.casefold() or f == spelled + ".ts" or f == spelled + "/index.ts"]
        hint = (f"write it as nodenext resolves it: {_relative(importer, close[0])!r}" if close else
                "a relative import must name a module schemagen generates; import your own types from a package "
                "name ('Name from @scope/pkg', or a package.json import such as '#types/x.js')")
        return (f"{module_path!r} (from {_file(importer)!r}) names {target!r}, which is no module schemagen "
                "generates in the TypeScript output", hint)
    if _PACKAGE.fullmatch(module_path) or _SUBPATH_IMPORT.fullmatch(module_path):
        return None
    return (f"{module_path!r} is neither a relative path ('./x.js', '../x.js') nor a package name",
            "import from a generated module by relative path, or from a package ('luxon', '@scope/pkg', '#types/x.js')")


def _file(module: str) -> str:
    return module.replace(".", "/") + ".ts"


def _relative(importer: str, target_ts: str) -> str:
    """The relative specifier (`./x.js`, `../a/x.js`) of a generated file from a module's file."""
    here = list(PurePosixPath(*importer.split(".")).parent.parts)
    there = target_ts[:-3].split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    ups = len(here) - common
    rest = "/".join(there[common:]) + ".js"
    return ("./" if ups == 0 else "../" * ups) + rest


def ts_import_problems(node: dict[str, object], importer: str, generated: frozenset[str]) -> list[tuple[str, str, str]]:
    """(keyword, what is wrong, hint) for each `x-typescript-import` of a schema node (in the module
    `importer`) whose module is no generated module nor a package; one of another form is
    overrides.py's to refuse."""
    from schemagen.lower.overrides import typescript_import

    value = node.get("x-typescript-import")
    specs = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    problems = []
    for spec in specs:
        parsed = typescript_import(spec)
        problem = import_path_problem(parsed[1], importer, generated) if parsed is not None else None
        if problem is not None:
            problems.append(("x-typescript-import", *problem))
    return problems
