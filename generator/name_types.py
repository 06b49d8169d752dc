"""Stage 4, name: IR → IR whose every type has its final, collision-free name.

Names must be unique within a package (a folder of schemas), because the package's index
re-exports them all. Two author-given names that collide are an error; a derived name yields,
taking the first free numeric suffix, in key order so the result never depends on file order.
"""

from __future__ import annotations

from dataclasses import replace

from schemagen import ir
from schemagen.diagnostics import Diagnostic, error
from schemagen.naming import TargetNames, target_names, type_name, unique


def package_of(module: str) -> str:
    return module.rsplit(".", 1)[0] if "." in module else ""


def name_types(schema: ir.Schema) -> tuple[ir.Schema, dict[str, TargetNames], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    final: dict[str, str] = {}
    scopes: dict[str, dict[str, ir.NamedType]] = {}
    all_types = [t for m in schema.modules for t in m.types]
    # explicit names first, then derived ones; each group in key order
    for named in sorted(all_types, key=lambda t: (not t.explicit, t.key)):
        scope = scopes.setdefault(package_of(named.module), {})
        wanted = type_name(named.name)
        if wanted in scope:
            other = scope[wanted]
            if named.explicit and other.explicit:
                diags.append(
                    error(
                        "duplicate-name",
                        f"two types are named {wanted!r} in package {package_of(named.module) or '(top level)'}: "
                        f"here and at {other.origin}",
                        named.origin,
                        "rename one of them (its $defs key or title); type names are unique per schemas folder",
                    )
                )
                continue
            wanted = unique(wanted, set(scope))
        scope[wanted] = named
        final[named.key] = wanted
    modules = tuple(
        replace(m, types=tuple(replace(t, name=final.get(t.key, t.name)) for t in m.types)) for m in schema.modules
    )
    names = {key: target_names(name) for key, name in final.items()}
    return replace(schema, modules=modules), names, diags
