"""Stage 3, lower: documents → IR.

Every file root that describes a value, every `$defs`/`definitions` entry, every `$ref` target and
every nested object with properties becomes a named type, keyed by where it was written
(`<uri>#<pointer>`). Names come from the `$defs` key or the root `title` (explicit), else from the
parent and property (derived); the namer makes them final. `allOf` over one referenced object plus
local properties is an extension (subclass / `extends`); any other `allOf` of objects is merged.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from schemagen import ir
from schemagen.diagnostics import Diagnostic, error, warning
from schemagen.frontend.keywords import (
    ANNOTATIONS, ARRAY_KEYWORDS, JSON_TYPES, NUMBER_KEYWORDS, OBJECT_KEYWORDS, RUNTIME_CHECKED, STRING_KEYWORDS,
    WHOLE_SCHEMA, constraints_of, has_any,
)
from schemagen.frontend.dialect import ARRAY_ITEMS, REF_OVERRIDES
from schemagen.frontend.load import Document, escape_pointer_token, node_at
from schemagen.naming import pascal
from schemagen.lower.overrides import override_problems
from schemagen.lower.ts_import_paths import generated_typescript_files, ts_import_problems
from schemagen.lower.ts_types import canonical_ts_type
from schemagen.lower.extensions import FACTORY_RESULTS, enum_name_problems, factory_problem
from schemagen.lower.modules import module_name
from schemagen.lower.override_names import unresolved_overrides, unresolved_ts_overrides
from schemagen.frontend.refs import RefIndex, Target
from schemagen.frontend.schema_walk import defined_schemas, defs_containers
from schemagen.lower.unions import find_discriminator
from schemagen.lower.variants import union_variants
from schemagen.lower.member_names import member_suffixes
from schemagen.lower.allof_merge import merge_parts
from schemagen.lower.cycles import alias_cycles
from schemagen.lower.default_cycles import recursive_defaults
from schemagen.lower.state import (
    ALL_TARGETS, LowerOptions, LowerState, effective_types, record_constants, resolver, untyped_object,
)
from schemagen.lower.runtime_checks import add_check, meta_schema_expr, runtime_fragment, warn_unsupported, with_checks
from schemagen.lower.shape import (
    as_tuple, disjoint, enum_class_values, extra_declared, hint_from_pointer, is_objectish, plain_merge, required_of,
    types_of,
)

_META_ONLY = ANNOTATIONS | {"$defs", "definitions"}


def is_typeish(content: Any) -> bool:
    if isinstance(content, bool):
        return True
    return isinstance(content, dict) and any(
        k not in _META_ONLY and not k.startswith("x-") or k in ("x-python-type", "x-typescript-type") for k in content
    )


def _holds_defs(content: Any) -> bool:
    return any(True for _ in defs_containers(content))


def lower(documents: list[Document], index: RefIndex, options: LowerOptions = LowerOptions()) -> tuple[ir.Schema, list[Diagnostic]]:
    documents = sorted(documents, key=lambda d: d.rel)
    state = LowerState(index, options, {d.uri: module_name(d.rel) for d in documents})
    roots: list[tuple[Target, str, bool]] = []
    for doc in documents:
        content = doc.content
        title = content.get("title") if isinstance(content, dict) else None
        titled = isinstance(title, str) and bool(title.strip())
        if is_typeish(content) or options.force_root or titled and not _holds_defs(content):
            name = str(title) if titled else pascal(PurePosixPath(doc.rel).stem) or "Root"
            roots.append((Target(doc, "", doc.uri), name, titled))  # a file name is derived: it yields to a $defs key
        for defs, key, member in defined_schemas(content):  # a member that is data names no type
            pointer = f"/{defs}/{escape_pointer_token(key)}"
            roots.append((Target(doc, pointer, index.base_of(member, doc.uri)), key, True))
    for target, name, explicit in roots:
        state.names.setdefault(target.key, (name, explicit))
    for target, _, _ in roots:
        _ensure_named(state, target, "", state.module_of[target.doc.uri])
        _drain(state)
    state.diags.extend(index.notes.values())
    state.diags.extend(alias_cycles(state.named))
    state.named, recursive = recursive_defaults(state.named)
    state.diags.extend(recursive)
    state.diags.extend(unresolved_overrides(state.overrides, state.named.values()))
    state.diags.extend(unresolved_ts_overrides(state.ts_overrides, state.named.values()))
    for doc in documents:
        warn_unsupported(state, doc)
    return _assemble(state, documents), state.diags


def _assemble(state: LowerState, documents: list[Document]) -> ir.Schema:
    by_module: dict[str, list[ir.NamedType]] = {}
    for named in state.named.values():
        by_module.setdefault(named.module, []).append(named)
    modules = []
    for doc in documents:
        mod = state.module_of[doc.uri]
        types = sorted(by_module.get(mod, []), key=lambda t: _order_key(t, doc))
        constants = tuple(
            ir.Constant(name, value, origin=where) for name, (value, where) in sorted(state.constants.get(mod, {}).items())
        )
        rooted = any(t.key == f"{doc.uri}#" for t in by_module.get(mod, []))  # the root's description is its type's
        description = doc.content.get("description") if isinstance(doc.content, dict) and not rooted else None
        modules.append(ir.Module(mod, doc.rel, tuple(types), constants, description if isinstance(description, str) else None))
    check_defs = tuple((name, json.dumps(body, ensure_ascii=False)) for name, body in sorted(state.check_defs.bodies.items()))
    return ir.Schema(tuple(modules), tuple(state.invalid), check_defs)


def _order_key(t: ir.NamedType, doc: Document) -> tuple[int, int, int, str]:
    origin = t.origin
    same = origin is not None and origin.file == doc.display
    return (0 if same else 1, origin.line if origin else 0, origin.col if origin else 0, t.key)


# ---------------------------------------------------------------- named types


def _ensure_named(state: LowerState, target: Target, hint: str, module: str) -> str:
    """The key of the named type at `target`, named now and lowered later (`_drain`): a reference
    needs only the key, and lowering on first sight would make what an `allOf` base sees depend on
    which definition was reached first (a base whose property refers back to its subclass)."""
    key = target.key
    if key in state.named or key in state.in_progress or key in state.pending:
        return key
    if key not in state.names:
        node = node_at(target.doc.content, target.pointer)
        title = node.get("title") if isinstance(node, dict) else None
        if isinstance(title, str) and title.strip():
            state.names[key] = (title, True)
        else:
            state.names[key] = (hint or hint_from_pointer(target.pointer), False)
    state.pending[key] = (target, module)
    return key


def _force(state: LowerState, key: str) -> ir.NamedType | None:
    """The IR of a named type needed now (an `allOf` base): lowered at once if it is pending;
    None while it is being lowered (a real cycle of bases)."""
    if key in state.pending:
        target, module = state.pending.pop(key)
        state.in_progress.add(key)
        try:
            mod = state.module_of.get(target.doc.uri, module)
            node = node_at(target.doc.content, target.pointer)
            state.named[key] = _lower_named(state, key, mod, node, target)
        finally:
            state.in_progress.discard(key)
    return state.named.get(key)


def _drain(state: LowerState) -> None:
    """Lower every named type reached so far, oldest first, until none is left."""
    while state.pending:
        _force(state, next(iter(state.pending)))


def _lower_named(state: LowerState, key: str, module: str, node: Any, target: Target) -> ir.NamedType:
    name, explicit = state.names[key]
    doc, pointer, base = target.doc, target.pointer, target.base_uri
    origin = doc.location(pointer)
    common: dict[str, Any] = {"key": key, "name": name, "module": module, "origin": origin, "explicit": explicit}
    if isinstance(node, dict):
        base = state.index.base_of(node, base)  # a `$id` on the node is the base of its own refs
        if isinstance(node.get("description"), str):
            common["description"] = node["description"]
        common["deprecated"] = node.get("deprecated") is True
        whole = not pointer.endswith("/~object")  # the object part of a multi-type schema has no examples of its own
        if isinstance(node.get("examples"), list) and whole:
            common["examples"] = tuple(node["examples"])
        for bad in node.get("x-invalid-examples", []) if isinstance(node.get("x-invalid-examples"), list) and whole else []:
            state.invalid.append((key, bad))
    if pointer.endswith("/~object") and isinstance(node, dict):
        node = without_overrides(node)  # the object part of a type override: the object alone
    if not isinstance(node, dict) or "x-python-type" in node or "x-typescript-type" in node or "$ref" in node \
            or isinstance(node.get("$recursiveRef"), str):
        return ir.AliasType(target=_expr(state, node, doc, pointer, base, name, module), **common)
    enum = node.get("enum")
    if isinstance(enum, list) and enum and enum_class_values(enum) and node.get("x-python-enum") is not False:
        member_names = tuple(node.get("x-enum-names", ())) if isinstance(node.get("x-enum-names"), list) else ()
        if member_names and len(member_names) != len(enum):
            state.diags.append(error("enum-names", "x-enum-names must have one name per enum value", doc.location(pointer + "/x-enum-names")))
            member_names = ()
        for index, message, hint in enum_name_problems(member_names):
            state.diags.append(error("enum-names", message, doc.location(f"{pointer}/x-enum-names/{index}"), hint))
        return ir.EnumType(values=tuple(enum), member_names=member_names, **common)
    union_key = "oneOf" if "oneOf" in node else "anyOf" if "anyOf" in node else None
    if union_key and not has_any(node, OBJECT_KEYWORDS) and "allOf" not in node:
        union = _union_siblings(state, _union_expr(state, node, union_key, doc, pointer, base, name, module, named=True),
                                node, union_key, doc, pointer, base)
        union = with_checks(state, union, node, doc, pointer, base)
        checks: tuple[str, ...] = ()
        if isinstance(union, ir.Checked) and isinstance(union.inner, ir.UnionOf):
            checks = union.fragments
            union = union.inner
        if isinstance(union, ir.UnionOf):
            return ir.UnionType(members=union.members, discriminator=union.discriminator, exclusive=union.exclusive,
                                checks=checks, **common)
        return ir.AliasType(target=union, **common)
    if is_objectish(node, resolver(state, doc, pointer, base)):
        types = effective_types(state, node, doc, pointer)
        if pointer.endswith("/~object"):
            return _lower_object(state, node, doc, pointer.removesuffix("/~object"), base, name, module, common,
                                 checked_outside=True)
        if types is not None and set(types) - {"object"}:
            object_target = Target(doc, pointer + "/~object", base)
            state.names.setdefault(object_target.key, (name + "Object", False))
            return ir.AliasType(target=_expr(state, node, doc, pointer, base, name, module, object_key=object_target), **common)
        return _lower_object(state, node, doc, pointer, base, name, module, common)
    return ir.AliasType(target=_expr(state, node, doc, pointer, base, name, module), **common)


def _lower_object(
    state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str, name: str, module: str,
    common: dict[str, Any], checked_outside: bool = False,
) -> ir.ObjectType:
    """An object type. `checked_outside`: it is the object part of a multi-type schema, whose
    alias carries the schema's runtime checks for every kind of value."""
    if untyped_object(state, node, doc, pointer):
        if state.options.infer_object_type:
            state.diags.append(warning(
                "object-inferred", "no `type`: read as an object (infer_object_type; JSON Schema would also "
                "accept strings, numbers, arrays and null here)", doc.location(pointer), "add `type: object` to say so",
                target=ALL_TARGETS))
        else:
            state.diags.append(warning(
                "object-untyped", "no `type`: JSON Schema applies these keywords to objects only and accepts any "
                "other value, so non-object values are accepted too", doc.location(pointer),
                "add `type: object` if only objects are meant", target=ALL_TARGETS))
    checks: list[str] = []
    own_check = runtime_fragment(state, node, doc, pointer, base, ("pydantic", "typeddict"))
    if own_check and not checked_outside:
        checks.append(own_check)
    unions = [k for k in ("anyOf", "oneOf") if k in node]
    if unions and not (own_check and has_any(node, tuple(WHOLE_SCHEMA))):
        # alternatives beside the properties (`oneOf: [{required: [a]}, {required: [b]}]`): checked at runtime
        union_check = runtime_fragment(state, node, doc, pointer, base, ("pydantic", "typeddict"), unions)
        if union_check:
            checks.append(union_check)
    def lower_here(n: Any, p: str, h: str) -> ir.TypeExpr:
        return _expr(state, n, doc, p, base, h, module)

    variants: list[ir.UnionOf] = []
    if unions:
        kept, dropped = union_variants(node, pointer, name, lower_here)
        variants.extend(kept)
        for key in dropped:
            state.diags.append(warning(
                "union-partial", f"{key} beside properties: an alternative says nothing TypeScript can narrow an object by "
                "(it is not a $ref or plain properties/required), so the TypeScript type does not keep this union; "
                "the Python targets check it at runtime (jsonschema)", doc.location(f"{pointer}/{key}"),
                "write each alternative as a $ref or as properties/required", target="typescript"))
    merged_declared = False  # a merged member declares extra keys allowed (see ObjectType.extra_declared)
    fields: dict[str, ir.Field] = {}
    required: set[str] = set()
    base_key: str | None = None
    extra: ir.TypeExpr | bool = state.options.open_objects
    all_of = node.get("allOf")
    parts = all_of if isinstance(all_of, list) else []
    ref_parts = [(i, p) for i, p in enumerate(parts) if isinstance(p, dict) and set(p) - ANNOTATIONS == {"$ref"}]
    inline_parts = [(i, p) for i, p in enumerate(parts) if (i, p) not in ref_parts]
    if len(ref_parts) == 1:
        i, part = ref_parts[0]
        parent = _ref_object(state, part, doc, f"{pointer}/allOf/{i}", base, module)
        if parent is not None:
            base_key = parent.key
            extra = parent.extra
    for i, part in ref_parts if base_key is None else []:
        parent = _ref_object(state, part, doc, f"{pointer}/allOf/{i}", base, module)
        if parent is not None:
            for f in _all_fields(state, parent):
                fields[f.json_name] = f
            extra = parent.extra if parent.extra is False else extra
            checks.extend(c for c in _all_checks(state, parent) if c not in checks)
            variants.extend(v for v in _all_variants(state, parent) if v not in variants)
            merged_declared = merged_declared or parent.extra_declared
    for i, part in inline_parts:
        part_pointer = f"{pointer}/allOf/{i}"
        if not isinstance(part, dict):
            continue
        whole_checked = own_check is not None and has_any(node, tuple(WHOLE_SCHEMA))  # the node is checked already
        part_variants, part_dropped = union_variants(part, part_pointer, name, lower_here)
        variants.extend(v for v in part_variants if v not in variants)
        kept_whole = part_variants and not part_dropped and "$ref" not in part  # TypeScript keeps the member whole
        if "$ref" in part or not is_objectish(part) and has_any(part, ("oneOf", "anyOf")):
            # its properties are merged; the member as a whole (its $ref, its union) is checked at runtime
            part_check = None if whole_checked else runtime_fragment(
                state, part, doc, part_pointer, base, ("pydantic", "typeddict"),
                [k for k in part if k not in ANNOTATIONS and not k.startswith("x-")])
            if part_check and part_check not in checks:
                checks.append(part_check)
            # a bare union TypeScript intersects with and the Python targets check at runtime is whole in both
            if not (kept_whole and (part_check or whole_checked) and set(part) - ANNOTATIONS <= {"oneOf", "anyOf", "type"}):
                state.diags.append(warning(
                    "allof-partial", "allOf member is not a plain object schema; only its properties are merged into the type"
                    + ("; the Python targets check the whole member at runtime (jsonschema)" if part_check or whole_checked else ""),
                    doc.location(part_pointer), "make the member a plain object schema to have it in every target",
                    target="typescript" if part_check or whole_checked else ALL_TARGETS))
        elif not whole_checked:
            part_check = runtime_fragment(state, part, doc, part_pointer, base, ("pydantic", "typeddict"))
            if part_check and part_check not in checks:
                checks.append(part_check)
        fields.update(_own_fields(state, part, doc, part_pointer, base, name, module, set()))
        merged_declared = merged_declared or extra_declared(part)
        required |= required_of(part)
        if part.get("additionalProperties") is False:
            extra = False
    contributed = set(fields) | {f.json_name for f in _all_fields(state, state.named.get(base_key))} if base_key else set(fields)
    own_names = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
    if parts and "additionalProperties" in node and contributed - own_names \
            and not (own_check and has_any(node, tuple(WHOLE_SCHEMA))):
        # JSON Schema: additionalProperties sees only this schema's own properties, not what allOf adds
        state.diags.append(warning(
            "allof-additional", "additionalProperties here does not see the properties its allOf members add: "
            f"{', '.join(sorted(contributed - own_names))} count as additional", doc.location(f"{pointer}/additionalProperties"),
            "to close the merged object, write unevaluatedProperties instead", target=ALL_TARGETS))
        ap_check = runtime_fragment(state, node, doc, pointer, base, ("pydantic", "typeddict"),
                                     [k for k in ("properties", "patternProperties", "additionalProperties") if k in node])
        if ap_check and ap_check not in checks:
            checks.append(ap_check)
    own_required = required_of(node)
    required |= own_required
    fields.update(_own_fields(state, node, doc, pointer, base, name, module, required))
    if base_key is not None:
        # a property redefined over the base stays required if the base requires it (allOf keeps both)
        required |= {f.json_name for f in _all_fields(state, state.named.get(base_key)) if f.required} & set(fields)
    for json_name in sorted(required - set(fields)):
        inherited = base_key is not None and any(f.json_name == json_name for f in _all_fields(state, state.named.get(base_key)))
        if not inherited:
            fields[json_name] = ir.Field(json_name, ir.AnyValue(), True, origin=doc.location(pointer + "/required"))
    fields = {k: (replace(f, required=True) if k in required and not f.required else f) for k, f in fields.items()}
    extra = _extra_of(state, node, doc, pointer, base, name, module, extra, own_check is not None)
    return ir.ObjectType(fields=tuple(fields.values()), base=base_key, extra=extra,
                         extra_declared=extra is True and (extra_declared(node) or merged_declared and not has_any(
                             node, ("additionalProperties", "unevaluatedProperties"))), checks=tuple(checks),
                         variants=tuple(variants), **common)


