"""Runtime helpers, part `values` (both Python targets): JSON's integers and RFC 3339 dates,
`const`/`enum` values as JSON compares them (`Exact`, `OneOfValues`, `IntegerEnum`), `Unique`,
`MultipleOf`, the `false` schema, and the named default factories `x-default-factory` may choose."""

from __future__ import annotations

import re
import time as _time
import uuid as _uuid
from datetime import date, datetime, time, timezone
from enum import Enum, IntEnum
from typing import TYPE_CHECKING, Annotated, Any, Callable

from .checks import _TOO_DEEP, _After, _Before

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

# ---- copied into _schemagen.py from here on: the part's code, without the imports above ----


def _reject_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number here")
    return value


NoBool = _Before(_reject_bool)
"""Metadata for an integer `const`/`enum`: JSON `true` is not the number 1."""


def _exact_integer(value: Any) -> Any:
    if isinstance(value, (bool, str, bytes)):
        raise ValueError("expected an integer, not a string or boolean")
    return value


def _integer(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # JSON: a number with zero fractional part is an integer
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected an integer")
    return value


Integer = Annotated[int, _Before(_integer)]
"""`type: integer`: an int, or a float with zero fractional part (`1.0`); never `"1"` or `true`."""


def Exact(*values: Any) -> _Before:
    """Metadata for a `const`/`enum` spelled as `Literal`: a number or boolean must equal one of
    the values as JSON does (`true` is not `1`, `0` is not `false`, `1.0` is `1`)."""
    allowed = {_canonical(v) for v in values}

    def check(value: Any) -> Any:
        if isinstance(value, (bool, int, float)) and _canonical(value) not in allowed:
            raise ValueError(f"value must be one of {list(values)!r}")
        return value

    return _Before(check)


class IntegerEnum(IntEnum):
    """Base of integer enums: `"1"` and `true` are not the integer 1 in JSON."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        values = [member.value for member in cls]
        if all(-(2**63) <= v < 2**63 for v in values):
            return core_schema.no_info_before_validator_function(_exact_integer, handler(source))

        # pydantic's enum validator reads integers as 64-bit (int_parsing_size past that): look
        # the member up here, the integer checked as `type: integer` is
        def member(value: Any) -> Any:
            if isinstance(value, cls):
                return value
            try:
                return cls(_integer(value))
            except ValueError:
                raise ValueError(f"value must be one of {values!r}") from None

        return core_schema.no_info_plain_validator_function(
            member,
            json_schema_input_schema=core_schema.literal_schema(values),
            serialization=core_schema.plain_serializer_function_ser_schema(int, when_used="json"),
        )


def _reject_number(value: Any) -> Any:
    if isinstance(value, (bool, int, float)):
        raise ValueError("expected an ISO 8601 string, not a number")
    return value


# RFC 3339's syntax, as jsonschema's format checker reads it: pydantic parses more (a space for the
# `T`, no seconds, no offset, a datetime as a date), which JSON Schema's format refuses.
_RFC3339_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
_DATE_TIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]" + _RFC3339_TIME, re.ASCII)
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME_TEXT = re.compile(_RFC3339_TIME, re.ASCII)


def _rfc3339(pattern: re.Pattern[str], what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        value = _reject_number(value)
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise ValueError(f"expected an RFC 3339 {what}")
        return value

    return check


_date_time_text = _rfc3339(_DATE_TIME_TEXT, "date-time, e.g. 2018-04-25T20:42:10Z")
DateTime = Annotated[datetime, _Before(_date_time_text)]
"""`format: date-time`: an RFC 3339 string (a date, a time with seconds and an offset) or a
datetime, never a Unix timestamp."""
_date_text = _rfc3339(_DATE_TEXT, "full-date, e.g. 2018-04-25")
Date = Annotated[date, _Before(_date_text)]
"""`format: date`."""
_time_text = _rfc3339(_TIME_TEXT, "full-time, e.g. 20:42:10Z")
Time = Annotated[time, _Before(_time_text)]
"""`format: time`: with seconds and an offset, as RFC 3339's full-time."""


def _canonical(value: Any) -> Any:
    """A hashable form in which two values are equal exactly when JSON says they are."""
    if hasattr(type(value), "__pydantic_fields__") and hasattr(value, "model_dump"):
        return _canonical(value.model_dump(mode="json"))
    if isinstance(value, Enum):
        return _canonical(value.value)
    if isinstance(value, bool) or value is None:
        return ("b", value)
    if isinstance(value, int):  # float() of a 400-digit integer overflows
        return ("n", value)
    if isinstance(value, float):
        return ("n", int(value) if value.is_integer() else value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, dict):
        return ("o", tuple(sorted((str(k), _canonical(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return ("a", tuple(_canonical(v) for v in value))
    return ("r", repr(value))


def _checked_canonical(value: Any) -> Any:
    try:
        return _canonical(value)
    except RecursionError:  # a value nested past Python's recursion limit: refused, not a crash
        raise ValueError(_TOO_DEEP) from None


def _unique(items: Any) -> Any:
    seen = set()
    for item in items:
        key = _checked_canonical(item)
        if key in seen:
            raise ValueError("array items must be unique")
        seen.add(key)
    return items


Unique = _After(_unique)
"""Metadata for `uniqueItems: true` (a list, so order and JSON round trip are kept)."""


class _Nothing:
    """Metadata for the `false` schema (`Annotated[Never, Nothing]`): no value validates."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import SchemaValidator, core_schema

        def reject(value: Any) -> Any:
            raise ValueError("no value is allowed here (the schema is `false`)")

        return core_schema.no_info_plain_validator_function(reject)


Nothing = _Nothing()


def MultipleOf(divisor: float) -> _After:
    """Metadata for `multipleOf` with a fractional divisor on an integer, checked in exact decimals
    (pydantic's own `multiple_of` for integers needs an integer divisor)."""
    from decimal import Decimal, InvalidOperation

    step = Decimal(repr(divisor))

    def check(value: Any) -> Any:
        try:
            ok = Decimal(repr(value)) % step == 0
        except InvalidOperation:
            ok = False
        if not ok:
            raise ValueError(f"value must be a multiple of {divisor!r}")
        return value

    return _After(check)


def OneOfValues(*values: Any) -> _After:
    """Metadata for a `const`/`enum` whose values `Literal` cannot spell (floats, arrays, objects)."""
    allowed = {_canonical(v) for v in values}

    def check(value: Any) -> Any:
        if _checked_canonical(value) not in allowed:
            raise ValueError(f"value must be one of {list(values)!r}")
        return value

    return _After(check)


def uuid4() -> _uuid.UUID:
    return _uuid.uuid4()


def uuid4_hex() -> str:
    return _uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(timezone.utc)


def now_ns() -> int:
    return _time.time_ns()


def now_ms() -> int:
    return _time.time_ns() // 1_000_000


def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[str, Any]:
    return {}
