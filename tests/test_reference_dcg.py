"""datamodel-code-generator as the reference for the Pydantic output.

The same golden schemas go through datamodel-code-generator (pinned in requirements.lock); every
example is validated by its models and ours. Wherever the reference agrees with the JSON Schema
verdict, schemagen must too: we may be more faithful than the reference, never less. The counts
are printed so the gap is visible (`pytest -s`).
"""

from __future__ import annotations

import functools
import importlib
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from tests.examples_lib import jsonschema_accepts, registry
from tests.goldens_lib import GOLDENS, cases
from tests.support import import_generated, unique_package
from tests.test_constructs import _case


@functools.lru_cache(maxsize=None)
def _reference_package(case: str, folder: str) -> str:
    from datamodel_code_generator import DataModelType, InputFileType, generate

    package = unique_package(f"dcg_{case}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        generate(input_=GOLDENS / case / "schemas", input_file_type=InputFileType.JsonSchema,
                 output=Path(folder) / package, output_model_type=DataModelType.PydanticV2BaseModel)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    importlib.invalidate_caches()
    return package


# Cases whose reference models cannot be run, with the line of their source that says why (checked,
# so the entry goes stale when the reference changes).
REFERENCE_UNRUNNABLE = {
    "recursive_defaults": ("meta.py", "additionalProperties: Schema | bool | None = Field({}, validate_default=True)",
                           "the reference validates `{}` as Schema for a missing additionalProperties, which needs "
                           "the default again: validating `{}` runs without end (minutes, then the worker dies)"),
}


def _accepts(tp: Any, instance: Any) -> bool:
    try:
        TypeAdapter(tp).validate_python(instance)
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize("case", cases())
def test_never_less_faithful_than_datamodel_code_generator(case: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    docs, _, _, examples = _case(case)
    reg = registry(docs)
    folder = str(tmp_path_factory.getbasetemp() / "dcg")
    Path(folder).mkdir(exist_ok=True)
    try:
        package = _reference_package(case, folder)
    except Exception as exc:  # the reference cannot handle this case at all
        pytest.skip(f"datamodel-code-generator cannot generate this case: {str(exc)[:200]}")
    if case in REFERENCE_UNRUNNABLE:
        module, line, why = REFERENCE_UNRUNNABLE[case]
        assert line in (Path(folder) / package / module).read_text(encoding="utf-8"), f"{case}: stale entry"
        pytest.skip(f"datamodel-code-generator's models for this case cannot run: {why}")
    ours_right = theirs_right = compared = 0
    worse: list[str] = []
    for ex in examples:
        truth = jsonschema_accepts(reg, ex.key, ex.instance)
        try:
            theirs_module = importlib.import_module(f"{package}.{ex.module}")
        except Exception:
            continue
        theirs_type = getattr(theirs_module, ex.names.python, None)
        if theirs_type is None:
            continue
        ours_type = getattr(import_generated(GOLDENS / case / "expected", f"golden_{case}.{ex.module}"), ex.names.python)
        compared += 1
        ours_ok = _accepts(ours_type, ex.instance) == truth
        theirs_ok = _accepts(theirs_type, ex.instance) == truth
        ours_right += ours_ok
        theirs_right += theirs_ok
        if theirs_ok and not ours_ok:
            worse.append(ex.id)
    print(f"\n{case}: {compared} examples compared; schemagen right on {ours_right}, "
          f"datamodel-code-generator right on {theirs_right}")
    assert not worse, f"datamodel-code-generator agrees with the schema where schemagen does not: {worse}"
