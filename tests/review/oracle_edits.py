"""The changes the source oracle checks: every source rule's example, the issue's examples, the
review case, and hypothesis-drawn edits of the golden cases and the seed schemas.

A drawn edit is one of: rename, remove, retype, widen or narrow a field; add a union member or
an enum value; make a field optional or nullable; move a type to another file (every `$ref` to
it, and its own local `$ref`s, rewritten).
"""

from __future__ import annotations

import copy
import json
import posixpath
import tomllib
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml
from hypothesis import strategies as st

from schemagen.frontend.load import load_text
from tests.review.oracle import Change

REPO = Path(__file__).resolve().parents[2]
GOLDENS = REPO / "tests" / "goldens"
CASES = Path(__file__).resolve().parent / "cases"
KINDS = ("rename", "remove", "retype", "widen", "narrow", "union_member", "enum_value", "optional", "nullable", "move")

# The issue's examples: a change every schema registry calls compatible
ISSUE = [
    ("issue number widened to number | string",
     {"a.yaml": "$defs:\n  P:\n    type: object\n    properties:\n      n: {type: number}\n"},
     {"a.yaml": "$defs:\n  P:\n    type: object\n    properties:\n      n: {type: [number, string]}\n"}),
    ("issue enum removed", {"a.yaml": "$defs:\n  S: {type: string, enum: [a, b]}\n"},
     {"a.yaml": "$defs:\n  S: {type: string}\n"}),
    ("issue enum removed from a field",
     {"a.yaml": "$defs:\n  P:\n    type: object\n    properties:\n      s: {type: string, enum: [a, b]}\n"},
     {"a.yaml": "$defs:\n  P:\n    type: object\n    properties:\n      s: {type: string}\n"}),
    ("issue {} for a type", {"a.yaml": "$defs:\n  A: {type: string}\n  B: {type: integer}\n"},
     {"a.yaml": "$defs:\n  A: {}\n  B: {type: integer}\n"}),
    ("issue root widened to {}",
     {"a.json": '{"type": "object", "properties": {"a": {"type": "string"}}}'}, {"a.json": "{}"}),
    ("issue integer widened to number",
     {"a.yaml": "$defs:\n  P:\n    type: object\n    required: [n]\n    properties:\n      n: {type: integer}\n"},
     {"a.yaml": "$defs:\n  P:\n    type: object\n    required: [n]\n    properties:\n      n: {type: number}\n"}),
    ("issue number narrowed to integer (optional)",
     {"a.yaml": "$defs:\n  P:\n    type: object\n    properties:\n      n: {type: number}\n"},
     {"a.yaml": "$defs:\n  P:\n    type: object\n    properties:\n      n: {type: integer}\n"}),
]


# Sibling classes: where the targets' compilers part ways (one `number` in TypeScript; Python's
# datetime and invariant lists; a constraint no type holds)
_P = "$defs:\n  P:\n    type: object\n    properties:\n      r: {type: string}\n"
SIBLINGS = [
    ("class required number narrowed to integer", "      n: {type: number}\n    required: [n]\n",
     "      n: {type: integer}\n    required: [n]\n"),
    ("class format date-time added", "      d: {type: string}\n", "      d: {type: string, format: date-time}\n"),
    ("class format date-time removed", "      d: {type: string, format: date-time}\n", "      d: {type: string}\n"),
    ("class required field made nullable", "      n: {type: string}\n    required: [n]\n",
     "      n: {type: [string, 'null']}\n    required: [n]\n"),
    ("class array items widened", "      xs: {type: array, items: {type: integer}}\n",
     "      xs: {type: array, items: {type: number}}\n"),
    ("class required array items narrowed", "      xs: {type: array, items: {type: number}}\n    required: [xs]\n",
     "      xs: {type: array, items: {type: integer}}\n    required: [xs]\n"),
    ("class constraint added", "      s: {type: string}\n", "      s: {type: string, maxLength: 3}\n"),
    ("class boolean retyped integer", "      b: {type: boolean}\n", "      b: {type: integer}\n"),
]


def rule_examples() -> list[Change]:
    from tests.review.test_breaking_source import CASES as SOURCE, CHANGES

    out = [Change(f"rule {c[0]}", c[1], c[2]) for c in SOURCE]
    out += [Change(f"change {c[0]}", {"a.yaml": c[1]}, {"a.yaml": c[2]}) for c in CHANGES]
    out += [Change(name, old, new) for name, old, new in ISSUE]
    out += [Change(name, {"a.yaml": _P + old}, {"a.yaml": _P + new}) for name, old, new in SIBLINGS]
    shop = CASES / "shop"
    out.append(Change("case shop", _files(shop / "old" / "schemas"), _files(shop / "new" / "schemas")))
    return out


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".yaml", ".yml", ".json")}


