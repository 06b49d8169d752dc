"""Golden cases: tests/goldens/<case>/schemas → tests/goldens/<case>/expected.

`expected/` holds every file schemagen writes for the case plus `warnings.txt` (the diagnostics),
so a dropped warning is as visible as a changed line. `make goldens` rewrites them all.
"""

from __future__ import annotations

from pathlib import Path

from schemagen.config import Config, load_config
from schemagen.pipeline import generate

GOLDENS = Path(__file__).resolve().parent / "goldens"
REPO = GOLDENS.parent.parent


def cases() -> list[str]:
    return sorted(p.name for p in GOLDENS.iterdir() if (p / "schemas").is_dir())


def case_config(case: str) -> Config:
    """The case's config: its own `schemagen.toml` (a [tool.schemagen]-style table), if any, plus
    the folders and package names every case uses."""
    import tomllib

    folder = GOLDENS / case
    extra = tomllib.loads((folder / "schemagen.toml").read_text()) if (folder / "schemagen.toml").is_file() else {}
    # every case renders all four targets (the TypeScript validators are opt-in for users)
    extra.setdefault("targets", ["pydantic", "typeddict", "typescript", "validators"])
    return load_config(REPO, None, discover=False, overrides={**extra,
        "schemas": str(folder / "schemas"),
        "out": str(folder / "expected"),
        "python_package": f"golden_{case}",
        "typeddict_package": f"golden_{case}_td",
    })


def render_case(case: str) -> dict[str, str]:
    result = generate(case_config(case))
    files = dict(result.files)
    files["warnings.txt"] = "".join(d.format() + "\n" for d in result.diagnostics)
    return files


def files_on_disk(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.name != ".schemagen.lock"
    }
