"""`schemagen lint`: rules that make schemas good inputs for generated code and for readers.

Rule sets in the style of buf (MINIMAL ⊂ DEFAULT ⊂ STRICT), chosen in `[tool.schemagen.lint]`
(`use`, `except`, `ignore` paths, `ignore_only` per rule) and silenced per schema node (and
everything under it) with `x-lint-ignore: [RULE, ...]`. Each rule is a function over the walked
nodes of one snapshot; findings are located at file:line:col like every other diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator
from urllib.parse import quote

from schemagen.frontend.keywords import RUNTIME_CHECKED, UNSUPPORTED
from schemagen.frontend.load import Document, escape_pointer_token
from schemagen.lower.lower import is_typeish
from schemagen.lower.unions import find_discriminator
from schemagen.review.findings import Finding
from schemagen.review.settings import table
from schemagen.review.snapshot import Snapshot

LINT_RULES: dict[str, str] = {
    "TYPE_NAME_PASCAL_CASE": "named types ($defs keys, root titles) are PascalCase",
    "ENUM_ONE_TYPE": "the values of an enum are of one JSON type (null aside)",
    "DEFAULT_VALID": "a default is valid against its own schema",
    "EXAMPLES_VALID": "every example is valid against its own schema",
    "PROPERTY_NAME_CASE": "the property names of an object use one case style (camelCase or snake_case)",
    "DESCRIPTION_REQUIRED": "every named type has a description",
    "UNION_TAGGED": "a oneOf/anyOf of objects pins a required `const` tag in every object variant",
    "ANONYMOUS_OBJECT_NAMED": "an object with properties inside a union or array items is a named type ($ref or title)",
    "NULLABLE_ONE_SPELLING": "nullability is spelled one way in the schema set: `type: [T, 'null']`, or `anyOf: [{type: T}, {type: 'null'}]` (T a scalar, where a type list reads the same)",
    "UNUSED_DEFINITION": "a definition beside a root schema is referenced from somewhere",
    "OBJECT_OPENNESS_EXPLICIT": "an object with properties says whether it is open (additionalProperties)",
    "UNION_DISCRIMINATOR": "a tagged union names its tag with `discriminator`",
    "KEYWORD_NOT_ENFORCED": "no keyword some target cannot enforce (reviewers see it before generation warns)",
}
MINIMAL = ("TYPE_NAME_PASCAL_CASE", "ENUM_ONE_TYPE", "DEFAULT_VALID", "EXAMPLES_VALID")
DEFAULT = MINIMAL + ("PROPERTY_NAME_CASE", "DESCRIPTION_REQUIRED", "UNION_TAGGED", "ANONYMOUS_OBJECT_NAMED",
                     "NULLABLE_ONE_SPELLING", "UNUSED_DEFINITION")
STRICT = DEFAULT + ("OBJECT_OPENNESS_EXPLICIT", "UNION_DISCRIMINATOR", "KEYWORD_NOT_ENFORCED")
SETS = {"MINIMAL": MINIMAL, "DEFAULT": DEFAULT, "STRICT": STRICT}

_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_CAMEL = re.compile(r"^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$")
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
_SCALARS = ("string", "integer", "number", "boolean")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_ONE = ("additionalProperties", "unevaluatedProperties", "contains", "propertyNames", "if", "then", "else",
               "not", "unevaluatedItems", "additionalItems", "items")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")


@dataclass(frozen=True)
class Visit:
    """One schema node: where it is, what holds it ("root", "$defs", "properties", "items", "anyOf", ...)."""

    doc: Document
    pointer: str
    node: Any
    via: str
    name: str  # the nearest named type, for the finding's subject
    silenced: frozenset[str]


def walk(doc: Document) -> Iterator[Visit]:
    def go(node: Any, pointer: str, via: str, name: str, silenced: frozenset[str]) -> Iterator[Visit]:
        if not isinstance(node, dict):
            return
        ignore = node.get("x-lint-ignore")
        if isinstance(ignore, list):
            silenced = silenced | {str(r) for r in ignore}
        yield Visit(doc, pointer, node, via, name, silenced)
        for key in _SCHEMA_MAPS:
            if isinstance(node.get(key), dict):
                for k, v in node[key].items():
                    child = k if key in ("$defs", "definitions") else (f"{name}.{k}" if key == "properties" else name)
                    yield from go(v, f"{pointer}/{escape_pointer_token(key)}/{escape_pointer_token(k)}", key, child, silenced)
        for key in _SCHEMA_ONE:
            if isinstance(node.get(key), dict):
                yield from go(node[key], f"{pointer}/{key}", key, name + ("[]" if key == "items" else ""), silenced)
        for key in _SCHEMA_LISTS:
            if isinstance(node.get(key), list):
                for i, v in enumerate(node[key]):
                    yield from go(v, f"{pointer}/{key}/{i}", key, name, silenced)

    title = doc.content.get("title") if isinstance(doc.content, dict) else None
    stem = doc.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    yield from go(doc.content, "", "root", title if isinstance(title, str) else stem, frozenset())


class _Lint:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.visits = [v for d in snap.documents for v in walk(d)]
        self.out: list[Finding] = []

    def add(self, rule: str, v: Visit, message: str, at: str = "", subject: str = "",
            targets: tuple[str, ...] = ()) -> None:
        if rule in v.silenced:
            return
        pointer = v.pointer + at
        self.out.append(Finding(rule, subject or v.name, v.doc.location(pointer), "new", message, targets, True))

    def resolve(self, doc: Document, node: dict[str, Any]) -> dict[str, Any] | None:
        target, _ = self.snap.index.resolve(node["$ref"], self.snap.index.base_of(node, doc.uri), doc.location(""))
        if target is None:
            return None
        from schemagen.frontend.load import node_at

        found = node_at(target.doc.content, target.pointer)
        return found if isinstance(found, dict) else None

    def accepts(self, v: Visit, instance: Any) -> bool | None:
        return self.snap.index.accepts(v.doc.uri, quote(v.pointer, safe="/~$-_.!*'()+,;=@:"), instance)

    # ---- the rules

    def type_name_pascal_case(self) -> None:
        for v in self.visits:
            if v.via in ("$defs", "definitions") and not _PASCAL.match(v.name):
                self.add("TYPE_NAME_PASCAL_CASE", v, f"the type name {v.name!r} is not PascalCase")
            title = v.node.get("title")
            if v.via == "root" and isinstance(title, str) and not _PASCAL.match(title):
                self.add("TYPE_NAME_PASCAL_CASE", v, f"the root title {title!r} names a type and is not PascalCase", "/title")

    def enum_one_type(self) -> None:
        for v in self.visits:
            values = v.node.get("enum")
            if isinstance(values, list):
                kinds = sorted({_json_type(x) for x in values if x is not None})
                if len(kinds) > 1:
                    self.add("ENUM_ONE_TYPE", v, f"the enum mixes {', '.join(kinds)} values", "/enum")

    def default_valid(self) -> None:
        for v in self.visits:
            if "default" in v.node and self.accepts(v, v.node["default"]) is False:
                self.add("DEFAULT_VALID", v, f"the default {v.node['default']!r} is not valid against its schema", "/default")

    def examples_valid(self) -> None:
        for v in self.visits:
            examples = v.node.get("examples")
            for i, example in enumerate(examples if isinstance(examples, list) else []):
                if self.accepts(v, example) is False:
                    self.add("EXAMPLES_VALID", v, f"example {i} is not valid against its schema", f"/examples/{i}")

    def property_name_case(self) -> None:
        """Per object: a wire protocol may fix one object's names (camelCase from a browser API)
        while the file's own objects use snake_case; mixing inside one object is the defect."""
        for v in self.visits:
            props = v.node.get("properties")
            if not isinstance(props, dict):
                continue
            camel = [k for k in props if _CAMEL.match(k)]
            snake = [k for k in props if _SNAKE.match(k)]
            if not camel or not snake:
                continue
            style, minority = ("camelCase", snake) if len(camel) >= len(snake) else ("snake_case", camel)
            for k in minority:
                self.add("PROPERTY_NAME_CASE", v, f"the property {k!r} is not {style}, like the rest of {v.name}",
                         f"/properties/{escape_pointer_token(k)}", f"{v.name}.{k}")

    def description_required(self) -> None:
        for v in self.visits:
            named = v.via in ("$defs", "definitions") or (v.via == "root" and is_typeish(v.node))
            if named and not isinstance(v.node.get("description"), str) and "$ref" not in v.node:
                self.add("DESCRIPTION_REQUIRED", v, f"the type {v.name} has no description")

    def unions(self) -> None:
        for v in self.visits:
            for kw in ("oneOf", "anyOf"):
                members = v.node.get(kw)
                if not isinstance(members, list):
                    continue
                objects = [m for m in members if isinstance(m, dict) and self._objectish(v.doc, m)]
                if len(objects) < 2:
                    continue
                explicit = v.node.get("discriminator")
                name = explicit.get("propertyName") if isinstance(explicit, dict) else None
                tag = find_discriminator(objects, name if isinstance(name, str) else None,
                                         lambda n: self.resolve(v.doc, n)).tag
                if tag is None:
                    self.add("UNION_TAGGED", v, f"the {kw} of objects has no required `const` tag that tells its variants apart",
                             f"/{kw}")
                elif explicit is None:
                    self.add("UNION_DISCRIMINATOR", v, f"the {kw} is tagged by {tag!r}: say so with "
                             f"`discriminator: {{propertyName: {tag}}}`", f"/{kw}")

    def _objectish(self, doc: Document, node: dict[str, Any], depth: int = 0) -> bool:
        if "$ref" in node and depth < 8:
            target = self.resolve(doc, node)
            return target is not None and self._objectish(doc, target, depth + 1)
        return node.get("type") == "object" or isinstance(node.get("properties"), dict)

    def anonymous_object_named(self) -> None:
        for v in self.visits:
            if v.via in ("oneOf", "anyOf", "items", "prefixItems") and isinstance(v.node.get("properties"), dict) \
                    and not isinstance(v.node.get("title"), str):
                self.add("ANONYMOUS_OBJECT_NAMED", v, f"an inline object inside {v.via} gets a derived name: "
                         "move it to $defs (or give it a title)")

    def nullable_one_spelling(self) -> None:
        spelled: dict[str, list[Visit]] = {"type list": [], "null variant": []}
        for v in self.visits:
            t = v.node.get("type")
            if isinstance(t, list) and "null" in t and len(t) > 1:
                spelled["type list"].append(v)
            for kw in ("oneOf", "anyOf"):
                members = v.node.get(kw)
                if isinstance(members, list) and len(members) == 2 and {"type": "null"} in members:
                    other = members[1 - members.index({"type": "null"})]
                    if isinstance(other, dict) and other.get("type") in _SCALARS and not any(
                            k == "$ref" or k.startswith("x-") for k in other):
                        spelled["null variant"].append(v)  # could have been `type: [T, "null"]`
        if spelled["type list"] and spelled["null variant"]:
            major = max(spelled, key=lambda k: (len(spelled[k]), k == "type list"))
            minor = "null variant" if major == "type list" else "type list"
            for v in spelled[minor]:
                self.add("NULLABLE_ONE_SPELLING", v, f"nullable spelled as a {minor}; the rest of the schemas use a {major}")

    def unused_definition(self) -> None:
        used: set[tuple[str, str]] = set()
        for v in self.visits:
            if isinstance(v.node.get("$ref"), str):
                target, _ = self.snap.index.resolve(v.node["$ref"], self.snap.index.base_of(v.node, v.doc.uri), v.doc.location(v.pointer))
                if target is not None:
                    used.add((target.doc.rel, target.pointer))
        for v in self.visits:
            if v.via in ("$defs", "definitions") and v.pointer.count("/") == 2 and is_typeish(v.doc.content) \
                    and (v.doc.rel, v.pointer) not in used:
                self.add("UNUSED_DEFINITION", v, f"{v.name} is defined beside the root schema but nothing refers to it")

    def object_openness_explicit(self) -> None:
        for v in self.visits:
            if isinstance(v.node.get("properties"), dict) and not any(
                    k in v.node for k in ("additionalProperties", "unevaluatedProperties", "$ref", "allOf")):
                self.add("OBJECT_OPENNESS_EXPLICIT", v, "the object does not say whether other properties are allowed "
                         "(additionalProperties: true or false)")

    def keyword_not_enforced(self) -> None:
        for v in self.visits:
            for kw in sorted(k for k in v.node if k in UNSUPPORTED):
                targets = ("typescript",) if kw in RUNTIME_CHECKED else ("pydantic", "typeddict", "typescript")
                self.add("KEYWORD_NOT_ENFORCED", v, f"`{kw}`: {UNSUPPORTED[kw]} in {', '.join(targets)}", f"/{kw}",
                         targets=tuple(t for t in targets if t in self.snap.config.targets))


