"""The conformance tables in docs/conformance.md, rewritten from a full report run
(`make conformance`) so the documentation never quotes numbers from an older run.

Each table sits between `<!-- begin:NAME -->` and `<!-- end:NAME -->` markers; the text around them
is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from schemagen.frontend.keywords import ARRAY_KEYWORDS, NUMBER_KEYWORDS, RUNTIME_CHECKED, STRING_KEYWORDS
from tests.conformance import claims
from tests.conformance.suite import REPO

DOCS = REPO / "docs" / "conformance.md"

# What TypeScript can say about each suite file's keyword (it has no runtime validation).
_TS_SPECIAL = {
    "additionalProperties.json": "types (index signature / excess-property check)",
    "default.json": "`@default`",
    "oneOf.json": "types (no exclusivity)",
    "prefixItems.json": "tuple types",
}
# Constraints TypeScript carries as JSDoc tags: every value constraint but the item schemas.
_TS_JSDOC = (set(STRING_KEYWORDS + NUMBER_KEYWORDS + ARRAY_KEYWORDS) - {"items", "prefixItems"}) \
    | {"format", "minProperties", "maxProperties"}
_SCOPES = (("claimed", "groups whose keywords schemagen claims"), ("required", "all required {draft} groups"),
           ("optional", "optional `format` files"))


def typescript(file: str, keyword: str) -> str:
    if file in _TS_SPECIAL:
        return _TS_SPECIAL[file]
    stem = file.rsplit("/", 1)[-1].removesuffix(".json")
    if claims.subject_unsupported(file):
        return "warned"
    if stem in RUNTIME_CHECKED or stem == "if-then-else":
        return "warned (runtime check in Python)"
    return "JSDoc tag" if keyword in _TS_JSDOC else "types"


def summary_table(data: dict[str, Any]) -> list[str]:
    names = list(data["summary"]["all"])
    header = [n.replace("schemagen pydantic", "schemagen Pydantic").replace("schemagen typeddict", "schemagen TypedDict")
              .replace("datamodel-code-generator pydantic", f"datamodel-code-generator {data['dmcg_version']}")
              for n in names]
    lines = ["| scope | " + " | ".join(header) + " |", "| --- |" + " --- |" * len(names)]
    draft = "draft-07" if data.get("draft") == "draft7" else "draft 2020-12"
    for scope, label in _SCOPES:
        label = label.format(draft=draft)
        cells = [data["summary"][scope][n] for n in names]
        lines.append(f"| {label} | " + " | ".join(f"{c['pct']:.1f}% ({c['agree']}/{c['groups']})" for c in cells) + " |")
    return lines


def keyword_table(data: dict[str, Any]) -> list[str]:
    lines = ["| suite file | keyword | Pydantic | TypedDict | TypeScript | schemagen (Pydantic) | datamodel-code-generator |",
             "| --- | --- | --- | --- | --- | ---: | ---: |"]
    for file, row in data["files"].items():
        if claims.optional(file):
            continue
        dcg = row["dmcg_agreement"]
        lines.append(
            f"| {file} | `{row['keyword']}` | {row['status']['pydantic']} | {row['status']['typeddict']} | "
            f"{typescript(file, row['keyword'])} | {row['agreement']['pydantic']:.1f}% | "
            f"{'n/a' if dcg is None else f'{dcg:.1f}%'} |")
    return lines


def replace_between(text: str, name: str, lines: list[str]) -> str:
    pattern = re.compile(rf"(<!-- begin:{name} -->\n).*?(<!-- end:{name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"no <!-- begin:{name} --> / <!-- end:{name} --> markers")
    return pattern.sub(lambda m: m.group(1) + "\n".join(lines) + "\n" + m.group(2), text, count=1)


def refresh(data: dict[str, Any], draft7: dict[str, Any], docs: Path = DOCS) -> None:
    """Rewrite the tables from reports that include datamodel-code-generator (a full run): the
    2020-12 summary and keyword tables, and the draft-07 summary and keyword tables."""
    text = docs.read_text(encoding="utf-8")
    text = replace_between(text, "conformance-summary", summary_table(data))
    text = replace_between(text, "conformance-keywords", keyword_table(data))
    text = replace_between(text, "conformance-summary-draft7", summary_table(draft7))
    docs.write_text(replace_between(text, "conformance-keywords-draft7", keyword_table(draft7)), encoding="utf-8")
