"""The YAML reader's rules for plain scalars: YAML 1.2's core schema, exactly, and nothing else.

ruamel's "1.2" resolver still reads some YAML 1.1 forms as numbers (`1_000` → 1000, `._1` → 0.1,
`0b1` → 1, `0x_1` → 1, `-0x1` → -1) and raises a bare ValueError on others (`._`): the core schema
(YAML 1.2.2, 10.3.2 "Tag Resolution") reads every one of them as a string. Here each plain scalar
is resolved by the core schema's own regular expressions, and the constructors of its tags parse
exactly what those expressions accept, so an explicit tag that does not fit (`!!int x`) is a
located error rather than an exception. A `%YAML` directive naming another version than 1.2 is
refused: under 1.1, `yes`, `0755` and `1_000` would mean other values than this reader gives them.

`read_documents` wraps the reader: any exception it raises (the scanner's, a constructor's, one
no YAML input was expected to cause) comes back as a `YamlProblem` with the line and column the
reader was at, so a YAML file never ends a run with a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

# The core schema's resolution, table 10.3.2 of YAML 1.2.2 (anything else plain is a string).
NULL = re.compile(r"(?:null|Null|NULL|~|)\Z")
BOOL_TRUE = re.compile(r"(?:true|True|TRUE)\Z")
BOOL_FALSE = re.compile(r"(?:false|False|FALSE)\Z")
INT_10 = re.compile(r"[-+]?[0-9]+\Z")
INT_8 = re.compile(r"0o[0-7]+\Z")
INT_16 = re.compile(r"0x[0-9a-fA-F]+\Z")
FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
INFINITY = re.compile(r"[-+]?(?:\.inf|\.Inf|\.INF)\Z")
NAN = re.compile(r"(?:\.nan|\.NaN|\.NAN)\Z")

_TAG = "tag:yaml.org,2002:"


def core_tag(value: str) -> str:
    """The tag suffix (`null`, `bool`, `int`, `float`, `str`) the core schema gives a plain scalar."""
    if NULL.match(value):
        return "null"
    if BOOL_TRUE.match(value) or BOOL_FALSE.match(value):
        return "bool"
    if INT_10.match(value) or INT_8.match(value) or INT_16.match(value):
        return "int"
    if FLOAT.match(value) or INFINITY.match(value) or NAN.match(value):
        return "float"
    return "str"


def core_value(tag: str, text: str) -> Any:
    """The value of a scalar of a core tag; ValueError when the text is not of that tag's forms."""
    if tag == "null" and NULL.match(text):
        return None
    if tag == "bool" and (BOOL_TRUE.match(text) or BOOL_FALSE.match(text)):
        return bool(BOOL_TRUE.match(text))
    if tag == "int":
        if INT_10.match(text):
            return int(text, 10)
        if INT_8.match(text):
            return int(text[2:], 8)
        if INT_16.match(text):
            return int(text[2:], 16)
    if tag == "float":
        if FLOAT.match(text):  # the decimal integers too: `!!float 1` is 1.0
            return float(text)
        if INFINITY.match(text):
            return float("-inf") if text.startswith("-") else float("inf")
        if NAN.match(text):
            return float("nan")
    shown = text if len(text) <= 40 else text[:40] + "…"
    raise ValueError(f"{shown!r} is not a YAML 1.2 core-schema {tag}")