_CHECKS: dict[str, Callable[[_Lint], None]] = {
    "TYPE_NAME_PASCAL_CASE": _Lint.type_name_pascal_case, "ENUM_ONE_TYPE": _Lint.enum_one_type,
    "DEFAULT_VALID": _Lint.default_valid, "EXAMPLES_VALID": _Lint.examples_valid,
    "PROPERTY_NAME_CASE": _Lint.property_name_case, "DESCRIPTION_REQUIRED": _Lint.description_required,
    "UNION_TAGGED": _Lint.unions, "UNION_DISCRIMINATOR": _Lint.unions,
    "ANONYMOUS_OBJECT_NAMED": _Lint.anonymous_object_named, "NULLABLE_ONE_SPELLING": _Lint.nullable_one_spelling,
    "UNUSED_DEFINITION": _Lint.unused_definition, "OBJECT_OPENNESS_EXPLICIT": _Lint.object_openness_explicit,
    "KEYWORD_NOT_ENFORCED": _Lint.keyword_not_enforced,
}


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else "null"


def selected_rules(snap: Snapshot, use: list[str] | None = None) -> tuple[frozenset[str], Any, dict[str, Any]]:
    from schemagen.review.settings import _bad

    t = table(snap.config, "lint")
    unknown = sorted(set(t) - {"use", "except", "ignore", "ignore_only"})
    if unknown:
        raise _bad(snap.config, "lint", unknown[0], "unknown key; known keys are except, ignore, ignore_only, use")
    chosen: set[str] = set()
    for item in use or t.get("use", ["DEFAULT"]):
        if item in SETS:
            chosen |= set(SETS[item])
        elif item in LINT_RULES:
            chosen.add(item)
        else:
            raise _bad(snap.config, "lint", "use", f"{item!r}: expected MINIMAL, DEFAULT, STRICT or a rule id")
    for item in t.get("except", []):
        if item not in LINT_RULES:
            raise _bad(snap.config, "lint", "except", f"unknown rule id {item!r}")
        chosen.discard(item)
    return frozenset(chosen), t.get("ignore", []), t.get("ignore_only", {})


def lint(snap: Snapshot, use: list[str] | None = None) -> list[Finding]:
    from schemagen.review.findings import order
    from schemagen.review.settings import _bad

    chosen, ignore, ignore_only = selected_rules(snap, use)
    if not isinstance(ignore, list) or not isinstance(ignore_only, dict):
        raise _bad(snap.config, "lint", "ignore", "expected ignore = [paths] and ignore_only = {RULE = [paths]}")
    run = _Lint(snap)
    for check in dict.fromkeys(_CHECKS[r] for r in sorted(chosen)):
        check(run)
    schemas = snap.config.display(snap.config.schemas) + "/"

    def skipped(f: Finding) -> bool:
        rel = f.location.file.removeprefix(schemas)
        paths = list(ignore) + list(ignore_only.get(f.rule, []))
        return any(rel == p or rel.startswith(p.rstrip("/") + "/") for p in paths)

    return order([f for f in run.out if f.rule in chosen and not skipped(f)])
