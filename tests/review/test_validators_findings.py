"""Source findings for the TypeScript runtime validators (issue 21's target, issue 23's oracle):
callers import `XSchema` beside `X` and get back the declared `X`, so a change breaks them exactly
where `tsc --strict` rejects such a caller written against the old output. Each case generates
old and new with the validators configured, compiles one caller against both (old must compile:
the control), and holds `breaking`'s verdict for the validators target to the compiler's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.review.helpers import breaking, cli
from tests.support import run_tsc, tsc_available

PYPROJECT = ('[tool.schemagen]\nschemas = "schemas"\nout = "generated"\n'
             'targets = ["typescript", "validators"]\n')

ORDER = """
$defs:
  Status:
    enum: [open, closed]
  Line:
    type: object
    properties: {{sku: {{type: string}}}}
    required: [sku]
  Order:
    type: object
    description: {description}
    properties:
      id: {{type: {id_type}}}
      count: {{type: {count_type}}}
      status: {{$ref: "#/$defs/Status"}}
    required: [id, count, status]
"""


def order(id_type: str = "string", count_type: str = "integer", description: str = "An order.",
          status: str = "[open, closed]", line: bool = True) -> str:
    text = ORDER.format(id_type=id_type, count_type=count_type, description=description)
    text = text.replace("enum: [open, closed]", f"enum: {status}")
    if not line:
        text = text.replace("  Line:\n    type: object\n    properties: {sku: {type: string}}\n    required: [sku]\n", "")
    return text


READ = 'import { OrderSchema } from "./generated/validators/shop.js";\nconst o = OrderSchema.parse(JSON.parse("{}"));\n'
CASES: dict[str, tuple[str, str, str]] = {
    # name: (old schema, new schema, the caller written against old)
    "field retyped": (order(), order(id_type="integer"), READ + "export const id: string = o.id;\n"),
    "integer widened to number (one type in TypeScript)": (
        order(), order(count_type="number"), READ + "export const n: number = o.count;\n"),
    "type removed": (order(), order(line=False),
                     'import { LineSchema } from "./generated/validators/shop.js";\n'
                     'export const sku: string = LineSchema.parse(JSON.parse("{}")).sku;\n'),
    "enum member added": (order(), order(status="[open, closed, void]"), READ + (
        "export function label(): string {\n  switch (o.status) {\n    case \"open\": return \"o\";\n"
        "    case \"closed\": return \"c\";\n    default: { const never: never = o.status; return never; }\n  }\n}\n")),
    "description changed": (order(), order(description="What was bought."), READ + "export const id: string = o.id;\n"),
}


@pytest.mark.skipif(not tsc_available(), reason="node tools not installed (make test installs them)")
@pytest.mark.parametrize("case", sorted(CASES))
def test_validators_findings_agree_with_tsc(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new, caller = CASES[case]
    _, findings = breaking(tmp_path, {"shop.yaml": old}, {"shop.yaml": new}, monkeypatch, pyproject=PYPROJECT)
    verdicts: list[dict[str, Any]] = [f for f in findings if f["kind"] == "source"]
    reported = any(f["breaking"] and "validators" in f["targets"] for f in verdicts)
    compiled: dict[str, bool] = {}
    for side in ("old", "new"):
        code, _, err = cli(tmp_path / side, "generate", "-q", monkeypatch=monkeypatch)
        assert code == 0, err
        (tmp_path / side / "caller.ts").write_text(caller, encoding="utf-8")
        compiled[side] = run_tsc(tmp_path / side, ["caller.ts"]).returncode == 0
    assert compiled["old"], "the caller must compile against the output it was written for"
    assert reported == (not compiled["new"]), (case, verdicts)
    # whatever breaks the validators' callers breaks the declarations' callers, and the reverse
    for f in verdicts:
        assert ("validators" in f["targets"]) == ("typescript" in f["targets"]), f
