"""The dependency structure matrix (DSM) of the components: who imports whom, as a grid.

Steward's design structure matrix (1981), as NDepend, Lattix and Structure101 draw it for code:
row ``i`` imports column ``j`` when cell ``(i, j)`` holds a count. The order carries the
reading (Sangal et al., "Using dependency models to manage complex software architecture",
OOPSLA 2005):

- the strongly connected components (cycles, Tarjan) are condensed and the condensation is
  ordered topologically, importers first, so every import outside a cycle sits above the
  diagonal and each cycle is one contiguous block on it;
- between and within blocks, components read top-down by layer (issue 9's roles: the Django
  project, the root package, interface layers, domains, the kernel, shared layers; see
  :func:`layer_of`), importers above what they import;
- inside a cycle block, within one layer, components follow the topological order of the block
  once the suggested cuts (grimp's cycle breakers, :mod:`analysis.architecture.cycles`) are
  removed, so the cuts are the marks below the diagonal; what else lies below it goes against
  the layering.

A cell counts distinct module-to-module run-time imports (the component graph's edge weight,
:mod:`analysis.architecture.components`); its sites are the import statements behind it
(file:line). Reports made before the DSM was stored are rebuilt from the section without sites.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from analysis.architecture.components import DOMAIN, LAYER, PROJECT, ROOT, Component
from analysis.architecture.cycles import CycleBreaker, strongly_connected
from analysis.architecture.layers import SHARED
from analysis.architecture.module_walk import TYPE_CHECKING
from analysis.architecture.modules import ModuleIndex, ResolvedImport

N = TypeVar("N", str, int)

#: top-down order of the layers: who assembles or exposes the system above what it is built on
LAYER_ORDER = ("project", "root", "interface layer", "domain", "kernel", "shared layer", "other")


def layer_of(component: Component) -> str:
    """The component's band in the DSM, from its role (analysis.architecture.components).

    A kernel component sits in the kernel band whatever its role (a Django project package or
    an API layer that most domains import is built upon, not on top: Martin's Stable
    Dependencies Principle); on saleor and netbox this halves the imports that go against the
    order. A shared layer (core, utils) stays below the kernel: the kernel is built on it.
    """
    if component.role == LAYER and component.layer == SHARED:
        return "shared layer"
    if component.kernel:
        return "kernel"
    if component.role == PROJECT:
        return "project"
    if component.role == ROOT:
        return "root"
    if component.role == LAYER:
        return "interface layer"
    if component.role == DOMAIN:
        return "domain"
    return "other"  # reports made before components had roles


@dataclass
class ImportSite:
    """One module importing another across components, with the statements that do it."""

    importer: str
    imported: str
    locations: list[str]  # "path:line", one per run-time import statement


@dataclass
class DsmCell:
    row: int  # index in ``order`` of the importing component
    column: int  # index of the imported component
    imports: int  # distinct module pairs
    cut: bool = False  # a suggested cut: removing these imports helps break the cycle
    sites: list[ImportSite] = field(default_factory=list)


@dataclass
class DsmBand:
    """A run of consecutive rows: a cycle block or a layer band."""

    first: int
    size: int
    name: str = ""  # the layer, for a layer band


@dataclass
class DependencyMatrix:
    order: list[str]
    layers: list[str]  # each component's layer, in ``order``
    blocks: list[DsmBand]  # cycles, each contiguous on the diagonal
    bands: list[DsmBand]  # consecutive runs of one layer
    cells: list[DsmCell]
    sites_kept: bool = True  # False: rebuilt from an older report, no import statements
    _positions: dict[tuple[int, int], DsmCell] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def cell(self, row: int, column: int) -> DsmCell | None:
        if len(self._positions) != len(self.cells):
            self._positions = {(c.row, c.column): c for c in self.cells}
        return self._positions.get((row, column))

    def block_of(self, index: int) -> DsmBand | None:
        return next((b for b in self.blocks if b.first <= index < b.first + b.size), None)

    def below_diagonal(self) -> list[DsmCell]:
        """Imports pointing up the order: cycle edges (cuts or against the layering)."""
        return [c for c in self.cells if c.row > c.column]

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "layers": [{"name": b.name, "first": b.first, "size": b.size} for b in self.bands],
            "blocks": [{"first": b.first, "size": b.size} for b in self.blocks],
            "cells": [
                {
                    "row": c.row,
                    "column": c.column,
                    "imports": c.imports,
                    **({"cut": True} if c.cut else {}),
                    "sites": [[s.importer, s.imported, s.locations] for s in c.sites],
                }
                for c in self.cells
            ],
            "sites_kept": self.sites_kept,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DependencyMatrix:
        bands = [DsmBand(b["first"], b["size"], b.get("name", "")) for b in data.get("layers", [])]
        layers = [""] * len(data["order"])
        for band in bands:
            for index in range(band.first, band.first + band.size):
                layers[index] = band.name
        return cls(
            list(data["order"]),
            layers,
            [DsmBand(b["first"], b["size"]) for b in data.get("blocks", [])],
            bands,
            [
                DsmCell(
                    c["row"],
                    c["column"],
                    c["imports"],
                    bool(c.get("cut", False)),
                    [ImportSite(s[0], s[1], list(s[2])) for s in c.get("sites", [])],
                )
                for c in data.get("cells", [])
            ],
            bool(data.get("sites_kept", True)),
        )


def _topological(nodes: Iterable[N], edges: set[tuple[N, N]], key: dict[N, tuple]) -> list[N]:
    """Kahn's algorithm; among the ready nodes the smallest ``key`` first. Nodes left on a
    cycle (none when ``edges`` is acyclic) follow in key order."""
    nodes = list(nodes)
    members = set(nodes)
    waiting = {n: 0 for n in nodes}
    successors: dict[N, list[N]] = defaultdict(list)
    for source, target in edges:
        if source in members and target in members and source != target:
            successors[source].append(target)
            waiting[target] += 1
    ready = [(key[n], n) for n in nodes if waiting[n] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, node = heapq.heappop(ready)
        order.append(node)
        for child in successors[node]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, (key[child], child))
    placed = set(order)
    return order + sorted((n for n in nodes if n not in placed), key=lambda n: key[n])


def dsm_order(
    components: list[Component],
    edges: dict[tuple[str, str], int],
    cuts: set[tuple[str, str]],
) -> tuple[list[str], list[list[str]]]:
    """(order, cycle groups): the condensation in topological order, importers first, ties by
    layer then name; inside a group, layers top-down, each layer in the order left once the
    cut component pairs are removed."""
    names = sorted(c.name for c in components)
    rank = {c.name: LAYER_ORDER.index(layer_of(c)) for c in components}
    groups = strongly_connected(names, {e: n for e, n in edges.items() if e[0] != e[1]})
    group_of = {name: index for index, group in enumerate(groups) for name in group}
    group_key = {i: (min(rank[n] for n in g), g[0]) for i, g in enumerate(groups)}
    condensed = {
        (group_of[s], group_of[t])
        for s, t in edges
        if s in group_of and t in group_of and group_of[s] != group_of[t]
    }
    order: list[str] = []
    for number in _topological(group_key, condensed, group_key):
        group = groups[number]
        inner = {e for e in edges if e[0] in group and e[1] in group and e not in cuts}
        for layer_rank in sorted({rank[n] for n in group}):
            band = [n for n in group if rank[n] == layer_rank]
            order += _topological(band, inner, {n: (0, n) for n in band})
    return order, [g for g in groups if len(g) > 1]


def import_sites(
    index: ModuleIndex, member_of: dict[str, str], resolved: list[ResolvedImport]
) -> dict[tuple[str, str], list[ImportSite]]:
    """(from component, to component) -> the module pairs importing across, with the run-time
    statements' file:line (TYPE_CHECKING imports never run, as in the component graph)."""
    found: dict[tuple[str, str], dict[tuple[str, str], list[str]]] = defaultdict(dict)
    for item in resolved:
        if item.imported is None or item.imported == item.importer or item.flags & TYPE_CHECKING:
            continue
        source, target = member_of.get(item.importer), member_of.get(item.imported)
        if source is None or target is None or source == target:
            continue
        where = f"{index.modules[item.importer].path}:{item.line}"
        lines = found[(source, target)].setdefault((item.importer, item.imported), [])
        if where not in lines:
            lines.append(where)
    return {
        pair: [ImportSite(a, b, lines) for (a, b), lines in sorted(sites.items())]
        for pair, sites in found.items()
    }


