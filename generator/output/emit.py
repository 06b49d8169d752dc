"""Plan, render and format every target: named IR → {path: text}, paths relative to the output
folder. One function per target; each module's text depends only on the IR, so the order files
are produced in never shows in the output."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, MutableMapping

from schemagen import ir
from schemagen.config import Config
from schemagen.diagnostics import Diagnostic
from schemagen.frontend.load import Document
from schemagen.targets.escape import py_str
from schemagen.output.format import digest, format_python
from schemagen.name_types import ambiguous_exports
from schemagen.naming import TargetNames
from schemagen.targets.common import HEADER_MARK, module_graph
from schemagen.output.layout import normalize_string
from schemagen.output.incremental import Scope, python_entry, python_from_entry, typescript_entry, typescript_from_entry
from schemagen.output.render import DEFAULT_TEMPLATES, render, use_template_cache
from schemagen.runtime import sources as runtime_sources

if TYPE_CHECKING:
    from schemagen.cache import Cache


Outputs = dict[Path, dict[str, str]]  # output root → {posix path relative to it: text}


def emit(schema: ir.Schema, names: dict[str, TargetNames], config: Config,
         cache: MutableMapping[str, str] | None = None,
         documents: list[Document] | None = None) -> tuple[dict[str, str], dict[str, str], list[Diagnostic]]:
    """The files under config.out (every file, in the default layout), their digests, and the
    diagnostics: for callers that want one folder (benchmarks, the conformance runners)."""
    files, digests, diags = emit_roots(schema, names, config, cache, documents)
    return files.get(config.out, {}), digests.get(config.out, {}), diags


def emit_roots(schema: ir.Schema, names: dict[str, TargetNames], config: Config,
               cache: MutableMapping[str, str] | None = None,
               documents: list[Document] | None = None,
               store: Cache | None = None) -> tuple[Outputs, Outputs, list[Diagnostic]]:
    """Every active target's files under its own output root (config.placement), the digests of
    the unformatted Python texts alike, and the diagnostics. With a persistent `store` (cache.py),
    a module whose planner inputs (output/incremental.py) were seen before is not planned again."""
    from schemagen.output.incremental import module_salt

    use_template_cache(store)
    scope = Scope(schema, names, module_graph(schema))
    salt = module_salt(config) if store is not None else ""
    files: Outputs = {}
    digests: Outputs = {}
    diags: list[Diagnostic] = []
    needs_by_schema: dict[str, set[str]] = {}
    sources = {m.name: "schemas/" + m.source if config.display(config.schemas) == "schemas" else
               f"{config.display(config.schemas)}/{m.source}" for m in schema.modules}
    for target in config.active:
        place = config.placement(target)
        into, into_digests = files.setdefault(place.out, {}), digests.setdefault(place.out, {})
        base = PurePosixPath(place.folder)
        if target == "typescript":
            _typescript(schema, names, config, sources, base, into, _Store(store, salt, target), scope)
        elif target == "validators":  # TypeScript runtime validators (output/emit_validators.py)
            from schemagen.output.emit_validators import emit_validators

            emit_validators(schema, names, config, sources, base, into)
        else:
            needs = _python(schema, names, config, target, sources, base, into, into_digests, cache,
                            _Store(store, salt, target), scope)
            for source, extra in needs.items():
                needs_by_schema.setdefault(source, set()).update(extra)
    if config.bundles:
        from schemagen.output.bundle import bundles

        produced, bundle_diags = bundles(schema, names, documents or [], config)
        files.setdefault(config.out, {}).update(produced)
        digests.setdefault(config.out, {})
        diags.extend(bundle_diags)
    diags.extend(_requirement_notes(needs_by_schema))
    return files, digests, diags


def _requirement_notes(needs_by_schema: dict[str, set[str]]) -> list[Diagnostic]:
    """One note per extra run-time requirement of the generated Python, at the first schema that
    causes it and naming the others, so an app's first validation is no ModuleNotFoundError."""
    from schemagen.diagnostics import Location, note
    from schemagen.output.requirements import WHY, package_requirements

    notes = []
    for req in package_requirements(needs_by_schema):
        if not req.schemas:
            continue
        more = f" (also {', '.join(req.schemas[1:4])}{', ...' if len(req.schemas) > 4 else ''})" if req.schemas[1:] else ""
        notes.append(note("runtime-requirement",
                          f"the generated Python needs {req.spec} at run time for {WHY[req.spec]}{more}",
                          Location(req.schemas[0]),
                          "install it in the app beside pydantic (the package's requirements.txt lists it)"))
    return notes


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


