"""Stage 4, name: IR → IR whose every type has its final, collision-free name.

Each schema file is its own module, so names need only be unique within a module: `Common` in
`a.json` and in `b.json` are two types, imported under a qualified alias where one module needs
both (see `foreign_aliases`), and left out of the package's re-exports. Within a module a name
is never refused: `$defs` keys are served first, then titles and file names, then derived names;
a title another type already has yields to the name of its place (`DiscussionUser`), and only
then does a later claimant take the first free numeric suffix, in key order, so the result never
depends on file order. An author-given name that had to change is a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from schemagen import ir
from schemagen.diagnostics import Diagnostic, warning
from schemagen.naming import TargetNames, target_names, type_name, unique

_DEFS_ENTRY = re.compile(r"#/(\$defs|definitions)/[^/]+$")


_STRUCTURAL = frozenset({"properties", "items", "prefixItems", "additionalProperties", "patternProperties", "anyOf",
                         "oneOf", "allOf", "$defs", "definitions", "~object", "not", "if", "then", "else"})


def place_name(key: str) -> str:
    """A name from where a type is written (`#/$defs/discussion/properties/user` → `DiscussionUser`):
    what a title that another type of the file also has yields to before any number is invented."""
    from schemagen.naming import pascal

    pointer = key.partition("#")[2]
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i] in ("$defs", "definitions") and i + 1 < len(tokens):
            tokens = tokens[i + 1:]
            break
    return "".join(pascal(t) for t in tokens if t not in _STRUCTURAL and not t.isdigit())


def package_of(module: str) -> str:
    return module.rsplit(".", 1)[0] if "." in module else ""


def _rank(named: ir.NamedType) -> int:
    """Who keeps a contested name: a `$defs` key (0), a title or file name (1), a derived name (2)."""
    if not named.explicit:
        return 2
    return 0 if _DEFS_ENTRY.search(named.key) else 1


def name_types(schema: ir.Schema) -> tuple[ir.Schema, dict[str, TargetNames], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    final: dict[str, str] = {}
    scopes: dict[str, dict[str, ir.NamedType]] = {}
    all_types = [t for m in schema.modules for t in m.types]
    for named in sorted(all_types, key=lambda t: (_rank(t), t.key)):
        scope = scopes.setdefault(named.module, {})
        wanted = type_name(named.name)
        if wanted in scope:
            other = scope[wanted]
            placed = type_name(place_name(named.key)) if _rank(named) == 1 else ""
            renamed = placed if placed and placed not in scope else unique(wanted, set(scope))
            if named.explicit:
                diags.append(warning(
                    "duplicate-name",
                    f"two types in one file are named {wanted!r} (the other at {other.origin}): this one is {renamed!r}",
                    named.origin, "rename one of them ($defs key or title) to choose the names yourself",
                    target="pydantic, typeddict, typescript"))
            wanted = renamed
        scope[wanted] = named
        final[named.key] = wanted
    modules = tuple(
        replace(m, types=tuple(replace(t, name=final.get(t.key, t.name)) for t in m.types)) for m in schema.modules
    )
    names = {key: target_names(name) for key, name in final.items()}
    return replace(schema, modules=modules), names, diags


def ambiguous_exports(modules: list[tuple[str, list[str]]]) -> set[str]:
    """Names that more than one module of a package exports: a package-level re-export of them
    would be ambiguous, so it is left out (import them from their module)."""
    seen: dict[str, int] = {}
    for _, exported in modules:
        for name in set(exported):
            seen[name] = seen.get(name, 0) + 1
    return {name for name, count in seen.items() if count > 1}


def foreign_aliases(module: ir.Module, types: dict[str, ir.NamedType], names: dict[str, str]) -> dict[str, str]:
    """Type key → the local alias under which `module` imports a type of another module whose
    name it cannot use as is: the module defines that name itself, or imports it from two modules.
    `names` maps each key to its name in the target. The alias is the other module's dotted name
    joined by `_` plus the type name (`shapes_Common`): a lowercase start, which no type name has."""
    local = {names[t.key] for t in module.types}
    foreign: dict[str, set[str]] = {}
    for t in module.types:
        for key in ir.refs_of(t, variants=True):
            target = types.get(key)
            if target is not None and target.module != module.name:
                foreign.setdefault(names[key], set()).add(key)
    out: dict[str, str] = {}
    for name, keys in foreign.items():
        if name in local or len(keys) > 1:
            for key in keys:
                out[key] = f"{types[key].module.replace('.', '_')}_{name}"
    return out
