"""Runtime helpers, part `checks` (both Python targets): the `Annotated` validators' base
(`_Before`, `_After`, which need no pydantic import) and `SchemaCheck`, a JSON Schema fragment no type
can express, checked by the `jsonschema` library with patterns read as ECMA-262 in linear time where
`linear_patterns` gave a spelling."""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

# ---- copied into _schemagen.py from here on: the part's code, without the imports above ----


class _Before:
    """A before-validator (pydantic's `BeforeValidator`, without importing pydantic)."""

    __slots__ = ("func",)

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.func, handler(source))


class _After:
    """An after-validator (pydantic's `AfterValidator`, without importing pydantic)."""

    __slots__ = ("func",)

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.func, handler(source))


class SchemaCheck:
    """A JSON Schema fragment that no type can express (`not`, `if`/`then`/`else`, `contains`,
    `patternProperties`, `oneOf` exclusivity, ...), checked on the raw input with the `jsonschema`
    library: as `Annotated` metadata (a before-validator), or listed in a model's
    `__schema_checks__`. `jsonschema` is imported the first time a check runs."""

    __slots__ = ("schema", "_validator")

    def __init__(self, schema: Any, defs: dict[str, Any] | None = None) -> None:
        # `defs`: the module's `_CHECK_DEFS`, the schemas the fragment's `#/$defs/...` refs name
        self.schema = schema if defs is None else {**schema, "$defs": defs}
        self._validator: Any = None

    def __call__(self, value: Any) -> Any:
        if self._validator is None:
            self._validator = _validator_class()(self.schema)
        from pydantic_core import to_jsonable_python

        if _has_lone_surrogate(value):
            raise ValueError(_SURROGATE)
        try:
            plain = to_jsonable_python(value, by_alias=True)
        except Exception as exc:
            if "depth" in str(exc):  # nested past the serializer's bound: refused, not unchecked
                raise ValueError(_TOO_DEEP) from None
            # not JSON data (a container that holds itself, an object of no JSON kind): a value
            # the check cannot read is refused, never passed unchecked
            raise ValueError(f"{_UNREADABLE} ({type(exc).__name__}: {exc})") from None
        if _has_lone_surrogate(plain):  # in a set, a model, ...: what the check reads is `plain`
            raise ValueError(_SURROGATE)
        try:
            problem = next(iter(self._validator.iter_errors(plain)), None)
        except RecursionError:
            raise ValueError(_TOO_DEEP) from None
        if problem is not None:
            raise ValueError(f"does not satisfy the schema: {problem.message}")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self, handler(source))


_SURROGATE = "holds a lone UTF-16 surrogate (no JSON text carries one: validate_json refuses it)"
_UNREADABLE = "cannot be checked against the schema: it is not JSON data"
_TOO_DEEP = "is nested too deeply to check against the schema (validate_json refuses such input)"


def _has_lone_surrogate(value: Any) -> bool:
    """A lone surrogate in a string or a key anywhere in the value: a check cannot read it (the
    Rust engines cannot), so it is refused rather than left unchecked. Every item is looked at,
    each container once (one reached twice, or holding itself, is walked once): linear, with no
    cap that would stop short of the item holding one."""
    stack: list[Any] = [value]
    walked: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATES.search(item):
                return True
        elif isinstance(item, (dict, list, tuple)) and id(item) not in walked:
            walked.add(id(item))
            if isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            else:
                stack.extend(item)
    return False


_SURROGATES = re.compile(r"[\ud800-\udfff]")


_VALIDATOR: Any = None
_LINEAR: dict[str, str] = {}  # ECMA-262 pattern -> the same pattern spelt for the Rust engine
_LONGEST: dict[str, int] = {}  # a pattern that must backtrack -> the longest string it checks


def linear_patterns(patterns: dict[str, str], longest: dict[str, int] | None = None) -> None:
    """Record the Rust `regex` spelling (ECMA-262's meaning, linear time) of the patterns a
    module's runtime checks hold: those never run on a backtracking engine, whose time a hostile
    string can make exponential. A pattern that must backtrack (lookaround, backreferences) and
    costs more than linear time is only run on strings of at most `longest[pattern]` characters
    (schemagen's `regex_cost` bound: at most 1000 steps per character); a longer one fails."""
    for ecma, rust in patterns.items():
        _LINEAR.setdefault(ecma, rust)
    for ecma, most in (longest or {}).items():
        _LONGEST[ecma] = min(most, _LONGEST.get(ecma, most))


