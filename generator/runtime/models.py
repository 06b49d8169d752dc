"""Runtime helpers, part `models` (the pydantic target only): `ContractModel`, the base of every
generated model (absent is not null, models built when first used), `CheckedModel` and `NotNull`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, ClassVar, ForwardRef, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .checks import SchemaCheck, _Before

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

# `extra` of every generated model: "allow" with `open_objects = true` (the default), else "forbid".
# The helpers template writes the package's value in its place (pydantic/helpers.py.j2).
EXTRA_MODE: Literal["allow", "forbid"] = "allow"

# ---- copied into _schemagen.py from here on: the part's code, without the imports above ----


def _reject_null(value: Any) -> Any:
    if value is None:
        raise ValueError("null is not allowed here: omit the field instead")
    return value


def is_none(value: Any) -> bool:
    """`exclude_if` predicate: an absent optional field stays absent when dumped."""
    return value is None


def _not_null() -> Any:
    info = Field(exclude_if=is_none)  # dumped: None means absent, so it stays absent
    info.metadata.append(_Before(_reject_null))  # validated: an explicit null is refused
    return info


NotNull: Any = _not_null()
"""Metadata for an optional field that may be absent but not null: null is refused, and the field
is left out of a dump while it holds None (on every dump path, nested ones and TypeAdapter too)."""

_NULLABLE_ABSENT: dict[type, tuple[str, ...]] = {}


def _nullable_absent(cls: type[BaseModel]) -> tuple[str, ...]:
    """The optional fields that may be null and have no default: absent is not null there."""
    found = _NULLABLE_ABSENT.get(cls)
    if found is None:
        found = tuple(
            name
            for name, info in cls.model_fields.items()
            if not info.is_required()
            and info.default is None
            and info.default_factory is None
            and info.exclude_if is None
        )
        _NULLABLE_ABSENT[cls] = found
    return found


def _unset_spec(value: Any) -> Any:
    """An `exclude` tree naming every nullable optional field that was absent, in `value` and in
    the models nested in it (None when there is none)."""
    if isinstance(value, ContractModel):
        spec: dict[Any, Any] = {}
        fields_set = value.__pydantic_fields_set__
        for name in _nullable_absent(type(value)):
            if name not in fields_set:
                spec[name] = True
        for name, item in value.__dict__.items():
            if name not in spec and isinstance(item, (ContractModel, list, tuple, dict)):
                sub = _unset_spec(item)
                if sub:
                    spec[name] = sub
        return spec or None
    if isinstance(value, (list, tuple)):
        spec = {}
        for index, item in enumerate(value):
            if isinstance(item, (ContractModel, list, tuple, dict)):
                sub = _unset_spec(item)
                if sub:
                    spec[index] = sub
        return spec or None
    if isinstance(value, dict):
        spec = {}
        for key, item in value.items():
            if isinstance(item, (ContractModel, list, tuple, dict)):
                sub = _unset_spec(item)
                if sub:
                    spec[key] = sub
        return spec or None
    return None


def _merge_exclude(given: Any, unset: Any) -> Any:
    """The caller's `exclude` (a set or a tree) together with the absent fields' tree."""
    if given is None:
        return unset
    if unset is True or given is True:
        return True
    mine = dict(unset)
    theirs = dict.fromkeys(given, True) if isinstance(given, (set, frozenset)) else dict(given)
    for key, sub in theirs.items():
        mine[key] = _merge_exclude(sub, mine[key]) if key in mine else sub
    return mine


_BUILDING: set[type] = set()


def _models_in(cls: type[BaseModel]) -> list[type[BaseModel]]:
    """The generated models a model's fields name directly (forward references resolved in the
    module that wrote them, which is complete by the time a deferred model is built)."""
    own = vars(sys.modules[cls.__module__])
    found: list[type[BaseModel]] = []
    stack: list[tuple[Any, dict[str, Any]]] = [
        (f.annotation, own) for f in cls.__pydantic_fields__.values()
    ]
    seen: set[int] = set()
    while stack:
        tp, namespace = stack.pop()
        if isinstance(tp, ForwardRef):
            tp = tp.__forward_arg__
        if isinstance(tp, str):
            try:
                tp = eval(tp, namespace)  # an annotation the generated module wrote
            except Exception:  # left to pydantic, which reports what cannot be resolved
                continue
        if isinstance(tp, type):
            if issubclass(tp, ContractModel):
                found.append(tp)
            continue
        if id(tp) in seen or get_origin(tp) is Literal:
            continue
        seen.add(id(tp))
        if type(tp).__name__ == "TypeAliasType":  # a recursive alias: its value is read lazily
            module = sys.modules.get(getattr(tp, "__module__", ""), None)
            stack.append((tp.__value__, vars(module) if module else namespace))
            continue
        stack.extend((arg, namespace) for arg in get_args(tp))
    return found


def _build_dependencies(root: type[BaseModel]) -> None:
    """Build the deferred models `root` reaches, those it reaches deepest first, so that each
    schema reuses the ones below it: a chain of a thousand models then needs no deep recursion
    (built from the top, pydantic would recurse through the whole chain at once)."""
    order: list[type[BaseModel]] = []
    seen = {root}
    stack = [(root, iter(_models_in(root)))]
    while stack:
        node, below = stack[-1]
        model = next(below, None)
        if model is None:
            stack.pop()
            order.append(node)
        elif model not in seen and not model.__pydantic_complete__:
            seen.add(model)
            stack.append((model, iter(_models_in(model))))
    _BUILDING.add(root)
    try:
        for model in order[:-1]:
            _BUILDING.add(model)
            try:
                model.model_rebuild(raise_errors=False, _parent_namespace_depth=0)
            finally:
                _BUILDING.discard(model)
    finally:
        _BUILDING.discard(root)


class ContractModel(BaseModel):
    """Base of every generated model: validate by field name or JSON key, dump by JSON key, and
    keep an optional field that was absent absent (JSON Schema tells absent from null).

    Validators are built when a model is first used (`defer_build`), not when its module is
    imported: importing a package of a thousand models builds none of them."""

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra=EXTRA_MODE,
        protected_namespaces=(),
        use_enum_values=False,
        defer_build=True,
    )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        if not cls.__pydantic_complete__ and cls not in _BUILDING:
            _build_dependencies(cls)
        return handler(source)

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """As pydantic's, with a nullable optional field that was absent left out (a field that
        may not be null is left out while None by its `NotNull` metadata)."""
        if not kwargs.get("exclude_unset"):
            unset = _unset_spec(self)
            if unset:
                kwargs["exclude"] = _merge_exclude(kwargs.get("exclude"), unset)
        return super().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        """As `model_dump`, to JSON."""
        if not kwargs.get("exclude_unset"):
            unset = _unset_spec(self)
            if unset:
                kwargs["exclude"] = _merge_exclude(kwargs.get("exclude"), unset)
        return super().model_dump_json(**kwargs)


class CheckedModel(ContractModel):
    """Base of a model whose object carries keywords no type can express: its (and its bases')
    `__schema_checks__` run on the raw input before the fields are validated."""

    __schema_checks__: ClassVar[tuple[SchemaCheck, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _check_schema(cls, data: Any) -> Any:
        for klass in reversed(cls.__mro__):
            for check in klass.__dict__.get("__schema_checks__", ()):
                data = check(data)
        return data
