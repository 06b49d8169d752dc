"""File and folder names reach generated code (issue 12): through the header comment on line 1,
module and package names, TypeScript paths and `export * as` names. Each class is attacked
through the real CLI; a name is refused with a located error naming the path, or it lands
inert (Python reads the file as UTF-8, no comment ends early, every module imports, the
emitted JavaScript loads, no canary appears)."""

from __future__ import annotations

import io
import keyword
import re
import tokenize
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemagen.naming import JS_RESERVED, module_segment
from tests.hostile_support import emit_and_load_js, generate, import_all, nothing_written, project, snapshot, tsc_available

LINE_BREAKS = ["\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
NAME_PIECES = ["a", "B", "_", "-", " ", ".", "9", "coding=", "coding:", "utf-7", "unicode_escape", "-*-", "#", "//",
               "/*", "*/", "\\", "'", '"', "`", "${", "def", "class", "index", "default", "import", "\ufe1d", "\u2065",
               "\u202e", "\u200b", "\ufeff", "ü", "日本", "Ａ", "\U0001f389", "$", "%", "=", *LINE_BREAKS]
DEFAULT_WITH_CODE = {"$defs": {"A": {"type": "object", "properties": {
    "x": {"type": "string", "default": "\\u0027; __import__('os').system('touch CANARY'); x = '\\x27 é"},
    "y": {"type": "string", "const": "é\u2028"}}}}}


def _header_is_inert(path: Path) -> None:
    raw = path.read_bytes()
    assert tokenize.detect_encoding(io.BytesIO(raw).readline)[0] in ("utf-8", "utf-8-sig"), path
    first = raw.decode("utf-8").split("\n", 1)[0]
    assert not any(b in first for b in LINE_BREAKS) and not re.search(r"coding[:=]", first), first


def _check_landing(out: Path) -> None:
    for path in (out / "python").rglob("*.py"):
        _header_is_inert(path)
    for path in (out / "typescript").rglob("*.ts"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert not any(b in first for b in LINE_BREAKS), first
    proc = import_all(out)
    assert proc.returncode == 0, proc.stderr
    assert not (out / "CANARY").exists()


@pytest.mark.parametrize("name", ["coding=unicode_escape .json", "x -*- coding: utf-7 -*-.json", "a\nimport os.json",
                                  "a\u2028b.json", "a\u2029b.yaml", "a\rb.json", "\u202ea.json", "def.json", "class.json",
                                  "import.yaml", "index.json", "default.json", "None.json", "a\ufe1d.json", "b\u2065.json",
                                  "9lives.json", "naïve.json", "__init__.json", "_schemagen.json"])
def test_hostile_file_names_are_inert(tmp_path: Path, name: str) -> None:
    schemas, out, package = project(tmp_path, {name: DEFAULT_WITH_CODE, f"sub {name[:-5]}x/m.json": DEFAULT_WITH_CODE})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    _check_landing(out)
    if tsc_available():
        proc = emit_and_load_js(out)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (tmp_path / "CANARY").exists()


@pytest.mark.parametrize("files", [
    ["a.json", "a/b.json"],            # a module and a package with one name
    ["A.json", "a.yaml"],              # differ only by case (or suffix)
    ["Foo/x.json", "foo/y.json"],      # folders that collide on macOS and Windows
    ["a-b.json", "a_b.json"],          # one snake_case name
    ["a\ufe1d.json", "a.json"],        # an invisible character dropped
    ["x/é.json", "x/e\u0301.json"],    # NFC and NFD spellings of one name
])
def test_names_that_collide_are_refused_with_both_paths(tmp_path: Path, files: list[str]) -> None:
    schema = {"$defs": {"T" + str(abs(hash(f)) % 1000): {"type": "string"} for f in files}}
    schemas, out, package = project(tmp_path, {f: {"$defs": {f"T{i}": {"type": "string"}}} for i, f in enumerate(files)})
    del schema
    code, text = generate(schemas, out, package)
    assert code == 2, text
    assert re.search(r"error\[(module|package)-collision\]", text), text
    assert nothing_written(out)


@pytest.mark.parametrize("name", ["!!!.json", "___.json", "\u200b.json", "\U0001f389.json", "-.yaml"])
def test_names_that_give_no_module_are_refused(tmp_path: Path, name: str) -> None:
    schemas, out, package = project(tmp_path, {name: {"$defs": {"A": {"type": "string"}}}})
    code, text = generate(schemas, out, package)
    assert code == 2 and "error[module-name]" in text, text
    assert nothing_written(out)


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=6).map("".join))
def test_module_segments_are_identifiers_in_both_languages(part: str) -> None:
    name = module_segment(part)
    if name is None:
        return
    assert name.isidentifier() and not keyword.iskeyword(name) and name not in JS_RESERVED and name != "index"
    assert re.fullmatch(r"[^\W\d]\w*", name) and module_segment(name) in (name, name + "_")


