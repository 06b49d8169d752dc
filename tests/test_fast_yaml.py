"""The fast YAML reader (frontend/fast_yaml.py, libyaml) gives exactly what ruamel gives, or nothing:
on every YAML file of the golden cases and the real-world sets, and on the YAML 1.2 corners."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemagen.frontend.fast_yaml import read
from schemagen.frontend.load import _load_yaml

REPO = Path(__file__).resolve().parent.parent
FILES = sorted(p for folder in ("tests/goldens", "tests/realworld/sets", "schemas") for p in (REPO / folder).rglob("*")
               if p.suffix in (".yaml", ".yml") and "expected" not in p.parts)


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the fast reader read it (and then, that ruamel reads the same)."""
    import schemagen.frontend.load as load

    monkeypatch.setattr(load, "FAST_YAML_CHARS", 10**12)  # ruamel only
    fast = read(text)
    slow, diags = _load_yaml(text, "x.yaml", "x.yaml")
    if fast is None or slow is None:
        return False
    content, positions, int_keys = fast
    assert not int_keys or isinstance(content, dict)
    assert content == slow.content
    assert positions == slow.positions
    return True


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(REPO).as_posix() for p in FILES])
def test_fast_reader_agrees_with_ruamel(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    if not _same(text, monkeypatch) and len(text) > 200_000:
        pytest.fail("a large file the fast reader could not read")


@pytest.mark.parametrize("text", [
    "a: on\nb: 0755\nc: 2024-01-01\nd: ~\ne: 1e3\nf: .5\ng: 0o17\nh: yes\ni: 'x'\nj: |\n  block\n",
    "a: [1, {b: 2}, [3]]\n'k/~': 1\n",
    "a: &x 1\nb: *x\n",
    "a: .inf\n",
    "a: !!binary aGk=\n",
    "a: 1\na: 2\n",
])
def test_corners(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(text, monkeypatch)
    if "&x" in text or "inf" in text or "!!" in text or "a: 2" in text:
        assert read(text) is None
