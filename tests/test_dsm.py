"""The dependency structure matrix on a tiny system whose order, blocks and counts are derived
by hand.

Components: ``web``, ``orders``, ``billing``, ``catalog`` (domains) and ``core`` (a shared
layer: three other domains exist). Run-time module imports across components:

- web.views -> orders.models, catalog.models                     web->orders 1, web->catalog 1
- orders.models -> billing.invoice, core.db                      orders->billing, orders->core
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

import pytest
from gitrepo import GitRepo
from readiness_repos import assess_in_process

from analysis.architecture.section import ArchitectureSection

SOURCES = {
    "web/__init__.py": "",
    "web/views.py": "from orders import models\nfrom catalog.models import Item\n\nVIEW = 1\n",
    "orders/__init__.py": "",
    "orders/models.py": "from billing import invoice\nimport core.db\n\n\nclass Order:\n    pass\n",
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
def section(tmp_path_factory) -> ArchitectureSection:
    repo = GitRepo.init(tmp_path_factory.mktemp("dsm") / "repo")
    for path, text in SOURCES.items():
        repo.write(path, text)
    repo.commit("initial", date="2024-01-01T12:00:00+00:00")
    _runtime, architecture, _problems = assess_in_process(repo)
    return architecture


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
