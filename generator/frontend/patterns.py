"""Every regular expression a schema holds (`pattern`, the keys of `patternProperties`) must be
valid ECMA-262, JSON Schema's dialect. An invalid one (`((`) is a located error at generation,
not an exception when the generated code first validates a value. Checked with `regress`, an
ECMA-262 engine (pinned in requirements.lock).

A pattern that is ECMA-262 only without the `u` flag because it escapes punctuation that needs no
escape (`[^\\:]`, `\\-` outside a class: Annex B identity escapes, common in draft-07 schemas, which
name no flag) is read as the same pattern without those backslashes, with a located
`pattern-legacy` warning: `rewrite_legacy_patterns` gives the rest of the pipeline (lowering, the
runtime checks' schema fragments) that spelling, so every target reads one pattern.

A valid pattern that must stay on a backtracking engine (see `ecma_regex`) at more than linear
cost is a located warning: the generated code checks it only on strings up to the length
`regex_cost` allows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemagen.diagnostics import Diagnostic, error, warning
from schemagen.frontend.ecma_regex import linear_pattern
from schemagen.frontend.regex_cost import checked_length
from schemagen.frontend.load import Document, escape_pointer_token
from schemagen.frontend.schema_walk import schema_objects

def regexes(content: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(regex, JSON pointer) of each `pattern` value and `patternProperties` key in a schema."""
    for node, where in schema_objects(content, pointer):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value, f"{where}/pattern"
            elif key == "patternProperties" and isinstance(value, dict):
                yield from ((regex, f"{where}/patternProperties/{escape_pointer_token(regex)}") for regex in value)


# ASCII punctuation that means nothing escaped or not, outside a class and in one; `,` is left out
# (`{1\\,2}` is text, `{1,2}` a quantifier), as are the syntax characters, whose escape u allows.
_IDENTITY = frozenset("!\"#%&':;<=>@_`~ ")


def unicode_spelling(regex: str) -> str | None:
    """The pattern without its needless identity escapes (`\\:` → `:`; `\\-` outside a class), when
    there is one to drop; None when there is none."""
    out: list[str] = []
    in_class = changed = False
    i = 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\" and i + 1 < len(regex):
            nxt = regex[i + 1]
            if nxt in _IDENTITY or (nxt == "-" and not in_class):
                out.append(nxt)
                changed = True
            else:
                out.append(regex[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out) if changed else None


def legacy_reading(regex: str) -> str | None:
    """How a pattern valid only without the u flag is read: its unicode_spelling, when that is
    valid with the flag (and the pattern itself without it); else None."""
    spelled = unicode_spelling(regex)
    if spelled is None or _valid(regex, "u") or not _valid(regex, "") or not _valid(spelled, "u"):
        return None
    return spelled


def rewrite_legacy_patterns(doc: Document, diags: list[Diagnostic]) -> Document:
    """`doc` with each `pattern` a `pattern-legacy` warning in `diags` names respelt as the warning
    says (the content is copied along the way, the loaded document is left as it is)."""
    from dataclasses import replace

    pointers = [d.location.pointer for d in diags
                if d.code == "pattern-legacy" and d.location is not None and d.location.file == doc.display]
    if not pointers:
        return doc
    content = _copied(doc.content)
    for pointer in pointers:
        *path, last = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
        node = content
        for token in path:
            node = node[int(token)] if isinstance(node, list) else node[token]
        spelled = unicode_spelling(node[last]) if isinstance(node, dict) and isinstance(node.get(last), str) else None
        if spelled is not None:
            node[last] = spelled
    return replace(doc, content=content)


def _copied(value: Any) -> Any:
    """A copy of every dict and list in a JSON value (the strings and numbers are shared), iterative."""
    root = _shallow(value)
    todo = [root]
    while todo:
        node = todo.pop()
        for key, child in list(node.items() if isinstance(node, dict) else enumerate(node)):
            if isinstance(child, (dict, list)):
                node[key] = _shallow(child)
                todo.append(node[key])
    return root


def _shallow(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value


def pattern_problems_at(doc: Document, node: Any, pointer: str) -> list[Diagnostic]:
    """The problems of the patterns in one schema of a document (one a `$ref` reaches where
    `pattern_problems` did not look: frontend/ref_targets.py)."""
    diags: list[Diagnostic] = []
    for regex, where in regexes(node, pointer):
        _check(regex, doc, where, diags)
    return diags


def pattern_problems(documents: list[Document]) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for doc in documents:
        for regex, pointer in regexes(doc.content):
            _check(regex, doc, pointer, diags)
    return diags


def _valid(regex: str, flags: str) -> bool:
    import regress

    try:
        regress.Regex(regex, flags)
    except Exception:
        return False
    return True


def _check(regex: str, doc: Document, pointer: str, diags: list[Diagnostic]) -> None:
    try:
        import regress
    except ImportError:  # an environment without it: no ECMA-262 engine to ask, so no verdict
        return
    try:
        regress.Regex(regex, "u")
    except Exception as exc:  # regress raises its own RegressError (and ValueError for bad flags)
        value = pointer.endswith("/pattern") and not pointer.endswith("/patternProperties/pattern")
        spelled = legacy_reading(regex) if value else None  # a patternProperties key stays an error
        if spelled is not None:
            diags.append(warning(
                "pattern-legacy", f"{regex!r} is ECMA-262 only without the u flag (it escapes punctuation that "
                f"needs no escape): read as {spelled!r}", doc.location(pointer),
                f"write it as {spelled!r} (every engine reads that alike)"))
            regex = spelled
        else:
            diags.append(error("pattern-invalid", f"{regex!r} is not an ECMA-262 regular expression: {exc}",
                           doc.location(pointer), "fix the regular expression (JSON Schema patterns are ECMA-262)"))
            return
    if linear_pattern(regex) is None and (longest := checked_length(regex)) is not None:
        diags.append(warning(
            "pattern-backtracking", f"{regex!r} needs a backtracking engine (lookaround, a backreference or \\B) "
            f"at more than linear cost: the generated code checks it only on strings of at most {longest} "
            "characters, a longer one fails validation",
            doc.location(pointer), "drop the lookaround or backreference (the pattern then runs on a linear-time "
            "engine), or the repetition that makes it costly (`(a+)+` matches what `a+` matches, `(a|ab)*` "
            "what `(ab?)*` does)", target="pydantic, typeddict"))
