"""The runtime helpers every generated Python package carries as its `_schemagen.py`, kept here as
real Python so that mypy --strict, the tests and coverage read them like the rest of schemagen.

Each part is a module that imports what it uses (from pydantic, and the other parts). Below its
`MARKER` line is its code, which the helpers templates copy: templates/shared/helpers.py.j2 and
the two that extend it (pydantic/, typeddict/) write the module's docstring and its imports once,
then choose the parts their target needs, as `runtime.<part>` (a `Parts`, which `sources()` reads and
the emit stage hands to the helpers template):

- `checks`: both targets; the `Annotated` validators' base and `SchemaCheck` (`jsonschema` checks)
- `models`: pydantic only; `ContractModel`, `CheckedModel`, `NotNull`
- `values`: both targets; JSON's integers, dates and `const`/`enum` values, `Unique`, factories
- `standins`: typeddict only; pydantic's `Field`, `StrictBool`, `with_config` without pydantic

A part's code may use the names the parts before it in `_schemagen.py` define (checks, then
models, values, standins), imported from them above its marker. `models` holds `EXTRA_MODE`
where `_schemagen.py` has the package's `extra` ("allow", or "forbid" without `open_objects`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

MARKER = "# ---- copied into _schemagen.py from here on: the part's code, without the imports above ----\n"


@dataclass(frozen=True)
class Parts:
    """Each part's code: its text below `MARKER`, without the blank lines around it. Attributes,
    not a dict, so that the template's `runtime.values` is the part and not a dict method."""

    checks: str
    models: str
    values: str
    standins: str


PARTS = tuple(field.name for field in fields(Parts))


@lru_cache(maxsize=1)
def sources() -> Parts:
    """The parts' code, read from this folder (the code_digest of the cache covers it)."""
    folder = Path(__file__).parent
    parts: dict[str, str] = {}
    for part in PARTS:
        text = (folder / f"{part}.py").read_text(encoding="utf-8")
        _, marker, code = text.partition(MARKER)
        if not marker:
            raise RuntimeError(f"{folder / part}.py has no line {MARKER.strip()!r}")
        parts[part] = code.strip("\n")
    return Parts(**parts)


@lru_cache(maxsize=1)
def validators_source() -> str:
    """The TypeScript runtime the generated validators share (`validators/_schemagen.ts`), kept here
    as real TypeScript; templates/validators/runtime.ts.j2 puts the header above it."""
    return (Path(__file__).parent / "validators.ts").read_text(encoding="utf-8").rstrip("\n")
