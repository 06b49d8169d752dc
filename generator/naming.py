"""Stage 4, name: one namer for every target, with each language's reserved words.

Names are decided here and nowhere else. Explicit names (a `$defs` key, a root `title`) that
collide within a domain are an error the author must fix; derived names (nested objects, union
variants) that collide get a numeric suffix in a deterministic order.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from schemagen.name_tables import ENUM_ATTRIBUTES, PYTHON_BUILTINS, PYTHON_KEYWORDS

# A word: an acronym's plural (URLs), an acronym before a capitalised word (HTTP|Server), a
# capitalised or lower-case word with its digits (event, Sid, v2), or a run of capitals with its
# digits (ID2). Matched against _shape(), so non-ASCII letters take part by their case.
_WORD = re.compile(r"[A-Z]{2,}[0-9]*s(?![a-z])|[A-Z]+[0-9]*(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+[0-9]*")

# Names the generated Python modules import or define; a schema type must not shadow them.
PYTHON_IMPORTED = frozenset(
    {
        "Annotated", "Any", "Literal", "Union", "Optional", "TypeAlias", "NotRequired", "TypedDict", "Final",
        "BaseModel", "ConfigDict", "Field", "RootModel", "StrictBool", "StrictFloat", "StrictInt",
        "AfterValidator", "BeforeValidator", "EmailStr", "TypeAdapter", "with_config",
        "Enum", "IntEnum", "UUID", "date", "datetime", "time", "timedelta", "Path", "Callable",
        "annotations", "ContractModel", "Never",
    }
)
# Builtins that generated annotations spell: a pydantic field by one of these names would shadow
# the type in its own class body (`str: str | None` fails to evaluate).
PYTHON_SHADOWED = (PYTHON_IMPORTED - {"annotations"}) | frozenset(
    {"str", "int", "float", "bool", "list", "dict", "tuple", "None"}  # what generated annotations spell
)
PYTHON_RESERVED = PYTHON_KEYWORDS | PYTHON_BUILTINS

TS_RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export extends false
    finally for function if import in instanceof new null return super switch this throw true try typeof
    var void while with implements interface let package private protected public static yield any
    boolean number string symbol unknown never object undefined bigint type declare namespace module
    abstract as async await constructor get set from of readonly keyof infer is asserts unique global
    require Array Record Partial Readonly Required Pick Omit Exclude Extract NonNullable ReturnType
    Promise Date Map Set Object String Number Boolean Symbol Function Error JSON Math""".split()
)

# Every public attribute a generated model has from pydantic.BaseModel and its metaclass (which
# brings `type`'s `mro` and ABCMeta's `register`): a field by one of these names shadows it, and
# pydantic warns at import. A table rather than dir() at run time, so generating never imports
# pydantic; tests/test_naming.py derives the same set from the installed pydantic and fails when
# they differ.
PYDANTIC_RESERVED = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config",
        "model_construct", "model_copy", "model_dump", "model_dump_json", "model_extra", "model_fields",
        "model_fields_set", "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild",
        "model_validate", "model_validate_json", "model_validate_strings", "mro", "parse_file", "parse_obj",
        "parse_raw", "register", "schema", "schema_json", "update_forward_refs", "validate",
        "fields",  # pydantic v1's, deprecated in v2 but still warned about by some 2.x releases
    }
)

ENUM_RESERVED = ENUM_ATTRIBUTES


def _shape(ch: str) -> str:
    """A character's role in a word, as the one ASCII letter _WORD reads for it: ASCII stays as
    it is; other letters become `A` (upper case) or `a` (anything else, combining marks too);
    other identifier characters count as a digit; the rest separates words."""
    if ch.isascii():
        return ch if ch.isalnum() else " "
    if not ("a" + ch).isidentifier():
        return " "
    if ch.isupper():
        return "A"
    if ch.isalpha() or unicodedata.category(ch).startswith("M"):
        return "a"
    return "0"


def words(text: str) -> list[str]:
    """Split any spelling (camelCase, snake_case, kebab-case, spaces, unicode) into words.

    Acronyms stay whole (`HTTPServer` → HTTP, Server; `getURLs` → get, URLs), digits stay with
    the word before them (`eventID2` → event, ID2) and non-ASCII letters are letters
    (`naïveTime` → naïve, Time). Only characters that may continue an identifier survive."""
    return list(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text)
    shape = "".join(_shape(ch) for ch in text)
    return tuple(text[m.start():m.end()] for m in _WORD.finditer(shape))


def pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words(text))


def snake(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


def upper_snake(text: str) -> str:
    return "_".join(w.upper() for w in words(text))


def is_identifier(text: str) -> bool:
    return text.isidentifier() and unicodedata.normalize("NFKC", text) == text


def python_identifier(text: str, fallback: str) -> str:
    """A valid Python identifier derived from text (never a keyword)."""
    candidate = text if is_identifier(text) else ""
    if not candidate:
        candidate = fallback
    if candidate[:1].isdigit():
        candidate = "_" + candidate
    if candidate in PYTHON_KEYWORDS:
        candidate += "_"
    return candidate


def ts_identifier_ok(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", text))


def type_name(raw: str) -> str:
    """The language-neutral name of a type: PascalCase, starting with a letter."""
    name = raw if (is_identifier(raw) and raw[:1].isupper() and raw.isascii()) else pascal(raw)
    name = "".join(ch for ch in name if ch.isalnum() or ch == "_")
    if not name or not name.isascii():
        name = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch == "_")) or "Type"
    if name[0].isdigit() or name[0] == "_":
        name = "T" + name
    return name


@dataclass(frozen=True)
class TargetNames:
    """A type's final name in each target (they differ only where a language reserves a word)."""

    python: str
    typescript: str


def target_names(name: str) -> TargetNames:
    py = name
    while py in PYTHON_IMPORTED or py in PYTHON_RESERVED:
        py += "_"
    ts = name
    while ts in TS_RESERVED:
        ts += "_"
    return TargetNames(py, ts)


def unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name}{n}" in taken:
        n += 1
    return f"{name}{n}"


def field_attribute(json_name: str, style: str, taken: set[str]) -> str:
    """The Python attribute for a JSON property: snake_case (or kept), never a keyword or a
    pydantic attribute, never starting with an underscore (pydantic treats those as private)."""
    base = snake(json_name) if style == "snake" else json_name
    if not is_identifier(base):
        base = snake(json_name)
    base = base.lstrip("_")
    if base[:1].isdigit():
        base = "field_" + base
    if not base or not is_identifier(base):
        base = "field"
    if (base in PYTHON_KEYWORDS or base in PYDANTIC_RESERVED or base.startswith("model_")
            or base in PYTHON_SHADOWED):
        base += "_"
    return unique(base, taken)


def enum_member(value: object, taken: set[str]) -> str:
    text = str(value)
    if isinstance(value, bool) or value is None:
        text = repr(value)
    base = upper_snake(text)
    if isinstance(value, int) and not isinstance(value, bool):
        base = ("NEG_" if value < 0 else "VALUE_") + str(abs(value))
    if not base or not base.isascii() or not base.isidentifier():
        base = "VALUE"
    if base[0].isdigit():
        base = "VALUE_" + base
    if keyword.iskeyword(base) or base.startswith("_") or base in ENUM_RESERVED:
        base += "_"
    return unique(base, taken)


# ---------------------------------------------------------------- module and package names

# Module names with a meaning of their own in the output: every TypeScript folder has an
# `index.ts`, and `export * as default` would be the folder's default export. Windows' device
# names (`con.py`, `aux/`, `nul.ts`, with any suffix) cannot be files there: output is the same
# bytes on every platform, so they are suffixed everywhere.
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", "conin", "conout"}
                            | {f"{d}{i}" for d in ("com", "lpt") for i in range(10)})
MODULE_RESERVED = frozenset({"index", "default"}) | WINDOWS_DEVICES


def module_segment(part: str) -> str | None:
    """A file or folder name (without its suffix) as a module or package name: snake_case, an
    identifier in Python and TypeScript, never a keyword of either (suffixed `_`), never
    starting with a digit ("m" prefix). None when nothing nameable is left."""
    name = "".join(ch for ch in snake(part) if ("a" + ch).isidentifier() and ch.isprintable())
    name = re.sub("_+", "_", unicodedata.normalize("NFKC", name)).strip("_")
    if name[:1].isdigit():
        name = "m" + name
    if not name or not is_identifier(name):
        return None
    if keyword.iskeyword(name) or name.lower() in MODULE_RESERVED or name in JS_RESERVED:
        name += "_"
    return name


# ECMAScript reserved words (strict mode, plus `await`): never a name in generated TypeScript.
JS_RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export extends false finally
    for function if import in instanceof new null return super switch this throw true try typeof var void while
    with yield let static implements interface package private protected public await""".split()
)
