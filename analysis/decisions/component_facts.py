"""Per-component figures for the advice: files, change pressure, debt, MI, complexity, coupling.

Files are assigned to the architecture section's components the way the architecture phase
names them (:mod:`analysis.architecture.modules`): a Python file's module name, owned by the
longest component name, or layer slice, that is the module or a package above it (Django apps
before top-level packages; ``saleor.graphql.order`` counts in the domain ``saleor.order``).
Other files (templates, static files) belong to the component whose package folder holds them.
Only production files count (file roles; reports made before roles count every file): a
component's changes, MI and complexity are those of its production code, as its debt is.
Works on a stored report too: it needs only paths, roles and the component names.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.architecture.modules import build_index
from analysis.decisions.tests_present import is_test_path

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment

#: SonarQube's threshold for both python:S3776 (cognitive) and FunctionComplexity (cyclomatic)
COMPLEXITY_THRESHOLD = 15
CODE, TESTS, CONFIG, SCRIPT, TOOLING, ROOT = "code", "tests", "config", "script", "tooling", "root"
_CONFIG_MODULES = ("settings", "wsgi", "asgi", "urls")
#: top-level folders that hold developer tooling, not the running system: never a service
TOOLING_FOLDERS = frozenset(
    {"benchmarks", "benchmark", "bench", "tools", "docs", "doc", "examples", "example", "samples"}
)


@dataclass
class ComponentFacts:
    name: str
    kind: str
    sloc: int = 0
    modules: int = 0
    ca: int = 0
    ce: int = 0
    in_cycle: bool = False
    #: code | tests | config | script | tooling | root: only "code" can be carved out
    role: str = CODE
    layer: str = ""  # "interface" | "shared" for a horizontal layer (never carved out)
    kernel: bool = False  # most of the domains import it (never carved out)
    importers: int = 0  # domain components importing it
    importer_share: float | None = None
    slices: list[str] = field(default_factory=list)  # layer sub-packages counted in it
    files: list[str] = field(default_factory=list)
    changes: int | None = None  # file changes in the history window; None without history
    hot_files: list[tuple[str, int]] = field(default_factory=list)  # (path, changes), top first
    debt_minutes: int | None = None
    debt_ncloc: int = 0
    debt_ratio: float | None = None
    mi: float | None = None  # SLOC-weighted mean of its files' MI
    complex_share: float | None = None  # functions over COMPLEXITY_THRESHOLD / functions
    python2_files: int = 0


def complexity_measure(files) -> str:
    """``cognitive`` when the code section carries cognitive complexity, else ``cyclomatic``."""
    blocks = [b for f in files for b in f.functions if b.kind != "class"]
    if blocks and all(b.cognitive is not None for b in blocks):
        return "cognitive"
    return "cyclomatic"


def is_complex(block, measure: str) -> bool:
    value = block.cognitive if measure == "cognitive" else block.complexity
    return value is not None and value > COMPLEXITY_THRESHOLD


def owners(
    component_names: list[str], python_paths: list[str], slices: dict[str, str] | None = None
) -> tuple[dict, dict]:
    """(path -> component) for Python files, and (package folder owner -> folder).

    ``slices`` maps a layer's sub-package to the domain component it is counted in.
    """
    index = build_index([(p, None, 0) for p in python_paths])
    names = {name: name for name in component_names}
    names.update(slices or {})
    owner: dict[str, str] = {}
    for path, module in index.by_path.items():
        parts = module.name.split(".")
        for end in range(len(parts), 0, -1):  # the longest name above the module
            prefix = ".".join(parts[:end])
            if prefix in names:
                owner[path] = names[prefix]
                break
    folders = {
        name: posixpath.dirname(index.modules[name].path)
        for name in names
        if name in index.modules and index.modules[name].is_package
    }
    return owner, folders


def owner_of(
    path: str, owner: dict[str, str], folders: dict[str, str], slices: dict[str, str] | None = None
) -> str | None:
    if path in owner:
        return owner[path]
    best = None
    for name, folder in folders.items():
        if (
            folder
            and path.startswith(folder + "/")
            and (best is None or len(folder) > len(folders[best]))
        ):
            best = name
    return (slices or {}).get(best, best) if best is not None else None


#: the architecture phase's component roles (analysis.architecture.components)
_ROLE_OF = {"domain": CODE, "layer": CODE, "root": ROOT, "project": CONFIG}


def _role(component, files: list[str]) -> str:
    measured = getattr(component, "role", "")
    if measured in _ROLE_OF:
        return _ROLE_OF[measured]
    # a report made before components had roles: judge by the name and the files
    if component.kind == "module":
        return SCRIPT
    if files and all(is_test_path(p) for p in files):
        return TESTS
    if component.name.lower() in TOOLING_FOLDERS:
        return TOOLING
    stems = {posixpath.splitext(posixpath.basename(p))[0] for p in files}
    if any(name in stems for name in _CONFIG_MODULES[:3]):
        return CONFIG
    return CODE


def _production(role: str) -> bool:
    """A production file; "" is a file of a report made before file roles."""
    return role in ("", "production")


def component_facts(assessment: Assessment) -> list[ComponentFacts]:
    """Figures per component of the assessment's architecture section (empty without one)."""
    architecture = assessment.architecture
    if architecture is None or not architecture.components:
        return []
    files = [f for f in assessment.code.files if _production(f.role)]
    slices = {s: c.name for c in architecture.components for s in getattr(c, "slices", [])}
    owner, folders = owners(
        [c.name for c in architecture.components], [f.path for f in assessment.code.files], slices
    )
    facts = {
        c.name: ComponentFacts(
            c.name, c.kind, c.sloc, c.modules, c.ca, c.ce, c.in_cycle,
            layer=c.layer, kernel=c.kernel, importers=c.importers,
            importer_share=c.importer_share, slices=list(c.slices),
        )
        for c in architecture.components
    }  # fmt: skip
    by_component = defaultdict(list)
    for item in files:
        name = owner.get(item.path)
        if name in facts:
            by_component[name].append(item)
            facts[name].files.append(item.path)
    measure = complexity_measure(files)
    python2 = set()
    if assessment.runtime is not None:
        python2 = {need.path for need in assessment.runtime.required_minimum.python2}
    for component in architecture.components:
        entry = facts[component.name]
        members = by_component.get(component.name, [])
        entry.role = _role(component, entry.files)
        weighted = [(f.mi, f.sloc or 0) for f in members if f.status == "ok" and f.mi is not None]
        weight = sum(w for _, w in weighted)
        if weighted:
            entry.mi = round(sum(m * w for m, w in weighted) / weight, 2) if weight else 100.0
        blocks = [b for f in members if f.status == "ok" for b in f.functions if b.kind != "class"]
        if blocks:
            entry.complex_share = round(
                sum(is_complex(b, measure) for b in blocks) / len(blocks), 4
            )
        entry.python2_files = sum(1 for f in members if f.path in python2)
    if assessment.debt is not None:
        cost = assessment.debt.cost_per_line_minutes
        for scoped in assessment.debt.by_file:
            name = owner.get(scoped.name)
            if name in facts:
                entry = facts[name]
                entry.debt_minutes = (entry.debt_minutes or 0) + scoped.remediation_minutes
                entry.debt_ncloc += scoped.ncloc
        for entry in facts.values():
            if entry.debt_minutes is not None and entry.debt_ncloc:
                # SonarQube's sqale_debt_ratio over the component's files (analysis.debt)
                entry.debt_ratio = round(entry.debt_minutes / (cost * entry.debt_ncloc), 4)
    history = assessment.history
    if history is not None:
        for entry in facts.values():
            entry.changes = 0
        for spot in history.hotspots:
            if not _production(spot.role):
                continue
            name = owner_of(spot.path, owner, folders, slices)
            if name in facts:
                facts[name].changes = (facts[name].changes or 0) + spot.revisions
                facts[name].hot_files.append((spot.path, spot.revisions))
        for entry in facts.values():
            entry.hot_files.sort(key=lambda pair: (-pair[1], pair[0]))
            del entry.hot_files[5:]
    return list(facts.values())