def sources() -> list[tuple[str, dict[str, Any], tuple[tuple[str, Any], ...]]]:
    """(name, {file: parsed document}, config overrides) for every golden case and seed domain."""
    out = []
    for case in sorted(p for p in GOLDENS.iterdir() if (p / "schemas").is_dir()):
        extra = tomllib.loads((case / "schemagen.toml").read_text()) if (case / "schemagen.toml").is_file() else {}
        docs = _parsed(case / "schemas")
        if docs:
            out.append((f"golden {case.name}", docs, tuple(sorted(extra.items()))))
    table = tomllib.loads((REPO / "pyproject.toml").read_text()).get("tool", {}).get("schemagen", {})
    keep = tuple((k, v) for k, v in sorted(table.items()) if k in ("field_naming", "open_objects"))
    for domain in sorted(p for p in (REPO / "schemas").iterdir() if p.is_dir()):
        docs = _parsed(domain)
        if docs:
            out.append((f"seed {domain.name}", docs, keep))
    return out


def _parsed(folder: Path) -> dict[str, Any]:
    """Every file parsed; {} when one is not plain YAML/JSON (such a set is left out)."""
    out = {}
    for rel, text in _files(folder).items():
        doc, _ = load_text(text, rel, rel)  # the generator's own YAML reading
        if doc is None:
            return {}
        out[rel] = json.loads(json.dumps(doc.content))
    return out


def _dump(docs: dict[str, Any]) -> dict[str, str]:
    return {rel: json.dumps(doc, indent=1) if rel.endswith(".json") else yaml.safe_dump(doc, sort_keys=False)
            for rel, doc in docs.items()}


# -- where an edit can apply ------------------------------------------------------------------