class _Store:
    """One target's module entries in the persistent cache (none: every module is planned)."""

    def __init__(self, cache: Cache | None, salt: str, target: str) -> None:
        from schemagen.output.incremental import module_key

        self._cache, self._salt, self._target, self._key = cache, salt, target, module_key

    def key(self, *parts: object) -> str | None:
        return None if self._cache is None else self._key(self._salt, self._target, *parts)

    def get(self, key: str | None) -> object:
        return None if self._cache is None or key is None else self._cache.get("module", key)

    def put(self, key: str | None, value: object) -> None:
        if self._cache is not None and key is not None:
            self._cache.put("module", key, value)


def _python(schema: ir.Schema, names: dict[str, TargetNames], config: Config, flavor: str, sources: dict[str, str],
            base: PurePosixPath, files: dict[str, str], digests: dict[str, str],
            cache: MutableMapping[str, str] | None, store: _Store, scope: Scope) -> dict[str, set[str]]:
    """One Python package; returns the extra run-time requirements per schema file."""
    from schemagen.output.requirements import module_needs, package_requirements, requirements_text
    from schemagen.targets import pydantic as plan_pydantic
    from schemagen.targets import typeddict as plan_typeddict

    fast = config.templates == DEFAULT_TEMPLATES  # a user's templates always go through black
    exports: dict[str, tuple[str, ...]] = {}
    needs: dict[str, set[str]] = {}
    attrs = plan_pydantic.FieldAttributes(schema, config.field_naming)  # from the types and config.field_naming
    shield = plan_typeddict.schema_shield(schema)
    for module in schema.modules:
        inputs = scope.inputs(module)
        key = store.key(inputs.digest, sources[module.name], fast, shield if flavor == "typeddict" else None)
        hit = python_from_entry(store.get(key))
        if hit is None:
            if flavor == "pydantic":
                view = plan_pydantic.plan_module(module, inputs.schema, inputs.names, attrs.for_keys(inputs.names),
                                                 sources[module.name], inputs.graph)
            else:
                view = plan_typeddict.plan_module(module, inputs.schema, inputs.names, sources[module.name],
                                                  inputs.graph, shield)
            raw = render(f"{flavor}/module.py.j2", config.templates, m=view)
            text = format_python(raw, cache, fast)
            hit = (digest(raw), text, view.exports, module_needs(text))
            store.put(key, python_entry(*hit))
        path = str(base / (module.name.replace(".", "/") + ".py"))
        digests[path], files[path], exports[module.name], module_needs_ = hit
        needs.setdefault(sources[module.name], set()).update(module_needs_)
    requirements = package_requirements(needs)
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
            requirements=[py_str(r.spec) for r in requirements] if not pkg else [],
        )
        path = str(base / pkg.replace(".", "/") / "__init__.py") if pkg else str(base / "__init__.py")
        digests[path] = digest(raw)
        files[path] = format_python(raw, cache, fast)
    helpers = render(f"{flavor}/helpers.py.j2", config.templates, header=f"# {HEADER_MARK} — do not edit",
                     extra_mode=normalize_string(py_str("allow" if config.open_objects else "forbid")),
                     runtime=runtime_sources())  # the code of generator/runtime/'s parts
    # The bundled helpers template renders black's own output (tests/test_runtime_source.py keeps it so).
    files[str(base / "_schemagen.py")] = helpers if fast else format_python(helpers, cache)
    digests[str(base / "_schemagen.py")] = digest(helpers)
    files[str(base / "py.typed")] = ""
    files[str(base / "requirements.txt")] = requirements_text(f"# {HEADER_MARK} — do not edit", requirements)
    return needs


def _typescript(schema: ir.Schema, names: dict[str, TargetNames], config: Config, sources: dict[str, str],
                base: PurePosixPath, files: dict[str, str], store: _Store, scope: Scope) -> None:
    from schemagen.targets import typescript as plan_typescript
    from schemagen.targets.escape import ts_str

    exports: dict[str, tuple[list[str], list[str]]] = {}  # module → (type names, constant names)
    for module in schema.modules:
        inputs = scope.inputs(module)
        key = store.key(inputs.digest, sources[module.name])
        hit = typescript_from_entry(store.get(key))
        if hit is None:
            view = plan_typescript.plan_module(module, inputs.schema, inputs.names, sources[module.name])
            text = render("typescript/module.ts.j2", config.templates, m=view)
            hit = (text, [b.name for b in view.blocks], [name for name, _ in view.constants])
            store.put(key, typescript_entry(*hit))
        files[str(base / (module.name.replace(".", "/") + ".ts"))], type_names, constant_names = hit
        exports[module.name] = (type_names, constant_names)
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