def dependency_matrix(
    components: list[Component],
    edges: dict[tuple[str, str], int],
    breakers: list[CycleBreaker],
    sites: dict[tuple[str, str], list[ImportSite]] | None = None,
) -> DependencyMatrix:
    """The DSM of the components; ``sites`` None: counts only (an older report)."""
    cuts = {(b.from_component, b.to_component) for b in breakers}
    order, groups = dsm_order(components, edges, cuts)
    position = {name: index for index, name in enumerate(order)}
    by_name = {c.name: c for c in components}
    layers = [layer_of(by_name[name]) for name in order]
    bands: list[DsmBand] = []
    for index, layer in enumerate(layers):
        if bands and bands[-1].name == layer:
            bands[-1].size += 1
        else:
            bands.append(DsmBand(index, 1, layer))
    blocks = sorted(
        (DsmBand(min(position[n] for n in g), len(g)) for g in groups), key=lambda b: b.first
    )
    cells = [
        DsmCell(
            position[s],
            position[t],
            count,
            (s, t) in cuts,
            list((sites or {}).get((s, t), [])),
        )
        for (s, t), count in edges.items()
        if s != t and s in position and t in position
    ]
    cells.sort(key=lambda c: (c.row, c.column))
    return DependencyMatrix(order, layers, blocks, bands, cells, sites is not None)
