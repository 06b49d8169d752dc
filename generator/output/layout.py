"""Python laid out the way black lays it out, without running black (black is most of a cold run).

The bundled templates produce few and regular shapes: imports, one-line class fields and aliases,
docstrings, and lines that only need the two things black does to them: double quotes and the
split of a too-long `name: T = Call(...)` at its last bracket. `layout()` does exactly those, by
black's rules (string quote preference, right-hand split omitting the optional parentheses, body
on one line when it fits, else one element a line with a magic trailing comma, blank lines after
the module docstring and after imports), and returns None for anything else, so the caller runs
black itself. black stays the reference: tests/test_layout.py requires `layout(text) == black(text)`
on every golden, the seed schemas and fuzzed schemas, and that black leaves the result unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from schemagen.output import rhs

LINE_LENGTH = 100
_CLOSE = {")": "(", "]": "[", "}": "{"}
_NUMBER_PLUS = re.compile(r"(?<![\w.])(\d+(?:\.\d*)?|\.\d+)e\+(\d+)")
_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")
# An element black cannot split further however long: a string, or `name=` a string.
_ATOMIC = re.compile(r"""(?:[A-Za-z_][A-Za-z0-9_]*=)?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


# Statements formatted by black alone (_alone) since the process started: the bundled templates
# must never need it (tests/test_layout.py reads it); users' own templates may.
black_statements = 0


class _Unsure(Exception):
    """A shape this module does not lay out: black decides."""


def layout(text: str, line_length: int = LINE_LENGTH, fallback: Callable[[str], str] | None = None) -> str | None:
    """black's layout of `text`, or None where this module cannot tell. With `fallback` (black's
    format_str), a statement whose shape this module does not know is formatted by black alone
    (see _alone) and only the module's overall shape can make it None: a huge module then costs
    black's time for its few odd statements, not for all of it."""
    global black_statements
    try:
        return _layout(text, line_length, fallback)
    except _Unsure:
        if fallback is not None:
            black_statements += 1  # the whole module goes to black
        return None


def _layout(text: str, width: int, fallback: Callable[[str], str] | None = None) -> str:
    out: list[str] = []
    blanks = 0
    previous = ""  # kind of the previous statement: "import", "docstring", "code", ""
    module_doc_possible = True
    previous_line = ""
    defs: list[int] = []  # indentation of the class/def lines whose bodies are open
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            blanks += 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line[indent:]
        if not body.startswith('"""') and (line != line.rstrip() or "\t" in line):
            raise _Unsure
        if body.startswith('"""'):
            chunk = [line]
            if not _closes_docstring(body, first=True):
                while True:
                    if i >= len(lines):
                        raise _Unsure
                    chunk.append(lines[i])
                    i += 1
                    if '"""' in chunk[-1]:
                        if not chunk[-1].endswith('"""') or chunk[-1].count('"""') != 1 or _escaped_end(chunk[-1]) or chunk[-1].endswith('""""'):
                            raise _Unsure
                        break
            if "\r" in "".join(chunk) or body[:1].isspace():
                raise _Unsure
            kind = "docstring"
            first_in_block = not out or _opens_suite(previous_line) or (
                indent == 0 and module_doc_possible and previous in ("", "comment"))
            if first_in_block:
                try:
                    logical = _docstring(chunk, indent, width)
                except _Unsure:
                    if fallback is None:
                        raise
                    logical = _alone(chunk, indent, fallback, docstring=True)
            else:
                logical = [_unicode_escapes(piece) for piece in chunk]  # a string statement: its text kept
        elif body.startswith("#"):
            kind = "comment"
            logical = [line[:indent] + _comment(body)]
        else:
            logical = [line]
            depth = _depth(body)
            while depth > 0:
                if i >= len(lines):
                    raise _Unsure
                nxt = lines[i]
                i += 1
                logical.append(nxt)
                depth += _depth(nxt.strip())
            if depth < 0:
                raise _Unsure
            kind = "import" if body.startswith(("from ", "import ")) else "code"
            try:
                logical = _statement(logical, indent, width)
            except _Unsure:
                if fallback is None:
                    raise
                logical = _alone(logical, indent, fallback, header=_opens_block(lines, i, indent))
        # blank lines, by black's rules for the shapes the templates produce
        left_def = False
        while defs and defs[-1] >= indent:
            defs.pop()
            left_def = True
        if body.startswith(("class ", "def ", "async def ")):
            defs.append(indent)
        elif left_def:
            blanks = 1 if indent else 2  # after a class or def body (black's previous_defs)
        if not out:
            blanks = 0
        elif indent == 0 and previous == "docstring" and module_doc_possible:
            blanks = 1
        elif indent == 0 and previous == "import" and kind not in ("import",) and not _opens_def(body):
            if kind == "comment" and _comment_before_def(lines, i):
                raise _Unsure  # black moves the def's blank lines before its comments
            blanks = 1
        blanks = min(blanks, 2 if indent == 0 else 1)
        if kind in ("code", "import", "docstring") and indent == 0:
            module_doc_possible = module_doc_possible and kind == "docstring" and previous in ("", "comment") and not any(
                o and not o.startswith("#") for o in out)
        out.extend([""] * blanks)
        out.extend(logical)
        previous_line = logical[-1]
        blanks = 0
        if kind != "comment":
            previous = kind if indent == 0 else "code"
        elif not out[:-1]:
            previous = ""
        elif previous == "import" and indent == 0:
            previous = "code"  # what follows the comment follows a comment, not the imports
    return "\n".join(out) + "\n"


