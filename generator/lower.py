"""Stage 3, lower: documents → IR.

Every file root that describes a value, every `$defs`/`definitions` entry, every `$ref` target and
every nested object with properties becomes a named type, keyed by where it was written
(`<uri>#<pointer>`). Names come from the `$defs` key or the root `title` (explicit), else from the
parent and property (derived); the namer makes them final. `allOf` over one referenced object plus
local properties is an extension (subclass / `extends`); any other `allOf` of objects is merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from generator import ir
from generator.diagnostics import Diagnostic, Location, error, warning
from generator.keywords import (
    ANNOTATIONS, ARRAY_KEYWORDS, JSON_TYPES, NUMBER_KEYWORDS, OBJECT_KEYWORDS, STRING_KEYWORDS, UNSUPPORTED,
    constraints_of, has_any,
)
from generator.load import Document, escape_pointer_token
from generator.naming import pascal, snake
from generator.overrides import override_problems
from generator.refs import RefIndex, Target
from generator.unions import find_discriminator

ALL_TARGETS = "pydantic, typeddict, typescript"
_META_ONLY = ANNOTATIONS | {"$defs", "definitions"}


@dataclass(frozen=True)
class LowerOptions:
    open_objects: bool = True  # no additionalProperties: keep unknown keys (JSON Schema's meaning)
    force_root: bool = False  # make each file root a type even if it only holds $defs


def module_name(rel: str) -> str:
    path = PurePosixPath(rel)
    parts = [snake(p) or "module" for p in path.with_suffix("").parts]
    return ".".join(p if not p[0].isdigit() else "m" + p for p in parts)


def node_at(content: Any, pointer: str) -> Any:
    node = content
    if not pointer:
        return node
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def is_typeish(content: Any) -> bool:
    if isinstance(content, bool):
        return True
    return isinstance(content, dict) and any(
        k not in _META_ONLY and not k.startswith("x-") or k in ("x-python-type", "x-typescript-type") for k in content
    )


@dataclass
class _State:
    """The lowering's working set. Internal to one `lower()` call, which as a whole is pure."""

    index: RefIndex
    options: LowerOptions
    module_of: dict[str, str]
    names: dict[str, tuple[str, bool]] = field(default_factory=dict)
    named: dict[str, ir.NamedType] = field(default_factory=dict)
    in_progress: set[str] = field(default_factory=set)
    diags: list[Diagnostic] = field(default_factory=list)
    constants: dict[str, dict[str, tuple[Any, Location]]] = field(default_factory=dict)
    invalid: list[tuple[str, Any]] = field(default_factory=list)


def lower(documents: list[Document], index: RefIndex, options: LowerOptions = LowerOptions()) -> tuple[ir.Schema, list[Diagnostic]]:
    documents = sorted(documents, key=lambda d: d.rel)
    state = _State(index, options, {d.uri: module_name(d.rel) for d in documents})
    roots: list[tuple[Target, str]] = []
    for doc in documents:
        content = doc.content
        if is_typeish(content) or options.force_root:
            title = content.get("title") if isinstance(content, dict) else None
            name = title if isinstance(title, str) and title.strip() else pascal(PurePosixPath(doc.rel).stem) or "Root"
            roots.append((Target(doc, "", doc.uri), name))
        if isinstance(content, dict):
            for defs in ("$defs", "definitions"):
                if isinstance(content.get(defs), dict):
                    for key in content[defs]:
                        pointer = f"/{defs}/{escape_pointer_token(key)}"
                        roots.append((Target(doc, pointer, index.base_of(content[defs][key], doc.uri)), key))
    for target, name in roots:
        state.names.setdefault(target.key, (name, True))
    for target, _ in roots:
        _ensure_named(state, target, "", state.module_of[target.doc.uri])
    state.diags.extend(_alias_cycles(state.named))
    return _assemble(state, documents), state.diags


def _assemble(state: _State, documents: list[Document]) -> ir.Schema:
    by_module: dict[str, list[ir.NamedType]] = {}
    for named in state.named.values():
        by_module.setdefault(named.module, []).append(named)
    modules = []
    for doc in documents:
        mod = state.module_of[doc.uri]
        types = sorted(by_module.get(mod, []), key=lambda t: _order_key(t, doc))
        constants = tuple(
            ir.Constant(name, value) for name, (value, _) in sorted(state.constants.get(mod, {}).items())
        )
        description = doc.content.get("description") if isinstance(doc.content, dict) and not is_typeish(doc.content) else None
        modules.append(ir.Module(mod, doc.rel, tuple(types), constants, description if isinstance(description, str) else None))
    return ir.Schema(tuple(modules), tuple(state.invalid))


