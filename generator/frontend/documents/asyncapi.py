"""AsyncAPI 2.x and 3.x: schemas, message payloads, and the messages of each channel and operation.

A message's payload is the value on the wire, so it is the named type (a message's `headers`,
bindings and traits describe the transport and are not generated). A channel or operation that
carries two or more messages gets a union of their payloads (`oneOf`): the lowering tags it when
the payloads pin one property to distinct values (`type: const: session.update`), which is how
the `{type, payload}` envelopes of WebSocket APIs are written.
"""

from __future__ import annotations

from typing import Any

from schemagen.diagnostics import warning
from schemagen.frontend.documents.collect import Follow, Plan, Source, _esc, _mapping
from schemagen.frontend.load import Document
from schemagen.naming import pascal

# schemaFormat values whose schema is JSON Schema (AsyncAPI's own format is a superset of draft-07)
_JSON_FORMATS = ("application/vnd.aai.asyncapi", "application/schema+json", "application/schema+yaml")


def plan_asyncapi(doc: Document, follow: Follow) -> Plan:
    content = doc.content
    plan = Plan("asyncapi")
    components = _mapping(content.get("components"))
    v3 = str(content.get("asyncapi", "")).startswith("3")
    for key, schema in _mapping(components.get("schemas")).items():
        pointer = _schema_pointer(plan, doc, _esc("components", "schemas", key), schema)
        if pointer is not None:
            plan.add(key, Source(doc, pointer), doc)
    for key, message in _mapping(components.get("messages")).items():
        _message(plan, doc, follow, _esc("components", "messages", key), message, key)
    if v3:
        for ckey, channel in _mapping(content.get("channels")).items():
            cdoc, cptr, channel = follow(doc, _esc("channels", ckey), channel)
            for mkey, message in _mapping(_mapping(channel).get("messages")).items():
                _message(plan, doc, follow, f"{cptr}/messages/{mkey}", message, mkey, cdoc)
            _union(plan, doc, follow, cdoc, f"{cptr}/messages", list(_mapping(_mapping(channel).get("messages")).values()),
                   pascal(ckey) + "Message", f"channel {ckey!r}")
        for okey, op in _mapping(content.get("operations")).items():
            odoc, optr, op = follow(doc, _esc("operations", okey), op)
            messages = op.get("messages") if isinstance(op, dict) else None
            if isinstance(messages, list):
                _union(plan, doc, follow, odoc, f"{optr}/messages", messages, pascal(okey) + "Message", f"operation {okey!r}")
    else:
        for ckey, channel in _mapping(content.get("channels")).items():
            for action in ("publish", "subscribe"):
                op = _mapping(channel).get(action)
                if not isinstance(op, dict):
                    continue
                optr = _esc("channels", ckey, action)
                opname = pascal(str(op["operationId"])) if isinstance(op.get("operationId"), str) else ""
                opname = opname or pascal(f"{ckey} {action}")
                mdoc, mptr, message = follow(doc, f"{optr}/message", op.get("message"))
                if isinstance(message, dict) and isinstance(message.get("oneOf"), list):
                    for i, one in enumerate(message["oneOf"]):
                        _message(plan, doc, follow, f"{mptr}/oneOf/{i}", one, "", mdoc, f"{opname}Payload{i + 1}")
                    _union(plan, doc, follow, mdoc, f"{mptr}/oneOf", message["oneOf"], opname + "Message",
                           f"the {action} operation of channel {ckey!r}")
                elif isinstance(message, dict):
                    _message(plan, doc, follow, mptr, message, "", mdoc, f"{opname}Payload")
    return plan


def _schema_pointer(plan: Plan, doc: Document, pointer: str, schema: Any) -> str | None:
    """Where the JSON Schema of a schema or payload is: itself, or the `schema` of an AsyncAPI 3
    multi-format schema object (a format that is not JSON Schema is a located warning)."""
    if isinstance(schema, dict) and "schemaFormat" in schema and "schema" in schema:
        fmt = str(schema["schemaFormat"])
        if not fmt.startswith(_JSON_FORMATS):
            plan.diags.append(warning("schema-format", f"schemaFormat {fmt!r} is not JSON Schema: this schema is left out",
                                      doc.location(pointer + "/schemaFormat"), "describe it in JSON Schema to generate it",
                                      target="pydantic, typeddict, typescript"))
            return None
        return pointer + "/schema"
    return pointer


