"""What a generated Python package needs at run time, read from the generated code itself (so no
construct can add a dependency unnoticed): pydantic always; email-validator where a module uses
pydantic's email types (`format: email`); jsonschema, and regress for ECMA-262 patterns, where a
module carries checks that run on the raw input. The generator's own dependencies (black, typer,
jinja2, ...) are never among them."""

from __future__ import annotations

import ast
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PYDANTIC = "pydantic>=2.11,<3"
EMAIL = "email-validator>=2"
JSONSCHEMA = "jsonschema>=4.22"
REGRESS = "regress>=2024.11"

_EMAIL_TYPES = {"EmailStr", "NameEmail"}
_CHECK_HELPERS = {"SchemaCheck", "CheckedModel", "attach_checks"}
WHY = {EMAIL: "format: email (pydantic's EmailStr)",
       JSONSCHEMA: "keywords checked at run time on the raw input",
       REGRESS: "ECMA-262 patterns in those run-time checks"}


@dataclass(frozen=True)
class Requirement:
    spec: str
    schemas: tuple[str, ...]  # the schema files whose modules need it ("" for pydantic: every one)


def module_needs(text: str) -> set[str]:
    """The extra requirements (beyond pydantic) of one generated module's text."""
    # Parsing was a fifth of a run: text that spells none of the names needs nothing. Python
    # reads identifiers NFKC-normalised, so the names are looked for in the normalised text.
    if not _spells_a_name(text):
        return set()
    try:  # only the top-level statements that spell a name: a 3 MB module parsed whole took 6 s
        nodes = [node for piece in _statements(text) if _spells_a_name(piece) for node in ast.walk(ast.parse(piece))]
    except SyntaxError:  # a piece that is not a statement on its own: the whole module decides
        nodes = list(ast.walk(ast.parse(text)))
    return needs_of(nodes)


def needs_of(nodes: Iterable[ast.AST]) -> set[str]:
    """The extra requirements the parsed nodes spell: pydantic's email types, the check helpers."""
    needs: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module == "pydantic":
            if any(alias.name in _EMAIL_TYPES for alias in node.names):
                needs.add(EMAIL)
        elif isinstance(node, ast.Attribute) and node.attr in _CHECK_HELPERS:
            needs |= {JSONSCHEMA, REGRESS}
    return needs


def _spells_a_name(text: str) -> bool:
    plain = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return any(name in plain for name in _NAMES)


_NAMES = tuple(sorted(_EMAIL_TYPES | _CHECK_HELPERS))
_CONTINUED = ("else", "elif", "except", "finally")


def _statements(text: str) -> list[str]:
    """The module cut before each line that starts a top-level statement: unindented, not a
    closing bracket, a clause of the statement before, a decorated line, a backslash-continued
    one, nor inside a triple-quoted string (all that the generated code writes). A wrong cut makes
    a piece that does not parse, and the caller then parses the module whole."""
    pieces: list[list[str]] = [[]]
    quoted = False
    previous = ""
    for line in text.split("\n"):
        starts = (not quoted and line[:1] not in ("", " ", "\t", ")", "]", "}") and not previous.startswith("@")
                  and not previous.endswith("\\") and line.split(":", 1)[0].split(" ", 1)[0] not in _CONTINUED)
        if starts and pieces[-1]:
            pieces.append([])
        pieces[-1].append(line)
        if line.count('"""') % 2 or line.count("'''") % 2:
            quoted = not quoted
        if line[:1] not in ("", " ", "\t"):
            previous = line
    return ["\n".join(p) + "\n" for p in pieces]


def package_requirements(needs_by_schema: dict[str, set[str]]) -> tuple[Requirement, ...]:
    """pydantic first, then each extra with the schemas that cause it, in a stable order."""
    extras = sorted({spec for needs in needs_by_schema.values() for spec in needs})
    return (Requirement(PYDANTIC, ()),) + tuple(
        Requirement(spec, tuple(sorted(s for s, needs in needs_by_schema.items() if spec in needs))) for spec in extras
    )


def requirements_text(header: str, requirements: tuple[Requirement, ...]) -> str:
    """requirements.txt beside the package: `pip install -r` it in the app that imports it."""
    lines = [header, "# what this generated package needs at run time (not schemagen itself)"]
    for req in requirements:
        lines.append(req.spec + (f"  # {WHY[req.spec]}: {', '.join(req.schemas)}" if req.schemas else ""))
    return "\n".join(lines) + "\n"
