"""Components and their coupling (Robert C. Martin, "Agile Software Development", 2002).

A component is a top-level package of the repository, or a Django app, made of the modules
the system runs: production code, its literal data tables and generated modules (file roles,
:mod:`analysis.roles`). Tests, migrations, tooling, examples, docs and vendored code take no
part. Never a component: a group with no production code (a test-only, tooling, docs, example
or fixture folder), a single top-level module (``manage.py``, ``conftest.py``, ``setup.py``),
and a name that is not an importable package name (a hidden folder such as ``.semgrep/``);
each is listed with the reason (``not_components``). Each component has a role:

- ``root``: the package the other components live in (``saleor`` around ``saleor.order``);
- ``project``: a Django project package, holding the ``settings`` module;
- ``layer``: a horizontal layer (:mod:`analysis.architecture.layers`); an interface layer's
  slices are counted in the domains they serve;
- ``domain``: the rest, the system's business capabilities.

Martin's metrics at module granularity, over run-time imports between the components' modules
(``if TYPE_CHECKING:`` imports are left out: they never run):

- afferent coupling Ca: modules outside the component that import a module inside it;
- efferent coupling Ce: modules inside that import a module outside;
- instability ``I = Ce / (Ca + Ce)`` (undefined, shown empty, when Ca + Ce = 0);
- abstractness ``A = Na / Nc`` abstract classes over classes (0 without classes, as JDepend;
  the inner ``class Meta`` option holders of Django and DRF are not classes here);
- distance from the main sequence ``D = |A + I - 1|``.

Importers and the kernel: :mod:`analysis.architecture.kernel`. SLOC counts production modules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from analysis.architecture.django_apps import DjangoApp
from analysis.architecture.kernel import importer_share, importers_of, in_kernel
from analysis.architecture.layers import (
    INTERFACE,
    SHARED,
    LayerSlice,
    interface_layers,
    shared_layers,
)
from analysis.architecture.module_walk import TYPE_CHECKING
from analysis.architecture.modules import ModuleIndex, ResolvedImport, SourceModule
from analysis.roles.model import DATA, GENERATED, PRODUCTION

PACKAGE = "package"
MODULE = "module"  # reports made before single modules were set aside
DJANGO_APP = "django_app"
DOMAIN, LAYER, ROOT, PROJECT = "domain", "layer", "root", "project"
#: roles of the modules a component is made of: what the system runs
RUNNING_ROLES = frozenset({PRODUCTION, DATA, GENERATED})


@dataclass
class Component:
    name: str
    kind: str
    modules: int = 0
    sloc: int = 0
    classes: int = 0
    abstract_classes: int = 0
    ca: int = 0
    ce: int = 0
    instability: float | None = None
    abstractness: float = 0.0
    distance: float | None = None
    in_cycle: bool = False
    #: domain | layer | root | project ("" in reports made before components had roles)
    role: str = ""
    layer: str = ""  # "" | "interface" | "shared" (analysis.architecture.layers)
    #: layer sub-packages counted in this domain, e.g. ["saleor.graphql.order"]
    slices: list[str] = field(default_factory=list)
    importers: int = 0  # domain components importing it (analysis.architecture.kernel)
    importer_share: float | None = None  # importers / the other domain components
    kernel: bool = False


@dataclass
class NotComponent:
    """A group of modules that is not a component, and why."""

    name: str  # the group's name, or its folder when that is no importable name
    reason: str
    modules: int
    example: str  # one of its paths


@dataclass
class ComponentGraph:
    components: dict[str, Component]
    member_of: dict[str, str]  # module name -> component name
    #: (from component, to component) -> number of module-level run-time imports
    edges: dict[tuple[str, str], int] = field(default_factory=dict)
    internal_imports: int = 0
    cross_imports: int = 0
    type_checking_imports: int = 0
    not_components: list[NotComponent] = field(default_factory=list)
    slices: list[LayerSlice] = field(default_factory=list)


def runtime_edges(resolved: list[ResolvedImport]) -> tuple[set[tuple[str, str]], int]:
    """Distinct (importer, imported) first-party module pairs that run; and TYPE_CHECKING ones."""
    edges: set[tuple[str, str]] = set()
    typing_only: set[tuple[str, str]] = set()
    for item in resolved:
        if item.imported is None or item.imported == item.importer:
            continue
        pair = (item.importer, item.imported)
        (typing_only if item.flags & TYPE_CHECKING else edges).add(pair)
    return edges, len(typing_only - edges)


def _importable(name: str) -> bool:
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def _why_not(
    owner: str, modules: list[SourceModule], roles: dict[str, str], index: ModuleIndex
) -> str | None:
    if not _importable(owner):
        return "not an importable package name (a hidden or dashed folder)"
    if not any(roles[m.name] == PRODUCTION and m.sloc > 0 for m in modules):
        found = sorted({roles[m.name] for m in modules} - {PRODUCTION})
        if not found:
            return "no production code (empty package)"
        return f"no production code: only {', '.join(found)} files"
    top = index.modules.get(owner)
    if len(modules) == 1 and (top is None or not top.is_package):
        return "a single module, not a package"
    return None


def _group(index: ModuleIndex, apps: list[DjangoApp]) -> dict[str, list[SourceModule]]:
    """Modules by owner: the innermost Django app holding them, else their top-level name; a
    module whose name is not importable (under ``.semgrep/``) is grouped by its top folder."""
    app_names = sorted((a.module for a in apps), key=len, reverse=True)
    groups: dict[str, list[SourceModule]] = defaultdict(list)
    for name, module in index.modules.items():
        owner = next((a for a in app_names if name == a or name.startswith(a + ".")), None)
        owner = owner or name.split(".")[0]
        if not _importable(owner):
            owner = module.path.split("/")[0]
        groups[owner].append(module)
    return groups


def _assign_roles(
    components: dict[str, Component], index: ModuleIndex, member_of: dict[str, str]
) -> list[LayerSlice]:
    names = sorted(components)
    for name, component in components.items():
        if any(other.startswith(name + ".") for other in names):
            component.role = ROOT
        elif f"{name}.settings" in index.modules:
            component.role = PROJECT
        else:
            component.role = DOMAIN
    domains = [n for n in names if components[n].role == DOMAIN]
    for name in shared_layers(domains):
        components[name].role, components[name].layer = LAYER, SHARED
    domains = [n for n in domains if components[n].role == DOMAIN]
    subpackages: dict[str, list[str]] = defaultdict(list)
    for module, owner in member_of.items():
        if owner in components and module.startswith(owner + "."):
            rest = module[len(owner) + 1 :]
            if "." not in rest and index.modules[module].is_package:
                subpackages[owner].append(module)
    slices = []
    for layer, mirrored in interface_layers(domains, subpackages).items():
        components[layer].role, components[layer].layer = LAYER, INTERFACE
        for package, domain in sorted(mirrored.items()):
            slices.append(LayerSlice(package, layer, domain))
            components[domain].slices.append(package)
    return slices


def _apply_slices(slices: list[LayerSlice], member_of: dict[str, str]) -> None:
    by_package = {s.package: s for s in slices}
    for module in member_of:
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            found = by_package.get(".".join(parts[:end]))
            if found is not None:
                member_of[module] = found.domain
                break


def build_components(
    index: ModuleIndex,
    apps: list[DjangoApp],
    resolved: list[ResolvedImport],
    role_of: Callable[[str], str] | None = None,
) -> ComponentGraph:
    """The components of ``index``; ``role_of(path)`` gives a file's role (None: production)."""
    app_names = {a.module for a in apps}
    member_of: dict[str, str] = {}
    components: dict[str, Component] = {}
    not_components = []
    for owner, modules in sorted(_group(index, apps).items()):
        roles = {m.name: role_of(m.path) if role_of else PRODUCTION for m in modules}
        reason = _why_not(owner, modules, roles, index)
        if reason is not None:
            not_components.append(NotComponent(owner, reason, len(modules), modules[0].path))
            continue
        components[owner] = Component(owner, DJANGO_APP if owner in app_names else PACKAGE)
        for module in modules:
            if roles[module.name] in RUNNING_ROLES:
                member_of[module.name] = owner
    slices = _assign_roles(components, index, member_of)
    _apply_slices(slices, member_of)
    by_slice = {s.package: s for s in slices}
    for name, owner in member_of.items():
        module, component = index.modules[name], components[owner]
        component.modules += 1
        production = role_of is None or role_of(module.path) == PRODUCTION
        if production:
            component.sloc += module.sloc
        facts = module.facts or {}
        component.classes += facts.get("classes", 0)
        component.abstract_classes += facts.get("abstract", 0)
        parts = name.split(".")
        for end in range(len(parts), 0, -1):
            found = by_slice.get(".".join(parts[:end]))
            if found is not None:
                found.modules += 1
                found.sloc += module.sloc if production else 0
                break
    edges, typing_only = runtime_edges(resolved)
    graph = ComponentGraph(
        components,
        member_of,
        type_checking_imports=typing_only,
        not_components=sorted(not_components, key=lambda n: n.name),
        slices=slices,
    )
    afferent: dict[str, set[str]] = defaultdict(set)
    efferent: dict[str, set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for importer, imported in edges:
        source, target = member_of.get(importer), member_of.get(imported)
        if source is None or target is None:
            continue
        graph.internal_imports += 1
        if source != target:
            graph.cross_imports += 1
            efferent[source].add(importer)
            afferent[target].add(importer)
            counts[(source, target)] += 1
    graph.edges = dict(counts)
    for name, component in components.items():
        component.ca, component.ce = len(afferent[name]), len(efferent[name])
        total = component.ca + component.ce
        component.instability = round(component.ce / total, 4) if total else None
        if component.classes:
            component.abstractness = round(component.abstract_classes / component.classes, 4)
        if component.instability is not None:
            component.distance = round(abs(component.abstractness + component.instability - 1), 4)
    _mark_kernel(components, graph.edges)
    return graph


def _mark_kernel(components: dict[str, Component], edges: dict[tuple[str, str], int]) -> None:
    domains = {n for n, c in components.items() if c.role == DOMAIN}
    for name, found in importers_of(sorted(components), domains, edges).items():
        component = components[name]
        component.importers = len(found)
        component.importer_share = importer_share(len(found), name in domains, len(domains))
        component.kernel = in_kernel(component.importers, component.importer_share)
