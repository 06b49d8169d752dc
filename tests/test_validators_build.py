"""Every TypedDict and model each golden exports builds its pydantic validator without a warning:
a warning at TypeAdapter construction (TypedDictExtraConfigWarning for a handed-down `extra`
beside `extra_items`, a shadowed attribute, ...) reaches every user of the package."""

from __future__ import annotations

import enum
import inspect
import warnings
from pathlib import Path

import pytest
from pydantic import BaseModel, TypeAdapter
from typing_extensions import TypeAliasType, is_typeddict

from tests.support import import_generated

GOLDENS = Path(__file__).parent / "goldens"
PACKAGES = sorted((case.name, package.name, module.stem)
                  for case in GOLDENS.iterdir() if (case / "expected" / "python").is_dir()
                  for package in (case / "expected" / "python").iterdir() if package.is_dir()
                  for module in package.rglob("*.py") if not module.name.startswith("_") and module.parent == package)


@pytest.mark.parametrize("case, package, module", PACKAGES, ids=[f"{p}.{m}" for _, p, m in PACKAGES])
def test_every_exported_type_builds_its_validator_without_a_warning(case: str, package: str, module: str) -> None:
    loaded = import_generated(GOLDENS / case / "expected", f"{package}.{module}")
    aliases = {n for n, a in getattr(loaded, "__annotations__", {}).items() if "TypeAlias" in str(a)}
    exported = [value for name, value in vars(loaded).items() if not name.startswith("_") and (
        name in aliases or isinstance(value, TypeAliasType)
        or (inspect.isclass(value) and value.__module__ == loaded.__name__
            and (is_typeddict(value) or issubclass(value, (BaseModel, enum.Enum)))))]
    assert exported or not [n for n in vars(loaded) if not n.startswith("_") and n != "annotations"], "no type found"
    for value in exported:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            TypeAdapter(value)