def _message(plan: Plan, doc: Document, follow: Follow, pointer: str, message: Any, key: str,
             at_doc: Document | None = None, fallback: str = "") -> None:
    """A message's payload, named after the message when written inline (a `$ref` payload is named where it points)."""
    mdoc, mptr, message = follow(at_doc or doc, pointer, message)
    if not isinstance(message, dict) or "payload" not in message:
        return
    if mdoc.uri != doc.uri:
        plan.consumed.add(mdoc.uri)
    if mptr in plan.moved or any(isinstance(s, Source) and s.doc.uri == mdoc.uri and s.pointer.startswith(mptr + "/payload")
                                 for s in plan.roots.values()):
        return  # reached again through a channel or operation
    payload = message["payload"]
    if isinstance(payload, dict) and set(payload) <= {"$ref", "description"}:
        return
    fmt = message.get("schemaFormat")
    if isinstance(fmt, str) and not fmt.startswith(_JSON_FORMATS):
        plan.diags.append(warning("schema-format", f"schemaFormat {fmt!r} is not JSON Schema: this payload is left out",
                                  mdoc.location(mptr + "/schemaFormat"), "describe it in JSON Schema to generate it",
                                  target="pydantic, typeddict, typescript"))
        return
    spointer = _schema_pointer(plan, mdoc, mptr + "/payload", payload)
    if spointer is None:
        return
    named = key or next((str(message[k]) for k in ("name", "messageId") if isinstance(message.get(k), str)), "") or fallback
    name = pascal(named) or named
    if name in plan.roots:
        name += "Payload"
    at = None if mdoc.uri == doc.uri else doc.location(pointer)
    added = plan.add(name, Source(mdoc, spointer, (at.line, at.col) if at else None), doc, why=f"the payload at {mptr}")
    examples = message.get("examples")
    if added and isinstance(examples, list):  # a message's examples hold its payload's
        plan.examples[added] = [e["payload"] for e in examples if isinstance(e, dict) and "payload" in e]
    if mdoc.uri == doc.uri and spointer in plan.moved:  # a multi-format payload: its `schema` is the type
        plan.moved.setdefault(mptr + "/payload", plan.moved[spointer])


def _union(plan: Plan, doc: Document, follow: Follow, at_doc: Document, pointer: str, messages: list[Any], name: str,
           what: str) -> None:
    """The payloads of a channel's or operation's messages as one `oneOf`, when there are two or more."""
    members: list[dict[str, Any]] = []
    for i, message in enumerate(messages):
        mdoc, mptr, node = follow(at_doc, f"{pointer}/{i}", message)
        ref = _payload_ref(plan, doc, follow, mdoc, mptr, node)
        if ref is not None and ref not in members:
            members.append(ref)
    if len(members) >= 2:
        plan.add(name, {"oneOf": members}, doc, why=f"the messages of {what}")


def _payload_ref(plan: Plan, doc: Document, follow: Follow, mdoc: Document, mptr: str, message: Any) -> dict[str, Any] | None:
    if not isinstance(message, dict) or "payload" not in message:
        return None
    payload = message["payload"]
    if isinstance(payload, dict) and isinstance(payload.get("$ref"), str) and set(payload) <= {"$ref", "description"}:
        pdoc, pptr, _ = follow(mdoc, mptr + "/payload", payload)
        return {"$ref": _ref_to(plan, doc, pdoc, pptr)}
    for name, source in plan.roots.items():
        if isinstance(source, Source) and source.doc.uri == mdoc.uri and source.pointer in (mptr + "/payload", mptr + "/payload/schema"):
            return {"$ref": "#/$defs/" + name.replace("~", "~0").replace("/", "~1")}
    return None


def _ref_to(plan: Plan, doc: Document, target: Document, pointer: str) -> str:
    """A reference (as written in the output) to a schema found at `pointer` of `target`."""
    if target.uri == doc.uri:
        probe = pointer
        while probe:
            if probe in plan.moved:
                return "#" + plan.moved[probe] + pointer[len(probe):]
            probe = probe.rsplit("/", 1)[0]
        return "#" + pointer
    return f"{target.uri}#{pointer}"
