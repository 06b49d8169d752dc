"""Plan, render and format every target: named IR → {path: text}, paths relative to the output
folder. One function per target; each module's text depends only on the IR, so the order files
are produced in never shows in the output."""

from __future__ import annotations

from pathlib import PurePosixPath

from schemagen import ir
from schemagen.config import Config
from schemagen.diagnostics import Diagnostic
from schemagen.frontend.load import Document
from schemagen.targets.escape import py_str
from schemagen.output.format import digest, format_python
from schemagen.name_types import ambiguous_exports
from schemagen.naming import TargetNames
from schemagen.targets.common import HEADER_MARK
from schemagen.output.render import render


def emit(schema: ir.Schema, names: dict[str, TargetNames], config: Config,
         cache: dict[str, str] | None = None,
         documents: list[Document] | None = None) -> tuple[dict[str, str], dict[str, str], list[Diagnostic]]:
    files: dict[str, str] = {}
    digests: dict[str, str] = {}
    diags: list[Diagnostic] = []
    sources = {m.name: "schemas/" + m.source if config.display(config.schemas) == "schemas" else
               f"{config.display(config.schemas)}/{m.source}" for m in schema.modules}
    if "pydantic" in config.targets:
        _python(schema, names, config, config.python_package, "pydantic", sources, files, digests, cache)
    if "typeddict" in config.targets:
        _python(schema, names, config, config.typeddict_package, "typeddict", sources, files, digests, cache)
    if "typescript" in config.targets:
        _typescript(schema, names, config, sources, files)
    if config.bundles:
        from schemagen.output.bundle import bundles

        produced, bundle_diags = bundles(schema, names, documents or [], config)
        files.update(produced)
        diags.extend(bundle_diags)
    return files, digests, diags


def _packages(modules: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """package (dotted, "" for the root) → (its modules' last names, its subpackages' names)."""
    out: dict[str, tuple[list[str], list[str]]] = {"": ([], [])}
    for module in modules:
        parts = module.split(".")
        for depth in range(len(parts) - 1):
            pkg = ".".join(parts[:depth])
            sub = parts[depth]
            out.setdefault(pkg, ([], []))
            if sub not in out[pkg][1]:
                out[pkg][1].append(sub)
            out.setdefault(".".join(parts[: depth + 1]), ([], []))
        out.setdefault(".".join(parts[:-1]), ([], []))[0].append(parts[-1])
    return {k: (sorted(v[0]), sorted(v[1])) for k, v in out.items()}


def _python(schema: ir.Schema, names: dict[str, TargetNames], config: Config, package: str, flavor: str,
            sources: dict[str, str], files: dict[str, str], digests: dict[str, str], cache: dict[str, str] | None) -> None:
    from schemagen.targets import pydantic as plan_pydantic
    from schemagen.targets import typeddict as plan_typeddict

    base = PurePosixPath("python") / package
    exports: dict[str, tuple[str, ...]] = {}
    attrs = plan_pydantic.field_attributes(schema, config.field_naming) if flavor == "pydantic" else {}
    for module in schema.modules:
        if flavor == "pydantic":
            view = plan_pydantic.plan_module(module, schema, names, attrs, sources[module.name])
        else:
            view = plan_typeddict.plan_module(module, schema, names, sources[module.name])
        exports[module.name] = view.exports
        raw = render(f"{flavor}/module.py.j2", config.templates, m=view)
        path = str(base / (module.name.replace(".", "/") + ".py"))
        digests[path] = digest(raw)
        files[path] = format_python(raw, cache)
    kind = "Pydantic v2 models" if flavor == "pydantic" else "TypedDicts"
    for pkg, (mods, subs) in _packages([m.name for m in schema.modules]).items():
        prefix = pkg + "." if pkg else ""
        module_exports = [(m, list(exports.get(prefix + m, ()))) for m in mods]
        ambiguous = ambiguous_exports(module_exports)  # defined in two modules: import it from its module
        module_exports = [(m, [n for n in e if n not in ambiguous]) for m, e in module_exports]
        module_exports = [(m, e) for m, e in module_exports if e]
        all_names = sorted({n for _, e in module_exports for n in e} | set(subs))
        raw = render(
            "shared/package_init.py.j2", config.templates,
            header=f"# {HEADER_MARK} — do not edit",
            doc=f'"""{kind} generated from the schemas{" in " + pkg.replace(".", "/") + "/" if pkg else ""}."""',
            modules=module_exports, packages=subs, exports=all_names,
        )
        path = str(base / pkg.replace(".", "/") / "__init__.py") if pkg else str(base / "__init__.py")
        digests[path] = digest(raw)
        files[path] = format_python(raw, cache)
    helpers = render("shared/helpers.py.j2", config.templates, header=f"# {HEADER_MARK} — do not edit",
                     extra_mode=py_str("allow" if config.open_objects else "forbid"))
    files[str(base / "_schemagen.py")] = format_python(helpers, cache)
    digests[str(base / "_schemagen.py")] = digest(helpers)
    files[str(base / "py.typed")] = ""


def _typescript(schema: ir.Schema, names: dict[str, TargetNames], config: Config, sources: dict[str, str],
                files: dict[str, str]) -> None:
    from schemagen.targets import typescript as plan_typescript
    from schemagen.targets.escape import ts_str

    base = PurePosixPath("typescript")
    exports: dict[str, tuple[list[str], list[str]]] = {}  # module → (type names, constant names)
    for module in schema.modules:
        view = plan_typescript.plan_module(module, schema, names, sources[module.name])
        exports[module.name] = ([b.name for b in view.blocks], [name for name, _ in view.constants])
        files[str(base / (module.name.replace(".", "/") + ".ts"))] = render("typescript/module.ts.j2", config.templates, m=view)
    for pkg, (mods, subs) in _packages([m.name for m in schema.modules]).items():
        prefix = pkg + "." if pkg else ""
        listed = [(m, exports[prefix + m]) for m in mods]
        ambiguous = ambiguous_exports([(m, t + c) for m, (t, c) in listed])
        star, named = [], []
        for m, (type_names, constants) in listed:
            if not type_names and not constants:
                continue  # nothing to re-export (`export *` of an empty module is fine, but says nothing)
            if not ambiguous & set(type_names + constants):
                star.append(ts_str(f"./{m}.js"))
                continue
            # `export *` of a name two modules export is an error in TypeScript (TS2308): list the rest
            kept_types = [n for n in type_names if n not in ambiguous]
            kept_constants = [n for n in constants if n not in ambiguous]
            if kept_types:
                named.append(("type ", ", ".join(kept_types), ts_str(f"./{m}.js")))
            if kept_constants:
                named.append(("", ", ".join(kept_constants), ts_str(f"./{m}.js")))
        text = render(
            "typescript/index.ts.j2", config.templates,
            header=f"// {HEADER_MARK} — do not edit",
            modules=star, named=named,
            packages=[(s, ts_str(f"./{s}/index.js")) for s in subs],
        )
        files[str(base / pkg.replace(".", "/") / "index.ts") if pkg else str(base / "index.ts")] = text