def _opens_suite(line: str) -> bool:
    """Whether a physical line ends a block header (`class X:`, maybe with a trailing comment)."""
    code = line.strip()
    if "#" in code:
        tokens = _tokens(code)
        if tokens and tokens[-1][0] == "comment":
            code = code[:tokens[-1][1]].rstrip()
    return code.endswith(":")


def _comment(text: str) -> str:
    """black's make_comment for a comment `#...` (no trailing whitespace)."""
    if "fmt:" in text or "yapf:" in text:
        raise _Unsure  # black's formatting directives
    content = text[1:]
    if content[:1] == "\N{NO-BREAK SPACE}" and not ("# " + content.lstrip()).startswith("# type:"):
        content = " " + content[1:]
    if content and "\N{NO-BREAK SPACE}" not in content and content.lstrip().startswith("type:"):
        type_part, value_part = content.split(":", 1)
        content = type_part.strip() + ": " + value_part.strip()
    if content and content[0] not in " !:#'":
        content = " " + content
    return "#" + content


def _comment_before_def(lines: list[str], i: int) -> bool:
    """Whether the comment lines before lines[i] lead to a def, class or decorator."""
    for line in lines[i:]:
        if line.strip() and not line.lstrip().startswith("#"):
            return _opens_def(line.lstrip())
    return False


def _opens_block(lines: list[str], i: int, indent: int) -> bool:
    """Whether the statement that ends before lines[i] has a body: the next line is indented more."""
    for line in lines[i:]:
        if line.strip():
            return len(line) - len(line.lstrip(" ")) > indent
    return False


_SCAFFOLD = "class _:"


def _alone(physical: list[str], indent: int, black: Callable[[str], str], docstring: bool = False,
           header: bool = False) -> list[str]:
    """One statement (or docstring) formatted by black on its own. black lays out a statement
    from the statement alone (line length, magic commas, quotes, its own comments); what depends
    on its neighbours is blank lines, which the caller decides as for every other statement. An
    indented statement is formatted inside `class _:` scaffolding for its depth (after a `pass`,
    so that only a docstring is read as one), a block header with a `pass` body; the scaffolding
    must come back unchanged, or black decides the whole module."""
    global black_statements
    black_statements += 1
    if indent % 4 or (not docstring and not indent and physical[0][:1] in "\"'"):
        raise _Unsure  # (a string statement first in a module is its docstring to black)
    depth = indent // 4
    before = [" " * (4 * d) + _SCAFFOLD for d in range(depth)]
    if depth and not docstring:
        before.append(" " * indent + "pass")
    after = [" " * (indent + 4) + "pass"] if header else []
    source = "\n".join(before + physical + after) + "\n"
    try:
        result = black(source).rstrip("\n").split("\n")
    except Exception:  # black's own InvalidInput and friends: a shape black needs context for
        raise _Unsure from None
    if result[:len(before)] != before or result[len(result) - len(after):] != after:
        raise _Unsure
    body = result[len(before):len(result) - len(after)]
    while body and not body[0]:
        body.pop(0)  # black's blank line before a nested class or def after the `pass`
    if not body or not body[0].startswith(" " * indent) or body[0][indent:indent + 1] == " ":
        raise _Unsure
    return body