def _all_checks(state: LowerState, obj: ir.NamedType | None) -> list[str]:
    if not isinstance(obj, ir.ObjectType):
        return []
    return (_all_checks(state, state.named.get(obj.base)) if obj.base else []) + list(obj.checks)


def _all_variants(state: LowerState, obj: ir.NamedType | None) -> list[ir.UnionOf]:
    if not isinstance(obj, ir.ObjectType):
        return []
    return (_all_variants(state, state.named.get(obj.base)) if obj.base else []) + list(obj.variants)


# Keywords that make properties evaluated (for unevaluatedProperties) in ways a merged object cannot see.
def _extra_of(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str, name: str, module: str,
              current: ir.TypeExpr | bool, checked: bool = False) -> ir.TypeExpr | bool:
    if checked and "patternProperties" in node:
        return True  # keys matching a pattern are not additional: the runtime check decides
    if checked and "additionalProperties" not in node and "unevaluatedProperties" in node and not plain_merge(node):
        return True  # properties evaluated by applicators: the runtime check decides
    ap = node.get("additionalProperties", node.get("unevaluatedProperties"))
    if ap is False:
        return False
    if ap is True:
        return True
    if isinstance(ap, dict):
        key = "additionalProperties" if "additionalProperties" in node else "unevaluatedProperties"
        expr = _expr(state, ap, doc, f"{pointer}/{key}", base, name + "Value", module)
        if isinstance(expr, ir.AnyValue):
            return True
        return expr
    return current


