"""One schema object of an API document, spelled as JSON Schema 2020-12.

The schema dialects of API documents are JSON Schema with a few keywords of their own. Each is
read as its specification says, and the result is what the rest of schemagen already reads:

| flavour | what is rewritten |
| --- | --- |
| `oas30` (OpenAPI 3.0) | `nullable: true` → `null` allowed (`type` list, `enum` member, or `anyOf [.., {type: null}]` around a composition); `example` → `examples`; keywords beside `$ref` ignored (a located warning); boolean `exclusiveMinimum/Maximum` → numeric |
| `swagger` (2.0) | as 3.0, plus `x-nullable`, `type: file` (a binary string) and `discriminator: <property>` |
| `oas31` (OpenAPI 3.1) | already 2020-12: `example` → `examples`, `nullable` (3.0 habit) read as 3.0 does |
| `asyncapi` | draft-07: tuple `items`, `dependencies`, keywords beside `$ref` ignored, `discriminator: <property>` |

A required property marked `readOnly` or `writeOnly` is made optional: one model then holds both
what a response returns (no write-only values) and what a request sends (no read-only ones).
`xml` and `externalDocs` are documentation for other tools and are dropped.

The walk copies as it goes (the loaded document is never changed) and records, for every value it
writes, the source position of the value it came from, so every later message stays located.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from schemagen.diagnostics import Diagnostic, warning
from schemagen.frontend.dialect import to_2020_12
from schemagen.frontend.load import Document, escape_pointer_token

Position = tuple[int, int]

_VALUES = frozenset({"enum", "const", "default", "examples", "example", "x-invalid-examples"})
_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_ONE = frozenset({"additionalProperties", "unevaluatedProperties", "contains", "propertyNames", "if", "then", "else",
                  "not", "unevaluatedItems", "additionalItems", "contentSchema", "items"})
_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_DROPPED = frozenset({"xml", "externalDocs"})
# Beside `$ref` (3.0, 2.0 and draft-07 ignore them): these say nothing about values, so no warning.
_QUIET_BESIDE_REF = frozenset({"description", "title", "summary", "example", "examples", "externalDocs", "deprecated",
                               "readOnly", "writeOnly", "xml", "$comment", "default"})
_DRAFT = {"oas30": "draft-04", "swagger": "draft-04", "asyncapi": "draft-07", "oas31": "2020-12"}

# A `$ref` value → the value the written document uses (a pointer moved to `$defs`, a file made absolute).
RefMap = Callable[[str, Document], str]


@dataclass
class Writer:
    """The positions of what has been written, and the warnings the rewrites gave."""

    flavour: str
    refs: RefMap
    positions: dict[str, Position] = field(default_factory=dict)
    diags: list[Diagnostic] = field(default_factory=list)

    def place(self, dst: str, src_doc: Document, src: str, at: Position | None) -> None:
        pos = at if at is not None else src_doc.positions.get(src)
        if pos is not None:
            self.positions[dst] = pos

    def value(self, node: Any, src_doc: Document, src: str, dst: str, at: Position | None) -> Any:
        """A data value (an enum, a default) copied with its positions."""
        if isinstance(node, dict):
            out = {}
            for key, child in node.items():
                token = escape_pointer_token(key)
                self.place(f"{dst}/{token}", src_doc, f"{src}/{token}", at)
                out[key] = self.value(child, src_doc, f"{src}/{token}", f"{dst}/{token}", at)
            return out
        if isinstance(node, list):
            result = []
            for i, child in enumerate(node):
                self.place(f"{dst}/{i}", src_doc, f"{src}/{i}", at)
                result.append(self.value(child, src_doc, f"{src}/{i}", f"{dst}/{i}", at))
            return result
        return node

    def schema(self, node: Any, src_doc: Document, src: str, dst: str, at: Position | None = None) -> Any:
        """`node` (a schema object at `src` in `src_doc`) written at `dst`. `at`, when given, is the
        one position every value gets (a schema brought in from another file by a `$ref` whose
        site is the best place to point at)."""
        self.place(dst, src_doc, src, at)
        if not isinstance(node, dict):
            return node
        flavour = self.flavour
        nullable = node.get("nullable") is True or node.get("x-nullable") is True
        if nullable and any(k in node for k in ("allOf", "anyOf", "oneOf")):
            # null beside a composition: a union with null around it (the annotations stay outside)
            inner = {k: v for k, v in node.items() if k not in ("nullable", "x-nullable")}
            for k in ("anyOf", "anyOf/0", "anyOf/1"):
                self.place(f"{dst}/{k}", src_doc, src, at)
            outer = {k: inner.pop(k) for k in ("description", "title", "default", "deprecated") if k in inner}
            said = {k for k in inner if k not in _QUIET_BESIDE_REF and not k.startswith("x-")}
            if said == {"allOf"} and isinstance(inner["allOf"], list) and len(inner["allOf"]) == 1:
                # `nullable` + `allOf: [X]`, the 3.0 way to say "X or null": X | None, no new type
                member = self.schema(inner["allOf"][0], src_doc, f"{src}/allOf/0", f"{dst}/anyOf/0", at)
                return {**outer, "anyOf": [member, {"type": "null"}]}
            return {**outer, "anyOf": [self.schema(inner, src_doc, src, f"{dst}/anyOf/0", at), {"type": "null"}]}
        if "$ref" in node and isinstance(node["$ref"], str) and flavour != "oas31":
            ignored = sorted(k for k in node if k != "$ref" and k not in _QUIET_BESIDE_REF and not k.startswith("x-"))
            if ignored:
                self.diags.append(warning(
                    "ref-siblings", f"{', '.join(repr(k) for k in ignored)} beside $ref {'is' if len(ignored) == 1 else 'are'} "
                    f"ignored: {_SPEC[flavour]} reads a $ref as the whole schema",
                    src_doc.location(f"{src}/{escape_pointer_token(ignored[0])}"),
                    "wrap them: allOf: [{$ref: ...}, {<the keywords>}]", target="pydantic, typeddict, typescript"))
            keep = {k: v for k, v in node.items() if k in ("$ref", "description", "title")}
            node = keep
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROPPED or key in ("nullable", "x-nullable"):
                continue
            token = escape_pointer_token(key)
            s, d = f"{src}/{token}", f"{dst}/{token}"
            if key == "example":
                if "examples" not in node:
                    self.place(f"{dst}/examples", src_doc, s, at)
                    self.place(f"{dst}/examples/0", src_doc, s, at)
                    out["examples"] = [self.value(value, src_doc, s, f"{dst}/examples/0", at)]
                continue
            self.place(d, src_doc, s, at)
            if key == "examples" and flavour in ("oas30", "swagger") and not isinstance(value, list):
                continue  # not the JSON Schema keyword (an OpenAPI media-type habit): dropped
            if key in _VALUES:
                out[key] = self.value(value, src_doc, s, d, at)
            elif key == "$ref" and isinstance(value, str):
                out[key] = self.refs(value, src_doc)
            elif key in _MAPS and isinstance(value, dict):
                out[key] = {}
                for name, sub in value.items():
                    t = escape_pointer_token(name)
                    out[key][name] = self.schema(sub, src_doc, f"{s}/{t}", f"{d}/{t}", at)
            elif key in _LISTS and isinstance(value, list):
                out[key] = [self.schema(sub, src_doc, f"{s}/{i}", f"{d}/{i}", at) for i, sub in enumerate(value)]
                for i in range(len(value)):
                    self.place(f"{d}/{i}", src_doc, f"{s}/{i}", at)
            elif key in _ONE:
                out[key] = self.schema(value, src_doc, s, d, at)
            elif key == "discriminator" and isinstance(value, str):
                out[key] = {"propertyName": value}
            elif key == "discriminator" and isinstance(value, dict) and isinstance(value.get("mapping"), dict):
                out[key] = self.value(value, src_doc, s, d, at)
                out[key]["mapping"] = {tag: self._mapped(target, src_doc) for tag, target in value["mapping"].items()}
            elif key == "type" and value == "file" and flavour == "swagger":
                out[key] = "string"
                out.setdefault("format", "binary")
            else:
                out[key] = self.value(value, src_doc, s, d, at)
        self._read_write_only(out)
        if nullable:
            out = self._nullable(out)
        if flavour != "oas31":
            out = to_2020_12(out, _DRAFT[flavour])
            if "prefixItems" in out:  # moved from items: the positions go with the values
                for p, pos in list(self.positions.items()):
                    if p.startswith(f"{dst}/items/") or p == f"{dst}/items":
                        self.positions[p.replace(f"{dst}/items", f"{dst}/prefixItems", 1)] = pos
        return out

    def _mapped(self, target: Any, src_doc: Document) -> Any:
        """A discriminator mapping value: a reference, or (OpenAPI) the bare name of a component schema."""
        if not isinstance(target, str):
            return target
        if "#" not in target and "/" not in target and not target.endswith((".yaml", ".yml", ".json")):
            target = "#/components/schemas/" + escape_pointer_token(target) if self.flavour != "swagger" else \
                "#/definitions/" + escape_pointer_token(target)
        return self.refs(target, src_doc)

    @staticmethod
    def _nullable(out: dict[str, Any]) -> dict[str, Any]:
        """`nullable: true` on a typed schema: null is one more value it accepts."""
        kind = out.get("type")
        if isinstance(kind, str) and kind != "null":
            out["type"] = [kind, "null"]
        elif isinstance(kind, list) and "null" not in kind:
            out["type"] = [*kind, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out

    @staticmethod
    def _read_write_only(out: dict[str, Any]) -> None:
        props, required = out.get("properties"), out.get("required")
        if not isinstance(props, dict) or not isinstance(required, list):
            return
        oneway = {name for name, sub in props.items()
                  if isinstance(sub, dict) and (sub.get("readOnly") is True or sub.get("writeOnly") is True)}
        if oneway & set(required):
            out["required"] = [r for r in required if r not in oneway]


_SPEC = {"oas30": "OpenAPI 3.0", "swagger": "Swagger 2.0", "asyncapi": "AsyncAPI (JSON Schema draft-07)",
         "oas31": "OpenAPI 3.1"}
