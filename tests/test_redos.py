"""ReDoS at validation time (issue 12): a schema's `pattern` is untrusted, so validating a string
must not take exponential time. ECMA-262 patterns are respelt for pydantic's linear-time Rust
engine (ECMA's `\\d`, `\\w`, `\\s`, `.` as explicit classes); what must stay on a backtracking
engine (lookaround, backreferences) and nests unbounded quantifiers is a located warning.

The classic pathological patterns are each routed (asserted: the linear engine, not a runtime
check), then fed an attack string long enough that any backtracking engine would never finish;
the verdicts must be ECMA-262's (`regress` is the referee, on short strings)."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from collections.abc import Callable
from types import SimpleNamespace

import pytest
import regress
from pydantic import TypeAdapter, ValidationError

from schemagen.frontend import regex_cost
from schemagen.frontend.ecma_regex import linear_pattern, to_rust
from schemagen.frontend.regex_cost import checked_length
from tests.hostile_support import generate, import_all, project
from tests.support import import_generated

# (pattern, repeated unit, tail, whether the attack string matches): each exponential (or a
# high-degree polynomial) on a backtracking engine for unit * n + tail
PATHOLOGICAL: list[tuple[str, str, str, bool]] = [
    ("^(\\d+)+$", "1", "x", False),
    ("^(\\w+\\s?)*$", "a", "!", False),
    ("^(a+)+$", "a", "b", False),
    ("^(\\d|\\d\\d)+$", "1", "x", False),
    ("^(\\w|\\d)+$", "1", "!", False),
    ("(x+x+)+y", "x", "", False),
    ("^(\\s*,?\\s*)*$", " ", "x", False),
    ("^(([a-z])+.)+[A-Z]([a-z])+$", "a", "!", False),
    ("^\\s*(\\s*\\w+\\s*)+\\s*$", "a ", "!", False),
    ("^(\\.?\\w+)*@", "a", "!", False),
    ("^(.*?,){11}P", "1,", "", False),
    ("(.*a){12}", "a", "", True),
    ("\\d*\\d*\\d*\\d*\\d*\\d*x", "1", "", False),
    ("^([\\w.+-]+)*@example\\.com$", "a.", "!", False),
    ("^(\\S+\\s*)+$", "a ", "\u0085", True),  # U+0085 is no ECMA whitespace: \\S takes it
    ("^(?:[\\d\\-]+)+\\$$", "1-", "x", False),
    ("^(\\p{Letter}+)+$", "\u03c0", "1", False),
    ("^([^\\r\\n]*\\w)+;$", "ab", "", False),
    ("^([\\u0041-\\u005A]+)*$", "A", "a", False),
    ("^(\\b\\w+\\b\\s*)+$", "ab ", "!", False),
]
ATTACK_LENGTH = 20_000


def _schema(patterns: list[str]) -> dict[str, object]:
    """`Fields`: one string property per pattern; `K<i>`: an object whose keys must match pattern i
    (a runtime check: patternProperties with additionalProperties false)."""
    defs: dict[str, object] = {
        "Fields": {"type": "object", "properties": {f"f{i}": {"type": "string", "pattern": p} for i, p in enumerate(patterns)}}}
    for i, p in enumerate(patterns):
        defs[f"K{i}"] = {"type": "object", "patternProperties": {p: {"type": "integer"}}, "additionalProperties": False}
    return {"$defs": defs}


def _ecma(pattern: str, text: str) -> bool:
    return regress.Regex(pattern, "u").find(text) is not None


def _valid(adapter: TypeAdapter[object], value: object) -> bool:
    try:
        adapter.validate_python(value)
        return True
    except ValidationError:
        return False


@pytest.fixture(scope="module")
def pathological(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("redos")
    schemas, out, package = project(root, {"p.json": _schema([p for p, _, _, _ in PATHOLOGICAL])})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    assert "pattern-backtracking" not in text, text  # none of them needs a backtracking engine
    return out, package


def test_pathological_patterns_are_routed_to_the_linear_engine(pathological: tuple[Path, str]) -> None:
    out, package = pathological
    for pattern, _, _, _ in PATHOLOGICAL:
        assert linear_pattern(pattern) is not None, pattern
    for pkg in (package, package + "_td"):
        source = (out / "python" / pkg / "p.py").read_text(encoding="utf-8")
        fields = source[source.index("Fields"):source.index("class K0")]
        assert "SchemaCheck" not in fields and fields.count("pattern=") == len(PATHOLOGICAL), fields
        registered = source[source.index("linear_patterns("):source.index("class ")]
        assert all(json.dumps(p) in registered for p, _, _, _ in PATHOLOGICAL), registered


@pytest.mark.parametrize("pattern,unit,tail,matches", PATHOLOGICAL)
def test_an_attack_string_completes_with_ecma_262_verdicts(pathological: tuple[Path, str], pattern: str, unit: str,
                                                          tail: str, matches: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    out, package = pathological
    index = [p for p, _, _, _ in PATHOLOGICAL].index(pattern)
    short = unit * 13 + tail
    attack = unit * (ATTACK_LENGTH // len(unit)) + tail
    assert _ecma(pattern, short) is matches  # the referee, on a string a backtracking engine can afford
    # no backtracking engine may be reached: poison it for the runtime checks (patternProperties)
    monkeypatch.setitem(sys.modules, "regress", SimpleNamespace(Regex=lambda *a: pytest.fail("regress used")))
    for pkg in (package, package + "_td"):
        module = import_generated(out, f"{pkg}.p")
        fields, keys = TypeAdapter(module.Fields), TypeAdapter(getattr(module, f"K{index}"))
        for text in (short, attack):
            assert _valid(fields, {f"f{index}": text}) is matches, (pkg, pattern, text[:20])
            assert _valid(keys, {text: 1}) is matches, (pkg, pattern, text[:20])


# Patterns with each construct the translation spells out, against strings of awkward characters:
# the generated Python (both targets) must give ECMA-262's verdict, as `regress` does.
CORPUS = ["^\\d+$", "\\D", "^\\w*$", "\\W", "^\\s$", "\\S", "^.$", "a.b", "\\bab\\b", "[\\d\\s]", "[^\\w]", "[\\D]", "[^\\S]",
          "^[a-z-]+$", "[-a]", "\\u0041", "\\u{1F600}", "\\uD83D\\uDE00", "\\x41", "\\cJ", "\\0", "[]", "[^]", "a|", "()",
          "(?<n>a)b", "\\p{Letter}+", "\\P{L}", "\\p{Script=Greek}", "^\\/$", "\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\",
          "[\\]\\[\\\\\\^-]", "a{2}", "a{2,}", "a{2,3}?", "(?:ab)*?c", "^[\\b]$", "#&~", "[#&~]", "[&&]", "[--]", "[~~]",
          "^[ ]$", "\\t\\n\\v\\f\\r", "[\\t-\\r]", "^(a|b)*c$", "[.]", "[$^]", "\u00e9+", "\u2028", "^[^\\D]$"]
ALPHABET = ["a", "b", "c", "A", "Z", "0", "9", "_", "-", " ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u0085", "\u1680",
            "\u180e", "\u2000", "\u200b", "\u2028", "\u2029", "\u202f", "\u3000", "\ufeff", "\u0661", "\u00e9", "\u03c0",
            "\U0001F600", "\x00", "\x08", "\n", "/", ".", "*", "$", "^", "\\", "[", "]", "#", "&", "~", "\u212a", "\u017f"]


def test_translated_patterns_keep_ecma_262_verdicts(tmp_path: Path) -> None:
    rng = random.Random(12)
    strings = ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(5))) for _ in range(150)]
    schemas, out, package = project(tmp_path, {"c.json": _schema(CORPUS)})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    for pkg in (package, package + "_td"):
        module = import_generated(out, f"{pkg}.c")
        fields = TypeAdapter(module.Fields)
        for i, pattern in enumerate(CORPUS):
            assert linear_pattern(pattern) is not None, pattern
            for s in strings:
                assert _valid(fields, {f"f{i}": s}) is _ecma(pattern, s), (pkg, pattern, s)
        for i, pattern in enumerate(CORPUS[:20]):
            keys = TypeAdapter(getattr(module, f"K{i}"))
            for s in strings[:30]:
                assert _valid(keys, {s: 1}) is _ecma(pattern, s), (pkg, pattern, s)


# Constructs with no linear equivalent: a backtracking engine. SUPERLINEAR cost more than linear
# time there (nested or overlapping repetition, each with a lookaround or a backreference, so no
# linear spelling saves it): a located warning, and only strings up to a bound are run on them.
BACKTRACKING_NESTED = ["^(?=\\d)(\\d+)*$", "(?!x)(a+)+b", "^(\\w)(\\1+)+$", "(?<=a)(?:b*c)*d", "^(?<k>\\w)\\k<k>(x|\\w+)+$",
                       "\\B(a{1,}b?)+", "^(?=a)(a|a)*$", "^(?=a)(a|ab)*c$", "(?=x)(\\w+\\s?)*$", "^(?!b)(a|aa)+$",
                       "(?<!x)(\\d|\\d\\d)+x", "^(?=x)a*a*a*a*$", "(?=x)(.*a){8}", "^(?!-)(\\w|\\w\\w){1,40}$",
                       "^(?=.)([ab]|[bc])*$", "(?=x)(a?){30}a{30}"]
BACKTRACKING_FLAT = ["^(?!admin)\\w+$", "^(\\w)\\1$", "(?<=a)b+", "\\Bx", "(?=a)(?:ab)+", "^(?=.*[A-Z])(?=.*\\d).{8,64}$",
                     "(?<!\\d)\\d{3}(?!\\d)", "^(?!-)([a-z0-9]|-[a-z0-9])*$", "^(?!.*\\.\\.)[a-z.]+$"]
# attack strings for the superlinear ones: (unit, tail), repeated far past any bound
ATTACKS = {p: ("a", "!") for p in BACKTRACKING_NESTED + BACKTRACKING_FLAT} | {
    "^(?=\\d)(\\d+)*$": ("1", "x"), "^(\\w)(\\1+)+$": ("a", "!"), "(?<=a)(?:b*c)*d": ("b", ""),
    "(?<!x)(\\d|\\d\\d)+x": ("1", ""), "^(?!-)(\\w|\\w\\w){1,40}$": ("a", "!"), "^(?=.)([ab]|[bc])*$": ("b", "!"),
    "(?=x)(\\w+\\s?)*$": ("a", "!"), "(?=x)(a?){30}a{30}": ("a", "")}


@pytest.mark.parametrize("pattern", BACKTRACKING_NESTED + BACKTRACKING_FLAT)
def test_patterns_a_linear_engine_cannot_take(pattern: str) -> None:
    regress.Regex(pattern, "u")  # valid ECMA-262
    assert to_rust(pattern) is None and linear_pattern(pattern) is None
    longest = checked_length(pattern)
    assert (longest is not None) is (pattern in BACKTRACKING_NESTED), (pattern, longest)


def _steps(tree: regex_cost.Node, text: str) -> int:
    """Steps a plain backtracking matcher (no memo, no shortcut) takes to search the text: one per
    node entered. The referee for the cost model (lookaround and repetition, no backreference)."""
    count = 0

    def run(node: regex_cost.Node, i: int, then: Callable[[int], bool]) -> bool:
        nonlocal count
        count += 1
        if isinstance(node, regex_cost.Char):
            return i < len(text) and any(lo <= ord(text[i]) <= hi for lo, hi in node.ranges) and then(i + 1)
        if isinstance(node, regex_cost.Assert):
            ok = {"^": i == 0, "$": i == len(text)}.get(node.kind, True)
            return ok and then(i)
        if isinstance(node, regex_cost.Look):  # a lookahead (the corpus has no lookbehind)
            return run(node.body, i, lambda j: True) and then(i)
        if isinstance(node, regex_cost.Seq):
            def chain(k: int, j: int) -> bool:
                return then(j) if k == len(node.items) else run(node.items[k], j, lambda e: chain(k + 1, e))
            return chain(0, i)
        if isinstance(node, regex_cost.Alt):
            return any(run(b, i, then) for b in node.branches)
        assert isinstance(node, regex_cost.Repeat)

        def loop(done: int, j: int) -> bool:
            more = node.high is None or done < node.high
            if more and run(node.body, j, lambda e: e != j and loop(done + 1, e)):
                return True
            return done >= node.low and then(j)
        return loop(0, i)

    for start in range(len(text) + 1):
        if run(tree, start, lambda j: True):
            break
    return count


def test_the_cost_model_bounds_a_backtracking_matcher() -> None:
    """The step bound (`regex_cost`) is an over-estimate: a backtracking matcher searching a
    hostile string of each length up to the bound never takes more steps than the model says
    (and, at the bound, no more than the budget of 1000 steps per character)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    rng = random.Random(7)
    for pattern in BACKTRACKING_NESTED + BACKTRACKING_FLAT + [p for p, _, _, _ in PATHOLOGICAL]:
        if "\\1" in pattern or "\\k" in pattern or "<" in pattern:
            continue  # backreferences and lookbehind: the referee does not run them
        tree = regex_cost.parse(pattern)
        unit, tail = ATTACKS.get(pattern) or next((u, t) for p, u, t, _ in PATHOLOGICAL if p == pattern)
        longest = checked_length(pattern)
        letters = sorted(set(unit + tail + "xab1 ,!-."))
        for n in range(0, min(longest if longest is not None else 60, 60) + 1):
            drawn = ["".join(rng.choice(letters) for _ in range(n)) for _ in range(4)]
            for text in [(unit * n + tail)[:n], "x" + (unit * n)[:max(n - 1, 0)], *drawn]:
                steps, bound = _steps(tree, text), regex_cost.search_steps(tree, len(text))
                assert steps <= bound, (pattern, text, steps, bound)
        if longest is not None:
            assert regex_cost.search_steps(tree, longest) <= regex_cost.STEPS_PER_CHARACTER * max(longest + 1, regex_cost.SHORT)