def _order_key(t: ir.NamedType, doc: Document) -> tuple[int, int, int, str]:
    origin = t.origin
    same = origin is not None and origin.file == doc.display
    return (0 if same else 1, origin.line if origin else 0, origin.col if origin else 0, t.key)


# ---------------------------------------------------------------- named types


def _ensure_named(state: _State, target: Target, hint: str, module: str) -> str:
    key = target.key
    if key in state.named or key in state.in_progress:
        return key
    if key not in state.names:
        node = node_at(target.doc.content, target.pointer)
        title = node.get("title") if isinstance(node, dict) else None
        if isinstance(title, str) and title.strip():
            state.names[key] = (title, True)
        else:
            state.names[key] = (hint or _hint_from_pointer(target.pointer), False)
    state.in_progress.add(key)
    try:
        mod = state.module_of.get(target.doc.uri, module)
        node = node_at(target.doc.content, target.pointer)
        state.named[key] = _lower_named(state, key, mod, node, target)
    finally:
        state.in_progress.discard(key)
    return key


def _hint_from_pointer(pointer: str) -> str:
    tokens = [t for t in pointer.split("/") if t and not t.isdigit() and t not in ("properties", "items", "$defs", "definitions")]
    return pascal(tokens[-1]) if tokens else "Root"


def _lower_named(state: _State, key: str, module: str, node: Any, target: Target) -> ir.NamedType:
    name, explicit = state.names[key]
    doc, pointer, base = target.doc, target.pointer, target.base_uri
    origin = doc.location(pointer)
    common: dict[str, Any] = {"key": key, "name": name, "module": module, "origin": origin, "explicit": explicit}
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            common["description"] = node["description"]
        common["deprecated"] = node.get("deprecated") is True
        if isinstance(node.get("examples"), list):
            common["examples"] = tuple(node["examples"])
        for bad in node.get("x-invalid-examples", []) if isinstance(node.get("x-invalid-examples"), list) else []:
            state.invalid.append((key, bad))
    if not isinstance(node, dict) or "x-python-type" in node or "x-typescript-type" in node or "$ref" in node:
        return ir.AliasType(target=_expr(state, node, doc, pointer, base, name, module), **common)
    enum = node.get("enum")
    if isinstance(enum, list) and enum and _enum_class_values(enum):
        member_names = tuple(node.get("x-enum-names", ())) if isinstance(node.get("x-enum-names"), list) else ()
        if member_names and len(member_names) != len(enum):
            state.diags.append(error("enum-names", "x-enum-names must have one name per enum value", doc.location(pointer + "/x-enum-names")))
            member_names = ()
        return ir.EnumType(values=tuple(enum), member_names=member_names, **common)
    union_key = "oneOf" if "oneOf" in node else "anyOf" if "anyOf" in node else None
    if union_key and not has_any(node, OBJECT_KEYWORDS) and "allOf" not in node and not _is_nullable_wrapper(node, union_key):
        union = _union_expr(state, node, union_key, doc, pointer, base, name, module)
        _warn_unsupported(state, node, doc, pointer)
        if isinstance(union, ir.UnionOf):
            return ir.UnionType(members=union.members, discriminator=union.discriminator, exclusive=union.exclusive, **common)
        return ir.AliasType(target=union, **common)
    if _is_objectish(node):
        types = _types_of(node)
        if types is not None and set(types) - {"object"}:
            object_target = Target(doc, pointer + "/~object", base)
            state.names.setdefault(object_target.key, (name + "Object", False))
            return ir.AliasType(target=_expr(state, node, doc, pointer, base, name, module, object_key=object_target), **common)
        return _lower_object(state, node, doc, pointer, base, name, module, common)
    return ir.AliasType(target=_expr(state, node, doc, pointer, base, name, module), **common)


def _is_nullable_wrapper(node: dict[str, Any], union_key: str) -> bool:
    return False


def _enum_class_values(values: list[Any]) -> bool:
    """An enum becomes a class only when its values are all strings or all integers."""
    if all(isinstance(v, str) for v in values):
        return len(set(values)) == len(values)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return len(set(values)) == len(values)
    return False


def _types_of(node: dict[str, Any]) -> list[str] | None:
    t = node.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return None


def _is_objectish(node: dict[str, Any]) -> bool:
    types = _types_of(node)
    if types is not None and "object" not in types:
        return False
    if "properties" in node or "required" in node or node.get("additionalProperties") is False:
        return True
    if isinstance(node.get("allOf"), list):  # an allOf that merges objects (not `allOf: [{maximum: 3}]`)
        return any(isinstance(p, dict) and (_is_objectish(p) or "$ref" in p) for p in node["allOf"])
    return False


