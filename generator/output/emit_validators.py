"""Plan and render the TypeScript validators target: named IR → {path: text} under its folder.

Its own module (emit.py calls it in one line) so the target's files are produced in one place:
one module per schema file, the shared runtime `_schemagen.ts`, an `index.ts` and the folder's
`package.json` fragment (its run-time dependencies: none)."""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

from schemagen import ir
from schemagen.config import Config
from schemagen.name_types import ambiguous_exports
from schemagen.naming import TargetNames
from schemagen.output.render import render
from schemagen.runtime import validators_source
from schemagen.targets.escape import ts_str


def types_folder(config: Config) -> str:
    """The TypeScript declarations' folder, relative to the validators' folder (posix)."""
    import os

    ts, mine = config.placement("typescript"), config.placement("validators")
    a = (ts.out / ts.folder).resolve() if ts.folder else ts.out.resolve()
    b = (mine.out / mine.folder).resolve() if mine.folder else mine.out.resolve()
    return PurePosixPath(*PurePosixPath(os.path.relpath(a, b).replace(os.sep, "/")).parts).as_posix()


def emit_validators(schema: ir.Schema, names: dict[str, TargetNames], config: Config, sources: dict[str, str],
                    base: PurePosixPath, files: dict[str, str]) -> None:
    from schemagen.targets import validators as plan

    types_from = types_folder(config)
    cyclic = plan.cyclic_types(schema)
    listed: list[tuple[str, list[str]]] = []
    for module in schema.modules:
        view = plan.plan_module(module, schema, names, sources[module.name], types_from, config.open_objects, cyclic)
        files[str(base / (plan.module_path(module.name) + ".ts"))] = render("validators/module.ts.j2", config.templates, m=view)
        listed.append((module.name, [x.schema for x in view.exports]))
    ambiguous = ambiguous_exports(listed)
    named = []
    for module_name, exported in listed:
        kept = [n for n in exported if n not in ambiguous]
        if kept:
            named.append((", ".join(kept), ts_str("./" + posixpath.join(plan.module_path(module_name)) + ".js")))
    files[str(base / "index.ts")] = render("validators/index.ts.j2", config.templates,
                                           header=plan.runtime_header(), named=named)
    files[str(base / "_schemagen.ts")] = render("validators/runtime.ts.j2", config.templates, header=plan.runtime_header(),
                                                  runtime=validators_source())
    files[str(base / "package.json")] = plan.package_json()
