"""`schemagen docs`: goldens over this repository's seed schemas (compared both ways, so a missing
or extra page fails), and what the pages say about a small schema set.

Regenerate the goldens with `make goldens` (or `python -m tests.review.test_docs`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from schemagen.config import load_config
from schemagen.review.docs import render_docs
from schemagen.review.snapshot import load_snapshot
from tests.review.helpers import cli, write_set

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "goldens" / "docs"


def seed_pages() -> dict[str, str]:
    return render_docs(load_snapshot(load_config(REPO, discover=True)))


def update() -> None:
    import shutil

    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, text in seed_pages().items():
        path = GOLDEN / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"docs goldens: {len(list(GOLDEN.rglob('*.md')))} pages")


def test_seed_docs_match_the_goldens() -> None:
    pages = seed_pages()
    on_disk = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(on_disk)
    assert [p for p in pages if pages[p] != on_disk[p]] == []


SHOP = {
    "shop/order.yaml": """
        description: Orders.
        $defs:
          Order:
            description: An order.
            type: object
            additionalProperties: false
            required: [id, lines]
            properties:
              id: {type: string, minLength: 3, description: The id.}
              lines: {type: array, items: {$ref: '#/$defs/Line'}}
              money: {$ref: 'common.yaml#/$defs/Money'}
              note: {type: [string, 'null'], default: null, deprecated: true}
          Line:
            description: One line.
            allOf:
              - {$ref: 'common.yaml#/$defs/Base'}
              - properties: {sku: {type: string}}
          Event:
            description: Something that happened.
            oneOf:
              - {$ref: '#/$defs/Created'}
              - {$ref: '#/$defs/Closed'}
          Created: {description: c, type: object, required: [kind], properties: {kind: {const: created}}}
          Closed: {description: d, type: object, required: [kind], properties: {kind: {const: closed}}}
    """,
    "shop/common.yaml": """
        $defs:
          Money: {description: An amount., type: object, properties: {amount: {type: number}}, examples: [{amount: 1.5}]}
          Base: {description: A base., type: object, properties: {id: {type: integer}}}
    """,
}


def test_pages_for_a_small_set(tmp_path: Path, monkeypatch: Any) -> None:
    write_set(tmp_path, SHOP)
    code, out, err = cli(tmp_path, "docs", "--out", "ref", monkeypatch=monkeypatch)
    assert code == 0, err
    order = (tmp_path / "ref/shop/order.md").read_text()
    assert "| `id` | string | required | min_length 3 |  | The id. |" in order
    assert "| `lines` | array of [Line](#line) | required |" in order
    assert "| `money` | [Money](common.md#money) | optional |" in order
    assert "| `note` (deprecated) | string \\| null | optional, nullable |  | `null` |" in order
    assert "Closed: properties not listed here are rejected." in order
    assert "Extends [Base](common.md#base)." in order
    assert "Exactly one of these variants, told apart by `kind`:" in order
    assert "| [Created](#created) | `\"created\"` |" in order
    common = (tmp_path / "ref/shop/common.md").read_text()
    assert '```json\n{\n  "amount": 1.5\n}\n```' in common
    folder = (tmp_path / "ref/shop/README.md").read_text()
    for edge in ("Base <|-- Line : extends", "Event ..> Created : variant", "Order --> Money : refers to"):
        assert f"  {edge}\n" in folder
    index = (tmp_path / "ref/index.md").read_text()
    assert "| [Order](shop/order.md#order) | shop.order | An order. |" in index
    code, out, err = cli(tmp_path, "docs", "--out", "ref", "--check", monkeypatch=monkeypatch)
    assert code == 0
    (tmp_path / "schemas/shop/common.yaml").write_text("$defs:\n  Money: {type: string}\n  Base: {type: object}\n")
    code, out, err = cli(tmp_path, "docs", "--out", "ref", "--check", monkeypatch=monkeypatch)
    assert code == 1 and "out of date" in err
    assert (tmp_path / "ref/shop/common.md").read_text() == common  # --check writes nothing


if __name__ == "__main__":
    update()
