"""The namer: one place for case conversion, reserved words and collisions."""

from __future__ import annotations

import pytest

from schemagen.naming import enum_member, field_attribute, pascal, snake, target_names, type_name


def test_case_conversion() -> None:
    assert snake("streamSid") == "stream_sid"
    assert snake("HTTPServerURL") == "http_server_url"
    assert snake("x-trace-id") == "x_trace_id"
    assert pascal("new_raw_message") == "NewRawMessage"
    assert pascal("session.initiate") == "SessionInitiate"


def test_field_attributes_are_safe_python() -> None:
    taken: set[str] = set()
    for key, expected in [("class", "class_"), ("from", "from_"), ("2fa", "field_2fa"), ("__init__", "init"),
                          ("json", "json_"), ("model_config", "model_config_"), ("", "field"), ("!!!", "field2"),
                          ("sampleRate", "sample_rate"), ("match", "match_")]:
        attr = field_attribute(key, "snake", taken)
        assert attr == expected, (key, attr)
        assert attr.isidentifier()
        taken.add(attr)


def test_type_names_per_target() -> None:
    assert type_name("session.initiate") == "SessionInitiate"
    assert type_name("2d point") == "T2dPoint"
    names = target_names("Field")
    assert names.python == "Field_" and names.typescript == "Field"
    names = target_names("Record")
    assert names.python == "Record" and names.typescript == "Record_"


def test_enum_members() -> None:
    taken: set[str] = set()
    assert enum_member("blue-ish", taken) == "BLUE_ISH"
    assert enum_member(1, taken) == "VALUE_1"
    assert enum_member(-1, taken) == "NEG_1"
    assert enum_member("", taken) == "VALUE"


SNAKE_CASES = [
    ("eventID2", "event_id2"), ("eventID2Name", "event_id2_name"), ("HTTPServer", "http_server"),
    ("HTTPServerURL", "http_server_url"), ("getURLs", "get_urls"), ("userIDs", "user_ids"), ("URLsList", "urls_list"),
    ("HTTP2Server", "http2_server"), ("sha256Hash", "sha256_hash"), ("v2Beta", "v2_beta"), ("A1B2", "a1_b2"),
    ("streamSid", "stream_sid"), ("x-trace-id", "x_trace_id"), ("ABC", "abc"), ("fooBAR", "foo_bar"),
    ("naïveTime", "naïve_time"), ("caféAuLait", "café_au_lait"), ("größeKG", "größe_kg"), ("ÉtéBrûlant", "été_brûlant"),
    ("日本語Name", "日本語_name"), ("a\u200db", "a_b"), ("x\u00b2", "x2"), ("snake_case_already", "snake_case_already"),
    ("kebab-case", "kebab_case"), ("with spaces", "with_spaces"), ("SCREAMING_SNAKE", "screaming_snake"),
]


@pytest.mark.parametrize(("raw", "expected"), SNAKE_CASES)
def test_snake_case_table(raw: str, expected: str) -> None:
    assert snake(raw) == expected
    attr = field_attribute(raw, "snake", set())
    assert attr == expected and attr.isidentifier()


@pytest.mark.parametrize("raw", ["naïve\u0301Time", "x\u2028y", "a\u202eb", "\u0130stanbul", "\ufe1d", "\u2065x", "①②", "ǅemal"])
def test_odd_unicode_still_gives_identifiers(raw: str) -> None:
    attr = field_attribute(raw, "snake", set())
    assert attr.isidentifier() and not attr.startswith("_"), attr
    assert type_name(raw).isidentifier() and type_name(raw).isascii()


def test_pascal_keeps_acronyms_and_letters() -> None:
    assert pascal("eventID2") == "EventID2"
    assert pascal("getURLs") == "GetURLs"
    assert pascal("naïveTime") == "NaïveTime"


def test_pydantic_reserved_is_every_public_attribute_of_the_installed_basemodel() -> None:
    import pydantic

    from schemagen.naming import PYDANTIC_RESERVED

    model = pydantic.BaseModel
    derived = {n for n in dir(model) + dir(type(model)) if not n.startswith("_")}
    assert derived <= PYDANTIC_RESERVED, f"add to naming.PYDANTIC_RESERVED: {sorted(derived - PYDANTIC_RESERVED)}"
    assert PYDANTIC_RESERVED - derived <= {"fields"}, sorted(PYDANTIC_RESERVED - derived)
    for name in PYDANTIC_RESERVED:
        assert field_attribute(name, "snake", set()) != name


def test_enum_members_never_hide_an_enum_str_or_int_attribute() -> None:
    import enum

    from schemagen.lower.extensions import enum_name_problems

    class Some(enum.Enum):
        A = 1

    attributes = sorted({n for t in (Some.A, enum.EnumType, str, int) for n in dir(t) if not n.startswith("_")})
    assert {"mro", "name", "value", "upper", "to_bytes"} <= set(attributes)
    assert [i for i, _, _ in enum_name_problems(tuple(attributes))] == list(range(len(attributes)))
    taken: set[str] = set()
    for name in attributes:
        assert enum_member(name, taken) not in attributes


def test_the_name_tables_hold_every_name_of_the_running_python() -> None:
    """The tables are written out so every Python generates the same names; a release that adds
    a keyword, a builtin or an enum/str/int attribute must be added to them (name_tables.py)."""
    import builtins
    import enum
    import keyword

    from schemagen.name_tables import ENUM_ATTRIBUTES, PYTHON_BUILTINS, PYTHON_KEYWORDS

    class Some(enum.Enum):
        A = 1

    running = {
        "PYTHON_KEYWORDS": (set(keyword.kwlist), PYTHON_KEYWORDS),
        "PYTHON_BUILTINS": (set(dir(builtins)) - {"_"}, PYTHON_BUILTINS),
        "ENUM_ATTRIBUTES": ({n for t in (Some.A, enum.EnumType, str, int) for n in dir(t) if not n.startswith("_")},
                            ENUM_ATTRIBUTES),
    }
    for table, (names, written) in running.items():
        assert names <= written, f"add to name_tables.{table}: {sorted(names - written)}"


def test_names_do_not_depend_on_the_running_python() -> None:
    """A name this Python (3.11) does not reserve but a later one does is renamed all the same."""
    assert target_names("PythonFinalizationError").python == "PythonFinalizationError_"  # a 3.13 builtin
    assert field_attribute("type", "keep", set()) == "type"  # a soft keyword since 3.12, a valid name still
    assert enum_member("is_integer", set()) != "is_integer"
