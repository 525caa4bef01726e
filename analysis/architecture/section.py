"""The report's ``architecture`` section as plain data, with its JSON form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from analysis.architecture.components import Component, NotComponent
from analysis.architecture.cycles import Cycle, CycleBreaker
from analysis.architecture.dsm import DependencyMatrix, dependency_matrix
from analysis.architecture.layers import LayerSlice
from analysis.architecture.shared_models import SharedModels
from analysis.architecture.stack import Evidence, LayerStatus, StackItem


def _plain(cls, data: dict[str, Any]):
    return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass
class Modularity:
    modules: int = 0
    components: int = 0
    internal_imports: int = 0  # distinct first-party module pairs, run-time imports
    cross_component_imports: int = 0
    cross_component_share: float | None = None
    components_in_cycles: int = 0
    largest_cycle: int = 0
    type_checking_imports: int = 0
    unresolved_imports: int = 0
    external_packages: int = 0
    unparsed_modules: int = 0
    #: modules in no component: tests, migrations, tooling, examples, single modules ...
    outside_components: int = 0


@dataclass
class ComponentImport:
    source: str
    target: str
    imports: int


@dataclass
class ArchitectureSection:
    components: list[Component] = field(default_factory=list)
    component_imports: list[ComponentImport] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)
    cycle_breakers: list[CycleBreaker] = field(default_factory=list)
    modularity: Modularity = field(default_factory=Modularity)
    stack: list[StackItem] = field(default_factory=list)
    layers: list[LayerStatus] = field(default_factory=list)
    #: models modules imported by other components (shared tables)
    shared_models: list[SharedModels] = field(default_factory=list)
    #: groups of modules that are not components, with the reason
    not_components: list[NotComponent] = field(default_factory=list)
    #: interface-layer sub-packages counted in the domain they serve
    layer_slices: list[LayerSlice] = field(default_factory=list)
    #: the dependency structure matrix with the imports behind each cell (None: an older
    #: report; :meth:`matrix` rebuilds it from the counts)
    dsm: DependencyMatrix | None = None
    #: the module-level grimp.ImportGraph (not serialised; None for a loaded report)
    import_graph: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "components": [asdict(c) for c in self.components],
            "component_imports": [
                {"from": e.source, "to": e.target, "imports": e.imports}
                for e in self.component_imports
            ],
            "cycles": [
                {
                    "components": c.components,
                    "size": c.size,
                    "imports": c.imports,
                    "example": c.example,
                }
                for c in self.cycles
            ],
            "cycle_breakers": [asdict(b) for b in self.cycle_breakers],
            "modularity": asdict(self.modularity),
            "stack": [
                {
                    "name": s.name,
                    "layer": s.layer,
                    "role": s.role,
                    "evidence": [asdict(e) for e in s.evidence],
                }
                for s in self.stack
            ],
            "layers": [asdict(layer) for layer in self.layers],
            "shared_models": [asdict(s) for s in self.shared_models],
            "not_components": [asdict(n) for n in self.not_components],
            "layer_slices": [asdict(s) for s in self.layer_slices],
            **({"dsm": self.dsm.to_dict()} if self.dsm is not None else {}),
        }

    def matrix(self) -> DependencyMatrix:
        """The DSM: the stored one, else rebuilt from the component graph without sites."""
        if self.dsm is not None:
            return self.dsm
        edges = {(e.source, e.target): e.imports for e in self.component_imports}
        return dependency_matrix(self.components, edges, self.cycle_breakers)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArchitectureSection:
        return cls(
            [_plain(Component, c) for c in data.get("components", [])],
            [
                ComponentImport(e["from"], e["to"], e["imports"])
                for e in data.get("component_imports", [])
            ],
            [
                Cycle(c["components"], c["imports"], c.get("example", []))
                for c in data.get("cycles", [])
            ],
            [_plain(CycleBreaker, b) for b in data.get("cycle_breakers", [])],
            _plain(Modularity, data.get("modularity", {})),
            [
                StackItem(
                    s["name"],
                    s["layer"],
                    [_plain(Evidence, e) for e in s["evidence"]],
                    s.get("role", ""),
                )
                for s in data.get("stack", [])
            ],
            [_plain(LayerStatus, layer) for layer in data.get("layers", [])],
            [_plain(SharedModels, s) for s in data.get("shared_models", [])],
            [_plain(NotComponent, n) for n in data.get("not_components", [])],
            [_plain(LayerSlice, s) for s in data.get("layer_slices", [])],
            DependencyMatrix.from_dict(data["dsm"]) if "dsm" in data else None,
        )
