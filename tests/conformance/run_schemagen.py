"""Generate schemagen's three outputs for many suite groups in one pipeline run and hand back,
per group, a validator for the Pydantic root type and one for the TypedDict root type.

Each group is its own schema file in its own folder (`g007/s.json`), so type names never meet
across groups; one run per keyword file keeps the whole suite fast. A group whose schema the
pipeline refuses is taken out and the rest run again, so one error costs one group, not the file.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from schemagen.config import load_config
from schemagen.diagnostics import Diagnostic, SchemaError
from schemagen.output.emit import emit
from schemagen.frontend.load import Document, uri_for
from schemagen.pipeline import build_ir, load_documents
from tests.conformance.suite import DIALECT_OF, Group, remotes
from tests.support import unique_package

Validator = Callable[[Any], bool]
_UNSUPPORTED = re.compile(r"^'([^']+)' is not enforced")


@dataclass
class Built:
    """What one generation produced, per group slug."""

    pydantic: dict[str, Validator] = field(default_factory=dict)
    typeddict: dict[str, Validator] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, list[Diagnostic]] = field(default_factory=dict)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # slug → (Python, TypeScript) root name
    out: Path | None = None

    def unsupported_warned(self, slug: str) -> set[str]:
        """Keywords the generator warned it cannot enforce in this group."""
        return {m.group(1) for d in self.warnings.get(slug, []) if d.code == "unsupported-keyword"
                for m in [_UNSUPPORTED.match(d.message)] if m}


def _rel(slug: str) -> str:
    return f"{slug}/s.json"


def _slug_of(diag: Diagnostic) -> str | None:
    if diag.location is None:
        return None
    match = re.search(r"(?:^|/)(g\d{3})/s\.json$", diag.location.file)
    return match.group(1) if match else None


def build(groups: list[Group], root: Path, suite: Path, targets: tuple[str, ...] = ("pydantic", "typeddict", "typescript")) -> Built:
    """Generate every group's schema under root (a fresh temp folder) and import the results."""
    for g in groups:
        path = root / "schemas" / _rel(g.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(g.schema, indent=1), encoding="utf-8")
    package = unique_package("conf")
    overrides = {
        "schemas": str(root / "schemas"), "out": str(root / "out"), "python_package": package,
        "typeddict_package": package + "_td", "targets": list(targets),
        "remote_roots": {k: str(v) for k, v in remotes(suite).items()},
        "default_dialect": DIALECT_OF[groups[0].draft] if groups else "auto",  # the suite's schemas omit $schema
    }
    config = load_config(root, None, overrides)
    built = Built(out=root / "out")
    docs = load_documents(config)
    slugs = {g.slug for g in groups}
    _generate(docs, config, built, slugs, allow_split=True)
    (root / "out" / "python").mkdir(parents=True, exist_ok=True)
    for pkg in (package, package + "_td"):
        init = root / "out" / "python" / pkg / "__init__.py"
        if init.exists():
            init.write_text("", encoding="utf-8")  # import one group's module without all the others
    python = str(root / "out" / "python")
    if python not in sys.path:
        sys.path.insert(0, python)
    importlib.invalidate_caches()
    for slug, names in sorted(built.names.items()):
        for target, pkg, table in (("pydantic", package, built.pydantic), ("typeddict", package + "_td", built.typeddict)):
            if target not in targets or slug in built.errors:
                continue
            try:
                module = importlib.import_module(f"{pkg}.{slug}.s")
                table[slug] = _validator(getattr(module, names[0]))
            except Exception as exc:  # an import or schema-building failure is that group's error
                built.errors[slug] = f"{target} import: {type(exc).__name__}: {_first_line(exc)}"
    return built


def _generate(docs: list[Document], config: Any, built: Built, slugs: set[str], allow_split: bool) -> None:
    """Run the pipeline over docs; on errors drop the groups they name and run again."""
    docs = [d for d in docs if d.rel.split("/")[0] not in built.errors]
    if not docs:
        return
    try:
        schema, names, diags = build_ir(docs, config, force_root=True)
        files, _, emit_diags = emit(schema, names, config)
        diags += emit_diags
    except SchemaError as exc:
        errors = [d for d in exc.diagnostics if d.severity == "error"]
        blamed = {_slug_of(d) for d in errors}
        if None in blamed or not blamed:
            _split(docs, config, built, slugs, allow_split, exc)
            return
        for d in errors:
            slug = _slug_of(d)
            assert slug is not None
            built.errors.setdefault(slug, f"error[{d.code}]: {d.message}")
        _generate(docs, config, built, slugs, allow_split)
        return
    except Exception as exc:  # a crash: find the group(s) that cause it
        _split(docs, config, built, slugs, allow_split, exc)
        return
    for d in diags:
        slug = _slug_of(d)
        if slug and d.severity == "warning":
            built.warnings.setdefault(slug, []).append(d)
    out = config.out
    for path, text in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    table = built.names
    for doc in docs:
        key = f"{doc.uri}#"
        slug = doc.rel.split("/")[0]
        if key in names:
            table[slug] = (names[key].python, names[key].typescript)
        else:
            built.errors.setdefault(slug, "no root type generated")


def _split(docs: list[Document], config: Any, built: Built, slugs: set[str], allow_split: bool, exc: BaseException) -> None:
    if len(docs) == 1 or not allow_split:
        for d in docs:
            built.errors.setdefault(d.rel.split("/")[0], f"{type(exc).__name__}: {_first_line(exc)}")
        return
    for doc in docs:  # one group at a time: slower, only taken when a run fails without blame
        _generate([doc], config, built, slugs, allow_split=False)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else "".join(traceback.format_exception_only(type(exc), exc)).strip()[:300]


def _validator(root_type: Any) -> Validator:
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(root_type)

    def check(data: Any) -> bool:
        try:
            adapter.validate_python(data)
        except ValidationError:
            return False
        except Exception:  # a crash inside validation rejects too (and shows up as a disagreement)
            return False
        return True

    return check


def uri_of(slug: str) -> str:
    return uri_for(_rel(slug))
