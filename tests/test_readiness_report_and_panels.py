"""The runtime and architecture sections in the JSON report and on screen."""

from __future__ import annotations

import json

import jsonschema
import pytest
from table_cells import header_tooltip, row_count, shown

from analysis.assessment import Options, run
from analysis.report import from_report, to_report
from resources import resource_path
from widgets.architecture_panel import ArchitecturePanel
from widgets.assessment_view import AssessmentView
from widgets.runtime_panel import RuntimePanel

FILES = {
    "manage.py": "import os\n",
    "shop/__init__.py": "",
    "shop/settings.py": "INSTALLED_APPS = ['rest_framework', 'orders.apps.OrdersConfig',"
    " 'billing']\n"
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n"
    "BROKER_URL = 'redis://:secret@redis:6379/0'\n",
    "orders/__init__.py": "",
    "orders/apps.py": "from django.apps import AppConfig\n\n\nclass OrdersConfig(AppConfig):\n"
    "    name = 'orders'\n",
    "orders/models.py": "from billing.models import Invoice\nimport distutils.core\n",
    "billing/__init__.py": "",
    "billing/models.py": "from shipping.rates import rate\n\n\nclass Invoice:\n    pass\n",
    "shipping/__init__.py": "",
    "shipping/rates.py": "from orders.models import Invoice\n\n\ndef rate():\n    pass\n",
    "ai/__init__.py": "",
    "ai/service.py": "from fastapi import FastAPI\nimport openai\nimport tomllib\n",
    "requirements.txt": "django>=4.2\ncelery==5.3.0\npsycopg2-binary==2.9.9\nfastapi\nopenai\n",
    "pyproject.toml": '[project]\nname = "shop"\nrequires-python = ">=3.8,<3.13"\n',
    "Dockerfile": "FROM python:3.9-slim\n",
}


@pytest.fixture(scope="module")
def assessment(tmp_path_factory):
    from gitrepo import GitRepo

    repo = GitRepo.init(tmp_path_factory.mktemp("shop") / "repo")
    for path, text in FILES.items():
        repo.write(path, text)
    repo.commit()
    return run(repo.root, Options(workers=1))


def test_report_sections_validate_and_round_trip(assessment):
    report = to_report(assessment)
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert set(report["runtime"]) >= {
        "targets",
        "required_minimum",
        "removed_modules",
        "matrix",
        "dependencies",
        "free_threading_blockers",
    }
    assert set(report["architecture"]) >= {
        "components",
        "cycles",
        "cycle_breakers",
        "modularity",
        "stack",
    }
    assert list(report["runtime"]["matrix"]) == [
        "3.10",
        "3.11",
        "3.12",
        "3.13",
        "3.14",
        "3.13t",
        "3.14t",
    ]
    assert report["runtime"]["targets"][0] == {
        "version": ">=3.8,<3.13",
        "source": "requires-python",
        "location": "pyproject.toml:3",
        "kind": "requires",
    }
    assert [b["name"] for b in report["runtime"]["free_threading_blockers"]] == ["psycopg2-binary"]
    assert all("facts" not in f for f in report["code"]["files"])  # consumed, not reported
    assert to_report(from_report(json.loads(json.dumps(report)))) == report
    broken = json.loads(json.dumps(report))
    broken["runtime"]["matrix"]["3.12"]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def _headers_have_tooltips(table):
    return all(header_tooltip(table, c) for c in range(table.model().columnCount()))