def _ref_object(state: LowerState, part: dict[str, Any], doc: Document, pointer: str, base: str, module: str) -> ir.ObjectType | None:
    target, diag = state.index.resolve(part["$ref"], base, doc.location(pointer))
    if target is None:
        if diag:
            state.diags.append(diag)
        return None
    key = _ensure_named(state, target, "", module)
    found = _force(state, key)
    while isinstance(found, ir.AliasType) and isinstance(found.target, ir.Ref):
        key = found.target.name
        found = _force(state, key)
    if isinstance(found, ir.AliasType) and isinstance(found.target, ir.UnionOf):
        # object keywords without `type` (an object or any other value): merged here, only the object matters
        part_key = f"{found.key}/~object"
        if any(isinstance(m, ir.Ref) and m.name == part_key for m in found.target.members):
            key = part_key
            found = _force(state, key)
    if isinstance(found, ir.ObjectType):
        return found
    if key in state.in_progress:
        state.diags.append(error("allof-cycle", "allOf refers back to the object being defined", doc.location(pointer),
                                 "break the cycle: an object cannot extend itself"))
    else:
        state.diags.append(warning("allof-partial", "allOf member does not resolve to an object; it is ignored",
                                   doc.location(pointer), target=ALL_TARGETS))
    return None


def _all_fields(state: LowerState, obj: ir.NamedType | None) -> list[ir.Field]:
    if not isinstance(obj, ir.ObjectType):
        return []
    inherited = _all_fields(state, state.named.get(obj.base)) if obj.base else []
    own = {f.json_name for f in obj.fields}
    return [f for f in inherited if f.json_name not in own] + list(obj.fields)