class YamlProblem(Exception):
    """Anything the reader could not read, with the 1-based (line, column) it was at."""

    def __init__(self, message: str, where: tuple[int, int]) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def core_classes(constructor: type, parser: type, resolver: type) -> tuple[type, type, type]:
    """Subclasses of ruamel's round-trip constructor, parser and resolver that read the core schema."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.parser import ParserError
    from ruamel.yaml.tokens import DirectiveToken
    from ruamel.yaml.constructor import ConstructorError

    class CoreResolver(resolver):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0] and value != "<<":  # `<<` stays a merge key
                from ruamel.yaml.tag import Tag

                return Tag(suffix=_TAG + core_tag(value))
            return super().resolve(kind, value, implicit)

    def scalar(tag: str) -> Callable[[Any, Any], Any]:
        def construct(self: Any, node: Any) -> Any:
            text = self.construct_scalar(node)
            if tag == "str":
                return str(text)
            try:
                return core_value(tag, str(text))
            except ValueError as exc:
                raise ConstructorError(None, None, str(exc), node.start_mark) from None

        return construct

    def located(generator: Iterator[Any], node: Any) -> Iterator[Any]:
        try:
            yield from generator
        except YAMLError:
            raise
        except Exception as exc:
            raise ConstructorError(None, None, f"cannot read this value: {exc}", node.start_mark) from exc

    class CoreConstructor(constructor):  # type: ignore[misc]
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            if node in self.recursive_objects and node not in self.constructed_objects:
                # ruamel gives None for an alias inside the value it names (`&a [*a]`)
                raise ConstructorError(None, None, "a YAML alias here is inside the value it names: the value "
                                       "would be infinite", node.start_mark)
            return super().construct_object(node, deep)

        def construct_non_recursive_object(self, node: Any, tag: Any = None) -> Any:
            pending = len(self.state_generators)
            try:
                data = super().construct_non_recursive_object(node, tag)
            except (YAMLError, RecursionError):
                raise
            except Exception as exc:  # any other: a located reader error, never a traceback
                raise ConstructorError(None, None, f"cannot read this value: {exc}", node.start_mark) from exc
            self.state_generators[pending:] = [located(g, node) for g in self.state_generators[pending:]]
            return data

    for suffix in ("null", "bool", "int", "float", "str"):
        CoreConstructor.add_constructor(_TAG + suffix, scalar(suffix))
    CoreConstructor.add_constructor(_TAG + "timestamp", scalar("str"))  # JSON has no date: the text it was

    class CoreParser(parser):  # type: ignore[misc]
        def process_directives(self) -> Any:
            first = self.scanner.peek_token() if self.scanner.check_token(DirectiveToken) else None
            value = super().process_directives()
            version = value[0]
            if version is not None and tuple(version) != (1, 2):
                mark = first.start_mark if first is not None else None
                raise ParserError(None, None, f"this file declares YAML {version[0]}.{version[1]}; schemagen reads "
                                  "YAML 1.2 (core schema) only, where `yes`, `0755` and `1_000` are other values than "
                                  "in 1.1", mark)
            return value

    return CoreConstructor, CoreParser, CoreResolver


def read_documents(yaml: Any, text: str, passthrough: tuple[type[BaseException], ...] = ()) -> list[Any]:
    """Every document of `text`, read by `yaml` (a ruamel YAML set up with core_classes); any
    exception it raises becomes a YamlProblem at the position the reader was at, except a
    MarkedYAMLError (it knows its own position), a RecursionError and the `passthrough` ones,
    which the caller reports itself."""
    from ruamel.yaml.docinfo import DocInfo
    from ruamel.yaml.error import MarkedYAMLError

    yaml.version, yaml.tags = None, {}  # a `%YAML` directive sets the version on the shared reader
    yaml.doc_infos = [DocInfo(requested_version=None)]  # what YAML.load_all keeps per document
    constructor, parser = yaml.get_constructor_parser(text)
    try:
        documents = []
        while constructor.check_data():
            documents.append(constructor.get_data())
            yaml.doc_infos.append(DocInfo(requested_version=None))
        return documents
    except (MarkedYAMLError, RecursionError):
        raise
    except passthrough:
        raise
    except Exception as exc:
        try:
            mark = yaml.reader.get_mark()
            where = (mark.line + 1, mark.column + 1)
        except Exception:
            where = (1, 1)
        raise YamlProblem(f"cannot read this YAML: {type(exc).__name__}: {exc}", where) from exc
    finally:
        parser.dispose()
        for part in ("reader", "scanner"):
            try:
                getattr(getattr(yaml, "_" + part), f"reset_{part}")()
            except AttributeError:
                pass