def _docstring(chunk: list[str], indent: int, width: int) -> list[str]:
    """A docstring (the first statement of a module or block) as black writes it: black's
    visit_STRING for a docstring (fix_multiline_docstring's re-indentation, the padding of a
    docstring that starts or ends with a quote or ends with a backslash, the closing quotes on a
    line of their own when the last line is too long for them)."""
    pad = " " * indent
    value = _unicode_escapes("\n".join(chunk)[indent:])
    if re.search(r"\\\s*\n", value):
        raise _Unsure  # black leaves docstrings with backslash-newlines alone
    docstring = value[3:-3]
    started_empty = not docstring
    if "\n" in value:
        docstring = _fix_multiline_docstring(docstring, pad)
    else:
        docstring = docstring.strip()
    trailing_backslash = False
    if docstring:
        if docstring[0] == '"':
            docstring = " " + docstring
        if docstring[-1] == '"':
            docstring += " "
        if docstring[-1] == "\\" and (len(docstring) - len(docstring.rstrip("\\"))) % 2:
            docstring += " "
            trailing_backslash = True
    elif not started_empty:
        docstring = " "
    lines = docstring.splitlines()
    last = len(lines[-1]) if docstring and not docstring.endswith("\n") else 0
    if len(lines) > 1 and last + 3 > width and indent + 3 <= width and not trailing_backslash:
        closing = '"""' if value[-4] == "\n" else "\n" + pad + '"""'
    else:
        closing = '"""'
    return (pad + '"""' + docstring + closing).split("\n")


def _fix_multiline_docstring(docstring: str, prefix: str) -> str:
    """black's fix_multiline_docstring (PEP 257 indentation handling), leading tabs expanded."""
    lines = []
    for line in re.split(r"\r\n|[\r\n]", docstring):
        stripped = line.lstrip()
        if not stripped or stripped == line:
            lines.append(line)
        else:
            lines.append(line[:len(line) - len(stripped)].expandtabs(4) + stripped)
    indent = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()), default=None)
    trimmed = [lines[0].strip()]
    if indent is not None:
        last = len(lines) - 2
        for i, line in enumerate(lines[1:]):
            stripped = line[indent:].rstrip()
            trimmed.append(prefix + stripped if stripped or i == last else "")
    return "\n".join(trimmed)


_UNICODE_ESCAPE = re.compile(r"(?P<backslashes>\\+)(?P<body>(u(?P<u>[a-fA-F0-9]{4}))|(U(?P<U>[a-fA-F0-9]{8}))"
                             r"|(x(?P<x>[a-fA-F0-9]{2}))|(N\{(?P<N>[a-zA-Z0-9 \-]{2,})\}))?")


def _unicode_escapes(literal: str) -> str:
    """black's normalize_unicode_escape_sequences: lowercase hex digits, uppercase \\N{} names."""
    if "\\" not in literal:
        return literal

    def replace(m: re.Match[str]) -> str:
        slashes = m.group("backslashes")
        if m.group("body") is None or len(slashes) % 2 == 0:
            return m.group(0)
        for key in ("u", "U", "x"):
            if m.group(key):
                return slashes + key + m.group(key).lower()
        return slashes + "N{" + m.group("N").upper() + "}"

    return _UNICODE_ESCAPE.sub(replace, literal)


def _opens_def(body: str) -> bool:
    return body.startswith(("class ", "def ", "async def ", "@"))


def _escaped_end(text: str) -> bool:
    """Whether the closing quotes at the end of `text` are escaped (an odd run of backslashes)."""
    body = text[:-3]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 1


def _closes_docstring(body: str, first: bool) -> bool:
    rest = body[3:] if first else body
    if '"""' in rest:
        if not rest.endswith('"""') or rest.count('"""') != 1 or _escaped_end(rest) or rest.endswith('""""'):
            raise _Unsure
        return True
    return False


def _depth(code: str) -> int:
    """Bracket depth change over one line of code (strings and comments skipped)."""
    depth = 0
    for kind, _, token in _tokens(code):
        if kind == "op":
            if token in "([{":
                depth += 1
            elif token in ")]}":
                depth -= 1
    return depth


_SPECIAL = re.compile(r"""['"#()\[\]{},]""")
_STRING = {'"': re.compile(r'"(?:[^"\\]|\\.)*"', re.S), "'": re.compile(r"'(?:[^'\\]|\\.)*'", re.S)}