def _own_fields(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str, parent: str, module: str,
                required: set[str]) -> dict[str, ir.Field]:
    out: dict[str, ir.Field] = {}
    props = node.get("properties")
    if not isinstance(props, dict):
        return out
    for json_name, pnode in props.items():
        ppointer = f"{pointer}/properties/{escape_pointer_token(json_name)}"
        ftype = _expr(state, pnode, doc, ppointer, base, parent + pascal(json_name), module)
        default = None
        description = deprecated = read_only = None
        if isinstance(pnode, dict):
            if "default" in pnode:
                if state.index.accepts(doc.uri, ppointer, pnode["default"]) is False:
                    state.diags.append(warning(
                        "default-invalid", "this default does not satisfy its own schema; it is not used",
                        doc.location(f"{ppointer}/default"),
                        "fix the default (JSON Schema treats it as an annotation, so validators ignore it)",
                        target=ALL_TARGETS))
                else:
                    default = ir.Default(value=pnode["default"], origin=doc.location(f"{ppointer}/default"))
            factory = pnode.get("x-default-factory")
            if isinstance(factory, str) and factory in FACTORY_RESULTS:
                where = doc.location(f"{ppointer}/x-default-factory")
                problem = factory_problem(pnode, factory)
                if problem is None and state.index.accepts(doc.uri, ppointer, FACTORY_RESULTS[factory][2]) is False:
                    problem = f"x-default-factory {factory!r} makes values this schema rejects"
                if problem is None:
                    default = ir.Default(factory=factory)
                else:
                    state.diags.append(error("default-factory", problem, where,
                                             "use the factory on a property of the type it returns, or drop it"))
            description = pnode.get("description") if isinstance(pnode.get("description"), str) else None
            deprecated = pnode.get("deprecated") is True
            read_only = pnode.get("readOnly") is True
        out[json_name] = ir.Field(
            json_name, ftype, json_name in required, default, description, bool(deprecated), bool(read_only),
            doc.location(ppointer),
        )
    return out


