"""How often `schemagen breaking --rules wire` agrees with a schema registry's verdict.

A pairs file is a JSON list of {"description", "old", "new", "compatible"} (optionally "class"):
`old` and `new` are whole JSON Schema documents, `compatible` the registry's BACKWARD verdict
(every instance of old is an instance of new). Each pair is checked twice, as a registry does it:
BACKWARD (old → new) and FORWARD with the pair swapped (new → old, the same expected verdict).
A verdict is "incompatible" when `breaking` exits 1 (a breaking or possibly breaking finding),
"compatible" when it exits 0; any other exit is an internal error and a disagreement.

    python -m tests.review.wire_agreement [PAIRS.json ...] [--verbose]

Without arguments it measures tests/review/cases/wire_pairs.json. The same code path as the CLI
runs in-process (the schemas written to a temporary folder, `breaking --format json`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_PAIRS = HERE / "cases" / "wire_pairs.json"
PYPROJECT = '[tool.schemagen]\nschemas = "schemas"\nout = "generated"\ntargets = ["typescript"]\n'


@dataclass
class Outcome:
    verdict: bool | None  # True compatible, False incompatible, None internal error
    rules: list[str] = field(default_factory=list)
    error: str = ""


def run_pair(old: Any, new: Any, mode: str = "backward") -> Outcome:
    """`breaking --rules wire --mode MODE` of `new` against `old` (each one file, t.json)."""
    from typer.testing import CliRunner

    from schemagen.cli.app import app

    with tempfile.TemporaryDirectory(prefix="schemagen-pair-") as tmp:
        root = Path(tmp)
        for side, schema in (("old", old), ("new", new)):
            (root / side / "schemas").mkdir(parents=True)
            (root / side / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
            (root / side / "schemas" / "t.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(root / "new")
        try:
            result = CliRunner().invoke(app, ["breaking", "--against", str(root / "old" / "schemas"), "--rules", "wire",
                                              "--mode", mode, "--format", "json"])
        finally:
            os.chdir(cwd)
    if result.exit_code in (0, 1):
        try:
            findings = json.loads(result.stdout)["findings"]
        except ValueError:
            return Outcome(None, error=result.stdout[-500:])
        return Outcome(result.exit_code == 0, [f["rule"] + (" (possibly)" if f["possibly"] else "") for f in findings])
    error = result.stderr[-800:] if result.stderr else ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = "".join(traceback.format_exception(result.exception))[-800:]
    return Outcome(None, error=f"exit {result.exit_code}: {error}")


def measure(pairs: list[dict[str, Any]], verbose: bool = False) -> dict[str, Any]:
    """Agreement per direction, internal errors, and the pairs that disagree."""
    misses: list[str] = []
    agree = {"backward": 0, "forward": 0}
    errors = 0
    for i, pair in enumerate(pairs):
        for mode in ("backward", "forward"):
            old, new = (pair["old"], pair["new"]) if mode == "backward" else (pair["new"], pair["old"])
            got = run_pair(old, new, mode)
            if got.verdict is None:
                errors += 1
            if got.verdict is pair["compatible"]:
                agree[mode] += 1
                continue
            kind = "internal error" if got.verdict is None else "missed break" if got.verdict else "false break"
            misses.append(f"#{i} {mode}: {kind}: {pair.get('description', '')} {got.rules or got.error}")
            if verbose:
                print(misses[-1], file=sys.stderr)
    n = len(pairs)
    return {"pairs": n, "backward": agree["backward"] / n if n else 1.0, "forward": agree["forward"] / n if n else 1.0,
            "internal_errors": errors, "misses": misses}


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    files = [Path(a) for a in argv if not a.startswith("--")] or [DEFAULT_PAIRS]
    pairs: list[dict[str, Any]] = []
    for f in files:
        pairs += json.loads(f.read_text(encoding="utf-8"))
    result = measure(pairs, verbose)
    for line in result["misses"]:
        print(line)
    print(f"{result['pairs']} pairs: BACKWARD {result['backward']:.1%}, FORWARD (swapped) {result['forward']:.1%}, "
          f"internal errors {result['internal_errors']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
