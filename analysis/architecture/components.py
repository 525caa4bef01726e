"""Components and their coupling (Robert C. Martin, "Agile Software Development", 2002).

A component is a top-level package (or top-level module) of the repository, or a Django app.
Martin's metrics at module granularity, over run-time imports between first-party modules
(``if TYPE_CHECKING:`` imports are left out: they never run):

- afferent coupling Ca: modules outside the component that import a module inside it;
- efferent coupling Ce: modules inside that import a module outside;
- instability ``I = Ce / (Ca + Ce)`` (undefined, shown empty, when Ca + Ce = 0);
- abstractness ``A = Na / Nc`` abstract classes over classes (0 without classes, as JDepend;
  the inner ``class Meta`` option holders of Django and DRF are not classes here);
- distance from the main sequence ``D = |A + I - 1|``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from analysis.architecture.django_apps import DjangoApp
from analysis.architecture.module_walk import TYPE_CHECKING
from analysis.architecture.modules import ModuleIndex, ResolvedImport

PACKAGE = "package"
MODULE = "module"
DJANGO_APP = "django_app"


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


@dataclass
class ComponentGraph:
    components: dict[str, Component]
    member_of: dict[str, str]  # module name -> component name
    #: (from component, to component) -> number of module-level run-time imports
    edges: dict[tuple[str, str], int] = field(default_factory=dict)
    internal_imports: int = 0
    cross_imports: int = 0
    type_checking_imports: int = 0


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


def build_components(
    index: ModuleIndex, apps: list[DjangoApp], resolved: list[ResolvedImport]
) -> ComponentGraph:
    app_names = sorted((a.module for a in apps), key=len, reverse=True)
    member_of: dict[str, str] = {}
    components: dict[str, Component] = {}
    for name, module in index.modules.items():
        owner = next((a for a in app_names if name == a or name.startswith(a + ".")), None)
        if owner is None:
            owner = name.split(".")[0]
        kind = DJANGO_APP if owner in app_names else PACKAGE
        component = components.setdefault(owner, Component(owner, kind))
        member_of[name] = owner
        component.modules += 1
        component.sloc += module.sloc
        facts = module.facts or {}
        component.classes += facts.get("classes", 0)
        component.abstract_classes += facts.get("abstract", 0)
    for component in components.values():
        if component.kind == PACKAGE and component.modules == 1:
            only = index.modules.get(component.name)
            if only is not None and not only.is_package:
                component.kind = MODULE
    edges, typing_only = runtime_edges(resolved)
    graph = ComponentGraph(components, member_of, type_checking_imports=typing_only)
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
    return graph
