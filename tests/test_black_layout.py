"""black stays the reference for the layout schemagen writes without it (generator/output/layout.py).

For every module the bundled templates render (the golden cases, this repo's own schemas, the
benchmark corpus, every real-world set and fuzzed schemas full of quotes, backslashes, long text
and odd numbers), `layout(raw)` is exactly black's output, with no statement left to black: a
shape the layout does not know fails here (layout returns None, or the pipeline's count of
statements formatted by black alone, `layout.black_statements`, moves). Every Python file
schemagen writes is left unchanged by black.
"""

from __future__ import annotations

import json
import os
import random
import string
from pathlib import Path
from typing import Any

import pytest

import schemagen.output.emit as emit
import schemagen.output.layout as layout_module
from schemagen.config import load_config
from schemagen.output.format import black_format
from schemagen.output.layout import layout, normalize_string
from schemagen.pipeline import generate
from tests.bench_corpus import write_corpus
from tests.bench_corpus_bases import write_corpus as write_bases
from tests.goldens_lib import REPO, case_config, cases
from tests.realworld.harness import generate_set
from tests.realworld.harness import set_names as realworld_set_names
from tests.support import write_schemas


def _rendered(config: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], dict[str, str]]:
    raws: list[str] = []
    real = emit.format_python

    def recording(text: str, cache: Any = None, fast: bool = False) -> str:
        raws.append(text)
        return real(text, None, fast)

    monkeypatch.setattr(emit, "format_python", recording)
    files = generate(config).files
    monkeypatch.setattr(emit, "format_python", real)
    return raws, files