def _defs(doc: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    if isinstance(doc, dict):
        for section in ("$defs", "definitions"):
            for name, body in (doc.get(section) or {}).items() if isinstance(doc.get(section), dict) else ():
                if isinstance(body, dict):
                    yield section, name, body


def _objects(docs: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object schema with properties) for every named type and file root."""
    for rel, doc in docs.items():
        if isinstance(doc, dict) and isinstance(doc.get("properties"), dict):
            yield f"{rel}#", doc
        for section, name, body in _defs(doc):
            if isinstance(body.get("properties"), dict):
                yield f"{rel}#/{section}/{name}", body


def _fields(docs: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    return [(where, obj, p) for where, obj in _objects(docs) for p, s in obj["properties"].items()
            if isinstance(s, dict)]


def _nodes(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _nodes(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _nodes(v, f"{path}/{i}")


def _all_nodes(docs: dict[str, Any], test: Callable[[dict[str, Any]], bool]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{rel}#{p}", n) for rel, doc in docs.items() for p, n in _nodes(doc) if test(n)]


OTHER = {"string": "integer", "integer": "string", "number": "string", "boolean": "string", "array": "string",
         "object": "string", "null": "string"}


def _candidates(kind: str, docs: dict[str, Any]) -> list[Callable[[], str]]:
    """Closures that apply one edit of `kind` to `docs` in place and say what they did."""
    out: list[Callable[[], str]] = []
    if kind in ("rename", "remove", "retype", "widen", "narrow", "optional", "nullable"):
        for where, obj, p in _fields(docs):
            out += _field_edits(kind, where, obj, p)
    elif kind == "union_member":
        for where, node in _all_nodes(docs, lambda n: isinstance(n.get("anyOf") or n.get("oneOf"), list)):
            key = "oneOf" if isinstance(node.get("oneOf"), list) else "anyOf"

            def add(node: dict[str, Any] = node, key: str = key, where: str = where) -> str:
                node[key].append({"type": "object", "required": ["added"], "properties": {"added": {"type": "boolean"}}})
                return f"union_member {where}"
            out.append(add)
    elif kind == "enum_value":
        for where, node in _all_nodes(docs, lambda n: isinstance(n.get("enum"), list) and bool(n["enum"])):
            def add_value(node: dict[str, Any] = node, where: str = where) -> str:
                first = node["enum"][0]
                node["enum"].append(first + 1000 if isinstance(first, int) and not isinstance(first, bool)
                                    else "zz_added")
                return f"enum_value {where}"
            out.append(add_value)
    elif kind == "move":
        for rel, doc in docs.items():
            for section, name, _ in _defs(doc):
                out.append(lambda rel=rel, section=section, name=name: _move(docs, rel, section, name))
    return out


def _field_edits(kind: str, where: str, obj: dict[str, Any], p: str) -> list[Callable[[], str]]:
    s = obj["properties"][p]
    required = obj.get("required") if isinstance(obj.get("required"), list) else []
    t = s.get("type")
    label = f"{kind} {where}/properties/{p}"

    def rename() -> str:
        obj["properties"] = {(k + "Renamed" if k == p else k): v for k, v in obj["properties"].items()}
        if p in required:
            obj["required"] = [k + "Renamed" if k == p else k for k in required]
        return label

    def remove() -> str:
        del obj["properties"][p]
        if p in required:
            obj["required"] = [k for k in required if k != p]
        return label

    def retype() -> str:
        obj["properties"][p] = {"type": OTHER.get(t, "string") if isinstance(t, str) else "boolean"}
        return label

    def widen() -> str:
        if isinstance(t, str) and "enum" not in s and "const" not in s:
            s["type"] = [t, OTHER.get(t, "string")]
        else:
            obj["properties"][p] = {"anyOf": [s, {"type": "boolean"}]}
        return label

    def narrow() -> str:
        if t == "number":
            s["type"] = "integer"
        elif isinstance(t, list) and len(t) > 1:
            s["type"] = [x for x in t if x != "null"][0] if len([x for x in t if x != "null"]) else t[0]
        elif isinstance(s.get("anyOf") or s.get("oneOf"), list) and len(s.get("anyOf") or s.get("oneOf")) > 1:
            key = "anyOf" if "anyOf" in s else "oneOf"
            s[key] = s[key][:-1]
        elif isinstance(s.get("enum"), list) and len(s["enum"]) > 1:
            s["enum"] = s["enum"][:-1]
        elif t == "string":
            s["maxLength"] = 3
        else:
            return ""
        return label

    def optional() -> str:
        obj["required"] = [k for k in required if k != p]
        return label

    def nullable() -> str:
        if isinstance(t, str) and "enum" not in s and "const" not in s:
            s["type"] = [t, "null"]
        elif isinstance(t, list) and "null" not in t and "enum" not in s:
            s["type"] = [*t, "null"]
        else:
            obj["properties"][p] = {"anyOf": [s, {"type": "null"}]}
        return label

    edits = {"rename": rename, "remove": remove, "retype": retype, "widen": widen, "narrow": narrow,
             "optional": optional, "nullable": nullable}
    if kind == "optional" and p not in required:
        return []
    if kind == "narrow" and not (t in ("number", "string") or isinstance(t, list) or "anyOf" in s or "oneOf" in s
                                 or isinstance(s.get("enum"), list)):
        return []
    return [edits[kind]]


def _move(docs: dict[str, Any], rel: str, section: str, name: str) -> str:
    """Move $defs/name from rel to a new file beside it; rewrite every $ref to it and its own."""
    folder = posixpath.dirname(rel)
    target = posixpath.join(folder, "moved_types.yaml") if folder else "moved_types.yaml"
    if target in docs:
        return ""
    body = docs[rel][section].pop(name)
    old_pointer, new_pointer = f"#/{section}/{name}", "#/$defs/" + name

    def rewrite(node: Any, here: str, fn: Callable[[str, str], str]) -> None:
        for _, n in _nodes(node):
            ref = n.get("$ref")
            if isinstance(ref, str):
                n["$ref"] = fn(ref, here)

    def to_moved(ref: str, here: str) -> str:
        file, _, pointer = ref.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), file)) if file else here
        if resolved == rel and (pointer == old_pointer[1:] or pointer.startswith(old_pointer[1:] + "/")):
            rest = pointer[len(old_pointer) - 1:]
            return posixpath.relpath(target, posixpath.dirname(here) or ".") + new_pointer + rest
        return ref

    def from_moved(ref: str, here: str) -> str:
        file, _, pointer = ref.partition("#")
        if not file and not (pointer == old_pointer[1:] or pointer.startswith(old_pointer[1:] + "/")):
            return posixpath.relpath(rel, folder or ".") + "#" + pointer
        if not file:
            return new_pointer + pointer[len(old_pointer) - 1:]
        return ref

    for other, doc in docs.items():
        rewrite(doc, other, to_moved)
    rewrite(body, target, from_moved)
    docs[target] = {"$defs": {name: body}}
    if isinstance(docs[rel], dict) and "$schema" in docs[rel]:
        docs[target] = {"$schema": docs[rel]["$schema"], **docs[target]}
    return f"move {rel}#/{section}/{name} to {target}"


@st.composite
def drawn_change(draw: st.DrawFn, pool: list[tuple[str, dict[str, Any], tuple[tuple[str, Any], ...]]]) -> Change | None:
    """One edit of one source, as a Change (None where the drawn kind has nowhere to apply)."""
    name, docs, overrides = draw(st.sampled_from(pool))
    kind = draw(st.sampled_from(KINDS))
    edited = copy.deepcopy(docs)
    options = _candidates(kind, edited)
    if not options:
        return None
    what = draw(st.sampled_from(options))()
    if not what:
        return None
    return Change(f"drawn {name}: {what}", _dump(docs), _dump(edited), overrides)


def draw_changes(count: int, seed: int) -> list[Change]:
    """`count` distinct drawn edits, the same for the same seed: one hypothesis run whose examples
    are collected (not a property: the compilers judge them all at once afterwards)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed

    pool = sources()
    out: dict[str, Change] = {}

    @settings(max_examples=count * 4, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @with_seed(seed)
    @given(drawn_change(pool))
    def draw(change: Change | None) -> None:
        if change is not None and len(out) < count:
            out.setdefault(change.id, change)

    draw()
    return list(out.values())
