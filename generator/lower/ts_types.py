"""A small parser for TypeScript type expressions (`x-typescript-type`), printing a canonical form.

An override is schema text written into a `.ts` file, and tsc emits JavaScript even from a file
with syntax errors, so "looks like a type" is not enough: the text is tokenized and parsed by a
grammar of type expressions, and what is written is the parse printed back (never the input).
Anything outside the grammar (`=`, `;`, `{`, comments, backticks, template literals, newlines,
reserved words as names) is refused. Function types are parenthesised wherever they would
otherwise swallow what follows (`(() => void) | null`), including at the top level, because the
generator puts an override inside unions and arrays of its own.

Grammar (precedence from loose to tight):
    type     := function | union
    function := '(' [param (',' param)* [',']] ')' '=>' type
    param    := ['...'] name ['?'] ':' type
    union    := ['|'] inter ('|' inter)*
    inter    := ['&'] operator ('&' operator)*
    operator := ('keyof' | 'readonly') operator | 'typeof' qualified | postfix
    postfix  := primary ('[' ']' | '[' type ']')*
    primary  := '(' type ')' | '[' [elem (',' elem)* [',']] ']' | literal | qualified ['<' type (',' type)* '>']
    elem     := ['...'] type ['?']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Callable, Union

from schemagen.naming import JS_RESERVED

MAX_LENGTH = 2000
MAX_DEPTH = 40

_VALUE_WORDS = {"null", "true", "false", "void", "this", "undefined"}  # reserved, yet types in their own right
_OPERATORS = {"keyof", "readonly", "typeof"}

_TOKEN = re.compile(
    r"""(?P<space>[ ]+)
      | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
      | (?P<number>[0-9]+(?:\.[0-9]+)?)
      | (?P<string>"[ !#-&(-\[\]-_a-~]*"|'[ !#-&(-\[\]-_a-~]*')
      | (?P<punct>=>|\.\.\.|[|&<>\[\](),.?:-])""",
    re.VERBOSE,
)


class TsTypeError(ValueError):
    pass


@dataclass(frozen=True)
class _Atom:
    text: str  # a name, a qualified name, a literal


@dataclass(frozen=True)
class _Generic:
    name: str
    args: tuple["Node", ...]


@dataclass(frozen=True)
class _Array:
    item: "Node"


@dataclass(frozen=True)
class _Index:
    base: "Node"
    index: "Node"


@dataclass(frozen=True)
class _Tuple:
    elems: tuple[tuple[bool, "Node", bool], ...]  # (rest, type, optional)


@dataclass(frozen=True)
class _Prefix:
    op: str
    operand: "Node"


@dataclass(frozen=True)
class _Join:
    op: str  # "|" or "&"
    members: tuple["Node", ...]


@dataclass(frozen=True)
class _Function:
    params: tuple[tuple[bool, str, bool, "Node"], ...]  # (rest, name, optional, type)
    result: "Node"


Node = Union[_Atom, _Generic, _Array, _Index, _Tuple, _Prefix, _Join, _Function]


def tokenize(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_LENGTH:
        raise TsTypeError(f"longer than {MAX_LENGTH} characters")
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise TsTypeError(f"{text[pos]!r} at offset {pos} has no place in a type expression")
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append((kind, match.group()))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.tokens[i][1] if i < len(self.tokens) else ""

    def kind(self) -> str:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        if self.pos >= len(self.tokens):
            raise TsTypeError("the expression ends too early" + (f" (expected {expected!r})" if expected else ""))
        text = self.tokens[self.pos][1]
        if expected is not None and text != expected:
            raise TsTypeError(f"expected {expected!r}, found {text!r}")
        self.pos += 1
        return text

    def type(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TsTypeError(f"nested deeper than {MAX_DEPTH}")
        try:
            return self.join("|", self.inter)
        finally:
            self.depth -= 1

    def function(self) -> Node:
        self.take("(")
        params: list[tuple[bool, str, bool, Node]] = []
        while self.peek() != ")":
            rest = self.peek() == "..."
            if rest:
                self.take()
            name = self.name(for_value=True)
            optional = self.peek() == "?"
            if optional:
                self.take()
            self.take(":")
            params.append((rest, name, optional, self.type()))
            if self.peek() != ")":
                self.take(",")
        self.take(")")
        self.take("=>")
        return _Function(tuple(params), self.type())

    def join(self, op: str, parse: Callable[[], Node]) -> Node:
        if self.peek() == op:
            self.take()
        members = [parse()]
        while self.peek() == op:
            self.take()
            members.append(parse())
        return members[0] if len(members) == 1 else _Join(op, tuple(members))

    def inter(self) -> Node:
        return self.join("&", self.operator)

    def operator(self) -> Node:
        word = self.peek()
        if word in ("keyof", "readonly") and self.kind() == "name" and self.peek(1) not in ("", "|", "&", ",", ">", ")", "]", "[", "?"):
            self.take()
            operand = self.operator()
            if word == "readonly" and not isinstance(operand, (_Array, _Tuple)):
                raise TsTypeError("'readonly' applies only to an array or tuple type (TS1354), e.g. 'readonly string[]'")
            return _Prefix(word, operand)
        if word == "typeof" and self.kind() == "name":
            self.take()
            return _Prefix("typeof", _Atom(self.qualified(for_value=True)))
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while self.peek() == "[":
            self.take()
            if self.peek() == "]":
                self.take()
                node = _Array(node)
            else:
                node = _Index(node, self.type())
                self.take("]")
        return node

    def primary(self) -> Node:
        token, kind = self.peek(), self.kind()
        if token == "(":
            saved = self.pos
            try:
                return self.function()  # `A | () => void`: TypeScript reads a function type here too
            except TsTypeError:
                self.pos = saved
            self.take()
            inner = self.type()
            self.take(")")
            return inner
        if token == "[":
            self.take()
            elems: list[tuple[bool, Node, bool]] = []
            while self.peek() != "]":
                rest = self.peek() == "..."
                if rest:
                    self.take()
                item = self.type()
                optional = self.peek() == "?"
                if optional:
                    self.take()
                elems.append((rest, item, optional))
                if self.peek() != "]":
                    self.take(",")
            self.take("]")
            return _Tuple(tuple(elems))
        if kind == "string":
            text = self.take()
            return _Atom('"' + text[1:-1] + '"')
        if kind == "number" or (token == "-" and self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1][0] == "number"):
            sign = self.take() if token == "-" else ""
            return _Atom(sign + self.take())
        if kind == "name":
            if token in _VALUE_WORDS:
                self.take()
                return _Atom(token)
            name = self.qualified(for_value=False)
            if self.peek() == "<":
                self.take()
                args = [self.type()]
                while self.peek() == ",":
                    self.take()
                    args.append(self.type())
                self.take(">")
                return _Generic(name, tuple(args))
            return _Atom(name)
        raise TsTypeError(f"unexpected {token!r}" if token else "the expression ends too early")

    def qualified(self, for_value: bool) -> str:
        parts = [self.name(for_value)]
        while self.peek() == "." and self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1][0] == "name":
            self.take()
            parts.append(self.take())  # a member name may be any identifier name
        return ".".join(parts)

    def name(self, for_value: bool) -> str:
        if self.kind() != "name":
            raise TsTypeError(f"expected a name, found {self.peek()!r}" if self.peek() else "expected a name")
        word = self.take()
        if word in JS_RESERVED or (not for_value and word in _OPERATORS):
            raise TsTypeError(f"{word!r} is a reserved word, not a type name")
        return word


_LEVEL = {"function": 0, "|": 1, "&": 2, "prefix": 3, "postfix": 4, "primary": 5}


def _level(node: Node) -> int:
    if isinstance(node, _Function):
        return 0
    if isinstance(node, _Join):
        return _LEVEL[node.op]
    if isinstance(node, _Prefix):
        return 3
    if isinstance(node, (_Array, _Index)):
        return 4
    return 5


def _print(node: Node, need: int = 0) -> str:
    text = _print_bare(node)
    return f"({text})" if _level(node) < need else text


def _print_bare(node: Node) -> str:
    if isinstance(node, _Atom):
        return node.text
    if isinstance(node, _Generic):
        return f"{node.name}<{', '.join(_print(a) for a in node.args)}>"
    if isinstance(node, _Array):
        return _print(node.item, 5) + "[]"
    if isinstance(node, _Index):
        return f"{_print(node.base, 4)}[{_print(node.index)}]"
    if isinstance(node, _Tuple):
        return "[" + ", ".join(("..." if r else "") + _print(t, 1 if not o else 4) + ("?" if o else "")
                               for r, t, o in node.elems) + "]"
    if isinstance(node, _Prefix):
        return f"{node.op} {_print(node.operand, 3)}"
    if isinstance(node, _Join):
        need = 2 if node.op == "|" else 3
        return f" {node.op} ".join(_print(m, need) for m in node.members)
    params = ", ".join(("..." if r else "") + n + ("?" if o else "") + ": " + _print(t) for r, n, o, t in node.params)
    return f"({params}) => {_print(node.result)}"


def canonical_ts_type(text: str) -> str:
    """The override as it will be written: parsed and printed back, with a function type in
    parentheses (the generator may put it in a union or an array). Raises TsTypeError."""
    if not isinstance(text, str) or not text.strip():
        raise TsTypeError("empty")
    parser = _Parser(tokenize(text))
    node = parser.type()
    if parser.pos != len(parser.tokens):
        raise TsTypeError(f"unexpected {parser.peek()!r} after a complete type")
    return _print(node, 1)


def referenced_names(text: str) -> list[tuple[str, int]]:
    """The type names an expression refers to, each with how many type arguments it is given
    (0 for a bare name), in order. Literals, `null`/`void`/... and function parameter names are
    not references; `typeof x` refers to the value `x` (reported as `typeof x`, 0). `A.B` is
    reported by its root `A`. Raises TsTypeError as canonical_ts_type does."""
    parser = _Parser(tokenize(text))
    node = parser.type()
    found: list[tuple[str, int]] = []

    def visit(n: Node) -> None:
        if isinstance(n, _Atom):
            if n.text[:1].isalpha() or n.text[:1] in "_$":
                if n.text not in _VALUE_WORDS:
                    found.append((n.text.split(".")[0], 0))
        elif isinstance(n, _Generic):
            found.append((n.name.split(".")[0], len(n.args)))
            for a in n.args:
                visit(a)
        elif isinstance(n, _Array):
            visit(n.item)
        elif isinstance(n, _Index):
            visit(n.base)
            visit(n.index)
        elif isinstance(n, _Tuple):
            for _rest, t, _opt in n.elems:
                visit(t)
        elif isinstance(n, _Prefix):
            if n.op == "typeof" and isinstance(n.operand, _Atom):
                found.append(("typeof " + n.operand.text.split(".")[0], 0))
            else:
                visit(n.operand)
        elif isinstance(n, _Join):
            for m in n.members:
                visit(m)
        else:
            for _rest, _name, _opt, t in n.params:
                visit(t)
            visit(n.result)

    visit(node)
    return found


def parse_type(text: str) -> Node:
    """The parsed expression (raises TsTypeError as canonical_ts_type does)."""
    parser = _Parser(tokenize(text))
    node = parser.type()
    if parser.pos != len(parser.tokens):
        raise TsTypeError(f"unexpected {parser.peek()!r} after a complete type")
    return node


def walk(node: Node) -> Iterator[Node]:
    """The node and every node inside it, outermost first."""
    yield node
    if isinstance(node, _Generic):
        children: tuple[Node, ...] = node.args
    elif isinstance(node, _Array):
        children = (node.item,)
    elif isinstance(node, _Index):
        children = (node.base, node.index)
    elif isinstance(node, _Tuple):
        children = tuple(t for _, t, _ in node.elems)
    elif isinstance(node, _Prefix):
        children = (node.operand,)
    elif isinstance(node, _Join):
        children = node.members
    elif isinstance(node, _Function):
        children = tuple(t for _, _, _, t in node.params) + (node.result,)
    else:
        children = ()
    for child in children:
        yield from walk(child)
