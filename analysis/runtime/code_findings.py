"""Per-module runtime findings gathered over the repository: the code's minimum version, imports
of removed standard-library modules, uses of removed APIs, and the project's own C extensions.
"""

from __future__ import annotations

import re

from analysis.architecture.module_walk import GUARDED
from analysis.architecture.modules import SourceModule
from analysis.project_files import ProjectFiles
from analysis.runtime.code_needs import drop_first_party, minimum_of, version_key
from analysis.runtime.grammar import is_grammar
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
from analysis.runtime.set_aside import Roles, Tested, every_file_production, why_set_aside

_MAX_REASONS = 50
_EXTENSION_SOURCES = ("*.c", "*.cc", "*.cpp", "*.cxx", "*.pyx")
_EXTENSION_MARK = re.compile(r"PyInit_\w+|PyModuleDef_Init|PyModule_Create")


def required_minimum(
    modules: list[SourceModule],
    first_party: set[str],
    roles: Roles | None = None,
    tested: Tested | None = None,
) -> RequiredMinimum:
    """The highest version the code needs, over kept reasons only.

    Grammar is always kept (a file that does not parse fails whatever guards it). Library needs
    are weighed (:mod:`analysis.runtime.set_aside`); those set aside that would have raised the
    minimum are listed in ``ignored`` with the reason, beside the guards read per module.
    """
    roles = roles or every_file_production
    result = RequiredMinimum()
    all_needs: list[CodeNeed] = []
    weighed_out: list[CodeNeed] = []
    for module in modules:
        facts = module.facts
        if facts is None or "needs" not in facts:
            syntax = (facts or {}).get("syntax") or {}
            if syntax.get("python2"):
                result.python2.append(
                    CodeNeed(module.path, syntax.get("line", 0), "2", syntax.get("message", ""))
                )
            elif syntax.get("version"):
                rows = syntax.get("reasons") or [
                    [syntax.get("line", 0), syntax["version"], syntax.get("message", "")]
                ]
                needs = [CodeNeed(module.path, r[0], r[1], r[2], syntax=True) for r in rows]
                top = [n for n in needs if n.version == syntax["version"]] or needs
                all_needs.extend(top)
                result.files.append(FileNeed(module.path, syntax["version"], top))
                continue
            result.unparsed.append(module.path)
            continue
        kept, dropped = drop_first_party(facts["needs"], first_party)
        for line, version, feature, why in facts.get("ignored", []) + dropped:
            result.ignored.append(CodeNeed(module.path, line, version, feature, why))
        for line, feature in facts.get("py2", []):
            result.python2_constructs.append(CodeNeed(module.path, line, "2", feature))
        role = roles(module.path)
        imports = facts.get("imports", [])
        weighed = []
        for reason in kept:
            why = why_set_aside(reason, imports, role, tested)
            if why:
                weighed_out.append(CodeNeed(module.path, reason[0], reason[1], reason[2], why))
            else:
                weighed.append(reason)
        version = minimum_of(weighed)
        if version is None:
            continue
        reasons = [
            CodeNeed(module.path, r[0], r[1], r[2], syntax=is_grammar(r[2]))
            for r in weighed
            if r[1] == version
        ]
        result.files.append(FileNeed(module.path, version, reasons))
        all_needs.extend(reasons)
    if result.files:
        result.files.sort(key=lambda f: (tuple(-v for v in version_key(f.version)), f.path))
        result.version = result.files[0].version
        result.reasons = [n for n in all_needs if n.version == result.version][:_MAX_REASONS]
    floor = version_key(result.version) if result.version else (3, 0)
    result.ignored += [n for n in weighed_out if version_key(n.version) > floor]
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
