"""Stage 1, load: schema files → plain JSON-like documents, each with a map of source positions.

YAML is read as YAML 1.2, its core schema exactly (a key `on:` stays the string "on", `0755` is the
integer 755, `1_000` a string: yaml_core.py, which also turns any reader exception into a located
`yaml-syntax` error), with duplicate keys refused and timestamps kept as the strings they were written as. JSON is parsed by
the standard library (exact error positions), then read again through the YAML reader for positions.
Values are converted to plain dict/list/str/int/float/bool/None so later stages never see a
library type, and `positions` maps every JSON pointer to its 1-based (line, column).
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from schemagen.diagnostics import Diagnostic, Location, error
from schemagen.frontend.json_positions import json_positions

SCHEMA_SUFFIXES = (".yaml", ".yml", ".json")
ROOT_URI = "file:///schemas-root/"

Position = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One schema file: where it lives, its URI, its content and where each value was written."""

    rel: str  # posix path relative to the schemas root, e.g. "analytics/core.yaml"
    display: str  # the path shown in messages
    uri: str
    content: Any
    positions: dict[str, Position] = field(default_factory=dict, compare=False, hash=False)
    dialect: str = "2020-12"  # the JSON Schema draft it is read in (frontend/dialect.py decides)
    # the persistent cache's key for the bytes it was read from ("" when not read through it): a
    # per-file check result is stored under it (pipeline.check_documents)
    source_key: str = field(default="", compare=False)

    def location(self, pointer: str) -> Location:
        """The best-known position for a JSON pointer: the nearest ancestor that has one."""
        probe = pointer
        while True:
            pos = self.positions.get(probe)
            if pos is not None:
                return Location(self.display, pos[0], pos[1], pointer)
            if not probe:
                return Location(self.display, 1, 1, pointer)
            probe = probe.rsplit("/", 1)[0]


def escape_pointer_token(token: str) -> str:
    if "~" not in token and "/" not in token:  # most keys: called for every node of every walk
        return token
    return token.replace("~", "~0").replace("/", "~1")


