"""Every relative link in README.md and docs/*.md reaches a file that exists, and every `#anchor`
names a heading of that page (as GitHub spells heading anchors); the README links every docs page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _prose(text: str) -> list[str]:
    """The lines outside fenced code blocks, with inline code spans blanked."""
    lines, fenced = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            lines.append("")
            continue
        lines.append("" if fenced else re.sub(r"`+[^`]*`+", "``", line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text (code spans and links as their text), lowercased,
    punctuation other than `-` and `_` dropped, spaces turned into `-`."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in page.read_text(encoding="utf-8").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(page: Path) -> list[tuple[int, str]]:
    return [(number, m.group(1)) for number, line in enumerate(_prose(page.read_text(encoding="utf-8")), 1)
            for m in _LINK.finditer(line)]


def test_the_slugs_are_githubs() -> None:
    assert slug("`schemagen breaking` and `schemagen diff`") == "schemagen-breaking-and-schemagen-diff"
    assert slug("Beside datamodel-code-generator (`make bench`)") == "beside-datamodel-code-generator-make-bench"
    assert slug("Security: what each input may do") == "security-what-each-input-may-do"
    assert slug("x_python_type, x-constants & more") == "x_python_type-x-constants--more"


def test_links_are_found_outside_code_only(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("[a](b.md) `[c](d.md)`\n```\n[e](f.md)\n```\n![img](g.png) [h](i.md#j)\n", encoding="utf-8")
    assert [target for _, target in links(page)] == ["b.md", "i.md#j"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    broken = []
    for number, target in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path_part, _, anchor = target.partition("#")
        dest = (page.parent / unquote(path_part)).resolve() if path_part else page
        where = f"{page.relative_to(REPO)}:{number}: {target}"
        if not dest.exists():
            broken.append(f"{where}: no such file")
        elif not dest.is_relative_to(REPO):
            broken.append(f"{where}: leaves the repository")
        elif anchor and dest.suffix == ".md" and unquote(anchor) not in anchors(dest):
            broken.append(f"{where}: no heading with that anchor in {dest.relative_to(REPO)}")
    assert broken == []


def test_the_readme_links_every_docs_page() -> None:
    readme = REPO / "README.md"
    linked = {(readme.parent / target.partition("#")[0]).resolve() for _, target in links(readme)}
    assert [p.name for p in PAGES[1:] if p.resolve() not in linked] == []
