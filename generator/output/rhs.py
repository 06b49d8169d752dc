"""black's split of one too-long logical line, ported for the expressions the bundled templates write.

layout.py lays out the common shapes itself; any other statement (a long annotation, a nested
`SchemaCheck` call, a one-line dict of check definitions, a class header) comes here. This is a
port of black's own line splitting (black 26, `linegen.transform_line` and what it calls:
right_hand_split with omitted trailers and optional parentheses, delimiter_split, the "second
opinion" with forced optional parentheses, magic trailing commas and bracket tracking), over a
token list instead of blib2to3's tree. The tree facts black reads are kept per token (a bracket's
parent: call/subscript trailer or atom; a comma's: argument list or not; unary operators), and
black's invisible parentheses are inserted where black inserts them (the value of an assignment,
an annotation). Anything outside that subset (keywords that delimit — if/else/for/in/not/and/or —,
slices, `*`/`**`, f-strings, comments inside the line) raises Unsure, and the caller falls back.
black stays the reference: tests/test_layout.py compares on every golden, real-world set and
fuzzed schema, and fails on any statement this module does not know.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

COMMA_PRIORITY = 18
DOT_PRIORITY = 1
MATH_PRIORITIES = {"|": 9, "^": 8, "&": 7, "<<": 6, ">>": 6, "+": 5, "-": 5, "*": 4, "/": 4, "//": 4, "%": 4, "@": 4}
OPENING = {"(": ")", "[": "]", "{": "}"}
CLOSING = {")": "(", "]": "[", "}": "{"}
_KEYWORDS_UNSURE = frozenset({"if", "else", "elif", "for", "in", "not", "and", "or", "is", "async", "await", "yield",
                              "return", "def", "import", "from", "with", "as", "while", "del", "assert", "raise",
                              "global", "nonlocal", "try", "except", "finally", "pass", "break", "continue"})
_TOKEN = re.compile(r"""
  (?P<ws>[ ]+)
