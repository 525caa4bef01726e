"""The dependency structure matrix on a tiny system whose order, blocks and counts are derived
by hand.

Components: ``web``, ``orders``, ``billing``, ``catalog`` (domains) and ``core`` (a shared
layer: three other domains exist). Run-time module imports across components:

- web.views -> orders.models, catalog.models                     web->orders 1, web->catalog 1
- orders.models -> billing.invoice, core.db                      orders->billing, orders->core
  (and billing.tax under TYPE_CHECKING: never runs, not listed)
- orders.services -> billing.invoice (lines 1 and 5), billing.tax  orders->billing: 3 pairs
- billing.invoice -> orders.models                               billing->orders 1 (the cycle)
- billing.tax -> core.db; catalog (TYPE_CHECKING only: never runs)  billing->core 1
- catalog.models -> core.db                                      catalog->core 1

Cycle {orders, billing}; grimp cuts the one import billing->orders (one against three). The
condensation in topological order: web, {orders, billing}, catalog, core (ties by layer, then
name: the block's key "billing" < "catalog"); inside the block, once the cut is removed,
orders before billing. So the order is web, orders, billing, catalog, core; the block is rows
1-2; the layer bands are domain (rows 0-3) and shared layer (row 4).
"""

from __future__ import annotations

import copy

import pytest
from gitrepo import GitRepo
from PySide6.QtCore import Qt

from analysis.architecture.components import Component
from analysis.architecture.dsm import LAYER_ORDER, layer_of
from analysis.architecture.section import ArchitectureSection, ComponentImport
from analysis.assessment import Options, run
from widgets.architecture_panel import ArchitecturePanel, matrix_by_default
from widgets.dependency_matrix import DependencyMatrixView

SOURCES = {
    "web/__init__.py": "",
    "web/views.py": "from orders import models\nfrom catalog.models import Item\n\nVIEW = 1\n",
    "orders/__init__.py": "",
    "orders/models.py": "from billing import invoice\nimport core.db\n"
    "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from billing.tax import rate\n\n\n"
    "class Order:\n    pass\n",
    "orders/services.py": "from billing.invoice import make\nfrom billing.tax import rate\n\n\n"
    "def place():\n    from billing.invoice import make\n    return make(rate)\n",
    "billing/__init__.py": "",
    "billing/invoice.py": "from orders.models import Order\n\n\ndef make():\n    return Order\n",
    "billing/tax.py": "from typing import TYPE_CHECKING\n\nimport core.db\n\nif TYPE_CHECKING:\n"
    "    from catalog import models\n\nrate = 0.2\n",
    "catalog/__init__.py": "",
    "catalog/models.py": "import core.db\n\n\nclass Item:\n    pass\n",
    "core/__init__.py": "",
    "core/db.py": "CONNECTION = None\n",
}
ORDER = ["web", "orders", "billing", "catalog", "core"]
#: (row, column) -> (imports, cut)
CELLS = {
    (0, 1): (1, False),
    (0, 3): (1, False),
    (1, 2): (3, False),
    (1, 4): (1, False),
    (2, 1): (1, True),
    (2, 4): (1, False),
    (3, 4): (1, False),
}


@pytest.fixture(scope="module")
def assessment(tmp_path_factory):
    repo = GitRepo.init(tmp_path_factory.mktemp("dsm") / "repo")
    for path, text in SOURCES.items():
        repo.write(path, text)
    repo.commit("initial", date="2024-01-01T12:00:00+00:00")
    return run(repo.root, Options(workers=1))


@pytest.fixture(scope="module")
def section(assessment) -> ArchitectureSection:
    return assessment.architecture


def test_order_blocks_and_layers_by_hand(section):
    matrix = section.dsm
    assert matrix is not None
    assert matrix.order == ORDER
    assert [(b.first, b.size) for b in matrix.blocks] == [(1, 2)]
    assert [(b.name, b.first, b.size) for b in matrix.bands] == [
        ("domain", 0, 4),
        ("shared layer", 4, 1),
    ]
    # the only mark below the diagonal is the suggested cut, inside the cycle block
    assert [(c.row, c.column) for c in matrix.below_diagonal()] == [(2, 1)]


def test_cells_count_module_pairs_and_mark_the_cut(section):
    matrix = section.dsm
    assert {(c.row, c.column): (c.imports, c.cut) for c in matrix.cells} == CELLS
    assert {(b.from_component, b.to_component) for b in section.cycle_breakers} == {
        ("billing", "orders")
    }


def test_a_cell_lists_its_import_statements(section):
    cell = section.dsm.cell(1, 2)  # orders -> billing
    assert [(s.importer, s.imported, s.locations) for s in cell.sites] == [
        ("orders.models", "billing.invoice", ["orders/models.py:1"]),
        ("orders.services", "billing.invoice", ["orders/services.py:1", "orders/services.py:6"]),
        ("orders.services", "billing.tax", ["orders/services.py:2"]),
    ]
    # the TYPE_CHECKING import billing.tax -> catalog never runs: no cell
    assert section.dsm.cell(2, 3) is None


