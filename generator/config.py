"""`[tool.schemagen]` in pyproject.toml, merged with CLI flags. Every value is checked here so a
bad config is one clear message naming the key, never a traceback later."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from schemagen.diagnostics import Location, SchemaError, error, spelled
from schemagen.document_options import DocumentOptions, parse_documents
from schemagen.locations import DEFAULT_TEMPLATES

TARGETS = ("pydantic", "typeddict", "typescript", "validators")
# Without `targets`: the three declaration targets; the TypeScript validators are asked for by name.
DEFAULT_TARGETS = ("pydantic", "typeddict", "typescript")
DIALECTS = ("draft-04", "draft-06", "draft-07", "2019-09", "2020-12")  # frontend/dialect.py reads each
DEFAULT_DIALECTS = ("auto",) + DIALECTS
_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Bundle:
    """A self-contained JSON Schema document written under the output folder (e.g. to serve a
    WebSocket contract to a frontend): the named types, with everything they reference inlined
    into `$defs`."""

    path: str
    types: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Placement:
    """Where one target's files go: under the output root `out` (which holds the manifest of
    everything written there), in the folder `folder` (posix, relative to `out`; "" is the whole
    root), which that target alone owns."""

    out: Path
    folder: str


@dataclass(frozen=True)
class Config:
    root: Path
    schemas: Path
    out: Path
    python_package: str = "contracts"
    typeddict_package: str = "contracts_td"
    targets: tuple[str, ...] = DEFAULT_TARGETS
    only: tuple[str, ...] | None = None  # `--target`: this run renders (and may change) these targets only
    pydantic_out: Path | None = None  # [tool.schemagen.pydantic] out: the package lands in <out>/<package>/
    typeddict_out: Path | None = None
    typescript_out: Path | None = None  # [tool.schemagen.typescript] out: index.ts lands in <out>/
    validators_out: Path | None = None  # [tool.schemagen.validators] out: the TypeScript validators' folder
    field_naming: str = "snake"
    open_objects: bool = True
    infer_object_type: bool = False  # object keywords without `type` mean an object only
    allow_remote_refs: bool = False
    remote_roots: dict[str, Path] = field(default_factory=dict)
    templates: Path = DEFAULT_TEMPLATES
    bundles: tuple[Bundle, ...] = ()
    python_imports: tuple[str, ...] = ()  # modules x-python-import may name, beyond the defaults
    default_dialect: str = "auto"  # the draft of a file without $schema (see frontend/dialect.py)
    # [tool.schemagen.documents."<path>"]: include / bodies per API document (frontend/documents/options.py)
    documents: dict[str, DocumentOptions] = field(default_factory=dict)
    source: str = "defaults"

    @property
    def active(self) -> tuple[str, ...]:
        """The targets this run renders."""
        return self.only if self.only is not None else self.targets

    def placement(self, target: str) -> Placement:
        own = {"pydantic": self.pydantic_out, "typeddict": self.typeddict_out, "typescript": self.typescript_out,
               "validators": self.validators_out}[target]
        inside = {"pydantic": self.python_package, "typeddict": self.typeddict_package, "typescript": "",
                  "validators": ""}[target]
        if own is not None:
            return Placement(own, inside)
        return Placement(self.out, target if target in ("typescript", "validators") else f"python/{inside}")

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):  # not below the root, or a symlink loop
            return path.as_posix()


_KEYS = {
    "schemas", "out", "python_package", "typeddict_package", "targets", "field_naming", "open_objects",
    "infer_object_type", "allow_remote_refs", "remote_roots", "templates", "bundles", "python_imports",
    "breaking", "lint",  # the review commands' own tables, read by review/settings.py
    "pydantic", "typeddict", "typescript", "validators", "default_dialect", "documents",
}
_INTERNAL = {"pydantic_out", "typeddict_out", "typescript_out", "validators_out", "only"}  # set by the tables below and flags
# [tool.schemagen.<target>] tables: their keys, and the flat key each one sets
_TARGET_KEYS = {
    "pydantic": {"out": "pydantic_out", "package": "python_package"},
    "typeddict": {"out": "typeddict_out", "package": "typeddict_package"},
    "typescript": {"out": "typescript_out"},
    "validators": {"out": "validators_out"},
}
_PATH_KEYS = ("schemas", "out", "templates", "pydantic_out", "typeddict_out", "typescript_out", "validators_out")


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(cwd: Path, config_file: Path | None = None, overrides: dict[str, Any] | None = None,
                discover: bool = True) -> Config:
    """Defaults, then [tool.schemagen] from the nearest pyproject.toml (unless `discover` is
    False), then CLI flags."""
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    for key in _PATH_KEYS:  # a path given on the command line is relative to where it was typed
        if isinstance(overrides.get(key), (str, Path)) and str(overrides[key]):
            overrides[key] = cwd / overrides[key]
    pyproject = config_file or (find_pyproject(cwd) if discover else None)
    table: dict[str, Any] = {}
    root = cwd
    where = "defaults"
    if pyproject is not None and pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SchemaError([error("config", f"pyproject.toml is not valid TOML: {exc}", Location(str(pyproject)))])
        table = data.get("tool", {}).get("schemagen", {})
        if table or config_file is not None:
            root = pyproject.parent
            where = str(pyproject)
    elif config_file is not None:
        raise SchemaError([error("config", f"config file {config_file} does not exist", Location(str(config_file)))])
    if overrides:
        _build(root, overrides, "command line")  # a bad flag is reported as the flag, not as the file
    merged = {**_flatten(table, where), **overrides}
    return _build(root, merged, where)


def _flatten(table: dict[str, Any], where: str) -> dict[str, Any]:
    """[tool.schemagen.pydantic] out/package etc. → the flat keys the rest of the config uses."""
    flat = {k: v for k, v in table.items() if k not in _TARGET_KEYS}
    for key in sorted(set(flat) & _INTERNAL):
        raise _fail(key, "unknown key; known keys are " + ", ".join(sorted(_KEYS)), where)
    for target, keys in _TARGET_KEYS.items():
        sub = table.get(target)
        if sub is None:
            continue
        if not isinstance(sub, dict):
            raise _fail(target, f"expected a table [tool.schemagen.{target}] with {', '.join(keys)}", where)
        for key, value in sub.items():
            if key not in keys:
                raise _fail(f"{target}.{key}", f"unknown key{_did_you_mean(str(key), keys)}; "
                                               f"[tool.schemagen.{target}] takes {', '.join(keys)}", where)
            if keys[key] in flat and key == "package":
                raise _fail(f"{target}.package", f"set both here and as {keys[key]}; keep one", where)
            flat[keys[key]] = value
    return flat


def _fail(key: str, message: str, where: str) -> SchemaError:
    if where == "command line":
        flag = "--" + key.split("[")[0].split(".")[0].replace("_", "-").removesuffix("s")
        flag = {"--python-package": "--package", "--only": "--target"}.get(flag, flag)
        return SchemaError([error("usage", f"{flag}: {message}", Location("command line"),
                                  f"fix the {flag} option (see `schemagen --help`)")])
    return SchemaError([error("config", f"[tool.schemagen] {key}: {message}", _key_location(where, key),
                              "fix the value in [tool.schemagen] of pyproject.toml (see docs/configuration.md)")])


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest known spelling, or nothing when none is close."""
    import difflib

    close = difflib.get_close_matches(word.lower().replace("-", "_"), sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _key_location(where: str, key: str) -> Location:
    """The line of `key = ...` inside [tool.schemagen], so an editor can jump to it."""
    name = key.split("[")[0].split(".")[0]
    try:
        lines = Path(where).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return Location(where)
    inside = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[tool.schemagen")
            continue
        match = re.match(r"\s*(\"?)" + re.escape(name) + r"\1\s*=", line)
        if inside and match:
            return Location(where, number, len(line) - len(line.lstrip()) + 1)
    return Location(where)


def _build(root: Path, table: dict[str, Any], where: str) -> Config:
    unknown = sorted(set(table) - _KEYS - _INTERNAL)
    if unknown:
        raise _fail(unknown[0], f"unknown key{_did_you_mean(unknown[0], _KEYS)}; known keys are {', '.join(sorted(_KEYS))}", where)

    def path(key: str, default: str) -> Path:
        value = table.get(key, default)
        if not isinstance(value, (str, Path)) or not str(value):
            raise _fail(key, "expected a folder path (a string)", where)
        p = Path(value)
        return p if p.is_absolute() else root / p

    def optional_path(key: str) -> Path | None:
        return path(key, "") if key in table else None

    targets = _target_list(table, "targets", where)
    only = _target_list(table, "only", where) if "only" in table else None
    package = table.get("python_package", "contracts")
    if not _package_ok(package):
        raise _fail("python_package", f"{package!r} is not a valid lowercase Python package name "
                                      "(letters, digits, _; no keyword, no Windows device name)", where)
    td_package = table.get("typeddict_package", f"{package}_td")
    if not _package_ok(td_package) or td_package == package:
        raise _fail("typeddict_package", f"{td_package!r} must be a valid package name different from python_package", where)
    naming = table.get("field_naming", "snake")
    if naming not in ("snake", "keep"):
        raise _fail("field_naming", f"{naming!r}: expected 'snake' or 'keep'", where)
    for key in ("open_objects", "infer_object_type", "allow_remote_refs"):
        if key in table and not isinstance(table[key], bool):
            raise _fail(key, "expected true or false", where)
    dialect = table.get("default_dialect", "auto")
    if dialect not in DEFAULT_DIALECTS:
        raise _fail("default_dialect", f"{dialect!r}: expected one of {', '.join(DEFAULT_DIALECTS)}", where)
    documents, problem = parse_documents(table.get("documents", {}))
    if problem:
        raise _fail("documents", problem, where)
    remote = table.get("remote_roots", {})
    if not isinstance(remote, dict) or not all(isinstance(k, str) and isinstance(v, (str, Path)) and str(v)
                                               for k, v in remote.items()):
        raise _fail("remote_roots", "expected a table of URL prefix = local folder", where)
    for prefix in remote:
        if not _url_prefix_ok(prefix):
            raise _fail("remote_roots", f"{prefix!r} is not an http(s) URL prefix ending in '/' "
                                        "(e.g. 'https://example.com/schemas/')", where)
    bundles: list[Bundle] = []
    raw_bundles = table.get("bundles", [])
    if not isinstance(raw_bundles, list):
        raise _fail("bundles", "expected a list of {path = 'file.json', types = ['Name', ...]}", where)
    for i, b in enumerate(raw_bundles):
        if not isinstance(b, dict) or not isinstance(b.get("path"), str) or not isinstance(b.get("types"), list) \
                or not all(isinstance(t, str) for t in b["types"]) or not isinstance(b.get("title", ""), str):
            raise _fail(f"bundles[{i}]", "expected {path = 'file.json', types = ['Name', ...], title = '...'}", where)
        problem = _bundle_path_problem(b["path"], [x.path for x in bundles])
        if problem:
            raise _fail(f"bundles[{i}].path", f"{b['path']!r}: {problem}", where)
        bundles.append(Bundle(b["path"], tuple(b["types"]), b.get("title", "")))
    config = Config(
        root=root,
        schemas=path("schemas", "schemas"),
        out=path("out", "generated"),
        python_package=package,
        typeddict_package=td_package,
        targets=tuple(t for t in TARGETS if t in targets),
        only=tuple(t for t in TARGETS if t in only) if only is not None else None,
        pydantic_out=optional_path("pydantic_out"),
        typeddict_out=optional_path("typeddict_out"),
        typescript_out=optional_path("typescript_out"),
        validators_out=optional_path("validators_out"),
        field_naming=naming,
        open_objects=table.get("open_objects", True),
        infer_object_type=table.get("infer_object_type", False),
        allow_remote_refs=table.get("allow_remote_refs", False),
        remote_roots={k: (Path(v) if Path(v).is_absolute() else root / v) for k, v in remote.items()},
        templates=path("templates", str(DEFAULT_TEMPLATES)),
        bundles=tuple(bundles),
        python_imports=_module_list(table.get("python_imports", []), where),
        default_dialect=dialect,
        documents=documents,
        source=where,
    )
    _check_placements(config, where)
    if "validators" in config.active and "typescript" not in config.targets + config.active:
        raise _fail("targets", "the validators import the typescript target's declarations: "
                               "list typescript among the targets too", where)
    if not config.templates.is_dir():
        raise _fail("templates", f"the template folder {config.templates} does not exist (or is not a folder)", where)
    return config


def _package_ok(name: object) -> bool:
    """A Python package name that imports everywhere: lowercase identifier characters (fullmatch:
    `$` would let a trailing newline through), no keyword, no Windows device name (`con/`)."""
    import keyword

    from schemagen.naming import WINDOWS_DEVICES

    return (isinstance(name, str) and _PACKAGE.fullmatch(name) is not None and not keyword.iskeyword(name)
            and name not in WINDOWS_DEVICES)


def _url_prefix_ok(prefix: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(prefix)
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(parts.netloc) and prefix.endswith("/")
            and prefix.isprintable() and not any(c.isspace() for c in prefix) and not parts.query and not parts.fragment)


_WINDOWS_BAD = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')


def _bundle_path_problem(path: str, earlier: list[str]) -> str:
    """Why a bundle path cannot be written the same way on every platform, or would take a
    name schemagen keeps for itself; "" when it is fine."""
    import unicodedata

    from schemagen.naming import WINDOWS_DEVICES
    from schemagen.safety import STAGED, safe_rel

    if not safe_rel(path) or not path.endswith(".json") or _WINDOWS_BAD.search(path) or not path.isprintable():
        return "expected a relative .json path inside the output folder (/ between folders, no '..', no \\ : * ? \" < > |)"
    parts = path.split("/")
    if any(p.endswith((".", " ")) or p.split(".")[0].lower() in WINDOWS_DEVICES for p in parts):
        return "a name Windows cannot hold (a device name such as con or nul, or a trailing dot or space)"
    if parts[0] in (".schemagen-manifest.json", ".schemagen-journal.json") or STAGED.fullmatch(parts[-1]):
        return "a name schemagen keeps for its own state files"
    fold = unicodedata.normalize("NFC", path).casefold()
    for other in earlier:
        if unicodedata.normalize("NFC", other).casefold() == fold:
            return f"the same file as bundle {spelled(other)}, given as {spelled(path)} (names that differ only in case or Unicode normalisation " \
                   "are one file on macOS and Windows)"
    return ""


def _target_list(table: dict[str, Any], key: str, where: str) -> list[str]:
    targets = table.get(key, list(DEFAULT_TARGETS))
    if isinstance(targets, str):
        targets = [t.strip() for t in targets.split(",") if t.strip()]
    if not isinstance(targets, (list, tuple)) or not targets:
        raise _fail(key, f"expected a non-empty list from {list(TARGETS)}", where)
    for t in targets:
        if t not in TARGETS:
            raise _fail(key, f"unknown target {t!r}{_did_you_mean(str(t), TARGETS)}; choose from {', '.join(TARGETS)}", where)
    return list(targets)


def _check_placements(config: Config, where: str) -> None:
    """Each target owns its folder alone, and no output root lies inside another: each root has
    its own manifest, and a run must never take another root's files for stale ones of its own."""
    placed = {t: config.placement(t) for t in TARGETS if t in config.targets or t in (config.only or ())}
    folders = {t: (p.out / p.folder).resolve() for t, p in placed.items()}
    roots = {p.out.resolve() for p in placed.values()} | ({config.out.resolve()} if config.bundles else set())
    names = list(placed)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            fa, fb = folders[a], folders[b]
            if fa == fb or fa in fb.parents or fb in fa.parents:
                raise _fail(f"{b}.out", f"the {b} output ({fb}) overlaps the {a} output ({fa}); give each its own folder", where)
    for bundle in config.bundles:
        for t, p in placed.items():
            if p.out.resolve() == config.out.resolve() and (not p.folder or bundle.path.startswith(p.folder + "/")):
                raise _fail("bundles", f"the bundle {bundle.path} lies in the {t} output's folder ({p.folder or '.'}), "
                                       "which that target alone owns; put it beside it", where)
    for root in roots:
        for other in roots:
            if root in other.parents:
                raise _fail("out", f"the output folder {other} lies inside the output folder {root}; "
                                   "put them side by side", where)


def with_overrides(config: Config, **changes: Any) -> Config:
    return replace(config, **changes)


def _module_list(value: Any, where: str) -> tuple[str, ...]:
    import keyword

    from schemagen.naming import is_identifier

    def dotted(v: object) -> bool:
        return isinstance(v, str) and all(is_identifier(p) and not keyword.iskeyword(p) for p in v.split("."))

    if not isinstance(value, list) or not all(dotted(v) for v in value):
        raise _fail("python_imports", "expected a list of dotted module names (identifiers joined by '.')", where)
    return tuple(sorted(set(value)))