| (?P<string>[rRbBuUfF]{0,2}(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
| (?P<number>(?:\d[\w]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?[jJ]?)
| (?P<name>[A-Za-z_][A-Za-z0-9_]*)
| (?P<op>\*\*|//|<<|>>|==|!=|<=|>=|->|:=|[-+*/%@&|^~<>=.,:;()\[\]{}])
""", re.X)


class Unsure(Exception):
    """A line outside the subset ported here."""


class CannotSplit(Exception):
    pass


class Leaf:
    __slots__ = ("type", "value", "prefix", "ws", "parent", "opening", "depth", "orphan")

    def __init__(self, type_: str, value: str, ws: str = "", parent: str = "") -> None:
        self.type = type_  # "NAME", "NUMBER", "STRING", or the operator itself ("(" also for an invisible paren)
        self.value = value
        self.ws = ws  # black's whitespace() before it, when not first on its line
        self.prefix = ""
        self.parent = parent  # "trailer"/"atom"/"classdef" for brackets, "arglist" for commas, "factor" for unary ops
        self.opening: Leaf | None = None
        self.depth = 0
        self.orphan = False  # no longer in black's tree: an added comma, or replaced by a second opinion's copy


class Line:
    __slots__ = ("depth", "leaves", "inside", "should_split_rhs", "magic", "bdepth", "match", "delimiters",
                 "invisible", "previous", "lambdas", "literal")

    def __init__(self, depth: int, inside: bool = False) -> None:
        self.depth = depth
        self.leaves: list[Leaf] = []
        self.inside = inside
        self.should_split_rhs = False
        self.magic: Leaf | None = None
        self.bdepth = 0
        self.match: dict[tuple[int, str], Leaf] = {}
        self.delimiters: dict[int, int] = {}
        self.invisible: list[Leaf] = []
        self.previous: Leaf | None = None
        self.lambdas: list[int] = []
        self.literal = False  # the content of a dict or list display that rhs split

    def append(self, leaf: Leaf, preformatted: bool = False, track: bool = False) -> None:
        if self.leaves and not preformatted:
            leaf.prefix += leaf.ws
        if self.inside or not preformatted or track:
            self._mark(leaf)
            if self._magic(leaf):
                self.magic = leaf
        self.leaves.append(leaf)

    def _mark(self, leaf: Leaf) -> None:
        t = leaf.type
        if self.bdepth == 0 and t in CLOSING and (0, t) not in self.match:
            return
        if self.lambdas and self.lambdas[-1] == self.bdepth and t == ":":
            self.bdepth -= 1
            self.lambdas.pop()
        if t in CLOSING:
            self.bdepth -= 1
            leaf.opening = self.match.pop((self.bdepth, t))
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.depth = self.bdepth
        if self.bdepth == 0:
            delim = _split_before(leaf, self.previous)
            if delim and self.previous is not None:
                self.delimiters[id(self.previous)] = delim
            elif t == ",":
                self.delimiters[id(leaf)] = COMMA_PRIORITY
        if t in OPENING:
            self.match[self.bdepth, OPENING[t]] = leaf
            self.bdepth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self.previous = leaf
        if t == "NAME" and leaf.value == "lambda":
            self.bdepth += 1
            self.lambdas.append(self.bdepth)

    def _magic(self, closing: Leaf) -> bool:
        if not (closing.type in CLOSING and self.leaves and self.leaves[-1].type == ","):
            return False
        if closing.type == "}":
            return True
        if closing.type == "]":
            if closing.parent == "trailer" and closing.opening is not None and _one_sequence(closing.opening, closing, self.leaves, "["):
                return False
            return True
        if closing.opening is not None and not _one_sequence(closing.opening, closing, self.leaves, "("):
            return True
        return False

    def max_priority(self, exclude: Leaf | None = None) -> int:
        values = [v for k, v in self.delimiters.items() if exclude is None or k != id(exclude)]
        if not values:
            raise ValueError
        return max(values)

    def count_priority(self, priority: int) -> int:
        return sum(1 for p in self.delimiters.values() if p == priority)

    def __str__(self) -> str:
        if not self.leaves:
            return ""
        first = self.leaves[0]
        return first.prefix + "    " * self.depth + first.value + "".join([leaf.prefix + leaf.value for leaf in self.leaves[1:]])

    def __bool__(self) -> bool:
        return bool(self.leaves)


def _split_before(leaf: Leaf, previous: Leaf | None) -> int:
    t = leaf.type
    if t == "." and (previous is None or previous.type in CLOSING):
        return DOT_PRIORITY
    if t in MATH_PRIORITIES and leaf.parent != "factor":
        return MATH_PRIORITIES[t]
    return 0


def _one_sequence(opening: Leaf, closing: Leaf, leaves: list[Leaf], bracket: str) -> bool:
    if opening.type != bracket:
        return False
    depth = closing.depth + 1
    try:
        index = next(i for i in range(len(leaves) - 1, -1, -1) if leaves[i] is opening)
    except StopIteration:
        return False
    commas = 0
    for leaf in leaves[index + 1:]:
        if leaf is closing:
            break
        if leaf.depth == depth and leaf.type == ",":
            commas += 1
            if leaf.parent == "arglist":
                commas += 1
                break
    return commas < 2


def str_width(text: str) -> int:
    """black's str_width: East Asian wide and full-width characters count two, combining ones none."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
               for c in text)


def _short(line: Line | str, width: int, text: str | None = None) -> bool:
    return str_width(str(line) if text is None else text) <= width


# -- tokens with the tree facts black reads ------------------------------------------------------


def tokenize(code: str) -> list[Leaf]:
    """The leaves of one logical line (no comments, no newlines), with black's whitespace."""
    leaves: list[Leaf] = []
    stack: list[Leaf] = []  # open brackets
    pos = 0
    n = len(code)
    match = _TOKEN.match
    while pos < n:
        m = match(code, pos)
        if m is None:
            raise Unsure
        pos = m.end()
        kind = m.lastgroup
        text = m.group()
        if kind == "ws":
            continue
        prev = leaves[-1] if leaves else None
        operand_before = prev is not None and (prev.type in ("NAME", "NUMBER", "STRING") or prev.type in CLOSING)
        if prev is not None and prev.type == "NAME" and prev.value in ("lambda", "class"):
            operand_before = prev.value == "class"
        if kind == "string":
            if text[0] not in "\"'":
                raise Unsure  # prefixed strings: f-strings are tokenized otherwise by black
            leaf = Leaf("STRING", text)
            if prev is not None and prev.type == "STRING":
                raise Unsure  # implicit concatenation
        elif kind == "number":
            leaf = Leaf("NUMBER", text)
        elif kind == "name":
            if text in _KEYWORDS_UNSURE:
                raise Unsure
            leaf = Leaf("NAME", text)
        else:
            if text in ("**", "->", ":=", ";", "~", "<", ">", "==", "!=", "<=", ">=", "*", "@", "<<", ">>", "//", "/", "%"):
                raise Unsure
            leaf = Leaf(text, text)
            if text in OPENING:
                if text == "(" and len(leaves) == 2 and leaves[0].value == "class":
                    leaf.parent = "classdef"
                elif text != "{" and operand_before:
                    leaf.parent = "trailer"
                else:
                    leaf.parent = "atom"
                stack.append(leaf)
            elif text in CLOSING:
                if not stack or stack[-1].type != CLOSING[text]:
                    raise Unsure
                leaf.parent = stack.pop().parent
            elif text == ",":
                if stack and stack[-1].type == "(" and stack[-1].parent in ("trailer", "classdef"):
                    leaf.parent = "arglist"
            elif text in ("-", "+"):
                if not operand_before:
                    leaf.parent = "factor"
            elif text == ":":
                if stack and stack[-1].type == "[":
                    raise Unsure  # slices: black's complex-subscript spacing
        leaf.ws = _whitespace(leaf, prev, stack)
        leaves.append(leaf)
    if stack:
        raise Unsure
    return leaves


def _whitespace(leaf: Leaf, prev: Leaf | None, stack: list[Leaf]) -> str:
    t = leaf.type
    if prev is None:
        return ""
    if t in CLOSING or t in (",", ":", "."):
        return ""
    if prev.type in OPENING or prev.type == "." or prev.parent == "factor" and prev.type in ("-", "+"):
        return ""
    if t in ("(", "[") and leaf.parent in ("trailer", "classdef"):
        return ""
    in_call = bool(stack) and stack[-1].type == "(" and stack[-1].parent in ("trailer", "classdef")
    if stack and t in OPENING and stack[-1] is leaf:
        in_call = len(stack) > 1 and stack[-2].type == "(" and stack[-2].parent in ("trailer", "classdef")
    if (t == "=" or prev.type == "=") and in_call:
        return ""
    return " "


def statement_line(code: str, depth: int) -> Line:
    """The statement's line as black's LineGenerator makes it: invisible parentheses around an
    assignment's value and an annotation (black's normalize_invisible_parens)."""
    leaves = tokenize(code)
    if not leaves:
        raise Unsure
    first = leaves[0]
    if first.type == "NAME" and first.value in ("type", "match", "case") and len(leaves) > 1 and leaves[1].type == "NAME":
        raise Unsure  # soft keywords starting a statement
    if first.type == "NAME" and first.value in ("class", "lambda"):
        if first.value == "lambda" or leaves[-1].type != ":":
            raise Unsure
        if leaves[-2].type == ")" and leaves[-3].type == "(":
            raise Unsure  # `class A():` loses its parentheses
    else:
        leaves = _wrap_invisible(leaves)
    line = Line(depth)
    for leaf in leaves:
        line.append(leaf)
    return line


def _wrap_invisible(leaves: list[Leaf]) -> list[Leaf]:
    """Invisible parentheses after a depth-0 `=` and, in `x: T = v`, the annotation's `:`."""
    depth = 0
    cuts: list[int] = []  # indexes of the depth-0 `=` / `:` tokens
    for i, leaf in enumerate(leaves):
        if leaf.type in OPENING:
            depth += 1
        elif leaf.type in CLOSING:
            depth -= 1
        elif depth == 0 and leaf.type in ("=", ":"):
            if leaf.type == ":" and (cuts or i != 1):
                raise Unsure
            cuts.append(i)
        elif depth == 0 and leaf.type in ("NAME",) and leaf.value == "lambda":
            raise Unsure
    if len(cuts) > 2 or (len(cuts) == 2 and leaves[cuts[0]].type != ":"):
        raise Unsure
    if not cuts:
        top = {leaf.type for leaf in _top(leaves) if leaf.parent != "factor"}
        if "|" not in top and top & {"+", "-", "^", "&", "<<", ">>"}:
            return _invisible_child(leaves)  # black's visit_simple_stmt: an arithmetic expression statement
        return leaves
    out: list[Leaf] = []
    bounds = cuts + [len(leaves)]
    out.extend(leaves[:cuts[0] + 1])
    for k, cut in enumerate(cuts):
        child = leaves[cut + 1:bounds[k + 1]]
        if not child:
            raise Unsure
        out.extend(_invisible_child(child))
        if k + 1 < len(cuts):
            out.append(leaves[bounds[k + 1]])
    return out


def _invisible_child(child: list[Leaf]) -> list[Leaf]:
    first, last = child[0], child[-1]
    if first.type == "(" and first.parent == "atom" and last.type == ")" and _encloses(child):
        inner = child[1:-1]
        if not inner or any(leaf.type == "," for leaf in _top(inner)):
            return child  # a tuple keeps its parentheses
        raise Unsure  # redundant parentheses black makes invisible: not written by the templates
    lpar = Leaf("(", "", child[0].ws, "atom")
    rpar = Leaf(")", "", "", "atom")
    child[0].ws = ""
    return [lpar, *child, rpar]


def _encloses(leaves: list[Leaf]) -> bool:
    depth = 0
    for i, leaf in enumerate(leaves):
        if leaf.type in OPENING:
            depth += 1
        elif leaf.type in CLOSING:
            depth -= 1
            if depth == 0 and i != len(leaves) - 1:
                return False
    return True


def _top(leaves: list[Leaf]) -> Iterator[Leaf]:
    depth = 0
    for leaf in leaves:
        if leaf.type in CLOSING:
            depth -= 1
        if depth == 0:
            yield leaf
        if leaf.type in OPENING:
            depth += 1


# -- black's transform_line and its splits -------------------------------------------------------


# layout.py's one-scan layout of a bracket's JSON content (content, indentation, width → lines, or
# None): what black does to such a body, without a Line per element and level (set by layout.py)
data_layout: Callable[[str, str, int], list[str] | None] | None = None
_DATA_TYPES = frozenset({"STRING", "NUMBER", "{", "}", "[", "]", ":", ",", "-"})
_DATA_NAMES = frozenset({"True", "False", "None"})


def _data_lines(line: Line, width: int) -> list[str] | None:
    if data_layout is None or line.magic is not None or not line.leaves or line.leaves[-1].type == ",":
        return None
    for leaf in line.leaves:
        t = leaf.type
        if t == "NAME":
            if leaf.value not in _DATA_NAMES:
                return None
        elif t not in _DATA_TYPES or (t in "[]" and leaf.parent != "atom") or (t == "-" and leaf.parent != "factor"):
            return None
    return data_layout(str(line).lstrip(" "), "    " * line.depth, width)


def transform_line(line: Line, width: int, force: bool = False) -> Iterator[Line | str]:
    if line.literal:
        lines = _data_lines(line, width)
        if lines is not None:
            yield from lines
            return
    line_str = str(line)
    if not line.should_split_rhs and not line.magic and _short(line, width, line_str):
        yield line
        return
    transformers = [_delimiter_split, _rhs] if line.inside else [_rhs]
    for transform in transformers:
        try:
            result = _run(line, transform, width, force, line_str)
        except CannotSplit:
            continue
        yield from result
        return
    yield line


def _run(line: Line, transform: object, width: int, force: bool, line_str: str) -> list[Line | str]:
    optional = [b for b in line.invisible if b.depth == 0]
    result: list[Line | str] = []
    for transformed in transform(line, width, force):  # type: ignore[operator]
        if str(transformed) == line_str:
            raise CannotSplit("unchanged")
        result.extend(transform_line(transformed, width, force))
    if (force or transform is not _rhs or not line.invisible or any(b.value for b in optional)
            or _short(result[0], width) or any(leaf.orphan for leaf in line.leaves)):
        return result
    copy = Line(line.depth, line.inside)
    for old in line.leaves:
        new = Leaf(old.type, old.value, old.ws, old.parent)
        old.orphan = True
        copy.append(new)
    second = _run(copy, transform, width, True, line_str)
    if all(_short(ln, width) for ln in second):
        result = second
    return result


def _delimiter_split(line: Line, width: int, force: bool) -> Iterator[Line]:
    if not line.leaves:
        raise CannotSplit
    last = line.leaves[-1]
    try:
        priority = line.max_priority(exclude=last)
    except ValueError:
        raise CannotSplit from None
    if priority == DOT_PRIORITY and line.count_priority(priority) == 1:
        raise CannotSplit
    current = Line(line.depth, line.inside)
    for leaf in line.leaves:
        current.append(leaf, preformatted=True)
        if line.delimiters.get(id(leaf)) == priority:
            current.leaves[0].prefix = ""
            yield current
            current = Line(line.depth, line.inside)
    if current:
        if priority == COMMA_PRIORITY and current.leaves[-1].type != ",":
            comma = Leaf(",", ",")
            comma.orphan = True
            current.append(comma)
        current.leaves[0].prefix = ""
        yield current


def _rhs(line: Line, width: int, force: bool) -> Iterator[Line]:
    """black's right_hand_split_with_omits."""
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = length
        length += len(leaf.prefix) + len(leaf.value)
    first_lines: list[Line] | None = None
    for omit in _trailers_to_omit(line, width):
        if omit:
            target = None
            for leaf in reversed(line.leaves):
                if leaf.type in CLOSING and id(leaf) not in omit:
                    target = leaf.opening
                    break
            if target is not None and target.value and prefix_lengths.get(id(target), 0) > width:
                continue
        lines = list(_right_hand_split(line, width, force, omit))
        if first_lines is None and not omit:
            first_lines = lines
        if _short(lines[0], width):
            yield from lines
            return
    if first_lines is not None:
        yield from first_lines
    else:
        yield from _right_hand_split(line, width, force, ())


def _trailers_to_omit(line: Line, width: int) -> Iterator[set[int]]:
    omit: set[int] = set()
    if not line.magic:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    leaves = line.leaves
    for index in range(len(leaves) - 1, -1, -1):
        leaf = leaves[index]
        length += len(leaf.prefix) + len(leaf.value)
        if length > width:
            break
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.type in CLOSING:
                prev = leaves[index - 1] if index > 0 else None
                if prev is not None and prev.type == "," and leaf.opening is not None and not _one_sequence(
                        leaf.opening, leaf, leaves, "("):
                    break
                inner.add(id(leaf))
        elif leaf.type in CLOSING:
            prev = leaves[index - 1] if index > 0 else None
            if prev is not None and prev.type in OPENING:
                inner.add(id(leaf))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield omit
            if prev is not None and prev.type == "," and leaf.opening is not None and not _one_sequence(
                    leaf.opening, leaf, leaves, "("):
                break
            if leaf.value:
                opening = leaf.opening
                closing = leaf


class _RHS:
    __slots__ = ("head", "body", "tail", "opening", "closing")

    def __init__(self, head: Line, body: Line, tail: Line, opening: Leaf, closing: Leaf) -> None:
        self.head, self.body, self.tail, self.opening, self.closing = head, body, tail, opening, closing


def _right_hand_split(line: Line, width: int, force: bool, omit: object) -> Iterator[Line]:
    rhs = _first_rhs(line, omit)  # type: ignore[arg-type]
    yield from _maybe_omit_optional(rhs, line, width, force, omit)  # type: ignore[arg-type]


def _first_rhs(line: Line, omit: set[int] | tuple[()] = ()) -> _RHS:
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.type in CLOSING and id(leaf) not in omit:
            opening = leaf.opening
            closing = leaf
            current = body
    if not (opening and closing and head):
        raise CannotSplit("No brackets found")
    tail.reverse()
    body.reverse()
    head.reverse()
    head_line = _build(head, line, opening, "head")
    body_line = _build(body, line, opening, "body")
    tail_line = _build(tail, line, opening, "tail")
    if not body_line:
        tail_len = len(str(tail_line).strip())
        if tail_len == 0 or tail_len < 3:
            raise CannotSplit
    return _RHS(head_line, body_line, tail_line, opening, closing)


def _build(leaves: list[Leaf], original: Line, opening: Leaf, component: str) -> Line:
    result = Line(original.depth)
    if component == "body":
        result.inside = True
        result.depth += 1
    track: set[int] = _inside_matching(leaves) if component == "head" else set()
    for leaf in leaves:
        result.append(leaf, preformatted=True, track=id(leaf) in track)
    if component == "body" and _should_split(result, opening):
        result.should_split_rhs = True
    if component == "body" and opening.value in ("{", "[") and opening.parent == "atom":
        result.literal = True
    return result


def _inside_matching(leaves: list[Leaf]) -> set[int]:
    start = next((i for i, leaf in enumerate(leaves) if leaf.type in OPENING), None)
    if start is None:
        return set()
    ids: set[int] = set()
    stack: list[tuple[str, list[int]]] = []
    for leaf in leaves[start:]:
        if leaf.type in OPENING:
            stack.append((OPENING[leaf.type], [id(leaf)]))
        elif leaf.type in CLOSING:
            if stack and leaf.type == stack[-1][0]:
                _, level = stack.pop()
                level.append(id(leaf))
                ids.update(level)
            else:
                break
        elif stack:
            stack[-1][1].append(id(leaf))
    return ids


def _should_split(line: Line, opening: Leaf) -> bool:
    if not (opening.parent and opening.value in "[{("):
        return False
    trailing = False
    exclude = None
    if line.leaves and line.leaves[-1].type == ",":
        trailing = True
        exclude = line.leaves[-1]
    try:
        priority = line.max_priority(exclude)
    except ValueError:
        return False
    return priority == COMMA_PRIORITY and (trailing or opening.parent == "atom")


def _maybe_omit_optional(rhs: _RHS, line: Line, width: int, force: bool, omit: set[int] | tuple[()]) -> Iterator[Line]:
    if (not force and rhs.opening.type == "(" and not rhs.opening.value and rhs.closing.type == ")"
            and not rhs.closing.value and _can_omit_invisible(rhs, width)):
        omit = {id(rhs.closing), *omit}
        try:
            oop = _first_rhs(line, omit)
            if _prefer_oop(oop, rhs, width):
                yield from _maybe_omit_optional(oop, line, width, force, omit)
                return
        except CannotSplit as e:
            if sum(1 for leaf in line.leaves if leaf.type == "=") > 1:
                pass
            elif not _can_be_split(rhs.body) and not _short(rhs.body, width):
                raise CannotSplit("body still too long") from e
    rhs.opening.value = rhs.opening.value or "("
    rhs.closing.value = rhs.closing.value or ")"
    for result in (rhs.head, rhs.body, rhs.tail):
        if result:
            yield result


def _prefer_oop(oop: _RHS, rhs: _RHS, width: int) -> bool:
    head = rhs.head.leaves
    if not (len(head) >= 2 and head[-2].type == "="):
        return True
    if not any(leaf.type in OPENING or leaf.type in CLOSING for leaf in head[:-1]):
        return True
    if not _short(rhs.head, width - 1):
        return True
    if rhs.head.magic is not None:
        return True
    rhs_equals = sum(1 for leaf in head if leaf.type == "=")
    oop_equals = sum(1 for leaf in oop.head.leaves if leaf.type == "=")
    if rhs_equals > 1 and rhs_equals > oop_equals:
        return False
    closing_after_assign = False
    for leaf in reversed(oop.head.leaves):
        if leaf.type == "=":
            break
        if leaf.type in CLOSING:
            closing_after_assign = True
            break
    return closing_after_assign or (oop_equals > 0 and _short(oop.head, width))


def _can_be_split(line: Line) -> bool:
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].type == "STRING" and leaves[1].type == ".":
        raise Unsure
    return True


def _can_omit_invisible(rhs: _RHS, width: int) -> bool:
    line = rhs.body
    if not line.delimiters:
        return True
    priority = line.max_priority()
    count = line.count_priority(priority)
    if count > 1:
        return False
    if priority == DOT_PRIORITY:
        return True
    first, second = line.leaves[0], line.leaves[1]
    if first.type in OPENING and second.type not in CLOSING:
        if _can_omit_opening(line, first, width):
            return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if last.type in (")", "}") or (last.type == "]" and last.parent != "trailer"):
        if penultimate.type in OPENING:
            return False
        if _can_omit_closing(line, last, width):
            return True
    return False


def _can_omit_opening(line: Line, first: Leaf, width: int) -> bool:
    remainder = False
    length = 4 * line.depth
    index = -1
    for index, leaf in enumerate(line.leaves):
        if leaf.type in CLOSING and leaf.opening is first:
            remainder = True
        if remainder:
            length += len(leaf.prefix) + len(leaf.value)
            if length > width:
                break
            if leaf.type in OPENING:
                remainder = False
    else:
        if len(line.leaves) == index + 1:
            return True
    return False


def _can_omit_closing(line: Line, last: Leaf, width: int) -> bool:
    length = 4 * line.depth
    seen_other = False
    for leaf in line.leaves:
        length += len(leaf.prefix) + len(leaf.value)
        if leaf is last.opening:
            if seen_other or length <= width:
                return True
        elif leaf.type in OPENING:
            seen_other = True
    return False


def split(code: str, indent: int, width: int) -> list[str]:
    """black's lines for one logical line `code` (quotes already normalised) at `indent` spaces."""
    if indent % 4:
        raise Unsure
    line = statement_line(code, indent // 4)
    return [str(result) for result in transform_line(line, width)]
