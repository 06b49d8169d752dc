"""Output is deterministic to the byte: whatever the hash seed or the order files are found in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import schemagen.pipeline as pipeline
from tests.goldens_lib import REPO, case_config, cases

_SCRIPT = """
import hashlib, json, sys
from tests.goldens_lib import render_case
out = {}
for case in sys.argv[1:]:
    for path, text in sorted(render_case(case).items()):
        out[case + "/" + path] = hashlib.sha256(text.encode()).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def _digests(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-c", _SCRIPT, *cases()], capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_same_bytes_under_different_hash_seeds() -> None:
    assert _digests("0") == _digests("12345")


@pytest.mark.parametrize("case", cases())
def test_same_bytes_whatever_the_file_order(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    config = case_config(case)
    forward = pipeline.generate(config).files
    real = pipeline.discover_checked

    def backwards(root: Path) -> tuple[list[Path], list[Any]]:
        paths, diags = real(root)
        return list(reversed(paths)), diags

    monkeypatch.setattr(pipeline, "discover_checked", backwards)
    backward = pipeline.generate(config).files
    assert forward == backward
