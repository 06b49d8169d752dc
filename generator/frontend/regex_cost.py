"""How long a string a pattern that must backtrack may be checked on.

A pattern with no linear-time equivalent (lookaround, backreferences, `\\B`: see `ecma_regex`)
runs on a backtracking engine, whose time a hostile string can make exponential. The rule: such a
pattern is only ever run on strings it can check in at most `STEPS_PER_CHARACTER` steps per
character (`SHORT` characters' worth for a shorter one); a longer string fails validation
(before the engine sees it). So validating a document
costs at most that many steps per character of its strings, whatever the patterns.

The steps are bounded from the pattern's structure, as a backtracking engine explores it: for each
node, `m` is how many ways it can match at one position (what the rest of the pattern is retried
with) and `w` the work of trying them all, for a string of `n` characters:

* a character or class: m = 1, w = 1; an assertion (`^`, `$`, `\\b`, `\\B`): m = 1, w = 1
* a sequence x y: m = m(x) m(y), w = w(x) + m(x) w(y)
* alternatives: m = the sum, w = the sum; when every alternative starts with a character and no
  two can start with the same one, at most one matches: m = the largest, w = the largest + the
  count of the others (each fails on its first character)
* a quantifier x{lo,hi}, k = min(hi, n + 1) iterations (each but the last consumes a character):
  m = 1 + m(x) + ... + m(x)^k, w = w(x) (1 + m(x) + ... + m(x)^(k-1))
* a lookaround (atomic in ECMA-262): m = 1, w = w(body) + 1; a backreference: m = 1, w = n + 1
* the whole search: w at each of the n + 1 start positions (one, plus a failed `^` at each other,
  when every alternative starts with `^`)

That over-estimates (it assumes each way is tried to the end), never under-estimates. The bound
is the largest n whose steps stay within `STEPS_PER_CHARACTER` max(n + 1, SHORT): none when that holds for
any length (the cost is linear), tiny for `(a|a)*`, whose ways double with each character."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from schemagen.frontend.ecma_regex import Unsupported, _Parser

STEPS_PER_CHARACTER = 1000
SHORT = 64  # a string shorter than this gets the budget of one of this length
_UNBOUNDED_LENGTH = 10**9  # a pattern within budget at this length is linear: no bound at all
_MAX = 0x10FFFF

Ranges = tuple[tuple[int, int], ...]
ALL: Ranges = ((0, _MAX),)


def _union(*sets: Ranges) -> Ranges:
    spans = sorted(r for s in sets for r in s)
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _complement(s: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in _union(s):
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= _MAX:
        out.append((start, _MAX))
    return tuple(out)


def _overlap(a: Ranges, b: Ranges) -> bool:
    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in a for lo2, hi2 in b)


def _chars(text: str) -> Ranges:
    return _union(*(((ord(c), ord(c)),) for c in text))


DIGIT: Ranges = ((48, 57),)
WORD: Ranges = _union(DIGIT, ((65, 90), (97, 122), (95, 95)))
SPACE: Ranges = _union(_chars("\t\n\v\f\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"), ((0x2000, 0x200A),))
LINE_TERMINATORS: Ranges = _chars("\n\r\u2028\u2029")
_CLASSES = {"d": DIGIT, "w": WORD, "s": SPACE}


@dataclass(frozen=True)
class Char:
    ranges: Ranges


@dataclass(frozen=True)
class Assert:  # ^ $ \b \B: consumes nothing
    kind: str = ""  # "^", "$" or "" (a word boundary)


@dataclass(frozen=True)
class Look:
    body: Node


@dataclass(frozen=True)
class Backref:
    pass


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alt:
    branches: tuple[Node, ...]


@dataclass(frozen=True)
class Repeat:
    body: Node
    low: int
    high: int | None  # None: unbounded


Node = Char | Assert | Look | Backref | Seq | Alt | Repeat


class _TreeParser(_Parser):
    """The pattern as a tree (the whole ECMA-262 syntax `regress` accepts in Unicode mode)."""

    def disjunction_tree(self) -> Node:
        branches = [self.alternative_tree()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.alternative_tree())
        return branches[0] if len(branches) == 1 else Alt(tuple(branches))

    def alternative_tree(self) -> Node:
        items: list[Node] = []
        while self.peek() not in ("", "|", ")"):
            atom, quantifiable = self.term_tree()
            if quantifiable and self.peek() in ("*", "+", "?", "{"):
                atom = self.repeat(atom)
            items.append(atom)
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def repeat(self, atom: Node) -> Node:
        low, high = self.quantifier()
        return Repeat(atom, low, high)

    def term_tree(self) -> tuple[Node, bool]:
        ch = self.take()
        if ch in "^$":
            return Assert(ch), False
        if ch == ".":
            return Char(_complement(LINE_TERMINATORS)), True
        if ch == "(":
            look = False
            if self.p.startswith("?:", self.i):
                self.i += 2
            elif self.p.startswith(("?=", "?!"), self.i):
                self.i += 2
                look = True
            elif self.p.startswith(("?<=", "?<!"), self.i):
                self.i += 3
                look = True
            elif self.p.startswith("?<", self.i):
                j = self.p.find(">", self.i)
                if j < 0:
                    raise Unsupported("unclosed group name")
                self.i = j + 1
            elif self.peek() == "?":
                raise Unsupported("a modifier group")
            body = self.disjunction_tree()
            if self.take() != ")":
                raise Unsupported("unclosed group")
            # ECMA-262 (Annex B aside, off in Unicode mode) quantifies no lookaround
            return (Look(body), False) if look else (body, True)
        if ch == "[":
            return Char(self.class_ranges()), True
        if ch == "\\":
            return self.escape_tree()
        return Char(((ord(ch), ord(ch)),)), True

    def escape_tree(self) -> tuple[Node, bool]:
        ch = self.peek()
        if ch in ("b", "B"):
            self.i += 1
            return Assert(), False
        if ch == "k" or ch.isdigit() and ch != "0":
            self.i += 1
            if ch == "k":
                j = self.p.find(">", self.i)
                if j < 0:
                    raise Unsupported("group name")
                self.i = j + 1
            else:
                while self.peek().isdigit():
                    self.i += 1
            return Backref(), True
        if ch.lower() in _CLASSES:
            self.i += 1
            ranges = _CLASSES[ch.lower()]
            return Char(_complement(ranges) if ch.isupper() else ranges), True
        if ch in ("p", "P"):
            self.property()
            return Char(ALL), True
        c = ord(self.char_escape())
        return Char(((c, c),)), True

    def class_ranges(self) -> Ranges:
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        parts: list[Ranges] = []
        while self.peek() != "]":
            first = self.class_item()
            if self.peek() == "-" and self.peek(1) not in ("]", "") and isinstance(first, int):
                self.i += 1
                last = self.class_item()
                if not isinstance(last, int):
                    raise Unsupported("a class escape as a range end")
                parts.append(((first, last),))
            else:
                parts.append(((first, first),) if isinstance(first, int) else first)
        self.i += 1
        ranges = _union(*parts)
        return _complement(ranges) if negated else ranges

    def class_item(self) -> int | Ranges:
        ch = self.take()
        if ch != "\\":
            return ord(ch)
        ch = self.peek()
        if ch == "b":
            self.i += 1
            return 8
        if ch.lower() in _CLASSES:
            self.i += 1
            ranges = _CLASSES[ch.lower()]
            return _complement(ranges) if ch.isupper() else ranges
        if ch in ("p", "P"):
            self.property()
            return ALL
        return ord(self.char_escape())


def parse(pattern: str) -> Node:
    parser = _TreeParser(pattern)
    tree = parser.disjunction_tree()
    if parser.i != len(pattern):
        raise Unsupported("unbalanced ')'")
    return tree


def _first(node: Node) -> Ranges | None:
    """The characters a match of the node must start with, or None (unknown, or it may be empty)."""
    if isinstance(node, Char):
        return node.ranges
    if isinstance(node, Assert) and node.kind == "$":
        return ()  # only at the end: before no character
    if isinstance(node, Seq):
        return _first(node.items[0])
    if isinstance(node, Alt):
        firsts = [_first(b) for b in node.branches]
        return None if any(f is None for f in firsts) else _union(*(f for f in firsts if f is not None))
    if isinstance(node, Repeat) and node.low > 0:
        return _first(node.body)
    return None


def _disjoint(branches: tuple[Node, ...]) -> bool:
    firsts = [_first(b) for b in branches]
    if any(f is None for f in firsts):
        return False
    return not any(_overlap(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:] if a and b)


def _size(node: Node) -> int:
    if isinstance(node, (Seq, Alt)):
        parts = node.items if isinstance(node, Seq) else node.branches
        return 1 + sum(_size(p) for p in parts)
    if isinstance(node, (Repeat, Look)):
        return 1 + _size(node.body)
    return 1


def _refusal(node: Node) -> int:
    """Steps to refuse a character (or, for `^`, a position) a node cannot start with: the nodes
    entered down to its first character or assertion (every alternative's)."""
    if isinstance(node, Seq):
        return 1 + _refusal(node.items[0])
    if isinstance(node, Alt):
        return 1 + sum(_refusal(b) for b in node.branches)
    if isinstance(node, Repeat):
        return 1 + _refusal(node.body)
    return _size(node)


def _stops_before(item: Node, after: Node, n: int) -> float | None:
    """When `item` repeats a body with one way to match and every match of `after` starts with a
    character no iteration of the body starts with: only the longest run of iterations can go on
    (after a shorter one, the next character starts an iteration, so `after` refuses it at once).
    Then the cost of those refusals (one per shorter run), else None."""
    if not isinstance(item, Repeat) or cost(item.body, n)[0] > 1:
        return None
    body, nxt = _first(item.body), _first(after)
    if body is None or nxt is None or _overlap(body, nxt):
        return None
    k = n + 1 if item.high is None else min(item.high, n + 1)
    return float(k * _refusal(after))


def _geometric(ratio: float, terms: int) -> float:
    """1 + ratio + ... + ratio^(terms - 1), or inf."""
    if terms <= 0:
        return 0.0
    if ratio <= 1:
        return float(terms)
    try:
        return (ratio**terms - 1) / (ratio - 1)
    except OverflowError:
        return math.inf


def cost(node: Node, n: int) -> tuple[float, float, float]:
    """(m, w, f) of the node for a string of n characters (see the module's text); f is w where
    nothing follows the node and the node fails (so the search does not stop there). Each node
    entered is a step."""
    if isinstance(node, (Char, Assert)):
        return 1.0, 1.0, 1.0
    if isinstance(node, Backref):
        return 1.0, float(n + 1), float(n + 1)
    if isinstance(node, Look):
        w = cost(node.body, n)[1] + 1
        return 1.0, w, w
    if isinstance(node, Seq):
        m, w, f = 1.0, 1.0, 1.0
        for i, item in enumerate(node.items):
            mi, wi, fi = cost(item, n)
            f = w + m * fi
            w += m * wi
            if i + 1 < len(node.items) and (rejects := _stops_before(item, node.items[i + 1], n)) is not None:
                w += m * rejects  # every way but the longest meets a character the next item refuses
                mi = 1.0
            m *= mi
        return m, w, f
    if isinstance(node, Alt):
        costs = [cost(b, n) for b in node.branches]
        if _disjoint(node.branches):
            others = float(sum(_refusal(b) for b in node.branches))
            return max(c[0] for c in costs), 1 + max(c[1] for c in costs) + others, 1 + max(c[2] for c in costs) + others
        return sum(c[0] for c in costs), 1 + sum(c[1] for c in costs), 1 + sum(c[2] for c in costs)
    mb, wb, _ = cost(node.body, n)
    k = n + 1 if node.high is None else min(node.high, n + 1)
    # failing with nothing after it: no way reached `low` iterations, each shorter one was extended
    return _geometric(mb, k + 1), 1 + wb * _geometric(mb, k), 1 + wb * _geometric(mb, min(node.low, k))


def _anchored(node: Node) -> bool:
    if isinstance(node, Assert):
        return node.kind == "^"
    if isinstance(node, Seq):
        return _anchored(node.items[0])
    if isinstance(node, Alt):
        return all(_anchored(b) for b in node.branches)
    return False


def search_steps(tree: Node, n: int) -> float:
    """Steps to search a string of n characters for the pattern, at most."""
    _, w, f = cost(tree, n)
    # every start but the one that matches (if any) fails; a failed `^` costs one step
    return w + n * _refusal(tree) if _anchored(tree) else f * (n + 1) + w


@functools.cache
def checked_length(pattern: str) -> int | None:
    """The longest string a backtracking engine may check the pattern on within the budget, or
    None when any length is within it. A pattern this module does not follow gets 0 (no string
    is run on it), which never happens for one `regress` accepted."""
    try:
        tree = parse(pattern)
    except (Unsupported, RecursionError):
        return 0

    def within(n: int) -> bool:
        return search_steps(tree, n) <= STEPS_PER_CHARACTER * max(n + 1, SHORT)

    if within(_UNBOUNDED_LENGTH):
        return None
    low, high = 0, _UNBOUNDED_LENGTH  # within(low) may fail too (a huge pattern): then 0
    if not within(low):
        return 0
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if within(mid) else (low, mid)
    return low
