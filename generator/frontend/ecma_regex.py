"""ECMA-262 patterns (JSON Schema's dialect, read in Unicode mode) rewritten for a linear-time
engine, the Rust `regex` crate that pydantic validates `pattern` with.

Backtracking engines (Python's `re`, `regress`) take exponential time on patterns such as
`^(\\d+)+$`, and a schema is untrusted input: validation must not be a denial of service. The Rust
engine is linear but reads some escapes differently (`\\d`, `\\w`, `\\s`, `\\b` are Unicode-aware
there, ASCII or ECMA's own set in ECMA-262; `.` excludes only `\\n`). So the pattern is parsed
and written out with every class spelt explicitly ([0-9], [0-9A-Za-z_], ECMA's whitespace and
line-terminator set) and every literal escaped. What has no linear equivalent (lookaround,
backreferences, `\\B`, lone surrogates) gives None: that pattern stays on a backtracking engine,
and `regex_cost` bounds the length of the strings it may be run on.

The parser assumes a pattern `regress` accepted; anything it does not recognise also gives None
(the backtracking route), never a different reading."""

from __future__ import annotations

import functools
from dataclasses import dataclass

DIGIT = "0-9"
WORD = "0-9A-Za-z_"
# ECMA-262 WhiteSpace (TAB, VT, FF, ZWNBSP, the Zs category) and LineTerminator (LF, CR, LS, PS).
SPACE = "\\t\\n\\x{0B}\\x{0C}\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"
LINE_TERMINATORS = "\\n\\r\\x{2028}\\x{2029}"
_CLASS_ESCAPES = {"d": DIGIT, "w": WORD, "s": SPACE}
_CONTROL = {"f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_SYNTAX = set("^$\\.*+?()[]{}|/")
_META = set("\\.+*?()|[]{}^$#&-~")  # escaped outside a class (Rust accepts the escape for each)
_CLASS_META = set("\\[]^-&~")  # escaped inside a class (`&&`, `--`, `~~` are set operations there)
_HEX = set("0123456789abcdefABCDEF")


class Unsupported(Exception):
    """The pattern has no linear-engine equivalent (or is not understood): keep it on `regress`."""


@dataclass
class _Parsed:
    rust: str


def _literal(ch: str, in_class: bool) -> str:
    if 0xD800 <= ord(ch) <= 0xDFFF:
        raise Unsupported("a lone surrogate")
    if ch in (_CLASS_META if in_class else _META):
        return "\\" + ch
    if not ch.isprintable() or ch == " " and in_class:
        return f"\\x{{{ord(ch):X}}}"
    return ch


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.p[j] if j < len(self.p) else ""

    def take(self) -> str:
        if self.i >= len(self.p):
            raise Unsupported("unexpected end")
        ch = self.p[self.i]
        self.i += 1
        return ch

    # Disjunction :: Alternative ('|' Alternative)*
    def disjunction(self) -> str:
        parts = [self.alternative()]
        while self.peek() == "|":
            self.i += 1
            parts.append(self.alternative())
        return "|".join(parts)

    def alternative(self) -> str:
        out = []
        while self.peek() not in ("", "|", ")"):
            atom, quantifiable = self.term()
            if quantifiable and self.peek() in ("*", "+", "?", "{"):
                start = self.i
                self.quantifier()
                atom += self.p[start:self.i]  # every atom is one Rust atom: a character, a class or a group
            out.append(atom)
        return "".join(out)

    def quantifier(self) -> tuple[int, int | None]:
        """Read `*`, `+`, `?` or `{m}`, `{m,}`, `{m,n}` (then an optional lazy `?`), which both
        engines write alike: (least, most or None for unbounded)."""
        ch = self.take()
        if ch in "*+?":
            low, high = (1 if ch == "+" else 0), (1 if ch == "?" else None)
        else:
            j = self.p.find("}", self.i)
            if j < 0:
                raise Unsupported("unclosed quantifier")
            lo, comma, hi = self.p[self.i:j].partition(",")
            if not lo.isdigit() or (hi and not hi.isdigit()):
                raise Unsupported("not a quantifier")
            self.i = j + 1
            low, high = int(lo), (int(hi) if hi else (None if comma else int(lo)))
        if self.peek() == "?":
            self.i += 1  # lazy: the same strings match, tried in another order
        return low, high

    # Term: (text, may take a quantifier)
    def term(self) -> tuple[str, bool]:
        ch = self.take()
        if ch == "^":
            return "^", False
        if ch == "$":
            return "$", False
        if ch == ".":
            return f"[^{LINE_TERMINATORS}]", True
        if ch == "(":
            if self.p.startswith("?:", self.i):
                self.i += 2
            elif self.p.startswith("?<", self.i) and self.peek(2) not in ("=", "!"):
                j = self.p.find(">", self.i)
                if j < 0:
                    raise Unsupported("unclosed group name")
                self.i = j + 1  # a named group: only matching matters here, never the capture
            elif self.peek() == "?":
                raise Unsupported("lookaround or a modifier group")
            body = self.disjunction()
            if self.take() != ")":
                raise Unsupported("unclosed group")
            return f"(?:{body})", True
        if ch == "[":
            return self.char_class(), True
        if ch == "\\":
            return self.atom_escape()
        if ch in _SYNTAX and ch != "/":  # `/` is a PatternCharacter (it only ends a literal in JS source)
            raise Unsupported(f"a lone {ch!r}")
        return _literal(ch, False), True

    def atom_escape(self) -> tuple[str, bool]:
        ch = self.peek()
        if ch == "b":
            self.i += 1
            return "(?-u:\\b)", False  # ASCII word boundary, as ECMA's \b reads \w
        if ch == "B" or ch == "k" or ch.isdigit() and ch != "0":
            raise Unsupported("\\B or a backreference")
        if ch.lower() in _CLASS_ESCAPES:
            self.i += 1
            body = _CLASS_ESCAPES[ch.lower()]
            return (f"[^{body}]" if ch.isupper() else f"[{body}]"), True
        if ch in ("p", "P"):
            return self.property(), True
        return _literal(self.char_escape(), False), True

    def property(self) -> str:
        kind = self.take()
        if self.take() != "{":
            raise Unsupported("property escape without a name")
        j = self.p.find("}", self.i)
        name = self.p[self.i:j] if j >= 0 else ""
        if not name or not all(c.isalnum() or c in "_=" for c in name):
            raise Unsupported("property name")
        self.i = j + 1
        return f"\\{kind}{{{name}}}"

    def char_escape(self) -> str:
        """The one character a CharacterEscape stands for (after the backslash)."""
        ch = self.take()
        if ch in _CONTROL:
            return _CONTROL[ch]
        if ch == "c":
            letter = self.take()
            if not ("a" <= letter.lower() <= "z"):
                raise Unsupported("\\c without a letter")
            return chr(ord(letter) % 32)
        if ch == "0":
            if self.peek().isdigit():
                raise Unsupported("octal escape")
            return "\0"
        if ch == "x":
            return chr(self.hex(2))
        if ch == "u":
            if self.peek() == "{":
                j = self.p.find("}", self.i)
                digits = self.p[self.i + 1:j] if j > 0 else ""
                if not digits or not set(digits) <= _HEX or int(digits, 16) > 0x10FFFF:
                    raise Unsupported("code point escape")
                self.i = j + 1
                return chr(int(digits, 16))
            high = self.hex(4)
            if 0xD800 <= high <= 0xDBFF and self.p.startswith("\\u", self.i):
                save = self.i
                self.i += 2
                low = self.hex(4)
                if 0xDC00 <= low <= 0xDFFF:
                    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                self.i = save
            return chr(high)  # a lone surrogate is refused by _literal
        if ch in _SYNTAX or ch == "-":
            return ch
        raise Unsupported(f"escape \\{ch}")

    def hex(self, n: int) -> int:
        digits = self.p[self.i:self.i + n]
        if len(digits) != n or not set(digits) <= _HEX:
            raise Unsupported("hex escape")
        self.i += n
        return int(digits, 16)

    def char_class(self) -> str:
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        items: list[str] = []
        while self.peek() != "]":
            first = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                last = self.class_atom()
                if len(first) != 1 or len(last) != 1:
                    raise Unsupported("a class escape as a range end")
                items.append(f"{_literal(first, True)}-{_literal(last, True)}")
            elif len(first) == 1:
                items.append(_literal(first, True))
            else:
                items.append(first[1:])  # a class escape, already spelt (marked by a leading NUL)
        self.i += 1
        if not items:  # ECMA [] matches nothing, [^] any character
            return "[\\x{0}-\\x{10FFFF}]" if negated else "[^\\x{0}-\\x{10FFFF}]"
        return f"[{'^' if negated else ''}{''.join(items)}]"

    def class_atom(self) -> str:
        """One character, or (prefixed by NUL) the Rust spelling of a class escape."""
        ch = self.take()
        if ch != "\\":
            if ch == "" or ch == "[":
                raise Unsupported("nested class")
            return ch
        ch = self.peek()
        if ch == "b":
            self.i += 1
            return "\b"
        if ch.lower() in _CLASS_ESCAPES:
            self.i += 1
            body = _CLASS_ESCAPES[ch.lower()]
            return "\0" + (f"[^{body}]" if ch.isupper() else body)
        if ch in ("p", "P"):
            return "\0" + self.property()
        if ch.isdigit() and ch != "0":
            raise Unsupported("decimal escape in a class")
        return self.char_escape()


def _parse(pattern: str) -> _Parsed:
    parser = _Parser(pattern)
    body = parser.disjunction()
    if parser.i != len(pattern):
        raise Unsupported("unbalanced ')'")
    return _Parsed(body)


def to_rust(pattern: str) -> str | None:
    """The pattern in the Rust `regex` crate's syntax with ECMA-262's meaning, or None."""
    try:
        return _parse(pattern).rust
    except Unsupported:
        return None


@functools.cache
def linear_pattern(pattern: str) -> str | None:
    """The Rust spelling of an ECMA-262 pattern when pydantic's linear engine compiles it (the
    translation exists and fits the engine's size limit), else None: a backtracking engine."""
    rust = to_rust(pattern)
    if rust is None:
        return None
    from pydantic_core import SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=rust))
    except Exception:  # pydantic_core's SchemaError: a parse error or the size limit
        return None
    return rust