@lru_cache(maxsize=1024)  # a line is scanned for its depth, its quotes and its trailing commas
def _tokens(code: str) -> tuple[tuple[str, int, str], ...]:
    """(kind, start, text) for strings ("str"), brackets and commas ("op"), comments ("comment")
    and the code between ("code"). Raises _Unsure on prefixed or triple-quoted strings."""
    out: list[tuple[str, int, str]] = []
    start = 0
    search = _SPECIAL.search
    found = search(code)
    while found is not None:
        i = found.start()
        ch = code[i]
        if ch in "'\"":
            begin = i
            if i > 0 and (code[i - 1].isalnum() or code[i - 1] == "_"):
                if code[i - 1] not in "fr" or (i > 1 and (code[i - 2].isalnum() or code[i - 2] == "_")):
                    raise _Unsure  # b"", rb"", u"" and the like: not produced by the templates
                begin = i - 1
            if code.startswith(ch * 3, i):
                raise _Unsure
            if start < begin:
                out.append(("code", start, code[start:begin]))
            literal = _STRING[ch].match(code, i)
            if literal is None:  # not closed on this line
                raise _Unsure
            out.append(("str", begin, code[begin:literal.end()]))
            start = literal.end()
            found = search(code, start)
            continue
        if start < i:
            out.append(("code", start, code[start:i]))
        if ch == "#":
            out.append(("comment", i, code[i:]))
            return tuple(out)
        out.append(("op", i, ch))
        start = i + 1
        found = search(code, start)
    if start < len(code):
        out.append(("code", start, code[start:]))
    return tuple(out)


_QUOTES_OR_ESCAPES = re.compile(r"""["'\\]""")


def normalize_string(literal: str) -> str:
    """black's string normalisation for a plain (unprefixed, single-quoted-style) literal:
    double quotes unless that needs more escapes."""
    if literal[0] == "'" and not _QUOTES_OR_ESCAPES.search(literal, 1, len(literal) - 1):
        return '"' + literal[1:-1] + '"'  # the usual case: nothing inside to escape
    prefix = literal[0] if literal[0] in "fr" else ""
    literal = literal[len(prefix):]
    if literal[0] == '"':
        orig, new = '"', "'"
    else:
        orig, new = "'", '"'
    body = literal[1:-1]
    unescaped_new = re.compile(rf"(([^\\]|^)(\\\\)*){new}")
    escaped_new = re.compile(rf"([^\\]|^)\\((?:\\\\)*){new}")
    escaped_orig = re.compile(rf"([^\\]|^)\\((?:\\\\)*){orig}")
    if prefix == "r":
        if unescaped_new.search(body):
            return prefix + literal
        new_body = body
    else:
        new_body = _sub_twice(escaped_new, rf"\1\2{new}", body)
        if body != new_body:
            body = new_body
            literal = f"{orig}{body}{orig}"
        new_body = _sub_twice(escaped_orig, rf"\1\2{orig}", new_body)
        new_body = _sub_twice(unescaped_new, rf"\1\\{new}", new_body)
    if prefix == "f":
        for expr in re.findall(r"(?:(?<!\{)|^)\{([^{].*?)\}(?:(?!\})|$)", new_body):
            if "\\" in str(expr):
                return prefix + literal  # no backslashes in f-string expressions
    if new_body.count("\\") > body.count("\\"):
        return prefix + literal
    if new_body.count("\\") == body.count("\\") and orig == '"':
        return prefix + literal
    return f"{prefix}{new}{new_body}{new}"


def _sub_twice(regex: re.Pattern[str], replacement: str, original: str) -> str:
    return regex.sub(replacement, regex.sub(replacement, original))


def _normalize(code: str) -> str:
    """Quotes and number spellings of one line of code, as black writes them."""
    parts = []
    for kind, _, token in _tokens(code):
        if kind == "str":
            parts.append(normalize_string(_unicode_escapes(token) if token[0] != "r" else token))
        elif kind == "code":
            parts.append(_NUMBER_PLUS.sub(r"\1e\2", token) if "e+" in token else token)
        else:
            parts.append(token)
    return "".join(parts)


def _width(text: str) -> int:
    return len(text) if text.isascii() else rhs.str_width(text)


