"""datamodel-code-generator on the API-document sets, for comparison: `python -m tests.realworld.dcg_api`.

Each OpenAPI / Swagger document of a set goes through datamodel-code-generator
(`--input-file-type openapi`, its default scope: the component schemas), and each published example
of the set is validated by the model named like its type; the verdict is compared with the
referee's, as `make realworld` does for schemagen's models. An example whose type the reference did
not generate (an inline body, a document it refuses, AsyncAPI, which it does not read) counts as a
disagreement. Prints one line per set and the totals.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from tests.realworld.harness import SETS, manifest

API_SETS = ("openapi-3.0-readme", "openapi-3.1-readme", "swagger-2.0-docker", "asyncapi-2-markdown-template",
            "asyncapi-3-cli-examples")


def _candidates(name: str) -> list[str]:
    words = [w for w in re.split(r"[^0-9A-Za-z]+", name) if w]
    camel = "".join(w[:1].upper() + w[1:] for w in words)
    return [name, camel, camel[:1].upper() + camel[1:], camel + "Model"]


def _reference(doc: Path, out: Path) -> tuple[Any, str]:
    from datamodel_code_generator import DataModelType, InputFileType, generate

    package = "dcg_" + re.sub(r"\W", "_", doc.stem) + f"_{abs(hash(str(doc))) % 10**6}"
    target = out / f"{package}.py"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            generate(input_=doc, input_file_type=InputFileType.OpenAPI, output=target,
                     output_model_type=DataModelType.PydanticV2BaseModel)
        if str(out) not in sys.path:
            sys.path.insert(0, str(out))
        importlib.invalidate_caches()
        return importlib.import_module(package), ""
    except BaseException as exc:  # noqa: BLE001 - the reference's failure is the measurement
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"


def measure(name: str, out: Path) -> tuple[int, int, list[str]]:
    from pydantic import TypeAdapter, ValidationError

    data = manifest(name)
    modules: dict[str, tuple[Any, str]] = {}
    agree = 0
    notes: list[str] = []
    for ex in data["examples"]:
        rel, _, fragment = ex["type"].partition("#")
        if rel not in modules:
            text = (SETS / name / "schemas" / rel).read_text(encoding="utf-8")
            if re.search(r"^\s*\"?asyncapi\"?\s*:", text, re.M):
                modules[rel] = (None, "AsyncAPI is not an input datamodel-code-generator reads")
            else:
                started = time.perf_counter()
                modules[rel] = _reference(SETS / name / "schemas" / rel, out)
                notes.append(f"{rel}: {time.perf_counter() - started:.1f} s {modules[rel][1]}")
        module, why = modules[rel]
        type_name = fragment.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        model = next((getattr(module, c) for c in _candidates(type_name) if module is not None and hasattr(module, c)), None)
        if model is None:
            continue
        instance = json.loads((SETS / name / ex["file"]).read_text(encoding="utf-8"))
        try:
            TypeAdapter(model).validate_python(instance)
            accepted = True
        except ValidationError:
            accepted = False
        except Exception:  # noqa: BLE001 - a crash is no verdict
            continue
        agree += accepted == ex["valid"]
    return agree, len(data["examples"]), notes


def main(argv: list[str]) -> int:
    names = argv or list(API_SETS)
    total_agree = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            agree, count, notes = measure(name, Path(tmp))
            total_agree += agree
            total += count
            print(f"{name}: datamodel-code-generator agrees on {agree} / {count} examples"
                  f" ({100 * agree / count if count else 0:.1f}%); " + "; ".join(notes))
    print(f"all: {total_agree} / {total} ({100 * total_agree / total if total else 0:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
