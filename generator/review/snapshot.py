"""One loaded and lowered schema set, from the working tree, another folder, or a git revision.

Every review command consumes snapshots: the same documents, ref index and named IR the generator
builds (pipeline.load_documents / build_ir), so review and generation never disagree about what a
schema means. A git revision is read with `git archive` into a temporary folder, all of the
schemas folder at once, so cross-file `$ref`s resolve exactly as they did at that revision.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from schemagen import ir
from schemagen.config import Config
from schemagen.diagnostics import Location, SchemaError, error
from schemagen.frontend.load import Document
from schemagen.frontend.refs import RefIndex
from schemagen.naming import TargetNames


@dataclass(frozen=True)
class Snapshot:
    label: str  # "working tree", a folder, or a git revision
    config: Config
    documents: tuple[Document, ...]
    index: RefIndex
    schema: ir.Schema
    names: dict[str, TargetNames]
    attributes: dict[str, dict[str, str]]  # type key → JSON name → pydantic attribute
    revision: str = ""  # the commit, when read from git (the report links its lines)

    def document(self, rel: str) -> Document | None:
        return next((d for d in self.documents if d.rel == rel), None)


def load_snapshot(config: Config, label: str = "working tree", reuse: Snapshot | None = None) -> Snapshot:
    """The working tree through the user's cache (cache.py: an unchanged file is neither parsed nor
    checked again); another tree (`reuse` set) takes each file whose bytes equal the same file of
    `reuse` from it, parsed and checked once for both sides."""
    from schemagen.cache import Cache
    from schemagen.frontend.dialect import with_dialects
    from schemagen.pipeline import build_ir
    from schemagen.targets.pydantic import field_attributes

    cache = Cache.default() if reuse is None else None
    documents = _documents(config, label, cache, reuse)
    if reuse is not None and len(documents) == len(reuse.documents) and all(
            a is b for a, b in zip(documents, reuse.documents)):
        # not one file differs: the same IR, names and refs (most pull requests leave the schemas alone)
        return replace(reuse, label=label, config=config)
    # each document read in its draft, as build_ir reads it: the ref index crawls a draft-07 file's
    # array-form `items` as a list of schemas, not as one schema (it was crawled as 2020-12 and failed)
    documents, _ = with_dialects(documents, config.default_dialect)
    try:
        schema, names, _ = build_ir(documents, config, cache=cache if reuse is None else Cache.default())
    except SchemaError as exc:
        if label == "working tree":
            raise
        raise SchemaError([replace(d, message=f"(in {label}) {d.message}") for d in exc.diagnostics]) from None
    index = RefIndex(documents, config.remote_roots, config.allow_remote_refs, config.default_dialect)
    return Snapshot(label, config, tuple(documents), index, schema, names, field_attributes(schema, config.field_naming))


def _documents(config: Config, label: str, cache: object, reuse: Snapshot | None) -> list[Document]:
    from schemagen.diagnostics import has_errors
    from schemagen.frontend.load import discover_checked, load_file
    from schemagen.pipeline import load_documents

    if not config.schemas.is_dir() and label != "working tree":
        return []
    if reuse is None or _has_api_documents(reuse.documents):
        return load_documents(config, cache)  # type: ignore[arg-type]
    same = {d.rel: d for d in reuse.documents}
    sources = {d.rel: reuse.config.schemas / d.rel for d in reuse.documents}
    paths, diags = discover_checked(config.schemas)
    docs: list[Document] = []
    for path in paths:
        rel = path.relative_to(config.schemas).as_posix()
        mine = same.get(rel)
        if mine is not None and _same_bytes(path, sources[rel]):
            docs.append(mine)  # the very document of the other side: one parse, one check, one location
            continue
        doc, found = load_file(path, config.schemas, config.root)
        diags.extend(found)
        if doc is not None:
            docs.append(doc)
    if has_errors(diags):
        raise SchemaError(diags)
    if _has_api_documents(docs):
        # an OpenAPI, Swagger or AsyncAPI document is rewritten with the files it reads and the
        # plain files that refer into it (frontend/documents): read the whole side as generation does
        return load_documents(config, cache)  # type: ignore[arg-type]
    return docs


def _has_api_documents(documents: Sequence[Document]) -> bool:
    """A loaded API document, or one already written as JSON Schema (it says what it came from)."""
    from schemagen.frontend.documents import kind_of

    return any(isinstance(d.content, dict) and ("x-schemagen-document" in d.content or kind_of(d.content) is not None)
               for d in documents)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def load_against(config: Config, ref: str, reuse: Snapshot | None = None) -> Snapshot:
    """REF as a folder of schemas when one exists by that name, else as a git revision. Files equal
    to those of `reuse` (the new side) are taken from it."""
    folder = Path(ref) if Path(ref).is_absolute() else Path.cwd() / ref
    if folder.is_dir():
        return load_snapshot(replace(config, schemas=folder, root=folder.parent), ref, reuse)
    with tempfile.TemporaryDirectory(prefix="schemagen-against-") as tmp:
        rel = extract_revision(config, ref, Path(tmp))
        snap = load_snapshot(replace(config, schemas=Path(tmp) / rel, root=Path(tmp)), ref, reuse)
    sha = _git(config.root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").stdout.decode().strip()
    return replace(snap, revision=sha)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)


def _fail(message: str, hint: str) -> SchemaError:
    return SchemaError([error("against", message, Location("--against"), hint)])


def extract_revision(config: Config, ref: str, into: Path) -> str:
    """Write the schemas folder as it was at `ref` under `into`; return its path relative to the
    repository root (where it now sits inside `into`)."""
    try:
        top = _git(config.root, "rev-parse", "--show-toplevel")
    except FileNotFoundError:
        raise _fail(f"{ref!r} is not a folder, and git is not installed to read it as a revision",
                    "install git, or pass a folder of schemas") from None
    if top.returncode != 0:
        raise _fail(f"{ref!r} is not a folder, and {config.display(config.root)} is not inside a git repository",
                    "pass a folder of schemas, or run inside the repository")
    root = Path(top.stdout.decode().strip())
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"
        if shallow:
            raise _fail(f"revision {ref!r} is not in this clone: it is shallow",
                        "fetch the history (GitHub Actions: actions/checkout with `fetch-depth: 0`; "
                        "locally: git fetch --unshallow)")
        raise _fail(f"{ref!r} is neither a folder nor a git revision of {root}",
                    "name a branch, tag, sha (e.g. main, origin/main, HEAD~1) or an existing folder")
    try:
        rel = config.schemas.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise _fail(f"the schemas folder {config.schemas} is outside the git repository {root}",
                    "pass a folder of old schemas instead of a revision") from None
    listed = _git(root, "ls-tree", "-d", "--name-only", ref, "--", rel)
    if rel != "." and not listed.stdout.strip():
        (into / rel).mkdir(parents=True, exist_ok=True)  # no schemas yet at that revision: all is new
        return rel
    archive = _git(root, "archive", "--format=tar", ref, "--", rel)
    if archive.returncode != 0:
        raise _fail(f"git archive {ref} failed: {archive.stderr.decode(errors='replace').strip()}",
                    "check the revision name")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    (into / rel).mkdir(parents=True, exist_ok=True)
    return rel
