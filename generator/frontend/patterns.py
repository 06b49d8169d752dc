"""Every regular expression a schema holds (`pattern`, the keys of `patternProperties`) must be
valid ECMA-262, JSON Schema's dialect. An invalid one (`((`) is a located error at generation,
not an exception when the generated code first validates a value. Checked with `regress`, an
ECMA-262 engine (pinned in requirements.lock).

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


def pattern_problems(documents: list[Document]) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for doc in documents:
        for regex, pointer in regexes(doc.content):
            _check(regex, doc, pointer, diags)
    return diags


def _check(regex: str, doc: Document, pointer: str, diags: list[Diagnostic]) -> None:
    try:
        import regress
    except ImportError:  # an environment without it: no ECMA-262 engine to ask, so no verdict
        return
    try:
        regress.Regex(regex, "u")
    except Exception as exc:  # regress raises its own RegressError (and ValueError for bad flags)
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
