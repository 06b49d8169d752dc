"""Runtime helpers, part `standins` (the typeddict target only): what a TypedDict module takes from
pydantic (`Field`, `StrictBool`, `ConfigDict`, `with_config`) as plain metadata, so that importing the
package does not import pydantic; pydantic reads it when it builds a schema (`TypeAdapter`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Callable, TypeVar

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

# ---- copied into _schemagen.py from here on: the part's code, without the imports above ----


class Field:
    """pydantic's `Field(...)` constraints (`min_length`, `pattern`, `ge`, `discriminator`, ...)
    as `Annotated` metadata, handed to pydantic when it builds a schema."""

    __slots__ = ("kwargs",)

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.kwargs)])


class _Strict:
    """pydantic's `Strict()`: no coercion (`"1"` is not a number, `1` is not a boolean)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic import Strict

        return handler(Annotated[source, Strict()])


StrictBool = Annotated[bool, _Strict()]
StrictFloat = Annotated[float, _Strict()]

_T = TypeVar("_T")


def ConfigDict(**config: Any) -> dict[str, Any]:
    """A pydantic configuration (a plain dict, as pydantic's `ConfigDict` is)."""
    return config


def with_config(config: dict[str, Any]) -> Callable[[_T], _T]:
    """pydantic's `with_config`: the configuration pydantic reads from a TypedDict."""

    def apply(cls: _T) -> _T:
        setattr(cls, "__pydantic_config__", config)
        return cls

    return apply
