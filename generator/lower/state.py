"""The lowering stage's options and working set, and the services that need only that state:
the effective `type` of a node, `$ref` resolution for `allOf` members, named constants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemagen import ir
from schemagen.diagnostics import Diagnostic, Location, error
from schemagen.frontend.keywords import OBJECT_KEYWORDS, has_any
from schemagen.frontend.load import Document, node_at
from schemagen.lower.overrides import DEFAULT_PYTHON_IMPORTS
from schemagen.frontend.refs import RefIndex, Target
from schemagen.lower.fragments import CheckDefs
from schemagen.lower.shape import UNTYPED_OBJECT_TYPES, types_of


ALL_TARGETS = "pydantic, typeddict, typescript"


TARGETS = ("pydantic", "typeddict", "typescript")


@dataclass(frozen=True)
class LowerOptions:
    open_objects: bool = True  # no additionalProperties: keep unknown keys (JSON Schema's meaning)
    force_root: bool = False  # make each file root a type even if it only holds $defs
    allowed_imports: frozenset[str] = DEFAULT_PYTHON_IMPORTS  # modules x-python-import may name
    infer_object_type: bool = False  # object keywords without `type` mean an object (not JSON Schema's meaning)


@dataclass
class LowerState:
    """The lowering's working set. Internal to one `lower()` call, which as a whole is pure."""

    index: RefIndex
    options: LowerOptions
    module_of: dict[str, str]
    names: dict[str, tuple[str, bool]] = field(default_factory=dict)
    named: dict[str, ir.NamedType] = field(default_factory=dict)
    in_progress: set[str] = field(default_factory=set)
    # x-python-type expressions to check once every type is known: (expression, imports, where, module)
    overrides: list[tuple[str, tuple[str, ...], Location, str]] = field(default_factory=list)
    ts_overrides: list[tuple[str, tuple[str, ...], Location, str]] = field(default_factory=list)  # the same for x-typescript-type
    pending: dict[str, tuple[Target, str]] = field(default_factory=dict)  # named, not lowered yet: key → (where, module)
    diags: list[Diagnostic] = field(default_factory=list)
    constants: dict[str, dict[str, tuple[Any, Location]]] = field(default_factory=dict)
    invalid: list[tuple[str, Any]] = field(default_factory=list)
    # (document uri, pointer of a keyword) → the targets that check it at runtime (SchemaCheck)
    enforced: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    # (document uri, pointer) of a union member without `type` → the `type` of the schema around the union
    implied_types: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # the schemas runtime checks refer to, each cut out once (fragments.CheckDefs)
    check_defs: CheckDefs = field(default_factory=CheckDefs)


def untyped_object(state: LowerState, node: dict[str, Any], doc: Document, pointer: str) -> bool:
    """Object keywords with no `type`, neither its own nor the one around the union it is a member of:
    JSON Schema applies them to objects and accepts every other value."""
    return (types_of(node) is None and "allOf" not in node and has_any(node, OBJECT_KEYWORDS)
            and (doc.uri, pointer.removesuffix("/~object")) not in state.implied_types)


def effective_types(state: LowerState, node: dict[str, Any], doc: Document, pointer: str) -> list[str] | None:
    """The JSON types a schema allows, or None for any. Its own `type`; else the `type` of the schema
    around the union it is a member of; else, for untyped object keywords, every type with the object
    first (or only the object, with `infer_object_type`)."""
    if untyped_object(state, node, doc, pointer):
        return ["object"] if state.options.infer_object_type else list(UNTYPED_OBJECT_TYPES)
    types = types_of(node)
    return types if types is not None else state.implied_types.get((doc.uri, pointer.removesuffix("/~object")))


def resolver(state: LowerState, doc: Document, pointer: str, base: str) -> Any:
    """Maps an `allOf` member `{$ref: ...}` to the schema it points at (None if it cannot)."""
    def resolve(part: dict[str, Any]) -> Any:
        if not isinstance(part.get("$ref"), str):
            return None
        target, _ = state.index.resolve(part["$ref"], state.index.base_of(part, base),
                                        state.index.ref_location(part, doc.location(pointer)))
        return node_at(target.doc.content, target.pointer) if target is not None else None
    return resolve


def record_constants(state: LowerState, node: dict[str, Any], doc: Document, pointer: str, module: str) -> None:
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
