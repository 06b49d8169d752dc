"""What each module's planner may see, and the digest of it: the key of a module's cached output.

A module's text depends on its own IR and on the types it reaches through references, not on the
rest of the schema. Each planner is therefore handed a *restricted* schema: the module itself in
full, the types its types reach (transitively: `$ref`s, bases, variants), a graph that answers
only "does module m import this one back", and the names of those types alone. Whatever a planner
reads comes from those inputs, so their digest is a sound cache key by construction: no planner can
depend on something the key leaves out, because it never receives it. Another module's type is
seen without its description and origin (a planner writes only its own types' documentation and
never locates anything), so editing a description re-renders that module alone.

Cold runs plan from the same restricted inputs, so a cached module and a rendered one are the same
text; the goldens and the committed `generated/` keep that equal to what the whole schema gave.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemagen import ir, locations
from schemagen.cache import code_digest, dependency_versions, key_of, tree_digest
from schemagen.naming import TargetNames

if TYPE_CHECKING:
    from schemagen.config import Config


@dataclass(frozen=True)
class ModuleInputs:
    schema: ir.Schema  # the module in full, the types it reaches stripped, every check def
    names: dict[str, TargetNames]  # the names of those types only
    graph: dict[str, set[str]]  # this module's imports, and an edge back from each module that reaches it
    digest: str  # of all of the above


class Scope:
    """Each module's ModuleInputs for one run, shared by the targets."""

    def __init__(self, schema: ir.Schema, names: dict[str, TargetNames], graph: dict[str, set[str]]) -> None:
        self._schema = schema
        self._names = names
        self._graph = graph
        self._types = schema.types_by_key()
        self._refs = {key: ir.refs_of(t, variants=True) for key, t in self._types.items()}
        self._inputs: dict[str, tuple[ir.Module, ModuleInputs]] = {}
        self._foreign: dict[str, tuple[ir.NamedType, str]] = {}
        self._check_defs = _sha(repr(schema.check_defs))
        back: dict[str, set[str]] = {m.name: set() for m in schema.modules}
        for source, targets in graph.items():
            for target in targets:
                back.setdefault(target, set()).add(source)
        self._back = back

    def closure(self, module: ir.Module) -> list[str]:
        """The keys of every type the module's types reach, its own excluded, sorted."""
        own = {t.key for t in module.types}
        seen: set[str] = set()
        refs = self._refs
        work = [k for t in module.types for k in refs.get(t.key, ())]
        while work:
            key = work.pop()
            if key in seen or key in own or key not in refs:
                continue
            seen.add(key)
            work.extend(refs[key])
        return sorted(seen)

    def _reaching(self, module: str) -> list[str]:
        """The modules that import `module`, directly or not."""
        seen: set[str] = set()
        work = list(self._back.get(module, ()))
        while work:
            m = work.pop()
            if m not in seen:
                seen.add(m)
                work.extend(self._back.get(m, ()))
        seen.discard(module)
        return sorted(seen)

    def _stripped(self, key: str) -> tuple[ir.NamedType, str]:
        """A type as another module's planner sees it, and its digest (each type is written out
        once a run: a module's own digest adds back what is stripped)."""
        found = self._foreign.get(key)
        if found is None:
            t = replace(self._types[key], description=None, origin=None)
            found = self._foreign[key] = (t, _sha(repr(t)))
        return found

    def _own_digest(self, module: ir.Module) -> str:
        """The module in full: its types as stripped, plus what was stripped of them."""
        parts = [(t.key, self._stripped(t.key)[1], t.description, t.origin) for t in module.types]
        return _sha(repr((module.name, module.source, module.constants, module.description, parts)))

    def inputs(self, module: ir.Module) -> ModuleInputs:
        """Computed once per module (the three targets share it)."""
        found = self._inputs.get(module.name)
        if found is None or found[0] is not module:
            found = self._inputs[module.name] = (module, self._compute(module))
        return found[1]

    def _compute(self, module: ir.Module) -> ModuleInputs:
        reached = self.closure(module)
        stripped = {key: self._stripped(key) for key in reached}
        by_module: dict[str, list[ir.NamedType]] = {}
        for key in reached:
            t = stripped[key][0]
            by_module.setdefault(t.module, []).append(t)
        modules = []
        for m in self._schema.modules:
            if m.name == module.name:
                modules.append(module)
            elif m.name in by_module:
                mine = {t.key for t in by_module[m.name]}
                modules.append(ir.Module(m.name, m.source, tuple(stripped[t.key][0] for t in m.types if t.key in mine)))
        schema = ir.Schema(tuple(modules), check_defs=self._schema.check_defs)
        keys = [t.key for t in module.types] + reached
        names = {key: self._names[key] for key in keys if key in self._names}
        reaching = self._reaching(module.name)
        graph = {module.name: set(self._graph.get(module.name, ())), **{m: {module.name} for m in reaching}}
        digest = _sha(repr((
            self._own_digest(module), [(key, stripped[key][1]) for key in reached], sorted((k, n.python, n.typescript) for k, n in names.items()),
            sorted(graph[module.name]), reaching, self._check_defs,
        )))
        return ModuleInputs(schema, names, graph, digest)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- a module's cached output: exactly these shapes, anything else is a miss ---------------------

def python_entry(raw_digest: str, text: str, exports: tuple[str, ...], needs: set[str]) -> dict[str, Any]:
    return {"raw": raw_digest, "text": text, "exports": list(exports), "needs": sorted(needs)}


def python_from_entry(value: Any) -> tuple[str, str, tuple[str, ...], set[str]] | None:
    try:
        raw, text, exports, needs = value["raw"], value["text"], value["exports"], value["needs"]
    except (TypeError, KeyError):
        return None
    if not (isinstance(raw, str) and isinstance(text, str) and _strings(exports) and _strings(needs)):
        return None
    return raw, text, tuple(exports), set(needs)


def typescript_entry(text: str, types: list[str], constants: list[str]) -> dict[str, Any]:
    return {"text": text, "types": types, "constants": constants}


def typescript_from_entry(value: Any) -> tuple[str, list[str], list[str]] | None:
    try:
        text, types, constants = value["text"], value["types"], value["constants"]
    except (TypeError, KeyError):
        return None
    if not (isinstance(text, str) and _strings(types) and _strings(constants)):
        return None
    return text, list(types), list(constants)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def module_salt(config: Config) -> str:
    """What every module's output key shares (module_key): schemagen's code, the libraries, the
    config and the templates (their contents when they are the user's own, read now)."""
    templates = ""
    if config.templates != locations.DEFAULT_TEMPLATES:
        try:
            templates = tree_digest.__wrapped__(config.templates, (".j2",))
        except OSError:
            templates = secrets.token_hex(16)  # unreadable now: a key nothing was stored under
    return key_of("module", code_digest(), dependency_versions(), repr(config), str(Path.cwd()), templates)


def module_key(salt: str, target: str, *parts: Any) -> str:
    """The key of one module's output in one target: `parts` are the digest of what its planner
    sees (above) and whatever else the target reads."""
    return key_of(salt, target, *parts)

