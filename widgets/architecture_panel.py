"""The architecture panel: components with their coupling, a dependency diagram or matrix with
cycles highlighted, the imports to cut, and the stack mapped onto the article's four layers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QListWidget,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from analysis.architecture.section import ArchitectureSection
from analysis.assessment import Assessment
from widgets import palette
from widgets.component_diagram import MAX_NODES, ComponentDiagram
from widgets.dependency_matrix import DependencyMatrixView
from widgets.record_table import Cell, RecordTable, cell
from widgets.section_panel import SectionPanel

COMPONENT_COLUMNS = (
    (
        "Component",
        "A top-level package of the repository, or a Django app (apps.py AppConfig / "
        "INSTALLED_APPS), made of production code (file roles). Test, tooling, docs and example "
        "folders and single modules (manage.py, conftest.py) are never components.",
    ),
    ("Kind", "package or django app (module: a report made before single modules were set aside)."),
    (
        "Role",
        "domain: a business capability, the only kind a carve-out takes; layer: a horizontal "
        "layer, interface (an api/graphql package whose sub-packages mirror the domains: each "
        "slice counts in its domain) or shared (core, utils, common); root: the package the "
        "others live in; project: the Django project package (settings). 'kernel': imported by "
        "at least half of the other domain components, and by at least three: it stays in the "
        "core.",
    ),
    ("Modules", "Python modules in the component, with the layer slices counted in it."),
    ("SLOC", "Source lines of code of its production modules (radon raw)."),
    (
        "Importers",
        "Domain components with a module importing it at run time (layers and the root do not "
        "count as importers), and their share of the other domain components.",
    ),
    (
        "Ca",
        "Afferent coupling (Robert C. Martin): modules outside the component that import "
        "a module inside it. Run-time imports only (TYPE_CHECKING imports never run).",
    ),
    (
        "Ce",
        "Efferent coupling (Martin): modules inside the component that import a module outside it.",
    ),
    (
        "I",
        "Instability I = Ce / (Ca + Ce), 0 (stable: others depend on it) to 1 (unstable: it "
        "depends on others). Empty when the component imports and is imported by nothing.",
    ),
    (
        "A",
        "Abstractness A = abstract classes / classes (ABC, Protocol, abstractmethod, Django "
        "abstract models); 0 without classes (as JDepend).",
    ),
    (
        "D",
        "Distance from the main sequence D = |A + I - 1| (Martin). Near 0 is balanced; "
        "above 0.7 is the zone of pain (stable and concrete: hard to change) or of "
        "uselessness (abstract and unused).",
    ),
    ("Cycle", "Whether the component is part of a dependency cycle between components."),
)
LAYER_COLUMNS = (
    (
        "Layer",
        "The article's target architecture: Django keeps stable business logic (core "
        "system); FastAPI hosts async AI endpoints (AI services); Redis or RabbitMQ "
        "carry events between them (communication); PostgreSQL and pipelines hold "
        "state (data).",
    ),
    ("Status", "present / partial / missing, from the evidence found."),
    ("What this system has", "Stack items found for the layer."),
    ("Why", "How the status was decided."),
)
STACK_COLUMNS = (
    ("Item", "A framework, service or library the system uses."),
    ("Layer", "Where it sits in the article's four layers (deployment: none of them)."),
    (
        "Evidence",
        "dependency (declared or locked), import (the code imports it), settings "
        "(INSTALLED_APPS, ENGINE, URLs), config (Dockerfile, compose, Kubernetes). "
        "Hover for every piece.",
    ),
)
#: component-to-component imports per component above which the diagram is not drawn first
LEGIBLE_EDGES_PER_COMPONENT = 2.0


def matrix_by_default(section: ArchitectureSection) -> bool:
    """Whether the dependency matrix, not the node-link diagram, is shown first.

    The matrix when the diagram cannot be read: more components than it draws (MAX_NODES), or
    more than LEGIBLE_EDGES_PER_COMPONENT component imports per component on average. Edge
    crossings hurt reading a graph drawing most (Purchase, "Which aesthetic has the greatest
    effect on human understanding?", Graph Drawing 1997), and past about two edges per node a
    layered drawing is mostly crossings; a DSM has none, whatever the density. saleor (331
    component imports among 27 components) and netbox (90 among 13) get the matrix; a package
    or two with a handful of imports keeps the diagram.
    """
    count = len(section.components)
    if count > MAX_NODES:
        return True
    edges = sum(1 for e in section.component_imports if e.source != e.target)
    return count > 0 and edges / count > LEGIBLE_EDGES_PER_COMPONENT


LAYER_STYLE = {
    "present": ("good", "good_bg"),
    "partial": ("warn", "warn_bg"),
    "missing": ("bad", "bad_bg"),
}


def role_text(component) -> str:
    """The role as shown: domain, "layer (interface), kernel" ... (empty in older reports)."""
    text = component.role
    if component.layer:
        text += f" ({component.layer})"
    if component.kernel:
        text += ", kernel"
    return text


class ArchitecturePanel(SectionPanel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        components = QSplitter(Qt.Orientation.Horizontal)
        left = QSplitter(Qt.Orientation.Vertical)
        self.components = RecordTable(COMPONENT_COLUMNS, sort=(3, Qt.SortOrder.DescendingOrder))
        left.addWidget(self.components)
        self.cycles = QListWidget()
        self.cycles.setWordWrap(True)
        self.cycles.setToolTip(
            "Dependency cycles between components (strongly connected components) and the "
            "imports to remove to break them (grimp's nominate_cycle_breakers); then the groups "
            "of modules that are not components, with the reason."
        )
        left.addWidget(self.cycles)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        components.addWidget(left)
        components.addWidget(self._dependency_views())
        components.setStretchFactor(0, 3)
        components.setStretchFactor(1, 2)
        components.setSizes([660, 500])
        self.splitter = components
        self.tabs.addTab(components, "Components")

        self.layers = RecordTable(LAYER_COLUMNS, stretch=3, sort=None, wrap=True)
        self.stack = RecordTable(STACK_COLUMNS, stretch=2)
        stack = self.page(
            "The article's four layers, and what this system has",
            (self.layers, 1),
            "Detected stack, with evidence",
            (self.stack, 3),
        )
        self.tabs.addTab(stack, "Stack")
        self.section: ArchitectureSection | None = None

    def _dependency_views(self) -> QWidget:
        """The diagram and the matrix, one at a time, with the buttons that switch them."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.view_buttons = QButtonGroup(box)
        for number, (text, tip) in enumerate(
            (
                ("&Matrix", "Dependency structure matrix: reads at any density"),
                ("Dia&gram", "Node-link diagram: readable with few imports per component"),
            )
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            self.view_buttons.addButton(button, number)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.dependency_stack = QStackedWidget()
        self.matrix = DependencyMatrixView()
        self.diagram = ComponentDiagram()
        self.dependency_stack.addWidget(self.matrix)
        self.dependency_stack.addWidget(self.diagram)
        layout.addWidget(self.dependency_stack, 1)
        self.view_buttons.idClicked.connect(self.show_dependency_view)
        return box

    def show_dependency_view(self, number: int) -> None:
        """0: the matrix, 1: the diagram; the matrix gets the wider half of the page."""
        self.view_buttons.button(number).setChecked(True)
        self.dependency_stack.setCurrentIndex(number)
        total = sum(self.splitter.sizes()) or 1160
        share = 0.6 if number == 0 else 0.43
        self.splitter.setSizes([int(total * (1 - share)), int(total * share)])
        if number == 0:
            self.matrix.fit_width()

    def showing_matrix(self) -> bool:
        return self.dependency_stack.currentIndex() == 0

    def show_assessment(self, assessment: Assessment) -> None:
        section = assessment.architecture
        self.section = section
        if section is None:
            self.summary.setText("This assessment was made before the architecture was measured.")
            for table in (self.components, self.layers, self.stack):
                table.set_rows([])
            self.cycles.clear()
            self.diagram.show_graph([], [], set())
            self.matrix.show_matrix(None)
            self.show_dependency_view(1)
            return
        m = section.modularity
        share = "–" if m.cross_component_share is None else f"{m.cross_component_share:.0%}"
        cycles = (
            f"<span style='color:{palette.hex_colour('bad')}'><b>{m.components_in_cycles} "
            "components in "
            f"dependency cycles</b> (largest: {m.largest_cycle})</span>"
            if m.components_in_cycles
            else "no dependency cycles between components"
        )
        outside = (
            f" ({m.outside_components:,} more outside components: tests, migrations, tooling, "
            "examples, single modules)"
            if m.outside_components
            else ""
        )
        self.summary.setText(
            f"<b>{m.modules - m.outside_components:,} modules in {m.components} components</b>"
            f"{outside}; {share} of "
            f"{m.internal_imports:,} internal imports cross components; {cycles}. "
            f"{m.external_packages} external packages imported"
            + (
                f"; {m.unresolved_imports} imports could not be resolved"
                if m.unresolved_imports
                else ""
            )
            + "."
        )
        self._show_components(section)
        self._show_stack(section)

    def _show_components(self, section: ArchitectureSection) -> None:
        rows = []
        for c in section.components:
            distance_colour = "bad" if c.distance is not None and c.distance > 0.7 else None
            rows.append(
                [
                    cell(c.name, bold=c.in_cycle),
                    cell(c.kind.replace("_", " ")),
                    Cell(
                        role_text(c),
                        "; ".join(c.slices) if c.slices else "",
                        role_text(c),
                        bold=c.kernel,
                    ),
                    cell(c.modules),
                    cell(c.sloc),
                    Cell(
                        ""
                        if c.importer_share is None
                        else f"{c.importers} ({c.importer_share:.0%})",
                        "",
                        c.importers if c.importer_share is not None else None,
                    ),
                    cell(c.ca),
                    cell(c.ce),
                    cell(c.instability),
                    cell(c.abstractness),
                    cell(c.distance, foreground=distance_colour),
                    Cell(
                        "yes" if c.in_cycle else "",
                        "",
                        int(c.in_cycle),
                        foreground="bad" if c.in_cycle else None,
                    ),
                ]
            )
        self.components.set_rows(rows)
        self.cycles.clear()
        for cycle in section.cycles:
            path = " → ".join(cycle.example)
            self.cycles.addItem(
                f"Cycle of {cycle.size} components ({cycle.imports} imports): {path}"
            )
        for breaker in section.cycle_breakers:
            where = ", ".join(breaker.locations[:3])
            self.cycles.addItem(
                f"Cut {breaker.from_component} → {breaker.to_component}: {breaker.importer} "
                f"imports {breaker.imported} ({where})"
            )
        if not section.cycles:
            self.cycles.addItem("No dependency cycles between components.")
        for item in section.not_components:
            self.cycles.addItem(f"Not a component: {item.name} ({item.reason}; {item.example})")
        in_cycles = {name for cycle in section.cycles for name in cycle.components}
        self.diagram.show_graph(section.components, section.component_imports, in_cycles)
        self.matrix.show_matrix(section.matrix())
        self.show_dependency_view(0 if matrix_by_default(section) else 1)

    def select_component(self, name: str) -> bool:
        """Show the Components page with ``name``'s row selected (the decisions panel links)."""
        if name not in self.components.texts(0):
            return False
        self.tabs.setCurrentIndex(0)
        return self.components.select_text(0, name)

    def _show_stack(self, section: ArchitectureSection) -> None:
        rows = []
        for layer in section.layers:
            fg, bg = LAYER_STYLE.get(layer.status, (None, None))
            rows.append(
                [
                    cell(layer.layer, bold=True),
                    Cell(
                        layer.status,
                        layer.reason,
                        layer.status,
                        foreground=fg,
                        background=bg,
                        bold=True,
                    ),
                    cell(", ".join(layer.items) or "—"),
                    cell(layer.reason),
                ]
            )
        self.layers.set_rows(rows)
        items = []
        for item in section.stack:
            summary = "; ".join(f"{e.kind}: {e.location or e.detail}" for e in item.evidence[:3])
            full = "\n".join(
                f"{e.kind}: {e.detail}" + (f"  [{e.location}]" if e.location else "")
                for e in item.evidence
            )
            items.append([cell(item.name, bold=True), cell(item.layer), cell(summary, full)])
        self.stack.set_rows(items)