def _lower_object(
    state: _State, node: dict[str, Any], doc: Document, pointer: str, base: str, name: str, module: str,
    common: dict[str, Any],
) -> ir.ObjectType:
    _warn_unsupported(state, node, doc, pointer)
    fields: dict[str, ir.Field] = {}
    required: set[str] = set()
    base_key: str | None = None
    extra: ir.TypeExpr | bool = state.options.open_objects
    parts = node.get("allOf") if isinstance(node.get("allOf"), list) else []
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
    for i, part in inline_parts:
        part_pointer = f"{pointer}/allOf/{i}"
        if not isinstance(part, dict):
            continue
        if "$ref" in part or not _is_objectish(part) and has_any(part, ("oneOf", "anyOf")):
            state.diags.append(
                warning("allof-partial", "allOf member is not a plain object schema; only its properties are merged",
                        doc.location(part_pointer), target=ALL_TARGETS)
            )
        _warn_unsupported(state, part, doc, part_pointer)
        fields.update(_own_fields(state, part, doc, part_pointer, base, name, module, set()))
        required |= _required(part)
        if part.get("additionalProperties") is False:
            extra = False
    own_required = _required(node)
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
    extra = _extra_of(state, node, doc, pointer, base, name, module, extra)
    return ir.ObjectType(fields=tuple(fields.values()), base=base_key, extra=extra, **common)


def _extra_of(state: _State, node: dict[str, Any], doc: Document, pointer: str, base: str, name: str, module: str,
              current: ir.TypeExpr | bool) -> ir.TypeExpr | bool:
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
        if "properties" in node:
            state.diags.append(warning(
                "target-gap", f"the types of extra keys ({key}) are not checked: a TypedDict cannot declare them",
                doc.location(f"{pointer}/{key}"), "validate through the Pydantic model when extra keys matter",
                target="typeddict"))
        return expr
    return current


def _required(node: dict[str, Any]) -> set[str]:
    req = node.get("required")
    return {r for r in req if isinstance(r, str)} if isinstance(req, list) else set()


def _ref_object(state: _State, part: dict[str, Any], doc: Document, pointer: str, base: str, module: str) -> ir.ObjectType | None:
    target, diag = state.index.resolve(part["$ref"], base, doc.location(pointer))
    if target is None:
        if diag:
            state.diags.append(diag)
        return None
    key = _ensure_named(state, target, "", module)
    found = state.named.get(key)
    while isinstance(found, ir.AliasType) and isinstance(found.target, ir.Ref):
        found = state.named.get(found.target.name)
    if isinstance(found, ir.ObjectType):
        return found
    if key in state.in_progress:
        state.diags.append(error("allof-cycle", "allOf refers back to the object being defined", doc.location(pointer),
                                 "break the cycle: an object cannot extend itself"))
    else:
        state.diags.append(warning("allof-partial", "allOf member does not resolve to an object; it is ignored",
                                   doc.location(pointer), target=ALL_TARGETS))
    return None


def _all_fields(state: _State, obj: ir.NamedType | None) -> list[ir.Field]:
    if not isinstance(obj, ir.ObjectType):
        return []
    inherited = _all_fields(state, state.named.get(obj.base)) if obj.base else []
    own = {f.json_name for f in obj.fields}
    return [f for f in inherited if f.json_name not in own] + list(obj.fields)