def _check(config: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Every module rendered is laid out without black, exactly as black lays it out."""
    before = layout_module.black_statements
    raws, files = _rendered(config, monkeypatch)
    for raw in raws:
        got = layout(raw)
        assert got is not None, _unknown(raw)
        assert got == black_format(raw)
    assert layout_module.black_statements == before, "a statement of the bundled templates went to black"
    for path, text in files.items():
        if path.endswith(".py"):
            assert black_format(text) == text, path
    return len(raws), len(raws)


def _unknown(raw: str) -> str:
    """The statements of `raw` the layout does not know, for the failure message."""
    pieces: list[str] = []

    def recording(text: str) -> str:
        pieces.append(text)
        return black_format(text)

    layout(raw, fallback=recording)
    return "statements layout.py does not lay out:\n" + "\n---\n".join(p[:2000] for p in pieces)


@pytest.mark.parametrize("case", cases())
def test_goldens_are_laid_out_as_black_lays_them_out(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(case_config(case), monkeypatch)


def test_this_repos_schemas_and_the_bench_corpora(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(load_config(REPO, None, {"out": str(tmp_path / "out")}), monkeypatch)
    write_corpus(100, tmp_path / "corpus" / "schemas")
    config = load_config(tmp_path, None, discover=False, overrides={
        "schemas": str(tmp_path / "corpus" / "schemas"), "out": str(tmp_path / "corpus" / "out")})
    _check(config, monkeypatch)
    write_bases(100, tmp_path / "bases" / "schemas")
    config = load_config(tmp_path, None, discover=False, overrides={
        "schemas": str(tmp_path / "bases" / "schemas"), "out": str(tmp_path / "bases" / "out")})
    _check(config, monkeypatch)


# black over a whole module of these costs 10-30 s each: with the real-world corpus (make realworld)
_BIG_SETS = {"azure-pipelines", "biome", "github-webhooks", "vega-lite", "cyclonedx-1.6", "angular-workspace", "circle-ci"}


@pytest.mark.parametrize("name", realworld_set_names())
def test_real_world_sets(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if name in _BIG_SETS and os.environ.get("SCHEMAGEN_REALWORLD") != "1":
        pytest.skip("a large set: SCHEMAGEN_REALWORLD=1 (make realworld) checks it")
    monkeypatch.setattr(emit, "format_python", emit.format_python)
    raws: list[str] = []
    real = emit.format_python

    def recording(text: str, cache: Any = None, fast: bool = False) -> str:
        raws.append(text)
        return real(text, None, fast)

    monkeypatch.setattr(emit, "format_python", recording)
    before = layout_module.black_statements
    result = generate_set(name, str(tmp_path))
    if result["status"] != "ok":
        pytest.skip(f"{name} does not generate ({result['status']}): tests/realworld/known_gaps.json")
    for raw in raws:
        got = layout(raw)
        assert got is not None, _unknown(raw)
        assert got == black_format(raw)
    assert layout_module.black_statements == before, "a statement of the bundled templates went to black"


_PIECES = ['"', "'", "\\", '"""', "'''", "\n", "  ", "é", "→", "{", "}", "#", "x" * 120, "a b", "\t", "\\n", "😀"]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES + list(string.ascii_letters)) for _ in range(rng.randint(1, 30))).strip() or "x"


def _fuzz_schema(rng: random.Random) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for i in range(6):
        props: dict[str, Any] = {}
        for j in range(rng.randint(1, 6)):
            key = rng.choice([f"field{j}", f"camelCase{j}", f"with space {j}", f"x{'y' * rng.randint(1, 90)}"])
            prop: dict[str, Any] = {"type": rng.choice(["string", "integer", "number", ["string", "null"]])}
            if rng.random() < 0.6:
                prop["description"] = _text(rng)
            if prop["type"] == "string" and rng.random() < 0.4:
                prop["enum"] = [_text(rng) for _ in range(rng.randint(1, 12))]
                del prop["type"]
            elif prop["type"] in ("integer", "number") and rng.random() < 0.5:
                prop["minimum"] = rng.choice([0, -1, 10**20, 1e20, 0.5, 123456789])
                prop["default"] = rng.choice([1, 1e21, 2.5e-7])
            elif rng.random() < 0.3:
                prop["pattern"] = rng.choice(["^[a-z]+$", "\\d+", "^'\"$"])
                prop["maxLength"] = rng.randint(1, 10**9)
            props[key] = prop
        defs[f"T{i}{'Long' * rng.randint(0, 25)}"] = {"type": "object", "description": _text(rng), "properties": props,
                                                      "required": [k for k in props if rng.random() < 0.5]}
    return {"$defs": defs}


@pytest.mark.parametrize("seed", range(12))
def test_fuzzed_schemas(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    write_schemas(tmp_path, {"fuzz.json": json.dumps(_fuzz_schema(rng))})
    _check(load_config(tmp_path, None, discover=False, overrides={"schemas": str(tmp_path / "schemas"),
                                                                  "out": str(tmp_path / "out")}), monkeypatch)


def test_string_quotes_follow_black() -> None:
    for literal in ["'a'", '"a"', "'it\\'s'", '\'say "hi"\'', "'\\\\'", "'a\"b\\'c'", "f'{x}'", "r'\\d'", "r'\"'"]:
        module = f"x = {literal}\n"
        assert f"x = {normalize_string(literal)}\n" == black_format(module), literal


def test_unknown_shapes_are_left_to_black() -> None:
    module = "def f(a, b):\n    return [x for x in a if x]\n" + "y = [" + "a for a in b if " * 10 + "a]\n"
    assert layout(module) is None  # a long comprehension
    assert layout(module, fallback=black_format) == black_format(module)
    module = "y = " + " | ".join(f"Name{i}" for i in range(40)) + "\n" + "'a' " + "+ 'b'" * 30 + "\n"
    assert layout(module) == black_format(module)  # a long union, and an arithmetic expression statement


ONE_TUPLES = ["x = ('a',)", "__requirements__ = ('pydantic>=2.11,<3',)", "v = ('q',)  # c", "x = ((a,), b)",
              "x = g((a,))", "x = {'k': (1,)}", "x = [(1,), (2,)]"]
MAGIC = ["f(a,)", "y = (a, b,)", "z = [a,]", "w = t[a,]", "x = f(a)(b,)", "x = (f(a,),)", "x = (a, )"]


@pytest.mark.parametrize("code", ONE_TUPLES + MAGIC)
def test_a_one_element_tuple_keeps_its_comma_and_a_magic_comma_is_left_to_black(code: str) -> None:
    # black explodes a call or list with a trailing comma, but keeps a parenthesised one-element
    # tuple on its line (the package's one-requirement `__requirements__`)
    module = code + "\n"
    got = layout(module)
    if code in ONE_TUPLES:
        assert got == black_format(module)
    else:
        assert got is None or got == black_format(module)


LONG = "x" * 90
ODD_MODULE = f'''"""A module."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field


class Account(BaseModel):
    """An account whose "status" annotation alone is wider than a "line" """

    name: str | None = None
    status: Annotated[Literal['active', 'inactive', 'entered-in-error', 'on-hold', 'unknown-{LONG}'] | None, Field(min_length=1)] = Field(default=None, description='Indicates whether the account is presently used/usable or not.')
    other: int = 0


class Config(BaseModel, extra_items=Annotated[Literal['a-{LONG}', 'b'] | None, Field(description='d')]):  # type: ignore[call-arg]  # a comment
    """A docstring layout.py writes itself."""

    nested: Any = [x for x in ("{LONG}", "{LONG}") if x]


Status: TypeAlias = Literal['active', 'inactive', 'entered-in-error', 'on-hold', 'unknown', 'something-else-{LONG}'] | None
_CHECK_DEFS: dict[str, Any] = {{'a': {{'type': 'array', 'items': {{'$ref': '#/$defs/b'}}}}, 'b': {{'type': 'object', 'properties': {{'x{LONG}': {{'type': 'string'}}}}}}}}
Plain: TypeAlias = str
'''


def test_a_statement_layout_does_not_know_is_formatted_by_black_alone() -> None:
    # a huge module whose few odd statements defeat layout.py went wholly through black (FHIR's
    # 3.2 MB module: 64 s of black); now only those statements do, and the result is unchanged
    assert layout(ODD_MODULE) is None
    pieces: list[str] = []

    def recording(text: str) -> str:
        pieces.append(text)
        return black_format(text)

    before = layout_module.black_statements
    assert layout(ODD_MODULE, fallback=recording) == black_format(ODD_MODULE)
    assert pieces and all(len(p) < 600 for p in pieces), pieces  # statements, never the module
    assert layout_module.black_statements == before + len(pieces)  # and each one counted
    assert not any("other: int = 0" in p or "Plain" in p for p in pieces)


def test_a_shape_black_cannot_format_alone_leaves_the_module_to_black() -> None:
    module = "if x:\n    y = 1\nelse:\n    z = [" + ", ".join(f"'{i}{LONG}'" for i in range(3)) + "]\n"
    got = layout(module, fallback=black_format)
    assert got is None or got == black_format(module)
    module = "'a' " + "+ 'b'" * 30 + "\n"  # a string statement first: black's module docstring
    assert layout(module, fallback=black_format) in (None, black_format(module))


def _json_value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.35:
        return rng.choice([lambda: "s" * rng.randint(0, 120), lambda: rng.randint(-5, 10 ** rng.randint(1, 30)),
                           lambda: rng.choice([True, False, None]), lambda: 1.5e300,
                           lambda: "q\"uo'te" * rng.randint(1, 9)])()
    if roll < 0.65:
        return [_json_value(rng, depth + 1) for _ in range(rng.choice([0, 1, 1, 2, 3, 6]))]
    return {"k" * rng.randint(1, 40) + str(i): _json_value(rng, depth + 1) for i in range(rng.choice([0, 1, 1, 2, 3, 7]))}


DATA_FORMS = ["X = {}", "_CHECK_DEFS: dict[str, Any] = {}", "class A:\n    __x__: ClassVar[dict[str, Any]] = {}",
              "class A:\n    y = {}", "V" * 80 + ": dict[str, Any] = {}"]


@pytest.mark.parametrize("seed", range(4))
def test_dicts_and_lists_of_json_values_are_laid_out_as_black_lays_them_out(seed: int) -> None:
    # the shared check definitions (_CHECK_DEFS: 376 KB on one line in azure-pipelines) went
    # through black; layout.py splits them itself, nested, as black's delimiter and right-hand splits do
    rng = random.Random(seed)
    fast = total = 0
    while total < 150:
        value = _json_value(rng, 0)
        if not isinstance(value, (dict, list)):
            continue
        module = rng.choice(DATA_FORMS).replace("{}", repr(value)) + "\n"
        total += 1
        got = layout(module)
        if got is not None:
            fast += 1
            assert got == black_format(module), module
    assert fast >= total * 0.8, (fast, total)
