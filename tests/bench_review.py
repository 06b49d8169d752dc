"""Speed of the review commands (`python -m tests.bench_review`; part of `make bench`).

- this repo: `schemagen breaking --against HEAD~1` and `diff --against HEAD~1` run in the checkout
  itself (the common pull-request case; target ≤ 1 s wall);
- 1,000 definitions (tests/bench_corpus.py, 50 files) in a scratch git repository:
  one file edited, and every file edited (each type compared on the wire both ways), against HEAD
  (target ≤ 3 s wall).
Each command runs in its own child process (tests.bench.measure: CPU from rusage, wall beside it),
the best of `repeat` runs, after one warm-up run that fills the working tree's cache as any earlier
`schemagen generate` would have.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench import PROJECT, REPO, Run, best, measure, schemagen
from tests.bench_corpus import edit_one, write_corpus

GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null"}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)


def _edit_every(folder: Path) -> None:
    """A wire-visible change in every file: each file's first definition gets a new optional property."""
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        first = next(iter(doc["$defs"].values()))
        if isinstance(first.get("properties"), dict):
            first["properties"]["benchExtra"] = {"type": "string", "maxLength": 8}
        else:
            first["description"] = first.get("description", "") + " Edited."
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def review(*args: str) -> list[str]:
    """`schemagen ARGS`, where exit 1 (breaking changes found) is a result, not a failure."""
    return ["sh", "-c", '"$@"; test $? -le 1', "sh", *schemagen(*args)]


def bench_review(work: Path, repeat: int = 3) -> dict[str, Run]:
    runs: dict[str, Run] = {}
    env = {"SCHEMAGEN_CACHE_DIR": str(work / "review-cache")}
    measure(review("breaking", "--against", "HEAD~1"), REPO, env)  # warm-up: the working tree's cache
    runs["repo_breaking"] = best(review("breaking", "--against", "HEAD~1"), REPO, env, repeat)
    runs["repo_diff"] = best(review("diff", "--against", "HEAD~1"), REPO, env, repeat)
    folder = work / "review-n1000"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(1000, folder / "schemas")
    (folder / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-qm", "corpus")
    edit_one(folder / "schemas")
    measure(review("breaking", "--against", "HEAD"), folder, env)
    runs["n1000_one_breaking"] = best(review("breaking", "--against", "HEAD"), folder, env, repeat)
    runs["n1000_one_diff"] = best(review("diff", "--against", "HEAD"), folder, env, repeat)
    _git(folder, "checkout", "-q", "--", "schemas")
    _edit_every(folder / "schemas")
    measure(review("breaking", "--against", "HEAD"), folder, env)
    runs["n1000_all_breaking"] = best(review("breaking", "--against", "HEAD", "--mode", "full"), folder, env, repeat)
    runs["n1000_all_diff"] = best(review("diff", "--against", "HEAD"), folder, env, repeat)
    return runs


LABELS = {
    "repo_breaking": ("`breaking --against HEAD~1`, this repo", 1.0),
    "repo_diff": ("`diff --against HEAD~1`, this repo", 1.0),
    "n1000_one_breaking": ("`breaking`, 1,000 definitions, one file edited", 3.0),
    "n1000_one_diff": ("`diff`, 1,000 definitions, one file edited", 3.0),
    "n1000_all_breaking": ("`breaking --mode full`, 1,000 definitions, every file edited", 3.0),
    "n1000_all_diff": ("`diff`, 1,000 definitions, every file edited", 3.0),
}


def table(runs: dict[str, Run]) -> str:
    lines = ["| review command | CPU s | wall s | target (wall) |", "| --- | --- | --- | --- |"]
    for key, (label, limit) in LABELS.items():
        r = runs[key]
        mark = "✅" if r.ok and r.wall <= limit else "❌" if r.ok else f"failed: {r.err[-200:]}"
        lines.append(f"| {label} | {r.cpu:.2f} | {r.wall:.2f} | ≤ {limit:g} s {mark} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="schemagen-bench-review-") as tmp:
        runs = bench_review(Path(tmp), int(os.environ.get("BENCH_REPEAT", "3")))
    print(table(runs), end="")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