def test_the_matrix_survives_the_json_and_older_reports_rebuild_it(section):
    data = section.to_dict()
    assert data["dsm"]["order"] == ORDER
    loaded = ArchitectureSection.from_dict(data).matrix()
    assert loaded.order == ORDER and loaded.sites_kept
    assert loaded.cell(1, 2).sites == section.dsm.cell(1, 2).sites
    del data["dsm"]
    rebuilt = ArchitectureSection.from_dict(data).matrix()
    assert rebuilt.order == ORDER
    assert [(b.first, b.size) for b in rebuilt.blocks] == [(1, 2)]
    assert {(c.row, c.column): (c.imports, c.cut) for c in rebuilt.cells} == CELLS
    assert not rebuilt.sites_kept and rebuilt.cell(1, 2).sites == []


def test_a_kernel_sits_in_the_kernel_band_whatever_its_role():
    def band(role, layer="", kernel=False):
        return layer_of(Component("x", "package", role=role, layer=layer, kernel=kernel))

    assert [band("project"), band("root"), band("layer", "interface"), band("domain")] == [
        "project",
        "root",
        "interface layer",
        "domain",
    ]
    # netbox's project package and saleor's root and graphql layer are imported by most domains
    assert band("project", kernel=True) == band("root", kernel=True) == "kernel"
    assert band("layer", "interface", kernel=True) == band("domain", kernel=True) == "kernel"
    assert band("layer", "shared", kernel=True) == "shared layer"
    assert LAYER_ORDER.index("kernel") < LAYER_ORDER.index("shared layer")


# ---------------------------------------------------------------------------- the view
def _listed(view: DependencyMatrixView) -> list[str]:
    return [view.imports.item(i).text() for i in range(view.imports.count())]


def test_clicking_a_cell_lists_its_imports(section, qtbot):
    view = DependencyMatrixView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.show_matrix(section.dsm)
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "2"
    tip = view.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "2. orders" in tip and "Layer: domain" in tip and "cycle 1" in tip
    table = view.table
    centre = table.visualRect(view.model.index(1, 2)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert view.caption.text().startswith("orders → billing: 3 module imports in 4 statements")
    assert _listed(view) == [
        "orders/models.py:1   orders.models → billing.invoice",
        "orders/services.py:1   orders.services → billing.invoice",
        "orders/services.py:6   orders.services → billing.invoice",
        "orders/services.py:2   orders.services → billing.tax",
    ]
    # the keyboard: one row down, one column left is billing -> orders, the suggested cut
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Left)
    assert "suggested cut" in view.caption.text()
    assert _listed(view) == ["billing/invoice.py:1   billing.invoice → orders.models"]
    before = view.cell_size
    qtbot.keyClick(table, Qt.Key.Key_Plus)
    assert view.cell_size > before
    qtbot.keyClick(table, Qt.Key.Key_Minus)
    assert view.cell_size == before


def _dense(section: ArchitectureSection) -> ArchitectureSection:
    """The same components, every one importing every other: 20 imports among 5."""
    dense = copy.deepcopy(section)
    dense.dsm = None
    names = [c.name for c in dense.components]
    dense.component_imports = [ComponentImport(a, b, 1) for a in names for b in names if a != b]
    return dense


def test_the_panel_picks_the_matrix_on_density(assessment, qtbot):
    # 7 imports among 5 components: 1.4 per component, the diagram reads
    assert not matrix_by_default(assessment.architecture)
    panel = ArchitecturePanel()
    qtbot.addWidget(panel)
    panel.resize(1280, 800)
    panel.show_assessment(assessment)
    assert not panel.showing_matrix()
    dense = copy.copy(assessment)
    dense.architecture = _dense(assessment.architecture)
    assert matrix_by_default(dense.architecture)  # 4 per component
    panel.show_assessment(dense)
    assert panel.showing_matrix()
    # one cycle of all five (rebuilt from the counts); inside it the layers read top-down:
    # the four domains, then the shared layer
    matrix = panel.matrix.matrix
    assert [(b.first, b.size) for b in matrix.blocks] == [(0, 5)] and matrix.order[-1] == "core"
    panel.view_buttons.button(1).click()  # the user's toggle
    assert not panel.showing_matrix()
    panel.view_buttons.button(0).click()
    assert panel.showing_matrix()


# ---------------------------------------------------------------------------- the PDF
def test_the_pdf_carries_the_matrix(assessment, tmp_path):
    from pypdf import PdfReader

    from app.pdf import export_pdf

    reader = PdfReader(export_pdf(assessment, tmp_path / "summary.pdf", "a4"))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    found = next(i for i, text in enumerate(pages) if "Dependency structure matrix" in text)
    text = " ".join(pages[found : found + 2])
    assert "Row imports column" in text
    # by hand: rows 2-3 are orders and billing; 3 imports one way and 1 back
    assert "Cycle 1 : rows 2–3, 2 components, 4 imports between them." in text  # bold: a run
    assert "Suggested cuts, largest first: billing → orders (1)." in text
    assert sum(len(reader.pages[i].images) for i in (found, found + 1)
               if i < len(reader.pages)) >= 1  # fmt: skip