class _Unchecked(Exception):
    """A string too long for the backtracking check of a pattern: a validation error."""


def _validator_class() -> Any:
    """Draft 2020-12 as `jsonschema` implements it, with patterns read as ECMA-262 regular
    expressions in Unicode mode, as JSON Schema specifies (`\\p{Letter}`, ASCII-only `\\d` and
    `\\w`): in linear time by pydantic's Rust engine where `linear_patterns` gave a spelling;
    otherwise (lookaround, backreferences) by the `regress` package, or Python's `re` without it."""
    global _VALIDATOR
    if _VALIDATOR is not None:
        return _VALIDATOR
    jsonschema = importlib.import_module("jsonschema")
    try:
        regress: Any = importlib.import_module("regress")
    except ImportError:
        regress = None
    compiled: dict[str, Any] = {}
    error = jsonschema.ValidationError

    def matcher(pattern: str) -> Any:
        rust = _LINEAR.get(pattern)
        if rust is not None:
            from pydantic_core import SchemaValidator, core_schema

            return SchemaValidator(core_schema.str_schema(pattern=rust)).isinstance_python
        if regress is not None:
            return regress.Regex(pattern, "u").find
        return re.compile(pattern).search

    def search(pattern: str, text: str) -> bool:
        most = _LONGEST.get(pattern)
        if most is not None and len(text) > most:
            raise _Unchecked(
                f"{text[:40]!r}{'...' if len(text) > 40 else ''} is longer than the {most} characters "
                f"that {pattern!r} "
                "(a pattern that must backtrack) is checked on"
            )
        if pattern not in compiled:
            compiled[pattern] = matcher(pattern)
        return compiled[pattern](text) not in (None, False)

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Any:
        if validator.is_type(instance, "string"):
            try:
                if not search(patrn, instance):
                    yield error(f"{instance!r} does not match {patrn!r}")
            except _Unchecked as exc:
                yield error(str(exc))

    def pattern_properties(
        validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
    ) -> Any:
        if validator.is_type(instance, "object"):
            for patrn, subschema in patterns.items():
                for key, item in instance.items():
                    try:
                        matched = search(patrn, key)
                    except _Unchecked as exc:
                        yield error(str(exc))
                        continue
                    if matched:
                        yield from validator.descend(item, subschema, path=key, schema_path=patrn)

    def additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Any:
        if not validator.is_type(instance, "object"):
            return
        known, patterns = schema.get("properties", {}), schema.get("patternProperties", {})
        unchecked: list[str] = []

        def matched(key: str) -> bool:
            try:
                return any(search(p, key) for p in patterns)
            except _Unchecked as exc:  # reported once, here; not also as an extra
                unchecked.append(str(exc))
                return True

        extras = [k for k in instance if k not in known and not matched(k)]
        for problem in unchecked:
            yield error(problem)
        if validator.is_type(additional, "object"):
            for key in extras:
                yield from validator.descend(instance[key], additional, path=key)
        elif additional is False and extras:
            yield error(
                f"additional properties are not allowed ({', '.join(map(repr, sorted(extras)))} unexpected)"
            )

    _VALIDATOR = jsonschema.validators.extend(
        jsonschema.Draft202012Validator,
        {
            "pattern": pattern,
            "patternProperties": pattern_properties,
            "additionalProperties": additional_properties,
        },
    )
    return _VALIDATOR


def attach_checks(cls: Any, *checks: SchemaCheck) -> None:
    """The model-level checks for a TypedDict, which can hold no validator of its own: pydantic
    runs them on the raw input before it validates the keys."""

    def schema(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        inner = handler(source)
        for check in reversed(checks):
            inner = core_schema.no_info_before_validator_function(check, inner)
        return inner

    setattr(cls, "__get_pydantic_core_schema__", schema)
