"""Behaviour tests over the committed seed schemas and the code generated from them.

For every `$defs` entry under schemas/ that carries `examples`, each example must be accepted by
the JSON Schema (jsonschema, as a sanity check of the example itself), by the generated Pydantic
type and by the generated TypedDict, and the Pydantic value must dump back to the same JSON.
Every `x-invalid-examples` entry must be rejected by jsonschema and by Pydantic.

The generated packages are imported from generated/python, which this module puts on sys.path
itself (no conftest), so the tests exercise exactly what is committed.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel, TypeAdapter, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from schemagen.frontend.load import discover, load_file
from schemagen.lower.lower import module_name

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
GENERATED_PYTHON = REPO / "generated" / "python"
if str(GENERATED_PYTHON) not in sys.path:
    sys.path.insert(0, str(GENERATED_PYTHON))

PYDANTIC_PACKAGE = "contracts"
TYPEDDICT_PACKAGE = "contracts_td"

# Types holding a Python-only value (`x-python-type: timedelta`) whose JSON dump differs from the
# JSON input (a number of seconds comes back as an ISO 8601 duration): for these the round trip is
# checked by validating the dump again, not by comparing JSON.
LOSSY_ROUND_TRIP = {("agents", "StreamableHttpConnection"), ("agents", "Connection")}


@dataclass(frozen=True)
class Entry:
    rel: str  # "analytics/core.yaml"
    name: str  # the $defs key
    schema: dict[str, Any]

    @property
    def domain(self) -> str:
        return self.rel.split("/")[0]

    @property
    def module(self) -> str:
        return module_name(self.rel)

    @property
    def ref(self) -> str:
        return f"{_documents()[self.rel][0]}#/$defs/{self.name}"


@lru_cache(maxsize=None)
def _documents() -> dict[str, tuple[str, dict[str, Any]]]:
    """rel path → (URI, content) of every schema file."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in discover(SCHEMAS):
        doc, diags = load_file(path, SCHEMAS)
        assert doc is not None, [str(d) for d in diags]
        out[doc.rel] = (doc.uri, doc.content)
    return out


@lru_cache(maxsize=None)
def _registry() -> Registry:
    resources = [
        (uri, Resource.from_contents(content, default_specification=DRAFT202012))
        for uri, content in _documents().values()
    ]
    return Registry().with_resources(resources)


def _entries() -> list[Entry]:
    out = []
    for rel, (_, content) in sorted(_documents().items()):
        for name, schema in (content.get("$defs") or {}).items():
            if isinstance(schema, dict):
                out.append(Entry(rel, name, schema))
    return out


ENTRIES = _entries()
VALID = [
    pytest.param(e, i, ex, id=f"{e.rel}:{e.name}:{i}")
    for e in ENTRIES
    for i, ex in enumerate(e.schema.get("examples", []))
]
INVALID = [
    pytest.param(e, i, ex, id=f"{e.rel}:{e.name}:bad{i}")
    for e in ENTRIES
    for i, ex in enumerate(e.schema.get("x-invalid-examples", []))
]


def _validator(entry: Entry) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": entry.ref}, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _pydantic_type(entry: Entry) -> Any:
    return getattr(importlib.import_module(f"{PYDANTIC_PACKAGE}.{entry.module}"), entry.name)


def _typeddict_type(entry: Entry) -> Any:
    return getattr(importlib.import_module(f"{TYPEDDICT_PACKAGE}.{entry.domain}"), entry.name)


@lru_cache(maxsize=None)
def _adapter(kind: str, rel: str, name: str) -> TypeAdapter[Any]:
    entry = next(e for e in ENTRIES if e.rel == rel and e.name == name)
    return TypeAdapter(_pydantic_type(entry) if kind == "pydantic" else _typeddict_type(entry))