def node_at(content: Any, pointer: str) -> Any:
    node = content
    pointer = pointer.removesuffix("/~object")  # the object member of a multi-type schema: same node
    if not pointer:
        return node
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def discover(root: Path) -> list[Path]:
    """Every schema file under root, in a platform-independent order."""
    found = [p for p in root.rglob("*") if p.is_file() and p.suffix in SCHEMA_SUFFIXES]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def discover_checked(root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every schema file under root, plus an error for each symbolic link that is not a link to
    a schema file inside the root: a link out of the folder would read a file the schemas folder
    does not hold, and a folder link (never followed) would leave its schemas out silently."""
    found: list[Path] = []
    diags: list[Diagnostic] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in sorted(dirs):
            if (base / name).is_symlink():
                diags.append(error("schema-link", "this folder is a symbolic link; schemagen does not follow folder links, "
                                   "so the schemas in it would be left out", Location((base / name).as_posix()),
                                   "move the folder into the schemas folder, or list it as its own schemas folder"))
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]
        for name in sorted(dirs) + sorted(files):  # bytes that are no UTF-8 (os reads them as lone surrogates)
            if _has_surrogate(name) and (name in dirs or Path(name).suffix in SCHEMA_SUFFIXES):
                shown = os.fsencode(base / name).decode("utf-8", "backslashreplace")
                diags.append(error("module-name", f"this {'folder' if name in dirs else 'file'} name is not valid UTF-8, "
                                   "so it gives no module or package name (nor a path the output could print)",
                                   Location(shown), "rename it with letters, digits, `_` or `-`"))
        dirs[:] = [d for d in dirs if not _has_surrogate(d)]
        for name in files:
            path = base / name
            if path.suffix not in SCHEMA_SUFFIXES or _has_surrogate(name):
                continue
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                    target.relative_to(real_root)
                except (OSError, RuntimeError, ValueError):
                    diags.append(error("schema-link", "this schema file is a symbolic link to a file outside the schemas "
                                       "folder (or to nothing)", Location(path.as_posix()),
                                       "copy the file into the schemas folder instead of linking it"))
                    continue
                if not target.is_file():
                    continue
            elif not path.is_file():
                continue
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix()), diags


def uri_for(rel: str) -> str:
    return ROOT_URI + "/".join(_quote(part) for part in PurePosixPath(rel).parts)


def _quote(part: str) -> str:
    from urllib.parse import quote

    return quote(part, safe="")


def load_text(text: str, rel: str, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one file's text. Pure: no disk access, so tests and fuzzers can call it directly."""
    if rel.endswith(".json"):
        return _load_json(text, rel, display)
    return _load_yaml(text, rel, display)


def load_file(path: Path, root: Path, display_root: Path | None = None) -> tuple[Document | None, list[Diagnostic]]:
    rel = path.relative_to(root).as_posix()
    display = _display_path(path, display_root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error("read-failed", f"cannot read the file: {exc.strerror}", Location(display))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error("not-utf8", "the file is not valid UTF-8", Location(display, line, col), "save the file as UTF-8")
        ]
    return load_text(text, rel, display)


def _display_path(path: Path, display_root: Path | None) -> str:
    base = display_root or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_json(text: str, rel: str, display: str) -> tuple[Document | None, list[Diagnostic]]:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        content = json.loads(text, object_pairs_hook=pairs, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return None, [
            error("json-syntax", f"invalid JSON: {exc.msg}", Location(display, exc.lineno, exc.colno), "fix the syntax")
        ]
    except ValueError as exc:
        return None, [error("json-syntax", f"invalid JSON: {exc}", Location(display, 1, 1))]
    except RecursionError:  # deeper than even the deep stack holds: far past MAX_DEPTH
        return None, [_too_deep(display, (1, 1))]
    positions: dict[str, Position] = {}
    try:
        positions = json_positions(text)
    except Exception:  # positions are a courtesy for JSON; the content is already parsed
        positions = {"": (1, 1)}
    if text.count("[") + text.count("{") > MAX_DEPTH:  # else it cannot nest that deep: no walk
        deep = _depth_problem(content, positions, display)
        if deep:
            return None, deep
    doc = Document(rel, display, uri_for(rel), content, positions)
    unrepresentable = not_representable(content, doc)
    if unrepresentable:
        return None, unrepresentable
    diags = [
        error("duplicate-key", f"duplicate key {key!r}", _dup_location(text, display, key) or _first_dup_location(doc, key),
              "keep one of the two; JSON objects in a schema may not repeat a key")
        for key in sorted(set(duplicates))
    ]
    return (None if diags else doc), diags


def _dup_location(text: str, display: str, key: str) -> Location | None:
    """Where the second spelling of a repeated key is: the YAML reader (JSON is YAML 1.2) refuses
    duplicates with a mark; failing that, the second occurrence of the quoted key in the text."""
    import re

    from ruamel.yaml.error import MarkedYAMLError

    try:
        _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is not None and "duplicate key" in str(exc.problem or ""):
            return Location(display, mark.line + 1, mark.column + 1)
    except Exception:
        pass
    hits = list(re.finditer(re.escape(json.dumps(key)) + r"\s*:", text))
    if len(hits) < 2:
        return None
    start = hits[1].start()
    line = text.count("\n", 0, start) + 1
    return Location(display, line, start - (text.rfind("\n", 0, start) + 1) + 1)


def _first_dup_location(doc: Document, key: str) -> Location:
    token = "/" + escape_pointer_token(key)
    for pointer in sorted(doc.positions):
        if pointer.endswith(token):
            return doc.location(pointer)
    return doc.location("")


def not_representable(content: Any, doc: Document) -> list[Diagnostic]:
    """Values no output can hold: numbers beyond a double (`1e999` reads as infinity) and lone
    surrogates (`"\\ud800"`: valid JSON text, but no UTF-8 file, Python source or TypeScript
    output can carry the same string)."""
    try:  # the common case, in C: every number finite (allow_nan) and no surrogate in the text
        if not _SURROGATE.search(json.dumps(content, ensure_ascii=False, allow_nan=False)):
            return []
    except (ValueError, TypeError, RecursionError):
        pass  # an infinity, or a value JSON does not write: the walk below says where
    diags: list[Diagnostic] = []
    stack: list[tuple[Any, str]] = [(content, "")]
    while stack and len(diags) < 20:
        node, pointer = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            diags.append(error("not-json", "this number is too large for any target (it reads as infinity)",
                               doc.location(pointer), "use a smaller number, or quote it as a string"))
        elif isinstance(node, str) and _has_surrogate(node):
            diags.append(_surrogate_error(doc.location(pointer)))
        elif isinstance(node, dict):
            for key, value in node.items():
                child = f"{pointer}/{escape_pointer_token(key)}"
                if _has_surrogate(key):
                    diags.append(_surrogate_error(doc.location(pointer)))
                    continue
                stack.append((value, child))
        elif isinstance(node, list):
            stack.extend((value, f"{pointer}/{i}") for i, value in enumerate(node))
    return diags


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _surrogate_error(where: Location) -> Diagnostic:
    return error("lone-surrogate", "a string here holds a lone UTF-16 surrogate (an escape like \\ud800 without its "
                 "pair): no UTF-8 output can hold it", where, "write the character itself, or a full surrogate pair")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# Nesting deeper than this (objects and arrays, in any file) is a located `too-deep` error: no
# real schema comes near it, every stage's work grows faster than linearly with depth (a derived
# name carries its parents'; ruamel's scanner is quadratic in flow nesting, 27 s at 3,000), and at
# 10,000 levels black ran out of memory. 2,000 levels still generate in seconds.
MAX_DEPTH = 2_000


class _TooDeep(Exception):
    def __init__(self, where: Position) -> None:
        super().__init__(where)
        self.where = where


def _too_deep(display: str, where: Position) -> Diagnostic:
    return error("too-deep", f"the values here nest deeper than {MAX_DEPTH:,} levels (objects and arrays): more than "
                 "any target can be asked to hold", Location(display, *where),
                 "give deep types a name in $defs and refer to them with $ref (recursion through $ref has no limit)")


def _depth_problem(content: Any, positions: dict[str, Position], display: str) -> list[Diagnostic]:
    """A too-deep error at the first value nested deeper than MAX_DEPTH, found without recursion."""
    stack: list[tuple[Any, str, int]] = [(content, "", 0)]
    while stack:
        node, pointer, depth = stack.pop()
        if depth > MAX_DEPTH:
            while pointer and pointer not in positions:
                pointer = pointer.rpartition("/")[0]
            return [_too_deep(display, positions.get(pointer, (1, 1)))]
        if isinstance(node, dict):
            stack.extend((v, f"{pointer}/{escape_pointer_token(k)}" if depth < MAX_DEPTH else pointer, depth + 1)
                         for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}" if depth < MAX_DEPTH else pointer, depth + 1) for i, v in enumerate(node))
    return []


def _make_yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.parser import RoundTripParser
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.scanner import RoundTripScanner

    from schemagen.frontend.yaml_core import core_classes

    core_constructor, core_parser, core_resolver = core_classes(RoundTripConstructor, RoundTripParser, VersionedResolver)

    class _Constructor(core_constructor):  # type: ignore[misc, valid-type]
        """Timestamps stay the strings the author wrote: JSON has no date type."""

    class _Scanner(RoundTripScanner):
        """Flow collections (`[[[...`) nest at most MAX_DEPTH deep: ruamel's scanner does work
        per open level for every token, so deeper nesting costs quadratic time before any check."""

        def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:
            if len(self.flow_context) >= MAX_DEPTH:
                mark = self.reader.get_mark()
                raise _TooDeep((mark.line + 1, mark.column + 1))
            super().fetch_flow_collection_start(TokenClass, to_push)

        # ruamel walks every saved simple key (one per open flow level) for every token: quadratic
        # in flow nesting (27 s at 3,000 levels). The keys are saved in scanning order (a level's
        # key is removed before it is saved again), so the first one is the oldest: it alone gives
        # the smallest token number, and when it is not stale none of the later ones is.
        def next_possible_simple_key(self) -> Any:
            for key in self.possible_simple_keys.values():
                return key.token_number
            return None

        def stale_possible_simple_keys(self) -> None:
            keys = self.possible_simple_keys
            reader = self.reader
            line, index = reader.line, reader.index
            while keys:
                level, key = next(iter(keys.items()))
                if key.line == line and index - key.index <= 1024:
                    return
                if key.required:
                    from ruamel.yaml.scanner import ScannerError

                    raise ScannerError("while scanning a simple key", key.mark, "could not find expected ':'",
                                       reader.get_mark())
                del keys[level]

    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Scanner = _Scanner
    yaml.Parser, yaml.Resolver = core_parser, core_resolver  # YAML 1.2's core schema (yaml_core.py)
    yaml.allow_duplicate_keys = False
    return yaml


_YAML: Any = None


def _yaml() -> Any:
    global _YAML
    if _YAML is None:
        _YAML = _make_yaml()
    return _YAML


FAST_YAML_CHARS = 200_000  # from this size on, YAML is read by libyaml when it can (frontend/fast_yaml.py)


def _load_yaml(text: str, rel: str, display: str) -> tuple[Document | None, list[Diagnostic]]:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from schemagen.frontend.yaml_core import YamlProblem, read_documents

    if len(text) > 100_000 and text.lstrip()[:1] == "{":  # JSON in a .yaml file (Kubernetes' 3.8 MB
        doc, _ = _load_json(text, rel, display)          # definition): read as JSON, 20x faster
        if doc is not None:
            return doc, []
    if len(text) > FAST_YAML_CHARS:  # a large file (an API document): libyaml, when it reads it as ruamel would
        from schemagen.frontend.fast_yaml import read

        fast = read(text)
        if fast is not None and (not fast[2] or _status_keys_only(fast[0], [])) \
                and not _depth_problem(fast[0], fast[1], display):
            doc = Document(rel, display, uri_for(rel), fast[0], fast[1])
            unrepresentable = not_representable(fast[0], doc)
            return (None, unrepresentable) if unrepresentable else (doc, [])

    try:
        docs = read_documents(_yaml(), text, (_TooDeep,))
    except YamlProblem as unread:
        return None, [error("yaml-syntax", unread.message, Location(display, *unread.where),
                            "fix the YAML at that position (or quote the value as a string)")]
    except _TooDeep as bound:
        return None, [_too_deep(display, bound.where)]
    except RecursionError:
        return None, [_too_deep(display, (1, 1))]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        code, hint = "yaml-syntax", "fix the YAML syntax at that position"
        if "duplicate key" in problem:
            code, hint = "duplicate-key", "keep one of the two; YAML mappings may not repeat a key"
        return None, [error(code, f"{problem}", Location(display, line, col), hint)]
    except YAMLError as exc:
        return None, [error("yaml-syntax", f"invalid YAML: {exc}", Location(display, 1, 1))]
    if len(docs) != 1:
        return None, [
            error(
                "yaml-documents",
                f"expected exactly one YAML document, found {len(docs)}",
                Location(display, 1, 1),
                "keep one schema per file",
            )
        ]
    positions: dict[str, Position] = {"": (1, 1)}
    diags: list[Diagnostic] = []
    budget = _Budget(max(MAX_YAML_VALUES, 20 * len(text)))
    try:
        content = _plain(docs[0], "", positions, diags, display, budget)
    except _AliasBomb as bomb:
        return None, [error("yaml-aliases", str(bomb), Location(display, *bomb.where),
                            "write the values out, or reuse them with $ref instead of YAML aliases")]
    if diags and not _status_keys_only(content, diags):
        return None, diags
    deep = _depth_problem(content, positions, display)  # block nesting (indentation) has no scanner bound
    if deep:
        return None, deep
    doc = Document(rel, display, uri_for(rel), content, positions)
    unrepresentable = not_representable(content, doc)
    return (None, unrepresentable) if unrepresentable else (doc, [])


def _status_keys_only(content: Any, diags: list[Diagnostic]) -> bool:
    """An OpenAPI / Swagger / AsyncAPI document writes HTTP status codes as unquoted keys
    (`200:`), which YAML reads as integers: there they are read as the strings they mean."""
    return isinstance(content, dict) and any(k in content for k in ("openapi", "swagger", "asyncapi")) \
        and all(d.code == "key-not-string" and re.search(r"mapping key \d+ is", d.message) for d in diags)


# YAML aliases share one value among many places; read as JSON each place gets its own copy, so
# a 1 KB file of nested aliases ("billion laughs") expands to gigabytes. The expansion is bounded.
MAX_YAML_VALUES = 1_000_000


class _AliasBomb(Exception):
    def __init__(self, message: str, where: Position) -> None:
        super().__init__(message)
        self.where = where


class _Budget:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.open: set[int] = set()  # containers being converted (an alias to one of them recurses)


def _yaml_positions(text: str) -> dict[str, Position]:
    positions: dict[str, Position] = {"": (1, 1)}
    _plain(_yaml().load(text), "", positions, [], "", _Budget(max(MAX_YAML_VALUES, 20 * len(text))))
    return positions


def _plain(node: Any, pointer: str, positions: dict[str, Position], diags: list[Diagnostic], display: str,
           budget: _Budget) -> Any:
    """Convert ruamel's round-trip objects to plain values, recording each child's position.
    Bounded: at most budget.limit values in all, and an alias may not contain itself."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    budget.used += 1
    if budget.used > budget.limit:
        raise _AliasBomb(f"the YAML expands to more than {budget.limit:,} values (aliases repeat what they name)",
                         positions.get(pointer, (1, 1)))
    if isinstance(node, (CommentedMap, CommentedSeq)):
        if id(node) in budget.open:
            raise _AliasBomb("a YAML alias here contains itself: the value would be infinite", positions.get(pointer, (1, 1)))
        budget.open.add(id(node))
        try:
            return _plain_container(node, pointer, positions, diags, display, budget)
        finally:
            budget.open.discard(id(node))
    return _plain_scalar(node, pointer, positions, diags, display)


def _plain_container(node: Any, pointer: str, positions: dict[str, Position], diags: list[Diagnostic], display: str,
                     budget: _Budget) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        result: dict[str, Any] = {}
        for key in node:
            try:
                line, col = node.lc.key(key)
                pos = (line + 1, col + 1)
            except (KeyError, TypeError):
                pos = positions.get(pointer, (1, 1))
            if not isinstance(key, str):
                diags.append(
                    error(
                        "key-not-string",
                        f"mapping key {key!r} is not a string",
                        Location(display, pos[0], pos[1], pointer),
                        "quote the key: JSON Schema keys are strings",
                    )
                )
                if not isinstance(key, int) or isinstance(key, bool):
                    continue
                # an HTTP status (`200:`): kept as its text; the error stands unless in an API document (below)
                child = f"{pointer}/{key}"
                positions[child] = pos
                result[str(key)] = _plain(node[key], child, positions, diags, display, budget)
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            positions[child] = pos
            result[str(key)] = _plain(node[key], child, positions, diags, display, budget)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = f"{pointer}/{index}"
            try:
                line, col = node.lc.item(index)
                positions[child] = (line + 1, col + 1)
            except (KeyError, TypeError, IndexError):
                pass
            items.append(_plain(value, child, positions, diags, display, budget))
        return items
    raise TypeError(type(node).__name__)


def _plain_scalar(node: Any, pointer: str, positions: dict[str, Position], diags: list[Diagnostic], display: str) -> Any:
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        if math.isnan(node) or math.isinf(node):
            diags.append(_not_json(f"{node} is not a JSON number", "use a finite number, or quote it as a string",
                                   positions, pointer, display))
            return None
        return float(node)
    if isinstance(node, str):
        return str(node)
    diags.append(_not_json(f"a value of YAML type {type(node).__name__} has no JSON equivalent",
                           "use only mappings, sequences, strings, numbers, booleans and null", positions, pointer, display))
    return None


def _not_json(message: str, hint: str, positions: dict[str, Position], pointer: str, display: str) -> Diagnostic:
    line, col = positions.get(pointer, (1, 1))
    return error("not-json", message, Location(display, line, col, pointer), hint)
