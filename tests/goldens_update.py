"""`make goldens`: regenerate every tests/goldens/<case>/expected from its schemas."""

from __future__ import annotations

import shutil

from tests.goldens_lib import GOLDENS, cases, render_case


def main() -> None:
    for case in cases():
        files = render_case(case)
        expected = GOLDENS / case / "expected"
        if expected.exists():
            shutil.rmtree(expected)
        for rel, text in files.items():
            path = expected / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        print(f"{case}: {len(files)} files")
    from tests.review.test_report_goldens import update as update_review_reports

    update_review_reports()
    from tests.review.test_docs import update as update_docs

    update_docs()


if __name__ == "__main__":
    main()