def _own_fields(state: _State, node: dict[str, Any], doc: Document, pointer: str, base: str, parent: str, module: str,
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
                default = ir.Default(value=pnode["default"])
            if isinstance(pnode.get("x-default-factory"), str):
                default = ir.Default(factory=pnode["x-default-factory"])
            description = pnode.get("description") if isinstance(pnode.get("description"), str) else None
            deprecated = pnode.get("deprecated") is True
            read_only = pnode.get("readOnly") is True
        out[json_name] = ir.Field(
            json_name, ftype, json_name in required, default, description, bool(deprecated), bool(read_only),
            doc.location(ppointer),
        )
    return out


# ---------------------------------------------------------------- type expressions


def _warn_unsupported(state: _State, node: dict[str, Any], doc: Document, pointer: str) -> None:
    for kw in sorted(k for k in node if k in UNSUPPORTED):
        state.diags.append(
            warning(
                "unsupported-keyword",
                f"'{kw}' is not enforced: {UNSUPPORTED[kw]}",
                doc.location(f"{pointer}/{escape_pointer_token(kw)}"),
                "validate it in code, or express the rule with supported keywords",
                target=ALL_TARGETS,
            )
        )


def _record_constants(state: _State, node: dict[str, Any], doc: Document, pointer: str, module: str) -> None:
    named = node.get("x-constants")
    if not isinstance(named, dict):
        return
    table = state.constants.setdefault(module, {})
    for keyword, const in sorted(named.items()):
        if keyword not in node:
            state.diags.append(error("constant-unset", f"x-constants names {keyword!r}, which this schema does not set",
                                     doc.location(f"{pointer}/x-constants"), f"add {keyword} to the schema or remove the name"))
            continue
        value = node[keyword]
        if const in table and table[const][0] != value:
            state.diags.append(error("constant-conflict", f"constant {const} is {table[const][0]!r} elsewhere and {value!r} here",
                                     doc.location(f"{pointer}/x-constants"), "give one constant one value"))
            continue
        table.setdefault(const, (value, doc.location(pointer)))


def _expr(state: _State, node: Any, doc: Document, pointer: str, base: str, hint: str, module: str,
          object_key: Target | None = None) -> ir.TypeExpr:
    if node is True:
        return ir.AnyValue()
    if node is False:
        return ir.NeverValue()
    if not isinstance(node, dict):
        state.diags.append(error("not-a-schema", "a schema must be an object or a boolean", doc.location(pointer)))
        return ir.AnyValue()
    base = state.index.base_of(node, base)
    _record_constants(state, node, doc, pointer, module)
    if "x-python-type" in node or "x-typescript-type" in node:
        refused = override_problems(node)
        for keyword, message, why in refused:
            state.diags.append(error("override", f"{keyword}: {message}", doc.location(f"{pointer}/{keyword}"), why))
        if refused:
            return ir.AnyValue()
        rest = {k: v for k, v in node.items() if k not in ("x-python-type", "x-typescript-type", "x-python-import", "x-typescript-import")}
        return ir.Override(
            fallback=_expr(state, rest, doc, pointer, base, hint, module) if set(rest) - ANNOTATIONS else ir.AnyValue(),
            python=node.get("x-python-type"),
            python_imports=_as_tuple(node.get("x-python-import")),
            typescript=node.get("x-typescript-type"),
            typescript_imports=_as_tuple(node.get("x-typescript-import")),
        )
    if "$ref" in node and isinstance(node["$ref"], str):
        siblings = {k for k in node if k not in ANNOTATIONS and k != "$ref" and not k.startswith("x-")}
        if siblings:
            state.diags.append(warning("ref-siblings", f"keywords beside $ref are not applied: {', '.join(sorted(siblings))}",
                                       doc.location(pointer), "wrap them with the $ref in an allOf", target=ALL_TARGETS))
        target, diag = state.index.resolve(node["$ref"], base, doc.location(pointer + "/$ref"))
        if target is None:
            if diag:
                state.diags.append(diag)
            return ir.AnyValue()
        return ir.Ref(_ensure_named(state, target, "", module))
    _warn_unsupported(state, node, doc, pointer)
    if "allOf" in node:
        if _is_objectish(node) or any(isinstance(p, dict) and (_is_objectish(p) or "$ref" in p) for p in node["allOf"]):
            return ir.Ref(_ensure_named(state, object_key or Target(doc, pointer, base), hint, module))
        if any(part is False for part in node["allOf"]):
            return ir.NeverValue()
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            if isinstance(part, dict):
                merged.update(part)
        return _expr(state, merged, doc, pointer, base, hint, module)
    for union_key in ("oneOf", "anyOf"):
        if union_key in node and not has_any(node, OBJECT_KEYWORDS):
            return _union_expr(state, node, union_key, doc, pointer, base, hint, module)
    if "const" in node:
        return ir.LiteralOf((node["const"],))
    if isinstance(node.get("enum"), list):
        return ir.LiteralOf(tuple(node["enum"]))
    types = _types_of(node)
    if types is None:
        if has_any(node, OBJECT_KEYWORDS):
            types = ["object"]
        elif has_any(node, STRING_KEYWORDS + NUMBER_KEYWORDS + ARRAY_KEYWORDS):
            types = list(JSON_TYPES)  # keywords constrain only values of their own type
        else:
            return ir.AnyValue()
    if "number" in types and "integer" in types:
        types = [t for t in types if t != "integer"]
    members = [_typed(state, node, t, doc, pointer, base, hint, module, object_key) for t in dict.fromkeys(types)]
    return members[0] if len(members) == 1 else ir.UnionOf(tuple(members))


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _typed(state: _State, node: dict[str, Any], kind: str, doc: Document, pointer: str, base: str, hint: str,
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
        values = _expr(state, ap, doc, pointer + "/additionalProperties", base, hint + "Value", module) if isinstance(ap, dict) else ir.AnyValue()
        return ir.MapOf(values, constraints_of(node, ("minProperties", "maxProperties")))
    state.diags.append(error("unknown-type", f"unknown type {kind!r}", doc.location(pointer + "/type")))
    return ir.AnyValue()


def _array(state: _State, node: dict[str, Any], doc: Document, pointer: str, base: str, hint: str, module: str) -> ir.TypeExpr:
    prefix: tuple[ir.TypeExpr, ...] = ()
    closed = False
    if isinstance(node.get("prefixItems"), list):
        prefix = tuple(
            _expr(state, p, doc, f"{pointer}/prefixItems/{i}", base, f"{hint}Item{i + 1}", module)
            for i, p in enumerate(node["prefixItems"])
        )
    items = node.get("items", True)
    if items is False and prefix:
        closed = True
        item_type: ir.TypeExpr = ir.AnyValue()
    else:
        item_type = _expr(state, items, doc, pointer + "/items", base, hint + "Item", module)
    return ir.ArrayOf(item_type, constraints_of(node, ARRAY_KEYWORDS), prefix, closed)


def _union_expr(state: _State, node: dict[str, Any], union_key: str, doc: Document, pointer: str, base: str,
                hint: str, module: str) -> ir.TypeExpr:
    members_raw = node[union_key]
    if not isinstance(members_raw, list):
        return ir.AnyValue()
    if "oneOf" in node and "anyOf" in node:
        state.diags.append(warning("union-both", "both oneOf and anyOf: only oneOf is used", doc.location(pointer), target=ALL_TARGETS))
    explicit = None
    disc = node.get("discriminator")
    if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
        explicit = disc["propertyName"]

    def resolve(member: dict[str, Any]) -> dict[str, Any] | None:
        target, _ = state.index.resolve(member["$ref"], base, doc.location(pointer))
        if target is None:
            return None
        found = node_at(target.doc.content, target.pointer)
        return found if isinstance(found, dict) else None

    tag, values = find_discriminator(members_raw, explicit, resolve)
    if explicit and tag is None:
        state.diags.append(error("discriminator", f"discriminator {explicit!r}: every variant must require it and pin it with const",
                                 doc.location(pointer + "/discriminator"), "add `required: [" + explicit + "]` and a `const` to each variant"))
    members = []
    for i, member in enumerate(members_raw):
        suffix = pascal(str(values[i])) if i in values and pascal(str(values[i])) else f"Option{i + 1}"
        members.append(_expr(state, member, doc, f"{pointer}/{union_key}/{i}", base, hint + suffix, module))
    # flatten nested unions without tags, drop duplicates, keep order
    flat: list[ir.TypeExpr] = []
    for m in members:
        for x in (m.members if isinstance(m, ir.UnionOf) and m.discriminator is None and not tag else (m,)):
            if x not in flat:
                flat.append(x)
    if len(flat) == 1:
        return flat[0]
    return ir.UnionOf(tuple(flat), tag, union_key == "oneOf")


# ---------------------------------------------------------------- cycles with nothing in them


def _direct_refs(expr: ir.TypeExpr) -> list[str]:
    """Types an expression *is* (not contains): a $ref, or any member of a union."""
    if isinstance(expr, ir.Ref):
        return [expr.name]
    if isinstance(expr, ir.UnionOf):
        return [k for m in expr.members for k in _direct_refs(m)]
    return []


def _alias_cycles(named: dict[str, ir.NamedType]) -> list[Diagnostic]:
    """A loop of $ref/oneOf/anyOf that never passes through an object, array or map describes no
    value at all (`A = B`, `B = A`); no target can spell it. Found with an iterative Tarjan walk, so
    a 10,000-type schema costs linear time and no recursion."""
    edges: dict[str, list[str]] = {}
    for key, t in named.items():
        if isinstance(t, ir.AliasType):
            edges[key] = [k for k in _direct_refs(t.target) if k in named]
        elif isinstance(t, ir.UnionType):
            edges[key] = [k for m in t.members for k in _direct_refs(m) if k in named]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            succ = edges.get(node, [])
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, []):
                    cycles.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    diags = []
    for component in cycles:
        members = sorted((named[k] for k in component), key=lambda t: (t.origin or Location(""), t.key))
        chain = " -> ".join(t.name for t in members) + " -> " + members[0].name
        diags.append(error(
            "ref-cycle",
            f"$ref cycle with no object in it: {chain}; it describes no value and no target can spell it",
            members[0].origin,
            "make one type in the loop an object (or array) that holds the next, or point one $ref elsewhere",
        ))
    return diags
