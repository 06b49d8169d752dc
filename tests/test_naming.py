"""The namer: one place for case conversion, reserved words and collisions."""

from __future__ import annotations

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
