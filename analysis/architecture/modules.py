"""Module names for a repository's Python files, and imports resolved to modules.

A file's module name is its path below its import root. Roots: the folder above the topmost
package (a folder with ``__init__.py``) holding it, folders with ``manage.py`` (Django runs from
there), and the repository root; a file outside packages is named from the nearest root above it
(implicit namespace packages). Relative imports are resolved by path, as Python resolves them
against the importing package. An absolute import is first-party when it names a module found
here (the longest existing prefix of ``a.b.c``), or, for a dotted name, one unique module whose
name ends with it (code run from another folder of the repository).
"""

from __future__ import annotations

import posixpath
import sys
from collections import defaultdict
from dataclasses import dataclass, field

#: top-level names of the standard library of the interpreter running the analysis
STDLIB = frozenset(sys.stdlib_module_names)


@dataclass
class SourceModule:
    path: str
    name: str
    is_package: bool  # an __init__.py: relative imports resolve against the module itself
    facts: dict | None = None
    sloc: int = 0


@dataclass
class ResolvedImport:
    importer: str  # module name
    imported: str | None  # first-party module name, or None (external / unresolved)
    external: str | None  # top-level name of a third-party or stdlib module
    dotted: str  # what the statement names, absolute
    line: int
    flags: int
    text: str


@dataclass
class ModuleIndex:
    modules: dict[str, SourceModule] = field(default_factory=dict)  # name -> module
    by_path: dict[str, SourceModule] = field(default_factory=dict)
    first_party: set[str] = field(default_factory=set)  # top-level names
    roots: set[str] = field(default_factory=set)  # import roots (folders); "" is the repository
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, name taken by)
    _suffixes: dict[str, list[str]] = field(default_factory=dict)

    def suffix_match(self, dotted: str) -> str | None:
        candidates = self._suffixes.get(dotted, [])
        return candidates[0] if len(candidates) == 1 else None


def _dir(path: str) -> str:
    return posixpath.dirname(path)


def module_name_of(path: str, root: str) -> str:
    relative = path[len(root) + 1 :] if root else path
    stem = posixpath.splitext(relative)[0]
    parts = stem.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def build_index(paths_and_facts: list[tuple[str, dict | None, int]]) -> ModuleIndex:
    """Name every Python file; ``paths_and_facts`` holds (path, facts, sloc)."""
    paths = [p for p, _, _ in paths_and_facts]
    packages = {_dir(p) for p in paths if posixpath.basename(p) == "__init__.py"}
    roots = {""} | {_dir(p) for p in paths if posixpath.basename(p) == "manage.py"}
    top_of: dict[str, str] = {}
    for package in sorted(packages, key=len):
        parent = _dir(package)
        top = top_of.get(parent, package) if parent in packages else package
        top_of[package] = top
        if top == package:
            roots.add(_dir(package))
    index = ModuleIndex(roots=roots)
    for path, facts, sloc in sorted(paths_and_facts, key=lambda item: item[0]):
        folder = _dir(path)
        if folder in packages:
            root = _dir(top_of[folder])
        else:
            root = folder
            while root not in roots:
                root = _dir(root)
        name = module_name_of(path, root)
        if not name:
            continue
        module = SourceModule(path, name, posixpath.basename(path) == "__init__.py", facts, sloc)
        index.by_path[path] = module
        if name in index.modules:
            index.duplicates.append((path, index.modules[name].path))
            continue
        index.modules[name] = module
        index.first_party.add(name.split(".")[0])
    suffixes: dict[str, list[str]] = defaultdict(list)
    for name in index.modules:
        parts = name.split(".")
        for start in range(1, len(parts)):
            suffixes[".".join(parts[start:])].append(name)
    index._suffixes = dict(suffixes)
    return index


def _by_path(index: ModuleIndex, folder: str, dotted: str) -> str | None:
    """The module at ``folder/<dotted as path>`` (a .py file or a package), if any."""
    base = posixpath.join(folder, *dotted.split(".")) if dotted else folder
    for candidate in (base + ".py", base + ".pyw", posixpath.join(base, "__init__.py")):
        module = index.by_path.get(candidate.lstrip("/"))
        if module is not None:
            return module.name
    return None


def _longest_prefix(index: ModuleIndex, dotted: str) -> str | None:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in index.modules:
            return candidate
    return None


def _absolute(index: ModuleIndex, folder: str, top: str, dotted: str) -> str | None:
    if dotted in index.modules:
        return dotted
    if top in index.first_party:
        return _longest_prefix(index, dotted)
    if top in STDLIB:
        return None
    found = _by_path(index, folder, dotted)  # a script importing a module beside it
    if found is None and "." in dotted:
        found = index.suffix_match(dotted)
    return found


def resolve_imports(index: ModuleIndex, module: SourceModule) -> tuple[list[ResolvedImport], int]:
    """The module's imports resolved; also the number it names that cannot be resolved."""
    out: list[ResolvedImport] = []
    unresolved = 0
    facts = module.facts or {}
    folder = _dir(module.path)
    for level, name, names, line, flags, text in facts.get("imports", []):
        if level:
            # the package is the module's folder; each extra dot climbs one package up, and
            # an import root is not a package ("beyond top-level package" in Python)
            package_folder: str | None = folder
            for _ in range(level - 1):
                if package_folder is None or package_folder in index.roots:
                    package_folder = None
                    break
                package_folder = _dir(package_folder)
            if package_folder is None or package_folder in index.roots:
                unresolved += 1
                continue
            named = [
                _by_path(index, package_folder, f"{name}.{item}" if name else item)
                for item in names or []
            ]
            base = _by_path(index, package_folder, name or "")
            resolved = [t for t in named if t] or ([base] if base else [])
            if not resolved:
                unresolved += 1
            for target in dict.fromkeys(resolved):
                out.append(ResolvedImport(module.name, target, None, target, line, flags, text))
            continue
        if not name:
            continue
        candidates = [name] if names is None else [f"{name}.{n}" for n in names if n != "*"]
        candidates = candidates or [name]
        top = name.split(".")[0]
        targets = [t for t in (_absolute(index, folder, top, d) for d in candidates) if t]
        if not targets and names is not None:
            targets = [t for t in (_absolute(index, folder, top, name),) if t]
        if targets:
            for target in dict.fromkeys(targets):
                out.append(ResolvedImport(module.name, target, None, target, line, flags, text))
        elif top in index.first_party:
            unresolved += 1
        else:
            out.append(ResolvedImport(module.name, None, top, name, line, flags, text))
    return out, unresolved