# ---------------------------------------------------------------- type expressions

_OVERRIDE_KEYS = ("x-python-type", "x-typescript-type", "x-python-import", "x-typescript-import")


def without_overrides(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k not in _OVERRIDE_KEYS}



def _expr(state: LowerState, node: Any, doc: Document, pointer: str, base: str, hint: str, module: str,
          object_key: Target | None = None) -> ir.TypeExpr:
    if node is True:
        return ir.AnyValue()
    if node is False:
        return ir.NeverValue()
    if not isinstance(node, dict):
        state.diags.append(error("not-a-schema", "a schema must be an object or a boolean", doc.location(pointer)))
        return ir.AnyValue()
    base = state.index.base_of(node, base)
    record_constants(state, node, doc, pointer, module)
    if "x-python-type" in node or "x-typescript-type" in node:
        refused = override_problems(node, state.options.allowed_imports) + ts_import_problems(
            node, module, generated_typescript_files(state.module_of.values()))
        for keyword, message, why in refused:
            state.diags.append(error("override", f"{keyword}: {message}", doc.location(f"{pointer}/{keyword}"), why))
        if refused:
            return ir.AnyValue()
        if isinstance(node.get("x-python-type"), str):
            state.overrides.append((node["x-python-type"], as_tuple(node.get("x-python-import")),
                                    doc.location(f"{pointer}/x-python-type"), module))
        if isinstance(node.get("x-typescript-type"), str):
            state.ts_overrides.append((node["x-typescript-type"], as_tuple(node.get("x-typescript-import")),
                                       doc.location(f"{pointer}/x-typescript-type"), module))
        rest = without_overrides(node)
        fallback: ir.TypeExpr = ir.AnyValue()
        if set(rest) - ANNOTATIONS:
            # an object part is named at its own key: at this pointer stands the override, and a
            # fallback naming it would be the override itself (`type Sized = Sized`, TS2456)
            part = object_key or Target(doc, pointer + "/~object", base)
            if object_key is None:
                state.names.setdefault(part.key, ((hint or hint_from_pointer(pointer)) + "Object", False))
            fallback = _expr(state, rest, doc, pointer, base, hint, module, object_key=part)
            if fallback == ir.Ref(part.key):  # the object part carries no checks of its own (checked_outside)
                fallback = with_checks(state, fallback, rest, doc, pointer, base)
        return ir.Override(
            fallback=fallback,
            python=node.get("x-python-type"),
            python_imports=as_tuple(node.get("x-python-import")),
            typescript=canonical_ts_type(node["x-typescript-type"]) if "x-typescript-type" in node else None,
            typescript_imports=as_tuple(node.get("x-typescript-import")),
        )
    if "$ref" in node and isinstance(node["$ref"], str):
        return _ref_expr(state, node, doc, pointer, base, module)
    if isinstance(node.get("$recursiveRef"), str):
        return _recursive_ref(state, node, doc, pointer, base, module)
    result = _expr_body(state, node, doc, pointer, base, hint, module, object_key)
    own = (object_key or Target(doc, pointer, base)).key
    if any(isinstance(m, ir.Ref) and m.name == own for m in (result.members if isinstance(result, ir.UnionOf) else (result,))):
        if object_key is not None and isinstance(result, ir.UnionOf):  # object | other types: checks apply to all
            return with_checks(state, result, node, doc, pointer, base)
        return result  # the object named after this node carries its checks
    return with_checks(state, result, node, doc, pointer, base)


