"""The component graph of an architecture section with imports cut step by step (a strangler
roadmap's checkpoints), and the components left in dependency cycles after each cut: members of
strongly connected components of two or more (Tarjan, 1972; :mod:`analysis.graph_cycles`), as
the architecture section counts ``components_in_cycles``. An edge is the number of module
imports between two components; it goes when none is left.
"""

from __future__ import annotations

from analysis.graph_cycles import strongly_connected_components


class CutGraph:
    """Component -> component module-import counts, with imports cut step by step."""

    def __init__(self, architecture) -> None:
        self.nodes = [c.name for c in architecture.components]
        self.edges: dict[tuple[str, str], int] = {}
        for e in architecture.component_imports:
            if e.source != e.target and e.imports > 0:
                self.edges[(e.source, e.target)] = e.imports
                for name in (e.source, e.target):
                    if name not in self.nodes:
                        self.nodes.append(name)

    def in_cycles(self) -> int:
        """Components in dependency cycles: members of strongly connected components of two
        or more (the architecture section's ``components_in_cycles``)."""
        successors: dict[str, list[str]] = {n: [] for n in sorted(self.nodes)}
        for source, target in sorted(self.edges):
            successors[source].append(target)
        return sum(len(g) for g in strongly_connected_components(successors) if len(g) > 1)

    def crossing(self) -> int:
        return sum(self.edges.values())

    def cut_imports(self, pairs: list[tuple[str, str]]) -> int:
        """Cut one module import along each (from component, to component); an edge goes when
        none is left. Returns the imports cut."""
        cut = 0
        for pair in pairs:
            if self.edges.get(pair, 0) > 0:
                self.edges[pair] -= 1
                cut += 1
                if not self.edges[pair]:
                    del self.edges[pair]
        return cut

    def detach(self, name: str) -> int:
        """Remove every import to or from ``name`` (its code left the core); the imports cut."""
        gone = [pair for pair in self.edges if name in pair]
        cut = sum(self.edges[pair] for pair in gone)
        for pair in gone:
            del self.edges[pair]
        return cut
