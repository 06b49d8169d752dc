"""The same groups through datamodel-code-generator (the pinned version in the venv), for the
side-by-side numbers in the report: its Python API, its default options, Pydantic v2 output,
root class `Model`, one generation per group (it reads one schema per call)."""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

from tests.conformance.compare import GroupResult, judge
from tests.conformance.run_schemagen import Validator, _first_line, _validator
from tests.conformance.suite import DRAFT, Group, keywords_in, load_groups
from tests.support import unique_package


def version() -> str | None:
    try:
        from importlib.metadata import version as _version

        return _version("datamodel-code-generator")
    except Exception:
        return None


def build_one(group: Group, folder: Path) -> Validator:
    import datamodel_code_generator as dcg

    out = folder / f"{unique_package('dcg')}.py"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dcg.generate(json.dumps(group.schema), input_file_type=dcg.InputFileType.JsonSchema, output=out,
                     output_model_type=dcg.DataModelType.PydanticV2BaseModel, class_name="Model")
    spec = importlib.util.spec_from_file_location(out.stem, out)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[out.stem] = module
    spec.loader.exec_module(module)
    return _validator(getattr(module, "Model"))


def run_dmcg_file(suite: Path, file: str, draft: str = DRAFT) -> list[GroupResult]:
    results = []
    with tempfile.TemporaryDirectory(prefix="conformance-dcg-") as tmp:
        for g in load_groups(suite, file, draft):
            r = GroupResult(g.file, g.index, g.description, len(g.tests), frozenset(keywords_in(g.schema)))
            try:
                check: Any = build_one(g, Path(tmp))
            except BaseException as exc:  # noqa: BLE001 - its failure is a data point, not ours
                if isinstance(exc, KeyboardInterrupt):
                    raise
                r.error = f"{type(exc).__name__}: {_first_line(exc)}"
            else:
                r.misses = judge(g, {"pydantic": check})
            results.append(r)
    return results
