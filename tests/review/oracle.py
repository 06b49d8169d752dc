"""The source oracle: is a source finding reported for a target exactly when that target's
compiler rejects code written against the old generated types (tests/review/consumers.py)?

Every change is generated old and new in-process (all three targets). The consumers of every
change are type-checked together: ONE `mypy --strict` run over all Python cases (each case its own
packages) and ONE `tsc --strict` run over all TypeScript cases (each case its own folder). With
`control=True` the same consumers are also compiled against old, where they must pass: an error
there is a fault of the oracle, not of the review.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemagen import ir
from schemagen.config import TARGETS, load_config
from schemagen.diagnostics import SchemaError
from schemagen.pipeline import generate
from schemagen.review.compare_source import source_findings
from schemagen.review.findings import Finding
from schemagen.review.snapshot import load_snapshot
from schemagen.targets.typescript import module_path
from tests.review.consumers import python_consumer, python_unchecked, typescript_consumer, typescript_spelled_consumers

REPO = Path(__file__).resolve().parents[2]
TSC = REPO / "node_modules" / ".bin" / "tsc"


@dataclass(frozen=True)
class Change:
    id: str  # what was changed, e.g. "rule SOURCE_FIELD_REMOVED" or "drawn widen people.yaml#/$defs/Person/age"
    old: dict[str, str]  # schema file → text
    new: dict[str, str]
    overrides: tuple[tuple[str, Any], ...] = ()  # config keys beside the folders and packages


@dataclass
class Verdict:
    change: Change
    predicted: dict[str, bool] = field(default_factory=dict)  # target → a breaking source finding names it
    compiled: dict[str, bool] = field(default_factory=dict)  # target → its compiler rejects the consumer
    errors: dict[str, list[str]] = field(default_factory=dict)
    control: dict[str, list[str]] = field(default_factory=dict)  # errors against old (oracle faults)
    findings: list[Finding] = field(default_factory=list)
    skipped: str = ""  # why the change was not compiled (old or new does not generate)
    unchecked: dict[str, set[str]] = field(default_factory=dict)  # target → types its consumer leaves out

    def agrees(self, target: str) -> bool:
        return self.predicted[target] == self.compiled[target]

    def checked(self, target: str) -> bool:
        """False where the review reports a break only on types the consumer could not write
        code for (the compiler had nothing to reject)."""
        left_out = self.unchecked.get(target, set())
        ours = [f for f in self.findings if target in f.targets]
        return not (left_out and self.predicted[target] and not self.compiled[target]
                    and all(f.subject.split(".")[0] in left_out for f in ours))


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _generate(folder: Path, schemas: dict[str, str], package: str, overrides: tuple[tuple[str, Any], ...]) -> Any:
    _write(folder / "schemas", {k: textwrap.dedent(v).lstrip("\n") for k, v in schemas.items()})
    config = load_config(folder, None, discover=False, overrides={
        **dict(overrides), "schemas": str(folder / "schemas"), "out": str(folder / "out"),
        "python_package": f"{package}p", "typeddict_package": f"{package}t"})
    return config, generate(config).files


def prepare(changes: list[Change], root: Path, control: bool = False) -> list[Verdict]:
    """Generate every change, write new (and old, for TypeScript and the control) and the
    consumers under root/py and root/ts; findings predicted by compare_source."""
    verdicts = []
    for i, change in enumerate(changes):
        v = Verdict(change)
        verdicts.append(v)
        case = root / "cases" / f"c{i}"
        try:
            old_cfg, old = _generate(case / "old", change.old, f"c{i}", change.overrides)
            new_cfg, new = _generate(case / "new", change.new, f"c{i}", change.overrides)
            old_snap, new_snap = load_snapshot(old_cfg), load_snapshot(new_cfg)
        except SchemaError as exc:
            v.skipped = "schema error: " + (exc.diagnostics[0].format() if exc.diagnostics else "")
            continue
        except Exception as exc:  # noqa: BLE001 - an internal error of the review is reported, not fatal
            v.skipped = f"internal error: {type(exc).__name__}: {exc}"
            continue
        v.findings = [f for f in source_findings(old_snap, new_snap) if f.breaking]
        v.predicted = {t: any(t in f.targets for f in v.findings) for t in TARGETS}
        _write(root / "py", {k[len("python/"):]: t for k, t in new.items() if k.startswith("python/")})
        _write(root / "ts" / f"c{i}" / "new", {k[len("typescript/"):]: t for k, t in new.items()
                                                if k.startswith("typescript/")})
        _write(root / "ts" / f"c{i}" / "old", {k[len("typescript/"):]: t for k, t in old.items()
                                                if k.startswith("typescript/")})
        for suffix, target in (("p", "pydantic"), ("t", "typeddict")):
            pkg = f"c{i}{suffix}"
            files = {f"{pkg}_use/{k}": t for k, t in python_consumer(old, pkg, pkg).items()}
            _write(root / "py", {f"{pkg}_use/__init__.py": "", **files})
            v.unchecked[target] = python_unchecked(old, pkg)
        names = {k: n.typescript for k, n in old_snap.names.items()}
        modules = {m.name: module_path(m.name) for m in old_snap.schema.modules}
        _write(root / "ts" / f"c{i}", {"use.ts": typescript_consumer(old_snap.schema, names, modules, "./old", "./new")})
        old_ts = {k[len("typescript/"):]: t for k, t in old.items() if k.startswith("typescript/")}
        objects = {names[t.key] for t in old_snap.schema.types_by_key().values() if isinstance(t, ir.ObjectType)}
        required = {(module_path(t.module) + ".ts", names[t.key]): _required(t, old_snap.schema.types_by_key())
                    for t in old_snap.schema.types_by_key().values() if isinstance(t, ir.ObjectType)}
        _write(root / "ts" / f"c{i}" / "new", typescript_spelled_consumers(old_ts, required, objects))
        if control:
            _write(root / "ts" / f"c{i}" / "old", typescript_spelled_consumers(old_ts, required, objects))
        if control:
            _, ctrl = _generate(case / "ctrl", change.old, f"o{i}", change.overrides)
            _write(root / "py", {k[len("python/"):]: t for k, t in ctrl.items() if k.startswith("python/")})
            for suffix in ("p", "t"):
                pkg = f"o{i}{suffix}"
                files = {f"{pkg}_use/{k}": t for k, t in python_consumer(ctrl, pkg, pkg).items()}
                _write(root / "py", {f"{pkg}_use/__init__.py": "", **files})
            _write(root / "ts" / f"c{i}", {"ctrl.ts": typescript_consumer(old_snap.schema, names, modules, "./old", "./old")})
    return verdicts


def _required(t: ir.ObjectType, types: dict[str, ir.NamedType]) -> list[str]:
    base = types.get(t.base) if t.base else None
    inherited = _required(base, types) if isinstance(base, ir.ObjectType) and base is not t else []
    return list(dict.fromkeys(inherited + [f.json_name for f in t.fields if f.required]))


_MYPY_LINE = re.compile(r"^([co])(\d+)([pt])_use[/\\]\S+?:\d+: error: (.*)$")
_TSC_LINE = re.compile(r"^c(\d+)/(use\.ts|ctrl\.ts|new/\S+\.oracle\.ts|old/\S+\.oracle\.ts)\(\d+,\d+\): error (.*)$")


def run_mypy(root: Path, verdicts: list[Verdict], control: bool) -> str:
    packages = []
    for i, v in enumerate(verdicts):
        if not v.skipped:
            packages += [f"c{i}p_use", f"c{i}t_use"] + ([f"o{i}p_use", f"o{i}t_use"] if control else [])
    if not packages:
        return ""
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
            "--python-version", "3.11", "--no-error-summary", "--hide-error-context", "--no-pretty"]
    for p in packages:
        args += ["-p", p]
    done = subprocess.run(args, cwd=root / "py", capture_output=True, text=True,
                          env={**os.environ, "MYPYPATH": str(root / "py")})
    for line in done.stdout.splitlines():
        m = _MYPY_LINE.match(line)
        if m:
            v = verdicts[int(m.group(2))]
            target = "pydantic" if m.group(3) == "p" else "typeddict"
            (v.errors if m.group(1) == "c" else v.control).setdefault(target, []).append(m.group(4))
    return done.stdout + done.stderr


def run_tsc(root: Path, verdicts: list[Verdict]) -> str:
    config = {"compilerOptions": {"strict": True, "noEmit": True, "target": "es2022", "module": "nodenext",
                                  "moduleResolution": "nodenext", "skipLibCheck": True, "noUnusedLocals": False,
                                  "pretty": False},
              "include": ["c*/use.ts", "c*/ctrl.ts", "c*/new/**/*.oracle.ts", "c*/old/**/*.oracle.ts"]}
    (root / "ts" / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run([str(TSC), "-p", str(root / "ts" / "tsconfig.json")], cwd=root / "ts",
                          capture_output=True, text=True)
    for line in done.stdout.splitlines():
        m = _TSC_LINE.match(line)
        if m:
            v = verdicts[int(m.group(1))]
            ours = m.group(2) == "use.ts" or m.group(2).startswith("new/")
            (v.errors if ours else v.control).setdefault("typescript", []).append(m.group(3))
    return done.stdout + done.stderr


def run(changes: list[Change], root: Path, control: bool = False) -> list[Verdict]:
    if root.exists():
        shutil.rmtree(root)
    verdicts = prepare(changes, root, control)
    run_mypy(root, verdicts, control)
    run_tsc(root, verdicts)
    for v in verdicts:
        if not v.skipped:
            v.compiled = {t: bool(v.errors.get(t)) for t in TARGETS}
    return verdicts


def agreement(verdicts: list[Verdict]) -> dict[str, tuple[int, int]]:
    """target → (agreeing changes, compiled changes)."""
    done = [v for v in verdicts if not v.skipped]
    return {t: (sum(v.agrees(t) for v in done if v.checked(t)), sum(v.checked(t) for v in done)) for t in TARGETS}


def describe(verdicts: list[Verdict]) -> str:
    """A table of agreement per target, then every disagreement with the compiler's first error
    and the findings."""
    lines = []
    for t, (ok, n) in agreement(verdicts).items():
        fails = sum(1 for v in verdicts if not v.skipped and v.compiled[t])
        lines.append(f"{t:<10} {ok}/{n} agree ({100 * ok / n if n else 100:.1f}%); the compiler fails on {fails}")
    skipped = Counter(v.skipped.split(":")[0] for v in verdicts if v.skipped)
    for why, n in sorted(skipped.items()):
        lines.append(f"skipped ({why}): {n}")
    lines += [f"- {v.change.id}: {v.skipped[:200]}" for v in verdicts if v.skipped.startswith("internal")]
    for v in verdicts:
        if v.skipped:
            continue
        for t in TARGETS:
            if not v.checked(t):
                lines.append(f"- {v.change.id} [{t}] not checked: its findings are on types the consumer leaves out "
                             f"({', '.join(sorted(v.unchecked[t]))})")
            elif not v.agrees(t):
                lines.append(f"- {v.change.id} [{t}] predicted={v.predicted[t]} compiler={v.compiled[t]}")
                lines += [f"    compiler: {e}" for e in v.errors.get(t, [])[:3]]
                lines += [f"    finding: {f.rule} {f.subject}: {f.message}" for f in v.findings if t in f.targets][:3]
        for t, errs in v.control.items():
            lines.append(f"- {v.change.id} [{t}] CONTROL (consumer fails against old): {errs[:2]}")
    return "\n".join(lines)