def _recursive_ref(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str,
                   module: str) -> ir.TypeExpr:
    """2019-09's `$recursiveRef`: a `$ref` to the same URI, except that where its target sets
    `$recursiveAnchor: true` a schema that embeds this one may redirect it to itself. That dynamic
    extension is not modelled (warned); the recursion within the document is exact."""
    value = node["$recursiveRef"]
    target, _ = state.index.resolve(value, base, doc.location(pointer + "/$recursiveRef"))
    if target is not None:
        found = node_at(target.doc.content, target.pointer)
        if isinstance(found, dict) and found.get("$recursiveAnchor") is True:
            state.diags.append(warning(
                "recursive-ref", "$recursiveRef is read as $ref: a schema that embeds this one through "
                "$recursiveAnchor does not extend it here", doc.location(pointer + "/$recursiveRef"),
                "write $ref if the extension is not meant", target=ALL_TARGETS))
    plain = {("$ref" if k == "$recursiveRef" else k): v for k, v in node.items()}
    return _ref_expr(state, plain, doc, pointer, base, module)


def _ref_expr(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str, module: str) -> ir.TypeExpr:
    """A `$ref`; keywords beside it (2020-12 applies both) are checked at runtime when they can be."""
    siblings = sorted(k for k in node if k not in ANNOTATIONS and k != "$ref" and not k.startswith("x-"))
    if siblings and doc.dialect in REF_OVERRIDES:
        state.diags.append(warning(
            "ref-siblings-ignored", f"keywords beside $ref are ignored in {doc.dialect}: {', '.join(siblings)}",
            doc.location(pointer), "wrap them with the $ref in an allOf to apply them", target=ALL_TARGETS))
        siblings = []
    meta = state.index.meta_schema(node["$ref"], base)
    if meta is not None:
        target, diag = None, None
    else:
        target, diag = state.index.resolve(node["$ref"], base, doc.location(pointer + "/$ref"))
    expr: ir.TypeExpr
    if meta is not None:
        expr = meta_schema_expr(state, meta, doc, pointer)
    elif target is None:
        if diag:
            state.diags.append(diag)
        expr = ir.AnyValue()
    else:
        expr = ir.Ref(_ensure_named(state, target, "", module))
    if siblings == ["const"] and target is not None and state.index.accepts(doc.uri, pointer, node["const"]):
        return ir.LiteralOf((node["const"],))  # `$ref` + `const` is that one value (a discriminator tag)
    if siblings:
        keys = siblings + ["$ref"] if set(siblings) & WHOLE_SCHEMA else siblings
        fragment = runtime_fragment(state, node, doc, pointer, base, ("pydantic", "typeddict"), keys)
        expr = add_check(expr, fragment)
        state.diags.append(warning(
            "ref-siblings",
            f"keywords beside $ref are not applied: {', '.join(siblings)}"
            + ("; the Python targets check them at runtime (jsonschema)" if fragment is not None else ""),
            doc.location(pointer), "wrap them with the $ref in an allOf",
            target="typescript" if fragment is not None else ALL_TARGETS))
    return expr