@st.composite
def _tree(draw: st.DrawFn) -> dict[str, object]:
    # mostly nameable (a letter somewhere), so most examples reach the output
    piece = st.tuples(st.lists(st.sampled_from(NAME_PIECES), max_size=3), st.sampled_from(["n", "", "Q"]),
                      st.lists(st.sampled_from(NAME_PIECES), max_size=3)).map(lambda t: "".join(t[0]) + t[1] + "".join(t[2]))
    files: dict[str, object] = {}
    for i in range(draw(st.integers(1, 3))):
        folder = draw(st.one_of(st.just(""), piece.map(lambda p: p.replace("/", "") + "/")))
        stem = draw(piece).replace("/", "")
        suffix = draw(st.sampled_from([".json", ".yaml"]))
        if not stem.strip(". ") or not folder.strip("./ ") and folder:
            continue
        files[f"{folder}{stem}{suffix}"] = {"$defs": {f"T{i}": DEFAULT_WITH_CODE["$defs"]["A"]}}
    return files


def test_fuzzed_file_and_folder_names_are_refused_or_inert(tmp_path: Path) -> None:
    outputs: list[Path] = []
    count = 0

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_tree())
    def check(files: dict[str, object]) -> None:
        nonlocal count
        count += 1
        root = tmp_path / f"ex{count}"
        try:
            schemas, out, package = project(root, files)
        except OSError:  # a name this file system cannot hold (NUL, too long): nothing to test
            return
        code, text = generate(schemas, out, package)
        if code == 2:
            assert re.search(r"error\[(module-name|module-collision|package-collision)\]", text), text
            assert nothing_written(out)
            return
        assert code == 0, text
        _check_landing(out)
        outputs.append(out)

    check()
    assert len(outputs) >= 8, f"only {len(outputs)} of {count} generated"
    if tsc_available():
        for out in outputs[:5]:
            proc = emit_and_load_js(out)
            assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(("files", "code"), [
    (["x/\u00e9.json", "x/e\u0301.json"], "module-collision"),       # NFC and NFD file names
    (["\u00e9/a.json", "e\u0301/b.json"], "package-collision"),      # NFC and NFD folder names
])
def test_a_collision_message_shows_the_two_spellings_apart(tmp_path: Path, files: list[str], code: str) -> None:
    """The two names print alike; the message shows their code points, so a reader can tell
    which file is which (before: 'x/é.json' and 'x/é.json')."""
    schemas, out, package = project(tmp_path, {f: {"$defs": {f"T{i}": {"type": "string"}}} for i, f in enumerate(files)})
    exit_code, text = generate(schemas, out, package)
    assert exit_code == 2 and f"error[{code}]" in text, text
    line = next(line for line in text.splitlines() if f"error[{code}]" in line)
    assert "\\xe9" in line and "e\\u0301" in line, line
    assert nothing_written(out)


def test_output_is_the_same_for_nfc_and_nfd_file_names(tmp_path: Path) -> None:
    """macOS hands out decomposed names (NFD), Linux the bytes as written: the header's source path
    is NFC-normalised, so both checkouts generate the same bytes (before: `caf\\u0301e` on one,
    `café` on the other, and `check` reported drift between them)."""
    schema = {"$defs": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}
    outs = []
    for form in ("NFC", "NFD"):
        name = unicodedata.normalize(form, "d\u00e9j\u00e0/caf\u00e9.json")
        schemas, out, package = project(tmp_path / form, {name: schema}, package="nfc_nfd")
        code, text = generate(schemas, out, package, "--no-cache")
        assert code == 0, text
        outs.append(snapshot(out))
    assert outs[0] == outs[1]
    headers = [text.split(b"\n", 1)[0].decode() for path, text in outs[0].items() if path.endswith((".py", ".ts"))]
    assert any("d\u00e9j\u00e0/caf\u00e9.json" in h for h in headers) and not any("\\u03" in h for h in headers), headers