def _magic_comma(code: str) -> bool:
    """A trailing comma before a closing bracket that black would read as 'keep exploded'. A
    parenthesised one-element tuple (`("a",)`, not a call `f(a,)`) is not one: black keeps it."""
    toks = [t for t in _tokens(code) if not (t[0] == "code" and not t[2].strip())]
    opened: list[tuple[int, bool]] = []  # (index of the bracket, whether it is a bare parenthesis)
    commas: list[int] = []  # commas directly inside each open bracket
    for i, tok in enumerate(toks):
        kind, _, text = tok
        if kind != "op":
            continue
        if text in "([{":
            before = toks[i - 1] if i else None
            bare = text == "(" and (before is None or (before[0] == "op" and before[2] in "([{,")
                                     or (before[0] == "code" and before[2].rstrip()[-1:] in "=:"))
            opened.append((i, bare))
            commas.append(0)
        elif text == ",":
            if commas:
                commas[-1] += 1
        elif text in ")]}":
            if not opened:
                raise _Unsure
            start, bare = opened.pop()
            count = commas.pop()
            trailing = toks[i - 1][0] == "op" and toks[i - 1][2] == ","
            tight = trailing and tok[1] == toks[i - 1][1] + 1  # `,)`: `, )` black would respace
            if trailing and not (bare and tight and text == ")" and count == 1 and i - start > 2):
                return True
    return False


def _statement(physical: list[str], indent: int, width: int) -> list[str]:
    lines = [line[:len(line) - len(line.lstrip(" "))] + _normalize(line.lstrip(" ")) for line in physical]
    if len(lines) > 1:
        try:
            return _exploded(lines)
        except _Unsure:
            return _exploded_commented(lines, indent, width)
    line = lines[0]
    code = line[indent:]
    tokens = _tokens(code)
    if tokens and tokens[-1][0] == "comment":
        return _commented(line, code, tokens[-1], width)
    if _magic_comma(code):
        return _black_split(code, indent, width)
    if _width(line) <= width:
        return lines
    try:
        return _split(code, indent, width)
    except _Unsure:
        return _black_split(code, indent, width)


def _exploded_commented(lines: list[str], indent: int, width: int) -> list[str]:
    """A statement the template wrote over several lines, maybe with comment lines between its
    elements (a functional TypedDict's field descriptions). black joins it into one line and
    splits it again; a comment on a line of its own inside brackets forces its bracket to split
    and stays before the element after it. When every bracket holding a comment already ends in a
    magic trailing comma, the comments change nothing else: the statement without them, split
    by rhs.py, must give back exactly the lines that are not comments, and the comments stay."""
    head_comment = ""
    first = _tokens(lines[0].strip())
    if first and first[-1][0] == "comment":  # `X = TypedDict(  # type: ignore[misc]`: stays on the head line
        head_comment = _comment(first[-1][2].rstrip())
        code = lines[0].strip()[:first[-1][1]]
        if not code.endswith(("(  ", "[  ", "{  ")) or code.endswith("   "):
            raise _Unsure
        lines = [lines[0][:_indent_of(lines[0])] + code.rstrip()] + lines[1:]
    code_lines: list[str] = []
    comments: dict[int, list[str]] = {}  # index in code_lines → the comment lines before it
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#"):
            if number == 0 or number == len(lines) - 1:
                raise _Unsure
            line = line[:_indent_of(line)] + _comment(stripped)
            after = next(later for later in lines[number + 1:] if not later.strip().startswith("#"))
            if after.strip()[:1] in (")", "]", "}") or _indent_of(after) != _indent_of(line):
                raise _Unsure
            if not lines[number - 1].rstrip().endswith((",", "(", "[", "{")) and not lines[number - 1].strip().startswith("#"):
                raise _Unsure
            comments.setdefault(len(code_lines), []).append(line.rstrip())
            continue
        if any(kind == "comment" for kind, _, _ in _tokens(stripped)):
            raise _Unsure
        code_lines.append(line)
    out = _black_split(" ".join(line.strip() for line in code_lines), indent, width)
    if head_comment:
        if out[0] != lines[0]:
            raise _Unsure
        out[0] += "  " + head_comment
        code_lines[0] = out[0]
    if not comments:
        return out
    return _with_comments(out, code_lines, comments)


