"""`make review-oracle`: the source oracle over the rule examples and a larger hypothesis draw.

    python -m tests.review.oracle_run [--count 200] [--seed 1] [--work DIR]

Prints agreement per target for the rule examples and for the drawn edits, then every
disagreement, skipped change and oracle fault. Exit 1 when the drawn agreement of a target is
under 97%, a rule example disagrees outside the explained ones, or a consumer fails against old.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.review.oracle import agreement, describe, run
from tests.review.oracle_edits import draw_changes, rule_examples
from tests.review.test_source_oracle import EXPLAINED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="keep the generated cases here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rules = rule_examples()
    drawn = draw_changes(args.count, args.seed)
    with tempfile.TemporaryDirectory(prefix="schemagen-oracle-") as tmp:
        verdicts = run(rules + drawn, args.work or Path(tmp), control=True)
    by_rules, by_drawn = verdicts[: len(rules)], verdicts[len(rules):]
    print(f"rule examples ({len(rules)} changes):")
    print(describe(by_rules))
    print(f"\ndrawn edits ({len(drawn)} changes, seed {args.seed}):")
    print(describe(by_drawn))
    print(f"\n{time.perf_counter() - started:.0f} s")
    unexplained = [(v.change.id, t) for v in by_rules if not v.skipped for t in v.predicted
                   if v.checked(t) and not v.agrees(t) and (v.change.id, t) not in EXPLAINED]
    low = [t for t, (ok, n) in agreement(by_drawn).items() if n and ok / n < 0.97]
    faults = [v for v in verdicts if v.control]
    return 1 if unexplained or low or faults else 0


if __name__ == "__main__":
    sys.exit(main())