def _expr_body(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str, hint: str, module: str,
               object_key: Target | None) -> ir.TypeExpr:
    if "allOf" in node:
        if is_objectish(node, resolver(state, doc, pointer, base)):
            return ir.Ref(_ensure_named(state, object_key or Target(doc, pointer, base), hint, module))
        if any(part is False for part in node["allOf"]):
            return ir.NeverValue()
        merged, home, fragments, apart = merge_parts(state, node, doc, pointer, base)
        inner = _expr(state, merged, doc, home, base, hint, module)
        intersect = tuple(_expr(state, node_at(doc.content, p), doc, p, base, f"{hint}AllOf{p.rsplit('/', 1)[1]}", module)
                          for p in apart)
        return ir.Checked(inner, tuple(fragments), intersect) if fragments else inner
    for union_key in ("oneOf", "anyOf"):
        if union_key in node and not has_any(node, OBJECT_KEYWORDS):
            return _union_siblings(state, _union_expr(state, node, union_key, doc, pointer, base, hint, module),
                                   node, union_key, doc, pointer, base)
    if "const" in node:
        return ir.LiteralOf((node["const"],))
    if isinstance(node.get("enum"), list):
        return ir.LiteralOf(tuple(node["enum"]))
    types = effective_types(state, node, doc, pointer)
    if types is None:
        if has_any(node, STRING_KEYWORDS + NUMBER_KEYWORDS + ARRAY_KEYWORDS):
            types = list(JSON_TYPES)  # keywords constrain only values of their own type
        else:
            return ir.AnyValue()
    if "number" in types and "integer" in types:
        types = [t for t in types if t != "integer"]
    if object_key is None and "object" in types and len(set(types)) > 1 \
            and ("properties" in node or "required" in node or node.get("additionalProperties") is False):
        return ir.Ref(_ensure_named(state, Target(doc, pointer, base), hint, module))  # one alias: object | others
    members = [_typed(state, node, t, doc, pointer, base, hint, module, object_key) for t in dict.fromkeys(types)]
    return members[0] if len(members) == 1 else ir.UnionOf(tuple(members))


def _typed(state: LowerState, node: dict[str, Any], kind: str, doc: Document, pointer: str, base: str, hint: str,
           module: str, object_key: Target | None) -> ir.TypeExpr:
    if kind == "string":
        fmt = node.get("format") if isinstance(node.get("format"), str) else None
        return ir.Primitive("string", fmt, constraints_of(node, STRING_KEYWORDS))
    if kind in ("integer", "number"):
        return ir.Primitive(kind, None, constraints_of(node, NUMBER_KEYWORDS))
    if kind in ("boolean", "null"):
        return ir.Primitive(kind)
    if kind == "array":
        return _array(state, node, doc, pointer, base, hint, module)
    if kind == "object":
        if "properties" in node or "required" in node or node.get("additionalProperties") is False or "allOf" in node:
            return ir.Ref(_ensure_named(state, object_key or Target(doc, pointer, base), hint, module))
        ap = node.get("additionalProperties", True)
        if isinstance(node.get("patternProperties"), dict) and node["patternProperties"]:
            ap = True  # a key matching a pattern is not additional: the runtime check decides each value
        values = _expr(state, ap, doc, pointer + "/additionalProperties", base, hint + "Value", module) if isinstance(ap, dict) else ir.AnyValue()
        return ir.MapOf(values, constraints_of(node, ("minProperties", "maxProperties")))
    state.diags.append(error("unknown-type", f"unknown type {kind!r}", doc.location(pointer + "/type")))
    return ir.AnyValue()


def _array(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, base: str, hint: str, module: str) -> ir.TypeExpr:
    prefix: tuple[ir.TypeExpr, ...] = ()
    closed = False
    # 2020-12: prefixItems + items; before it, array-form items + additionalItems
    prefix_key, rest_key = ("items", "additionalItems") if doc.dialect in ARRAY_ITEMS else ("prefixItems", "items")
    if prefix_key == "items" and not isinstance(node.get("items"), list):
        prefix_key, rest_key = "", "items"  # items is one schema for every item; additionalItems does nothing
    if isinstance(node.get(prefix_key), list):
        prefix = tuple(
            _expr(state, p, doc, f"{pointer}/{prefix_key}/{i}", base, f"{hint}Item{i + 1}", module)
            for i, p in enumerate(node[prefix_key])
        )
    items = node.get(rest_key, True)
    if items is False and prefix:
        closed = True
        item_type: ir.TypeExpr = ir.AnyValue()
    elif items is False and prefix_key and not prefix:  # `items: []` with `additionalItems: false`: empty only
        return ir.ArrayOf(ir.NeverValue(), constraints_of(node, ARRAY_KEYWORDS))
    else:
        item_type = _expr(state, items, doc, f"{pointer}/{rest_key}", base, hint + "Item", module)
    if prefix and not closed:
        # an open prefix: TypeScript spells a tuple with a rest element; Python a list of any
        # position's type, each position checked at runtime
        fragment = runtime_fragment(state, node, doc, pointer, base, (), [k for k in (prefix_key, rest_key) if k in node])
        return add_check(ir.ArrayOf(item_type, constraints_of(node, ARRAY_KEYWORDS), prefix), fragment)
    return ir.ArrayOf(item_type, constraints_of(node, ARRAY_KEYWORDS), prefix, closed)