def _with_comments(out: list[str], code_lines: list[str], comments: dict[int, list[str]]) -> list[str]:
    """The comment lines put back before the first output line of the element they preceded."""
    result: list[str] = []
    j = 0
    for k, line in enumerate(code_lines):
        if j >= len(out) or _indent_of(out[j]) != _indent_of(line) or not line.strip().startswith(out[j].strip()):
            raise _Unsure
        result.extend(comments.get(k, ()))
        pieces = [out[j]]
        j += 1
        nxt = code_lines[k + 1] if k + 1 < len(code_lines) else None
        while j < len(out) and not (nxt is not None and _indent_of(out[j]) == _indent_of(nxt)
                                    and nxt.strip().startswith(out[j].strip())):
            pieces.append(out[j])
            j += 1
        if _squash("".join(pieces)) != _squash(line):
            raise _Unsure
        result.extend(pieces)
    if j != len(out):
        raise _Unsure
    return result


def _squash(text: str) -> str:
    return re.sub(r"[\s,]", "", text)


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _black_split(code: str, indent: int, width: int) -> list[str]:
    """black's own splitting algorithm (rhs.py) for a shape the quick rules above do not know."""
    try:
        return rhs.split(code, indent, width)
    except (rhs.Unsure, RecursionError):
        raise _Unsure from None


def _commented(line: str, code: str, comment: tuple[str, int, str], width: int) -> list[str]:
    """A one-line statement with a trailing comment: black leaves it as it is when it fits, or
    when the comment is a `# type: ignore` (black's unsplittable type ignore)."""
    before = code[:comment[1]]
    text = _comment(comment[2].rstrip())
    if not before.strip() or not before.endswith("  ") or before.endswith("   "):
        raise _Unsure
    if _magic_comma(before.rstrip()):
        raise _Unsure
    line = line[:len(line) - len(code)] + before + text
    if _width(line) <= width or text.startswith("# type: ignore"):
        return [line]
    raise _Unsure


def _exploded(lines: list[str]) -> list[str]:
    """A statement the template already wrote one element a line: black keeps it as it is when
    each bracket it opens is closed on its own line after a trailing comma (a magic comma)."""
    for line in lines:
        if _width(line) > LINE_LENGTH and not re.fullmatch(r" *[A-Za-z_][A-Za-z0-9_]*,", line):
            raise _Unsure  # (a name too long for a line is left so: nothing in it can split)
    opener = lines[0].rstrip()
    if not opener.endswith(("(", "[", "{")) or _depth(opener.strip()) != 1:
        raise _Unsure
    closer = lines[-1].strip()
    if closer not in (")", "]", "}") or not lines[-2].rstrip().endswith(","):
        raise _Unsure
    for middle in lines[1:-1]:
        if _depth(middle.strip()) != 0 or not middle.rstrip().endswith(","):
            raise _Unsure
    return lines


def _top_level(code: str) -> list[tuple[str, int, str]]:
    """Tokens at bracket depth 0, with the bracket pairs they open: (kind, start, text)."""
    out = []
    depth = 0
    for tok in _tokens(code):
        kind, _, text = tok
        if kind == "op" and text in ")]}":
            depth -= 1
        if depth == 0:
            out.append(tok)
        if kind == "op" and text in "([{":
            depth += 1
    return out


def _matching_open(code: str) -> int:
    """Index of the bracket that opens the statement's last closing bracket."""
    stack: list[int] = []
    pos = -1
    for kind, start, text in _tokens(code):
        if kind == "op" and text in "([{":
            stack.append(start)
        elif kind == "op" and text in ")]}":
            pos = stack.pop()
    return pos