def test_backtracking_with_nested_quantifiers_is_a_located_warning(tmp_path: Path) -> None:
    lines = {"type": "object", "properties": {f"p{i}": {"type": "string", "pattern": p}
                                              for i, p in enumerate(BACKTRACKING_NESTED + BACKTRACKING_FLAT)}}
    schemas, out, package = project(tmp_path, {"w.json": json.dumps({"$defs": {"W": lines}}, indent=1)})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    warned = re.findall(r"w\.json:(\d+):(\d+): warning\[pattern-backtracking\].*\(at (/\S+)\)", text)
    assert sorted(p for _, _, p in warned) == sorted(f"/$defs/W/properties/p{i}/pattern" for i in range(len(BACKTRACKING_NESTED)))
    proc = import_all(out)
    assert proc.returncode == 0, proc.stderr
    module = import_generated(out, f"{package}.w")
    adapter = TypeAdapter(module.W)
    assert _valid(adapter, {"p0": "12"}) and not _valid(adapter, {"p0": "\u0661"})  # still checked, on regress


def test_backtracking_patterns_only_ever_see_strings_within_their_bound(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the CLI and the generated code (both Python targets, field patterns and
    patternProperties keys): an attack string far past a superlinear pattern's bound fails
    validation without reaching the backtracking engine (every string `regress` is handed is
    recorded), and strings within the bound keep ECMA-262's verdicts."""
    patterns = BACKTRACKING_NESTED + BACKTRACKING_FLAT
    schemas, out, package = project(tmp_path, {"b.json": _schema(patterns)})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    for i, p in enumerate(BACKTRACKING_NESTED):
        assert f"at most {checked_length(p)} characters" in text and f"/$defs/Fields/properties/f{i}/pattern)" in text
    seen: list[tuple[str, int]] = []

    class Recording:
        def __init__(self, pattern: str, flags: str) -> None:
            self.pattern, self.inner = pattern, regress.Regex(pattern, flags)

        def find(self, s: str) -> object:
            seen.append((self.pattern, len(s)))
            return self.inner.find(s)

    monkeypatch.setitem(sys.modules, "regress", SimpleNamespace(Regex=Recording))
    rng = random.Random(3)
    for pkg in (package, package + "_td"):
        module = import_generated(out, f"{pkg}.b")
        fields = TypeAdapter(module.Fields)
        for i, pattern in enumerate(patterns):
            keys = TypeAdapter(getattr(module, f"K{i}"))
            unit, tail = ATTACKS[pattern]
            longest = checked_length(pattern)
            attack = unit * 20_000 + tail
            for adapter, value in ((fields, {f"f{i}": attack}), (keys, {attack: 1})):
                if longest is None:  # linear cost: run on any length, with ECMA-262's verdict
                    assert _valid(adapter, value) is _ecma(pattern, attack), (pkg, pattern)
                    continue
                with pytest.raises(ValidationError, match=f"longer than the {longest} characters"):
                    adapter.validate_python(value)
            for s in [unit * rng.randrange(12) + tail for _ in range(6)] + ["x" + unit * 3, "a1", ""]:
                if longest is None or len(s) <= longest:
                    assert _valid(fields, {f"f{i}": s}) is _ecma(pattern, s), (pkg, pattern, s)
                    assert _valid(keys, {s: 1}) is _ecma(pattern, s), (pkg, pattern, s)
    assert seen and all(n <= (checked_length(p) or 20_001) for p, n in seen)
    assert any(n == 20_001 for p, n in seen if checked_length(p) is None)  # linear-cost ones run on anything


def test_generation_checks_defaults_in_linear_time_too(tmp_path: Path) -> None:
    """A `default` is checked against its schema at generation (in CI): its patterns run on the
    linear engine; one that must backtrack gives no verdict rather than being tried."""
    props: dict[str, object] = {}
    for i, (pattern, unit, tail, matches) in enumerate(PATHOLOGICAL):
        props[f"p{i}"] = {"type": "string", "pattern": pattern, "default": unit * 2000 + tail}
        props[f"k{i}"] = {"type": "object", "patternProperties": {pattern: {"type": "integer"}},
                          "additionalProperties": False, "default": {unit * 2000 + tail: 1}}
    props["b"] = {"type": "string", "pattern": "^(?=1)(\\d+)+$", "default": "1" * 40 + "x"}
    schemas, out, package = project(tmp_path, {"d.json": {"$defs": {"D": {"type": "object", "properties": props}}}})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    rejected = set(re.findall(r"warning\[default-invalid\].*\(at /\$defs/D/properties/(\w+)/default\)", text))
    expected = {f"{kind}{i}" for i, (_, _, _, matches) in enumerate(PATHOLOGICAL) if not matches for kind in "pk"}
    assert rejected == expected, text