def _union_expr(state: LowerState, node: dict[str, Any], union_key: str, doc: Document, pointer: str, base: str,
                hint: str, module: str, named: bool = False) -> ir.TypeExpr:
    members_raw = node[union_key]
    if not isinstance(members_raw, list):
        return ir.AnyValue()
    explicit = None
    disc = node.get("discriminator")
    if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
        explicit = disc["propertyName"]

    def resolve(member: dict[str, Any]) -> dict[str, Any] | None:
        target, _ = state.index.resolve(member["$ref"], base, state.index.ref_location(member, doc.location(pointer)))
        if target is None:
            return None
        found = node_at(target.doc.content, target.pointer)
        return found if isinstance(found, dict) else None

    def key_of(ref: str) -> str | None:
        target, _ = state.index.resolve(ref, base, doc.location(pointer))
        return target.key if target is not None else None

    tagging = find_discriminator(members_raw, explicit, resolve, disc.get("mapping") if isinstance(disc, dict) else None,
                                 key_of)
    tag, values = tagging.tag, tagging.values
    if explicit and tag is None:
        state.diags.append(warning(
            "discriminator", f"discriminator {explicit!r} cannot be honoured: {tagging.reason}; the union is untagged "
            "(each variant is tried in turn)", doc.location(pointer + "/discriminator"),
            f"pin {explicit!r} with const in every variant, require it, and give each variant its own value",
            target=ALL_TARGETS))
    around = types_of(node)
    members = []
    tagged = {i: pascal(str(v)) for i, v in values.items() if pascal(str(v))}
    suffixes, numbered = member_suffixes(members_raw, tagged, named)
    if numbered:
        state.diags.append(warning(
            "numbered-name", f"{len(numbered)} members of this {union_key} need a type of their own and nothing tells them "
            f"apart (no title, tag or distinct kind): they are named {', '.join(hint + suffixes[i] for i in numbered)}",
            doc.location(f"{pointer}/{union_key}/{numbered[0]}"),
            "give each member a title, or move it to $defs under a name", target=ALL_TARGETS))
    for i, member in enumerate(members_raw):
        if around is not None and isinstance(member, dict) and types_of(member) is None and "$ref" not in member:
            state.implied_types[(doc.uri, f"{pointer}/{union_key}/{i}")] = around  # the member is also of that type
        suffix = suffixes[i]
        members.append(_expr(state, member, doc, f"{pointer}/{union_key}/{i}", base, hint + suffix, module))
    # flatten nested unions without tags, drop duplicates, keep order
    flat: list[ir.TypeExpr] = []
    for m in members:
        for x in (m.members if isinstance(m, ir.UnionOf) and m.discriminator is None and not tag else (m,)):
            if x not in flat:
                flat.append(x)
    union: ir.TypeExpr = flat[0] if len(flat) == 1 else ir.UnionOf(tuple(flat), tag, union_key == "oneOf")
    if union_key == "oneOf" and tag is None and len(members_raw) > 1 and not disjoint(flat):
        # exactly one: a value that matches two members is refused (types alone take the first)
        return add_check(union, runtime_fragment(state, node, doc, pointer, base, ("pydantic", "typeddict"), ["oneOf"]))
    return union


def _union_siblings(state: LowerState, union: ir.TypeExpr, node: dict[str, Any], union_key: str, doc: Document,
                    pointer: str, base: str) -> ir.TypeExpr:
    """A union's base schema (`type: string, anyOf: [...]`; `anyOf` beside `oneOf`): the members
    alone make the type, so the keywords beside them are checked at runtime."""
    keys = [k for k in node if k != union_key and k not in ANNOTATIONS and k not in RUNTIME_CHECKED
            and not k.startswith("x-")]
    members = node[union_key] if isinstance(node[union_key], list) else []
    if members and all((doc.uri, f"{pointer}/{union_key}/{i}") in state.implied_types for i in range(len(members))):
        keys = [k for k in keys if k != "type"]  # every member took this `type`: their types say it already
    if not keys:
        return union
    fragment = runtime_fragment(state, node, doc, pointer, base, ("pydantic", "typeddict"), keys)
    if "anyOf" in keys:  # beside a oneOf
        state.diags.append(warning(
            "union-both", "both oneOf and anyOf: the types follow oneOf"
            + ("; the Python targets check anyOf at runtime (jsonschema)" if fragment is not None else ", anyOf is not checked"),
            doc.location(pointer), "nest one of them in an allOf to say both are meant",
            target="typescript" if fragment is not None else ALL_TARGETS))
    return add_check(union, fragment)


# ---------------------------------------------------------------- cycles with nothing in them
