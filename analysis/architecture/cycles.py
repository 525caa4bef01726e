"""Dependency cycles between components, and which imports to cut (grimp).

Cycles are the strongly connected components (Tarjan, 1972) of the component graph. The imports
to remove are grimp's ``nominate_cycle_breakers``, which chooses "an approximately minimal set of
dependencies that, if removed, would make the package locally acyclic" among a package's
children: each component becomes one child of a synthetic package, holding its modules, so the
nominated dependencies are real module-to-module imports between components.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import grimp

from analysis.architecture.components import ComponentGraph
from analysis.architecture.module_walk import TYPE_CHECKING
from analysis.architecture.modules import ModuleIndex, ResolvedImport
from analysis.graph_cycles import strongly_connected_components

_ROOT = "components"


@dataclass
class Cycle:
    components: list[str]
    imports: int  # module-level imports between the cycle's components
    example: list[str] = field(default_factory=list)  # a shortest closed path, first == last

    @property
    def size(self) -> int:
        return len(self.components)


@dataclass
class CycleBreaker:
    importer: str
    imported: str
    from_component: str
    to_component: str
    locations: list[str]
    text: str


def strongly_connected(nodes: list[str], edges: dict[tuple[str, str], int]) -> list[list[str]]:
    """Components of the component graph, each sorted, visited in name order."""
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edges:
        successors.setdefault(source, []).append(target)
    ordered = {n: sorted(successors[n]) for n in sorted(successors)}
    return [sorted(group) for group in strongly_connected_components(ordered)]


def _shortest_cycle(start: str, members: set[str], edges: dict[tuple[str, str], int]) -> list[str]:
    successors: dict[str, list[str]] = {}
    for source, target in edges:
        if source in members and target in members:
            successors.setdefault(source, []).append(target)
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(successors.get(node, [])):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return []


def find_cycles(graph: ComponentGraph) -> list[Cycle]:
    cycles = []
    for group in strongly_connected(sorted(graph.components), graph.edges):
        if len(group) < 2:
            continue
        members = set(group)
        imports = sum(n for (s, t), n in graph.edges.items() if s in members and t in members)
        cycles.append(Cycle(group, imports, _shortest_cycle(group[0], members, graph.edges)))
        for name in group:
            graph.components[name].in_cycle = True
    return sorted(cycles, key=lambda c: (-c.size, c.components))


def cycle_breakers(
    index: ModuleIndex, graph: ComponentGraph, resolved: list[ResolvedImport], cycles: list[Cycle]
) -> list[CycleBreaker]:
    if not cycles:
        return []
    in_cycles = {name for cycle in cycles for name in cycle.components}
    child = {name: f"{_ROOT}.c{number}" for number, name in enumerate(sorted(in_cycles))}
    synthetic: dict[str, str] = {}
    real: dict[str, str] = {}
    components = grimp.ImportGraph()
    components.add_module(_ROOT)
    for name in child.values():
        components.add_module(name)
    statements: dict[tuple[str, str], list[ResolvedImport]] = {}
    for item in resolved:
        if item.imported is None or item.flags & TYPE_CHECKING or item.imported == item.importer:
            continue
        source = graph.member_of.get(item.importer)
        target = graph.member_of.get(item.imported)
        if source == target or source not in child or target not in child:
            continue
        for module in (item.importer, item.imported):
            if module not in synthetic:
                synthetic[module] = f"{child[graph.member_of[module]]}.m{len(synthetic)}"
                real[synthetic[module]] = module
                components.add_module(synthetic[module])
        pair = (item.importer, item.imported)
        if pair not in statements:
            components.add_import(
                importer=synthetic[item.importer],
                imported=synthetic[item.imported],
                line_number=item.line,
                line_contents=item.text or "import",
            )
        statements.setdefault(pair, []).append(item)
    breakers = []
    for importer, imported in components.nominate_cycle_breakers(_ROOT):
        source, target = real[importer], real[imported]
        found = statements.get((source, target), [])
        path = index.modules[source].path
        breakers.append(
            CycleBreaker(
                source,
                target,
                graph.member_of[source],
                graph.member_of[target],
                [f"{path}:{item.line}" for item in found],
                found[0].text if found else "",
            )
        )
    return sorted(breakers, key=lambda b: (b.from_component, b.importer, b.imported))
