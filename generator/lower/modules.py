"""File and folder names → module and package names, through the one namer.

A schema's path is chosen by whoever wrote the pull request, and its parts become Python module
names, TypeScript file names and `export * as <folder>` names. Each part goes through
naming.module_segment (snake_case, an identifier in both languages, never a keyword); a part
that yields no name, two files that yield one module, two folders that yield one package
(`Foo/` and `foo/` collide on macOS and Windows) and a file beside a folder of the same name
(`a.json` and `a/`) are located errors naming the paths, never a silent merge or overwrite.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from schemagen.diagnostics import Diagnostic, Location, error, spelled
from schemagen.naming import module_segment


def module_name(rel: str) -> str:
    """The dotted module of a schema file (its parts that cannot be named fall back to 'module';
    module_problems reports them, so the fallback never reaches an output)."""
    return ".".join(module_segment(p) or "module" for p in PurePosixPath(rel).with_suffix("").parts)


def module_problems(files: list[tuple[str, str]]) -> list[Diagnostic]:
    """files: (posix path relative to the schemas root, display path) for every schema file."""
    diags: list[Diagnostic] = []
    modules: dict[str, str] = {}  # casefolded module → rel
    packages: dict[str, str] = {}  # casefolded package → the folder (posix, relative) it came from
    for rel, display in sorted(files):
        parts = PurePosixPath(rel).with_suffix("").parts
        bad = [p for p in parts if module_segment(p) is None]
        if bad:
            diags.append(error("module-name", f"the name {bad[0]!r} gives no module or package name (it has no letters "
                               "or digits a Python and TypeScript name can hold)", Location(display),
                               "rename the file or folder with letters, digits, '_' or '-'"))
            continue
        for depth in range(1, len(parts)):
            folder = "/".join(PurePosixPath(rel).parts[:depth])
            package = module_name(folder + "/x.json").rpartition(".")[0].casefold()
            other = packages.setdefault(package, folder)
            if other != folder:
                diags.append(error("package-collision", f"the folders {spelled(other)} and {spelled(folder)} both become package "
                                   f"{package!r} (and collide on case-insensitive file systems)", Location(display),
                                   "rename one of the folders"))
        module = module_name(rel).casefold()
        other = modules.setdefault(module, rel)
        if other != rel:
            diags.append(error("module-collision", f"the files {spelled(other)} and {spelled(rel)} both become module {module!r}",
                               Location(display), "rename one of the files"))
    for module, rel in sorted(modules.items()):
        if module in packages:
            display = next(d for r, d in files if r == rel)
            diags.append(error("module-collision", f"the file {spelled(rel)} and the folder {spelled(packages[module])} both become "
                               f"{module!r}: a module and a package cannot share a name", Location(display),
                               "rename the file or the folder"))
    return diags