def test_runtime_panel(qtbot, assessment, tmp_path):
    panel = RuntimePanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 600)
    panel.show_assessment(assessment)
    assert panel.matrix.texts(0) == ["3.10", "3.11", "3.12", "3.13", "3.14", "3.13t", "3.14t"]
    # by hand: tomllib needs 3.11; distutils is gone from 3.12; the range stops before 3.13;
    # psycopg2-binary has no free-threaded wheel
    assert panel.matrix.texts(1) == [
        "blocked",
        "ready",
        "blocked",
        "blocked",
        "blocked",
        "blocked",
        "blocked",
    ]
    assert "tomllib" in shown(panel.matrix, 0, 2).text
    assert "psycopg2-binary re-enables the GIL" in shown(panel.matrix, 5, 2).tooltip
    assert "2026-06-14" in panel.snapshot.text() and "Charlie Denton" in panel.snapshot.text()
    assert "not proof of thread safety" in panel.snapshot.text()
    assert "The code needs Python 3.11" in panel.summary.text()
    assert "Runs on <b>Python 3.9</b> (deployed: Dockerfile:1: FROM python:" in panel.summary.text()
    assert panel.summary.text().startswith("Delivered as <b>service</b>")
    assert panel.conflicts.count() >= 2
    assert "psycopg2-binary" in panel.dependencies.texts(0)
    assert panel.removed.texts(0) == ["distutils"]
    for table in (panel.matrix, panel.targets, panel.dependencies, panel.removed, panel.needs):
        assert _headers_have_tooltips(table)
    assert panel.grab().save(str(tmp_path / "runtime.png"))


def test_architecture_panel(qtbot, assessment, tmp_path):
    panel = ArchitecturePanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 600)
    panel.show_assessment(assessment)
    names = set(panel.components.texts(0))
    # manage.py is a single module, never a component; shop holds the settings: the project
    assert {"orders", "billing", "shipping", "ai", "shop"} == names
    roles = dict(zip(panel.components.texts(0), panel.components.texts(2), strict=True))
    assert roles["shop"] == "project" and roles["orders"] == "domain"
    items = [panel.cycles.item(i).text() for i in range(panel.cycles.count())]
    assert items[0].startswith("Cycle of 3 components")
    assert any(text.startswith("Cut ") for text in items)
    assert items[-1].startswith("Not a component: manage (no production code: only tooling")
    assert sorted(panel.diagram.shown) == sorted(names) and panel.diagram.hidden == 0
    assert panel.layers.texts(0) == ["core system", "AI services", "communication", "data"]
    assert "present" in panel.layers.texts(1)
    assert "PostgreSQL" in panel.stack.texts(0)
    for table in (panel.components, panel.layers, panel.stack):
        assert _headers_have_tooltips(table)
    assert panel.diagram.toolTip()
    assert panel.grab().save(str(tmp_path / "architecture.png"))


def test_panels_in_the_assessment_view_and_for_old_reports(qtbot, assessment):
    view = AssessmentView()
    qtbot.addWidget(view)
    titles = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    assert "Runtime" in titles and "Architecture" in titles
    view.show_assessment(assessment)
    old = from_report(
        {k: v for k, v in to_report(assessment).items() if k not in ("runtime", "architecture")}
    )
    assert old.runtime is None and old.architecture is None
    view.show_assessment(old)
    runtime = next(p for p in view.panels if isinstance(p, RuntimePanel))
    assert "before runtime readiness was measured" in runtime.summary.text()
    assert row_count(runtime.matrix) == 0


def test_diagram_wraps_unconnected_components_and_stays_readable(qtbot):
    """Thirty components with no import between them were one row, a strip too thin to read
    once fitted: they wrap into rows of LOOSE_COLUMNS (or the widest connected row), and the
    view never zooms out below MIN_SCALE."""
    from analysis.architecture.components import Component
    from widgets.component_diagram import LOOSE_COLUMNS, MIN_SCALE, ComponentDiagram, layered

    names = [f"c{i:02d}" for i in range(30)]
    rows = layered(names, {})
    assert max(column for _, column in rows.values()) == LOOSE_COLUMNS - 1
    assert max(row for row, _ in rows.values()) == 30 // LOOSE_COLUMNS - 1
    # "top" imports seven components, a row of seven: the loose ones wrap at seven
    edges = {("top", f"m{i}"): 1 for i in range(7)}
    placed = layered(["top", *(f"m{i}" for i in range(7)), *names], edges)
    assert placed["top"] == (0, 0) and {placed[f"m{i}"][0] for i in range(7)} == {1}
    assert [placed[n] for n in names[:8]] == [*((2, c) for c in range(7)), (3, 0)]

    view = ComponentDiagram()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    components = [Component(name, "package", modules=1, sloc=10) for name in names]
    view.show_graph(components, [], set())
    assert view.transform().m11() >= MIN_SCALE