def _same_json(a: Any, b: Any) -> bool:
    """Equality as JSON means it (1 == 1.0, key order ignored, bool is not a number)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


# ------------------------------------------------------------------ every example


def test_every_type_has_an_example() -> None:
    missing = [f"{e.rel}:{e.name}" for e in ENTRIES if not e.schema.get("examples")]
    assert not missing


@pytest.mark.parametrize("entry, index, example", VALID)
def test_valid_example_accepted_by_jsonschema(entry: Entry, index: int, example: Any) -> None:
    errors = [e.message for e in _validator(entry).iter_errors(example)]
    assert not errors


@pytest.mark.parametrize("entry, index, example", VALID)
def test_valid_example_round_trips_through_pydantic(entry: Entry, index: int, example: Any) -> None:
    adapter = _adapter("pydantic", entry.rel, entry.name)
    value = adapter.validate_json(json.dumps(example))
    assert _same_json(adapter.dump_python(adapter.validate_python(example), mode="json", exclude_unset=True),
                      adapter.dump_python(value, mode="json", exclude_unset=True))
    dumped = adapter.dump_python(value, mode="json", exclude_unset=True)
    if (entry.domain, entry.name) in LOSSY_ROUND_TRIP:
        assert adapter.validate_python(dumped) == value
    else:
        assert _same_json(dumped, example), dumped
    if isinstance(value, BaseModel):
        # the full dump (defaults included) is still valid against the schema
        full = value.model_dump(mode="json")
        if (entry.domain, entry.name) not in LOSSY_ROUND_TRIP:
            assert not [e.message for e in _validator(entry).iter_errors(full)]


@pytest.mark.parametrize("entry, index, example", VALID)
def test_valid_example_accepted_by_typeddict(entry: Entry, index: int, example: Any) -> None:
    adapter = _adapter("typeddict", entry.rel, entry.name)
    adapter.validate_json(json.dumps(example))
    adapter.validate_python(example)


@pytest.mark.parametrize("entry, index, example", INVALID)
def test_invalid_example_rejected_by_jsonschema(entry: Entry, index: int, example: Any) -> None:
    assert list(_validator(entry).iter_errors(example)), "the schema accepts an x-invalid-example"


@pytest.mark.parametrize("entry, index, example", INVALID)
def test_invalid_example_rejected_by_pydantic(entry: Entry, index: int, example: Any) -> None:
    adapter = _adapter("pydantic", entry.rel, entry.name)
    with pytest.raises(ValidationError):
        adapter.validate_json(json.dumps(example))
    with pytest.raises(ValidationError):
        adapter.validate_python(example)


@pytest.mark.parametrize("entry, index, example", INVALID)
def test_invalid_example_rejected_by_typeddict(entry: Entry, index: int, example: Any) -> None:
    adapter = _adapter("typeddict", entry.rel, entry.name)
    with pytest.raises(ValidationError):
        adapter.validate_json(json.dumps(example))


def test_required_names_exist_in_every_target() -> None:
    """The names the seeds use exist as types in all three outputs."""
    expected = {
        "analytics": """UserRef Message ChatThread SyncResponse ConnectionInfo SystemStatus WssError KeepalivePayload
            CacheUpdatePayload NewRawMessagePayload Fan Creator ConversationNode Topic EngagementAction
            InteractionOutcome GraphEdge EnrichmentResultPayload TopicMetricsResponse SentimentTrendPoint
            SentimentTrendResponse ResponseTimeMetricsResponse SendMessageCommand AuthData IncomingWssMessage
            OutgoingWssMessage CacheUpdateMessage""",
        "voicebot": """LobbyModel SessionModel ParticipantModel AdminNamesResponse AdminActionResponse LobbiesResponse
            SessionResponse LobbyCreateRequest LobbyCreateResponse WebSocketMessageModel JoinStatusModel
            UserJoinedModel LobbyStateModel UpdateModel AddPeerModel RemovePeerModel SessionDescriptionModel
            IceCandidateModel""",
        "telephony": """SessionConfig SessionUpdateEvent ConversationItemCreateEvent ResponseCreateEvent
            InputAudioBufferAppendEvent ConnectedMessage StartMessage MediaMessage StopMessage DTMFMessage
            MarkMessage OutgoingMediaMessage OutgoingMarkMessage ClearMessage""",
        "chat_api": "MessageRole ConversationMessage ChatRequest HealthResponse ChatStreamChunk",
        "agents": """Message Messages EventId InvokeContext FunctionSpec ParameterSchema ParametersSchema
            StdioConnection SSEConnection StreamableHttpConnection WebsocketConnection Connection
            EncodingErrorHandler""",
    }
    for domain, names in expected.items():
        pyd = importlib.import_module(f"{PYDANTIC_PACKAGE}.{domain}")
        td = importlib.import_module(f"{TYPEDDICT_PACKAGE}.{domain}")
        folder = REPO / "generated" / "typescript" / domain
        ts = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.ts"))
        for name in names.split():
            assert hasattr(pyd, name), f"{domain}.{name} (pydantic)"
            assert hasattr(td, name), f"{domain}.{name} (typeddict)"
            assert f"export interface {name} " in ts or f"export type {name} " in ts, f"{domain}.{name} (typescript)"


# ------------------------------------------------------------------ chat_api limits


def test_chat_api_constants() -> None:
    from contracts.chat_api import MAX_MESSAGE_LENGTH, MAX_MESSAGES_IN_CONTEXT

    assert MAX_MESSAGE_LENGTH == 6000
    assert MAX_MESSAGES_IN_CONTEXT == 50
    from contracts.chat_api.models import MAX_MESSAGE_LENGTH as again

    assert again == 6000


@pytest.mark.parametrize("package", [PYDANTIC_PACKAGE, TYPEDDICT_PACKAGE])
def test_chat_api_message_length_limit(package: str) -> None:
    models = importlib.import_module(f"{package}.chat_api")
    adapter: TypeAdapter[Any] = TypeAdapter(models.ConversationMessage)
    adapter.validate_python({"role": "user", "content": "x" * 6000})
    adapter.validate_python({"role": "user", "content": " " * 5999 + "x"})
    with pytest.raises(ValidationError):
        adapter.validate_python({"role": "user", "content": "x" * 6001})
    with pytest.raises(ValidationError):
        adapter.validate_python({"role": "user", "content": "\n \t"})


def test_chat_api_message_length_limit_in_schema() -> None:
    entry = next(e for e in ENTRIES if e.rel == "chat_api/models.yaml" and e.name == "ConversationMessage")
    assert not list(_validator(entry).iter_errors({"role": "user", "content": "x" * 6000}))
    assert list(_validator(entry).iter_errors({"role": "user", "content": "x" * 6001}))


@pytest.mark.parametrize("package", [PYDANTIC_PACKAGE, TYPEDDICT_PACKAGE])
def test_chat_api_message_count_limit(package: str) -> None:
    models = importlib.import_module(f"{package}.chat_api")
    adapter: TypeAdapter[Any] = TypeAdapter(models.ChatRequest)
    one = {"role": "user", "content": "hi"}
    adapter.validate_python({"messages": [one] * 50})
    adapter.validate_python({"messages": [one]})
    with pytest.raises(ValidationError):
        adapter.validate_python({"messages": [one] * 51})
    with pytest.raises(ValidationError):
        adapter.validate_python({"messages": []})
    entry = next(e for e in ENTRIES if e.rel == "chat_api/models.yaml" and e.name == "ChatRequest")
    assert not list(_validator(entry).iter_errors({"messages": [one] * 50}))
    assert list(_validator(entry).iter_errors({"messages": [one] * 51}))


def test_chat_api_role_is_a_str_enum() -> None:
    from contracts.chat_api import ConversationMessage, MessageRole

    msg = ConversationMessage.model_validate({"role": "assistant", "content": "Rome."})
    assert msg.role is MessageRole.ASSISTANT
    assert isinstance(msg.role, str)
    assert msg.model_dump(mode="json") == {"role": "assistant", "content": "Rome."}


# ------------------------------------------------------------------ tagged unions


UNIONS = [
    ("analytics", "wss", "IncomingWssMessage", "type"),
    ("analytics", "wss", "OutgoingWssMessage", "type"),
    ("telephony", "audiocodes_api", "IncomingAudioCodesMessage", "type"),
    ("telephony", "audiocodes_api", "OutgoingAudioCodesMessage", "type"),
    ("telephony", "openai_api", "ClientEvent", "type"),
    ("telephony", "openai_api", "ServerEvent", "type"),
    ("telephony", "twilio_api", "TwilioIncomingMessage", "event"),
    ("telephony", "twilio_api", "TwilioOutgoingMessage", "event"),
    ("agents", "mcp_connections", "Connection", "transport"),
]


def _variants(domain: str, module: str, union: str, tag: str) -> list[tuple[str, Any, dict[str, Any]]]:
    """(variant name, tag value, first example of the variant) for each member of a union."""
    rel = f"{domain}/{module}.yaml"
    defs = _documents()[rel][1]["$defs"]
    out = []
    for member in defs[union]["oneOf"]:
        name = member["$ref"].rsplit("/", 1)[1]
        variant = defs[name]
        out.append((name, variant["properties"][tag]["const"], variant["examples"][0]))
    return out


@pytest.mark.parametrize("domain, module, union, tag", UNIONS, ids=[u[2] for u in UNIONS])
def test_union_parses_each_variant_to_its_own_class(domain: str, module: str, union: str, tag: str) -> None:
    mod = importlib.import_module(f"{PYDANTIC_PACKAGE}.{domain}.{module}")
    adapter: TypeAdapter[Any] = TypeAdapter(getattr(mod, union))
    variants = _variants(domain, module, union, tag)
    assert len({value for _, value, _ in variants}) == len(variants)
    for name, value, example in variants:
        assert example[tag] == value
        parsed = adapter.validate_json(json.dumps(example))
        assert type(parsed) is getattr(mod, name), (value, type(parsed).__name__)


@pytest.mark.parametrize("domain, module, union, tag", UNIONS, ids=[u[2] for u in UNIONS])
@pytest.mark.parametrize("package", [PYDANTIC_PACKAGE, TYPEDDICT_PACKAGE])
def test_union_rejects_unknown_tag_naming_it(package: str, domain: str, module: str, union: str, tag: str) -> None:
    mod = importlib.import_module(f"{package}.{domain}.{module}")
    adapter: TypeAdapter[Any] = TypeAdapter(getattr(mod, union))
    name, _, example = _variants(domain, module, union, tag)[0]
    bad = {**example, tag: "no_such_tag_xyz"}
    with pytest.raises(ValidationError) as info:
        adapter.validate_python(bad)
    assert "no_such_tag_xyz" in str(info.value)


def test_ws_envelope_payload_types() -> None:
    from contracts.analytics.wss import CacheUpdateMessage, IncomingWssMessage, KeepaliveMessage
    from contracts.analytics.ingest import CacheUpdatePayload
    from contracts.analytics.core import KeepalivePayload

    adapter: TypeAdapter[IncomingWssMessage] = TypeAdapter(IncomingWssMessage)
    msg = adapter.validate_json('{"type": "cache_update", "payload": {"chats": [], "messages": []}}')
    assert isinstance(msg, CacheUpdateMessage) and isinstance(msg.payload, CacheUpdatePayload)
    keep = adapter.validate_json('{"type": "keepalive", "payload": {}}')
    assert isinstance(keep, KeepaliveMessage) and isinstance(keep.payload, KeepalivePayload)
    assert adapter.dump_python(keep, mode="json") == {"type": "keepalive", "payload": {}}


# ------------------------------------------------------------------ agents


def test_agents_message_defaults() -> None:
    from contracts.agents import Message

    a = Message(role="user", content="What is the capital of France?")
    b = Message(role="assistant", content="Paris.")
    for m in (a, b):
        assert isinstance(m.message_id, str) and len(m.message_id) == 32
        int(m.message_id, 16)
        assert isinstance(m.timestamp, int) and not isinstance(m.timestamp, bool)
        assert m.timestamp > 1_600_000_000 * 10**9  # nanoseconds, not seconds
        assert m.is_streaming is False and m.tool_calls is None
    assert a.message_id != b.message_id
    assert a.timestamp <= b.timestamp
    dumped = a.model_dump(mode="json")
    assert dumped["message_id"] == a.message_id and dumped["timestamp"] == a.timestamp


def test_agents_message_requires_role() -> None:
    from contracts.agents import Message

    with pytest.raises(ValidationError):
        Message.model_validate({"content": "hi"})


def test_agents_message_content_shapes() -> None:
    from contracts.agents import Message

    for content in ("text", {"k": 1}, [{"type": "text", "text": "x"}], None):
        assert Message(role="user", content=content).content == content
    for content in (1, ["x"], True):
        with pytest.raises(ValidationError):
            Message.model_validate({"role": "user", "content": content})


def test_agents_aliases() -> None:
    from contracts.agents import EventId, Message, Messages

    msgs: TypeAdapter[Any] = TypeAdapter(Messages)
    parsed = msgs.validate_python([{"role": "user", "content": "hi"}])
    assert isinstance(parsed[0], Message)
    assert TypeAdapter(EventId).validate_python("abc") == "abc"


def test_agents_connection_python_only_types() -> None:
    import datetime
    import pathlib

    from contracts.agents import Connection, StdioConnection, StreamableHttpConnection

    adapter: TypeAdapter[Any] = TypeAdapter(Connection)
    http = adapter.validate_python({"transport": "streamable_http", "url": "https://x/mcp", "timeout": 30})
    assert isinstance(http, StreamableHttpConnection)
    assert http.timeout == datetime.timedelta(seconds=30)
    stdio = StdioConnection(transport="stdio", command="python", args=[], cwd=pathlib.Path("/srv"))
    assert stdio.cwd == pathlib.Path("/srv")
    factory = lambda **kw: None  # noqa: E731
    sse = adapter.validate_python({"transport": "sse", "url": "https://x/sse", "httpx_client_factory": factory})
    assert sse.httpx_client_factory is factory


# ------------------------------------------------------------------ telephony


SEED_TWILIO_START = """{
    "event": "start",
    "sequenceNumber": "1",
    "start": {
        "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "accountSid": "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "callSid": "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "tracks": ["inbound", "outbound"],
        "customParameters": {},
        "mediaFormat": {
            "encoding": "audio/x-mulaw",
            "sampleRate": 8000,
            "channels": 1
        }
    },
    "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
}"""


def test_seed_twilio_start_message_parses_unchanged() -> None:
    from contracts.telephony import OutgoingMediaMessage, StartMessage
    from contracts_td.telephony import StartMessage as StartMessageTD

    data = json.loads(SEED_TWILIO_START)
    entry = next(e for e in ENTRIES if e.rel == "telephony/twilio_api.yaml" and e.name == "StartMessage")
    assert data in entry.schema["examples"], "the seed's JSON is an example, verbatim"
    start = StartMessage(**data)
    assert start.stream_sid == "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    assert start.start.media_format.sample_rate == 8000
    assert start.model_dump(mode="json") == data
    assert StartMessage.model_validate_json(SEED_TWILIO_START).model_dump(mode="json") == data
    assert TypeAdapter(StartMessageTD).validate_json(SEED_TWILIO_START) == data
    out = OutgoingMediaMessage(event="media", streamSid=start.stream_sid, media={"payload": "base64_encoded_audio_data"})
    assert out.model_dump(mode="json") == {
        "event": "media", "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "media": {"payload": "base64_encoded_audio_data"},
    }


def test_twilio_media_without_stream_sid_rejected() -> None:
    from contracts.telephony import MediaMessage, TwilioIncomingMessage

    bad = {"event": "media", "sequenceNumber": "3", "media": {"track": "inbound", "chunk": "2", "timestamp": "5", "payload": "AA=="}}
    with pytest.raises(ValidationError):
        MediaMessage.model_validate(bad)
    with pytest.raises(ValidationError):
        TypeAdapter(TwilioIncomingMessage).validate_python(bad)


def test_openai_session_config_as_in_seed() -> None:
    from contracts.telephony import SessionConfig

    config = SessionConfig(modalities=["text", "audio"], model="gpt-4", voice="alloy", input_audio_format="pcm16")
    assert config.model_dump(mode="json") == {
        "modalities": ["text", "audio"], "model": "gpt-4", "voice": "alloy", "input_audio_format": "pcm16",
    }