def _split(code: str, indent: int, width: int) -> list[str]:
    """A too-long one-line statement split as black's right-hand split does it."""
    pad = " " * indent
    if code.startswith(("from ", "import ")):
        return _split_import(code, pad, width)
    if code.startswith(("class ", "def ", "return ", "@", "raise ", "if ")):
        raise _Unsure
    if code.endswith(("}", "]")):
        data = _split_data(code, pad, width)
        if data is not None:
            return data
    if not code.endswith((")", "]")):
        return _split_atomic_value(code, pad, width)
    top = _top_level(code)
    equals = [t for t in top if t[0] == "code" and _EQUALS.search(t[2])]
    if len(equals) > 1:
        raise _Unsure
    if equals:  # `target = value` or `target: T = value`: split in the value
        eq = equals[0][1] + _EQUALS.search(equals[0][2]).start()  # type: ignore[union-attr]
    else:  # `name: T`, a field without a value: split in the annotation
        first = top[0]
        match = re.match(r"[A-Za-z_][A-Za-z0-9_]*:", first[2]) if first[0] == "code" else None
        if match is None:
            raise _Unsure
        eq = match.end() - 1
    lhs = code[:eq].rstrip()
    if not code[eq + 1:].startswith(" ") or not lhs:
        raise _Unsure
    open_at = _matching_open(code)
    if open_at <= eq:
        raise _Unsure
    callee = code[eq + 1:open_at].strip()
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", callee):
        raise _Unsure  # the value has delimiters or dots at its top level: black may keep its parentheses
    if equals and any(ch in lhs for ch in "([{"):
        if _width(pad + lhs + " =") > width - 1:
            raise _Unsure
    head = pad + code[:open_at + 1]
    if _width(head) > width:
        raise _Unsure
    inner = code[open_at + 1:-1]
    closer = code[-1]
    if not inner.strip():
        raise _Unsure
    body_pad = pad + "    "
    atom = not (code[open_at - 1].isalnum() or code[open_at - 1] in "_)]")
    elements = _elements(inner)
    if _width(body_pad + inner) <= width and not (atom and len(elements) > 1):
        return [head, body_pad + inner, pad + closer]
    if len(elements) < 2 and not atom:
        if not _ATOMIC.fullmatch(inner.strip()):
            raise _Unsure
        return [head, body_pad + inner.strip(), pad + closer]  # too long, but nothing in it can split
    out = [head]
    for element in elements:
        line = body_pad + element + ","
        if _width(line) > width and not _ATOMIC.fullmatch(element):
            raise _Unsure
        out.append(line)
    out.append(pad + closer)
    return out


_DATA_CODE = re.compile(r"(?:\s|:|[-+.0-9eE]|True|False|None)*")
_DATA_HEAD = re.compile(r"""(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'): )?[\[{]""")


def _split_data(code: str, pad: str, width: int) -> list[str] | None:
    """`target = {...}` or `[...]` of JSON values (the shared check definitions, a few hundred KB
    on one line in azure-pipelines) split as black splits it: at the value's bracket, as for a call.
    The line is scanned once (_Brackets); each level reads only its own top-level tokens."""
    equals = [t for t in _top_level(code) if t[0] == "code" and _EQUALS.search(t[2])]
    if len(equals) != 1:
        return None
    eq = equals[0][1] + _EQUALS.search(equals[0][2]).start()  # type: ignore[union-attr]
    scan = _Brackets(code)
    last = len(scan.tokens) - 1
    if last < 0 or scan.tokens[last][0] != "op" or scan.tokens[last][2] not in ")]}":
        return None
    first = scan.match[last]
    open_at = scan.tokens[first][1]
    lhs, value = code[:eq].rstrip(), code[eq + 1:]
    if not value.startswith(" ") or value[1:2] not in ("{", "[") or open_at != eq + 2 or not lhs:
        return None
    inner = code[open_at + 1:-1]
    if not inner.strip() or not scan.data(first + 1, last):
        return None
    if _width(pad + code[:open_at + 1]) > width or (any(ch in lhs for ch in "([{") and _width(pad + lhs + " =") > width - 1):
        raise _Unsure
    return [pad + code[:open_at + 1], *scan.lines(first, last, pad + "    ", width), pad + code[-1]]


def _literal_content(content: str, pad: str, width: int) -> list[str] | None:
    """rhs.py's hook: the lines of a split dict or list display whose content is JSON values."""
    try:
        scan = _Brackets("[" + content + "]")
        return scan.lines(0, len(scan.tokens) - 1, pad, width)
    except _Unsure:
        return None


