"""Per-module runtime findings gathered over the repository: the code's minimum version, imports
of removed standard-library modules, uses of removed APIs, and the project's own C extensions.
"""

from __future__ import annotations

import re

from analysis.architecture.module_walk import GUARDED
from analysis.architecture.modules import SourceModule
from analysis.project_files import ProjectFiles
from analysis.runtime.code_needs import drop_first_party, minimum_of, version_key
from analysis.runtime.removed import (
    imported_names,
    removed_api_named,
    removed_api_of_import,
    removed_module_of,
)
from analysis.runtime.section import (
    CodeNeed,
    ExtensionModule,
    FileNeed,
    RemovedApiUse,
    RemovedImport,
    RequiredMinimum,
)

_MAX_REASONS = 50
_EXTENSION_SOURCES = ("*.c", "*.cc", "*.cpp", "*.cxx", "*.pyx")
_EXTENSION_MARK = re.compile(r"PyInit_\w+|PyModuleDef_Init|PyModule_Create")


def required_minimum(modules: list[SourceModule], first_party: set[str]) -> RequiredMinimum:
    result = RequiredMinimum()
    all_needs: list[CodeNeed] = []
    for module in modules:
        facts = module.facts
        if facts is None or "needs" not in facts:
            syntax = (facts or {}).get("syntax") or {}
            if syntax.get("python2"):
                result.python2.append(
                    CodeNeed(module.path, syntax.get("line", 0), "2", syntax.get("message", ""))
                )
            elif syntax.get("version"):
                need = CodeNeed(
                    module.path,
                    syntax.get("line", 0),
                    syntax["version"],
                    syntax.get("message", "newer syntax"),
                )
                all_needs.append(need)
                result.files.append(FileNeed(module.path, need.version, [need]))
                continue
            result.unparsed.append(module.path)
            continue
        kept, dropped = drop_first_party(facts["needs"], first_party)
        for line, version, feature, why in facts.get("ignored", []) + dropped:
            result.ignored.append(CodeNeed(module.path, line, version, feature, why))
        for line, feature in facts.get("py2", []):
            result.python2_constructs.append(CodeNeed(module.path, line, "2", feature))
        version = minimum_of(kept)
        if version is None:
            continue
        reasons = [CodeNeed(module.path, r[0], r[1], r[2]) for r in kept if r[1] == version]
        result.files.append(FileNeed(module.path, version, reasons))
        all_needs.extend(reasons)
    if result.files:
        result.files.sort(key=lambda f: (tuple(-v for v in version_key(f.version)), f.path))
        result.version = result.files[0].version
        result.reasons = [n for n in all_needs if n.version == result.version][:_MAX_REASONS]
    return result


def removed_imports(
    modules: list[SourceModule], first_party: set[str], declared: set[str]
) -> tuple[list[RemovedImport], list[RemovedApiUse]]:
    """Imports of removed modules (not the repository's own) and uses of removed APIs."""
    removed: list[RemovedImport] = []
    apis: list[RemovedApiUse] = []
    for module in modules:
        facts = module.facts or {}
        for level, name, names, line, flags, text in facts.get("imports", []):
            if level or not name or name.split(".")[0] in first_party:
                continue
            hits = [m for m in map(removed_module_of, imported_names(name, names, 0)) if m]
            if hits:
                found = max(hits, key=lambda m: len(m.name))
                provider = next((d for d in found.provided_by if d in declared), "")
                removed.append(
                    RemovedImport(
                        found.name,
                        found.removed_in,
                        module.path,
                        line,
                        text,
                        found.replacement,
                        bool(flags & GUARDED),
                        provider,
                    )
                )
            for item in names or []:
                api = removed_api_of_import(name, item)
                if api:
                    apis.append(
                        RemovedApiUse(api.name, api.removed_in, module.path, line, api.replacement)
                    )
        for line, dotted in facts.get("attributes", []):
            api = removed_api_named(dotted)
            if api:
                apis.append(
                    RemovedApiUse(api.name, api.removed_in, module.path, line, api.replacement)
                )
    return removed, apis


def extension_modules(files: ProjectFiles) -> list[ExtensionModule]:
    """The project's own C/Cython extension modules and whether each declares free-threading
    support (``Py_MOD_GIL_NOT_USED`` in C, ``freethreading_compatible`` in Cython)."""
    found = []
    for path in files.matching(*_EXTENSION_SOURCES):
        text = files.text(path) or ""
        if path.endswith(".pyx"):
            found.append(ExtensionModule(path, "freethreading_compatible" in text))
        elif _EXTENSION_MARK.search(text):
            found.append(ExtensionModule(path, "Py_MOD_GIL_NOT_USED" in text))
    return found
