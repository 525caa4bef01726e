"""The architecture phase: import graph, components, coupling, cycles and the detected stack."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable

import grimp

from analysis.architecture.components import build_components
from analysis.architecture.cycles import cycle_breakers, find_cycles
from analysis.architecture.deployment import deployment
from analysis.architecture.django_apps import django_apps, installed_entries
from analysis.architecture.dsm import dependency_matrix, import_sites
from analysis.architecture.modules import ModuleIndex, ResolvedImport, resolve_imports
from analysis.architecture.section import ArchitectureSection, ComponentImport, Modularity
from analysis.architecture.shared_models import shared_models
from analysis.architecture.stack import ImportSite, detect_stack, layer_statuses
from analysis.project_files import ProjectFiles
from analysis.runtime.declarations import Declaration
from analysis.runtime.lockfiles import LockedPackage


def resolve_all(index: ModuleIndex) -> tuple[list[ResolvedImport], int]:
    resolved: list[ResolvedImport] = []
    unresolved = 0
    for module in index.modules.values():
        found, missing = resolve_imports(index, module)
        resolved.extend(found)
        unresolved += missing
    return resolved, unresolved


def import_graph(index: ModuleIndex, resolved: list[ResolvedImport]) -> grimp.ImportGraph:
    """Every module and import, built by hand (``grimp.build_graph`` would import the code).
    Third-party and standard-library packages are squashed modules, as grimp's own
    ``include_external_packages`` makes them."""
    graph = grimp.ImportGraph()
    for name in index.modules:
        graph.add_module(name)
    externals: set[str] = set()
    for item in resolved:
        target = item.imported or item.external
        if target is None or target == item.importer:
            continue
        if item.imported is None and target not in externals:
            externals.add(target)
            graph.add_module(target, is_squashed=True)
        graph.add_import(
            importer=item.importer,
            imported=target,
            line_number=item.line,
            line_contents=item.text or "import",
        )
    return graph


def external_sites(
    index: ModuleIndex, resolved: list[ResolvedImport]
) -> dict[str, list[ImportSite]]:
    """Top-level third-party/stdlib name -> one site per importing module (first statement)."""
    sites: dict[str, dict[str, ImportSite]] = defaultdict(dict)
    for item in resolved:
        if item.external is None:
            continue
        per_module = sites[item.external]
        if item.importer not in per_module:
            path = index.modules[item.importer].path
            per_module[item.importer] = ImportSite(f"{path}:{item.line}", item.text)
    return {top: sorted(found.values(), key=lambda s: s.location) for top, found in sites.items()}


def stack_strings(index: ModuleIndex) -> list[tuple[str, str]]:
    out = []
    for module in index.modules.values():
        for line, value in (module.facts or {}).get("strings", []):
            out.append((f"{module.path}:{line}", value))
    return out


def assess_architecture(
    files: ProjectFiles,
    index: ModuleIndex,
    declarations: list[Declaration],
    locked: list[LockedPackage],
    problems: list,
    role_of: Callable[[str], str] | None = None,
) -> tuple[ArchitectureSection, list[ResolvedImport]]:
    """The section; ``role_of(path)`` is a file's role (analysis.roles), None: production."""
    resolved, unresolved = resolve_all(index)
    apps = django_apps(index)
    graph = build_components(index, apps, resolved, role_of)
    cycles = find_cycles(graph)
    breakers = cycle_breakers(index, graph, resolved, cycles)
    externals = external_sites(index, resolved)
    deploy = deployment(files, problems)
    manage = [p for p in files.paths() if posixpath.basename(p) == "manage.py"]
    stack = detect_stack(
        declarations,
        locked,
        externals,
        stack_strings(index),
        installed_entries(index),
        deploy,
        manage,
    )
    modularity = Modularity(
        modules=len(index.modules),
        components=len(graph.components),
        internal_imports=graph.internal_imports,
        cross_component_imports=graph.cross_imports,
        cross_component_share=(
            round(graph.cross_imports / graph.internal_imports, 4)
            if graph.internal_imports
            else None
        ),
        components_in_cycles=sum(c.size for c in cycles),
        largest_cycle=max((c.size for c in cycles), default=0),
        type_checking_imports=graph.type_checking_imports,
        unresolved_imports=unresolved,
        external_packages=len(externals),
        unparsed_modules=sum(1 for m in index.modules.values() if "imports" not in (m.facts or {})),
        outside_components=len(index.modules) - len(graph.member_of),
    )
    components = sorted(graph.components.values(), key=lambda c: (-c.modules, c.name))
    section = ArchitectureSection(
        components=components,
        component_imports=[ComponentImport(s, t, n) for (s, t), n in sorted(graph.edges.items())],
        cycles=cycles,
        cycle_breakers=breakers,
        modularity=modularity,
        stack=stack,
        layers=layer_statuses(stack),
        shared_models=shared_models(index, graph, resolved),
        not_components=graph.not_components,
        layer_slices=graph.slices,
        dsm=dependency_matrix(
            components, graph.edges, breakers, import_sites(index, graph.member_of, resolved)
        ),
        import_graph=import_graph(index, resolved),
    )
    return section, resolved