class _Brackets:
    """One line's tokens with each bracket's partner, for laying out nested JSON-like values."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.tokens = [t for t in _tokens(code) if not (t[0] == "code" and not t[2].strip())]
        self.match: dict[int, int] = {}
        stack: list[int] = []
        for i, (kind, _, text) in enumerate(self.tokens):
            if kind != "op":
                continue
            if text in "([{":
                stack.append(i)
            elif text in ")]}":
                if not stack:
                    raise _Unsure
                j = stack.pop()
                self.match[i] = j
                self.match[j] = i
        if stack:
            raise _Unsure

    def data(self, lo: int, hi: int) -> bool:
        """Whether tokens lo..hi-1 spell only JSON values (see _data)."""
        for kind, _, text in self.tokens[lo:hi]:
            if kind == "comment" or (kind == "op" and text == "(") or (kind == "code" and not _DATA_CODE.fullmatch(text)):
                return False
        return True

    def _elements(self, opening: int, closing: int) -> list[tuple[int, int]]:
        """The comma-separated elements inside a bracket pair, as token index ranges [lo, hi)."""
        out = []
        lo = j = opening + 1
        tokens = self.tokens
        while j < closing:
            kind, _, text = tokens[j]
            if kind == "op":
                if text in "([{":
                    j = self.match[j] + 1
                    continue
                if text == ",":
                    out.append((lo, j))
                    lo = j + 1
            j += 1
        if lo < closing:
            out.append((lo, closing))
        if any(lo >= hi for lo, hi in out):
            raise _Unsure
        return out

    def _text(self, lo: int, hi: int) -> str:
        kind, start, text = self.tokens[hi - 1]
        return self.code[self.tokens[lo][1]:start + len(text)].strip()

    def lines(self, opening: int, closing: int, pad: str, width: int) -> list[str]:
        """_data_lines over the bracket pair opening..closing."""
        elements = self._elements(opening, closing)
        if len(elements) == 1:
            lo, hi = elements[0]
            if _width(pad + self._text(lo, hi)) > width and hi - lo < 2:
                raise _Unsure  # one string too long in its brackets: black may keep the brackets on its line
            return self._element(lo, hi, pad, width, "")
        return [line for lo, hi in elements for line in self._element(lo, hi, pad, width, ",")]

    def _element(self, lo: int, hi: int, pad: str, width: int, comma: str) -> list[str]:
        element = self._text(lo, hi)
        line = pad + element + comma
        if _width(line) <= width:
            return [line]
        kind, _, text = self.tokens[hi - 1]
        if not (kind == "op" and text in "]}"):
            if any(t[0] == "op" and t[2] in "[]{}" for t in self.tokens[lo:hi]):
                raise _Unsure
            return [line]  # a string (or `"key": "string"`) too long, that nothing can split
        opening = self.match[hi - 1]
        head = self.code[self.tokens[lo][1]:self.tokens[opening][1] + 1].lstrip()
        if not _DATA_HEAD.fullmatch(head) or opening + 1 >= hi - 1:
            raise _Unsure  # (a head too long for its line stays so: black has nothing in it to split)
        return [pad + head, *self.lines(opening, hi - 1, pad + "    ", width), pad + text + comma]


_ATOM_VALUE = re.compile(r"""(.*\S) = ((?:[A-Za-z_][A-Za-z0-9_]*|-?\d[\w.+-]*|"(?:[^"\\]|\\.)*"))""")


def _split_atomic_value(code: str, pad: str, width: int) -> list[str]:
    """`target: LongAnnotation[...] = None`: black wraps the value in parentheses of its own."""
    match = _ATOM_VALUE.fullmatch(code)
    if match is None:
        raise _Unsure
    lhs, value = match.groups()
    top = _top_level(lhs)
    if len([t for t in top if t[0] == "code" and _EQUALS.search(t[2])]) or _depth(lhs) != 0:
        raise _Unsure
    head = f"{pad}{lhs} = ("
    if _width(head) > width or _width(pad + "    " + value) > width or _width(pad + lhs + " =") > width - 1:
        raise _Unsure
    return [head, f"{pad}    {value}", f"{pad})"]


def _elements(inner: str) -> list[str]:
    """The comma-separated elements of a bracket's content (commas at its own depth only)."""
    out = []
    depth = 0
    last = 0
    for kind, start, text in _tokens(inner):
        if kind != "op":
            continue
        if text in "([{":
            depth += 1
        elif text in ")]}":
            depth -= 1
        elif text == "," and depth == 0:
            out.append(inner[last:start].strip())
            last = start + 1
    tail = inner[last:].strip()
    if tail:
        out.append(tail)
    for element in out:
        code = " ".join(t[2] for t in _tokens(element) if t[0] == "code")
        if not element or element.startswith("*") or re.search(r"\b(for|lambda|if)\b", code):
            raise _Unsure  # unpacking, comprehensions, lambdas, conditionals: black's rules differ
    return out


def _split_import(code: str, pad: str, width: int) -> list[str]:
    match = re.fullmatch(r"(from \S+ import) ([A-Za-z0-9_, ]+)", code)
    if not match:
        raise _Unsure
    head = f"{pad}{match.group(1)} ("
    names = [n.strip() for n in match.group(2).split(",")]
    if _width(head) > width or any(not n for n in names):
        raise _Unsure
    return [head, *(f"{pad}    {n}," for n in names), f"{pad})"]


rhs.data_layout = _literal_content
