"""The portfolio: every repository's latest stored assessment side by side (table, scatter,
money, median trend) in the GUI and on one PDF page, over a store holding three repositories
assessed for real (tiny histories built here)."""

from __future__ import annotations

import os
import shutil
import statistics
from datetime import datetime

import pytest
from gitrepo import GitRepo
from pdf_pages import render_pages
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt

from analysis.assessment import Options, run
from analysis.errors import Cancelled
from analysis.headline import headline
from analysis.portfolio import TrendPoint, median_score_trend, portfolio_money, verdict_text
from app.context import ApplicationContext
from app.pdf.portfolio import export_portfolio_pdf
from app.settings import Settings
from app.store import open_store
from app.store.portfolio import load_portfolio
from app.store.portfolio_trend import load_median_trend
from widgets.portfolio_table import COLUMN

SHOTS = os.environ.get("READINESS_SCREENSHOTS")
MANY = ", ".join("abcdefghijklmn")  # 14 parameters: SonarQube S107, a debt of 20 min


def _build(root, files: int, changes: int, long_signatures: int) -> GitRepo:
    repo = GitRepo.init(root)
    for i in range(long_signatures):
        repo.write(f"core{i}.py", f"def configure({MANY}):\n    return a\n")
    for i in range(files):
        repo.write(f"m{i}.py", f"def f(x):\n    if x:\n        return {i}\n    return x\n")
    repo.commit("first")
    for k in range(changes):
        repo.write(f"m{k % 3}.py", f"def f(x):\n    return x + {k}\n")
        repo.commit(f"change {k}")
    return repo


#: name -> (files, changes, long signatures, when it was assessed)
REPOS = {
    "alpha": (12, 11, 1, "2026-09-10T10:00:00+00:00"),
    "beta": (20, 14, 3, "2026-10-05T10:00:00+00:00"),
    "gamma": (11, 3, 0, "2026-11-20T10:00:00+00:00"),
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """(database file, {name: (assessment, id)})."""
    folder = tmp_path_factory.mktemp("portfolio")
    database = folder / "store.db"
    store = open_store(f"sqlite:///{database}")
    saved = {}
    for name, (files, changes, signatures, when) in REPOS.items():
        repo = _build(folder / name, files, changes, signatures)
        assessment = run(repo.root, Options(workers=1))
        assessment.repository.analyzed_at = when
        saved[name] = (assessment, store.save(assessment))
    store.close()
    return database, saved


@pytest.fixture
def store(stored, tmp_path):
    database, _ = stored
    copy = tmp_path / "store.db"
    shutil.copy(database, copy)
    opened = open_store(f"sqlite:///{copy}")
    yield opened
    opened.close()


def _money(assessment, figure_id):
    figures = {f.id: f.value for f in assessment.decisions.money.figures}
    return figures[figure_id]


def test_rows_are_the_latest_assessments_as_stored(store, stored):
    _, saved = stored
    rows = load_portfolio(store)
    assert [r.name for r in rows] == ["alpha", "beta", "gamma"]
    for row in rows:
        assessment, assessment_id = saved[row.name]
        assert row.assessment_id == assessment_id
        assert row.path == assessment.repository.folder
        assert row.headline == headline(assessment)  # computed from the run, not the store
        assert row.rework_cost == _money(assessment, "rework_measured")
        assert row.debt_cost == _money(assessment, "debt_remediation")
        assert row.refactor_option == assessment.decisions.refactor_vs_rewrite.verdict
        verdict = assessment.decisions.refactor_vs_rewrite
        assert row.refactor == verdict_text(verdict.label, verdict.clear)
    # the figures are real and differ between the three
    assert len({r.figure("sloc") for r in rows}) == 3
    assert rows[0].rework_cost is not None and rows[2].rework_cost is None  # 3 commits: too few


def test_reports_are_decoded_once(store, monkeypatch):
    first = load_portfolio(store)

    def no_decoding(assessment_id):
        raise AssertionError(f"report #{assessment_id} decoded again")

    monkeypatch.setattr(store, "load", no_decoding)
    assert load_portfolio(store) == first  # from the store's cache


def test_money_sums_and_shares(store, stored):
    _, saved = stored
    money = portfolio_money(load_portfolio(store))
    rework = [_money(a, "rework_measured") for a, _ in saved.values()]
    debt = [_money(a, "debt_remediation") for a, _ in saved.values()]
    assert money.rework_total == sum(v for v in rework if v is not None)
    assert money.debt_total == sum(v for v in debt if v is not None)
    assert money.debt_total > 0 and money.rework_total > 0
    for shares, total in ((money.rework, money.rework_total), (money.debt, money.debt_total)):
        assert sum(s.share for s in shares) == pytest.approx(1.0)
        for s in shares:
            assert s.share == pytest.approx(s.amount / total)
    # by hand: SonarQube S107 costs 20 min per signature (alpha 1, beta 3, gamma 0), priced at
    # the model's hourly cost, rounded to whole units
    hourly = saved["alpha"][0].decisions.money.hourly_cost
    by_name = {s.name: s.amount for s in money.debt}
    assert by_name == {
        "alpha": round(round(20 / 60, 2) * hourly),
        "beta": round(1.0 * hourly),
        "gamma": 0,
    }
    assert {s.name for s in money.rework} == {"alpha", "beta"}  # gamma: 3 commits, too few


def test_reading_stops_when_cancelled(store):
    seen = []
    with pytest.raises(Cancelled):
        load_portfolio(store, progress=seen.append, cancel=lambda: bool(seen))
    assert [(p.done, p.total) for p in seen] == [(0, 3)]


def test_median_trend_by_hand():
    history = [
        ("a", datetime(2026, 1, 5), 40),
        ("a", datetime(2026, 3, 1), 80),  # a's latest from March on
        ("b", datetime(2026, 1, 20), 60),
        ("c", datetime(2026, 2, 2), 90),
        ("c", datetime(2026, 2, 3), None),  # no score: skipped
    ]
    assert median_score_trend(history) == [
        TrendPoint("2026-01", 50.0, 2),  # median(40, 60)
        TrendPoint("2026-02", 60.0, 3),  # median(40, 60, 90)
        TrendPoint("2026-03", 80.0, 3),  # median(80, 60, 90)
    ]


def test_median_trend_of_the_store(store, stored):
    _, saved = stored
    score = {name: a.decisions.readiness.score for name, (a, _) in saved.items()}
    assert load_median_trend(store) == [
        TrendPoint("2026-09", score["alpha"], 1),
        TrendPoint("2026-10", statistics.median([score["alpha"], score["beta"]]), 2),
        TrendPoint("2026-11", statistics.median(score.values()), 3),
    ]


@pytest.fixture
def window(make_window, qtbot, store):
    context = ApplicationContext(settings=Settings(workers=1), database_url=str(store.engine.url))
    win = make_window(context)
    win.resize(1200, 800)
    win.show()
    portfolio = win.show_portfolio()
    qtbot.waitUntil(lambda: portfolio.view.model.rowCount() == 3, timeout=15_000)
    return win, portfolio


def test_window_table_shows_the_stored_figures_and_sorts(window, stored):
    _, saved = stored
    _win, portfolio = window
    model = portfolio.view.model
    assert portfolio.windowTitle().startswith("Portfolio")

    def text(row, title):
        return model.data(model.index(row, COLUMN[title]))

    # sorted by score, weakest first
    scores = [model.row_object(r).figure("score") for r in range(3)]
    assert scores == sorted(scores)
    for r in range(3):
        row = model.row_object(r)
        h = headline(saved[row.name][0])
        assert text(r, "Score") == str(h.score)
        assert text(r, "Grade") == h.grade
        decisions = saved[row.name][0].decisions
        for title, verdict in (
            ("Refactor/rewrite", decisions.refactor_vs_rewrite),
            ("Staffing", decisions.staffing),
        ):
            assert text(r, title) == verdict_text(verdict.label, verdict.clear)
        for title, key, shown in (
            ("Lead time", "lead_time_days", lambda v: f"{v:.1f} d"),
            ("Deploys/wk", "deploys_per_week", lambda v: f"{v:.2f}"),
            ("Fail rate", "change_fail_rate", lambda v: f"{v * 100:.1f}%"),
            ("Recovery", "recovery_hours", lambda v: f"{v:.1f} h"),
            ("Deploy rework", "deployment_rework_rate", lambda v: f"{v * 100:.1f}%"),
        ):
            value = getattr(h, key)
            assert text(r, title) == ("–" if value is None else shown(value)), title
        assert text(r, "Debt") == f"{h.debt_ratio * 100:.1f}%"
        assert text(r, "Hotspots") == (
            "–" if h.hotspot_share is None else f"{h.hotspot_share * 100:.1f}%"
        )
        assert text(r, "Assessed") == datetime.fromisoformat(h.analyzed_at).strftime("%Y-%m-%d")
    view = portfolio.view.table
    view.sortByColumn(COLUMN["Repository"], Qt.SortOrder.DescendingOrder)
    assert [model.row_object(r).name for r in range(3)] == ["gamma", "beta", "alpha"]
    view.sortByColumn(COLUMN["Debt"], Qt.SortOrder.AscendingOrder)
    ratios = [model.row_object(r).figure("debt_ratio") for r in range(3)]
    assert ratios == sorted(ratios)


def test_clicking_a_bubble_opens_that_dashboard(window, qtbot, stored):
    _, saved = stored
    win, portfolio = window
    portfolio.view.tabs.setCurrentWidget(portfolio.view.scatter)
    scatter = portfolio.view.scatter
    placed = {r.name for r in scatter.placed}
    assert placed, "no repository placed on the scatter"
    name = sorted(placed)[-1]
    _assessment, assessment_id = saved[name]
    x, y = scatter.point_position(assessment_id)
    qtbot.wait(50)
    scene = scatter.plot.getViewBox().mapViewToScene(
        __import__("PySide6.QtCore", fromlist=["QPointF"]).QPointF(x, y)
    )
    where = scatter.plot.mapFromScene(scene)
    with qtbot.waitSignal(scatter.repository_chosen, timeout=3000) as chosen:
        qtbot.mouseClick(scatter.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(where))
    assert chosen.args == [assessment_id]
    qtbot.waitUntil(
        lambda: (
            win.view.assessment is not None
            and win.view.assessment.repository.folder == saved[name][0].repository.folder
        ),
        timeout=10_000,
    )
    assert win.view.tabs.currentWidget() is win.view.dashboard
    if SHOTS:
        portfolio.grab().save(os.path.join(SHOTS, "portfolio-scatter.png"))
        portfolio.view.tabs.setCurrentWidget(portfolio.view.money)
        portfolio.grab().save(os.path.join(SHOTS, "portfolio-money.png"))
        portfolio.view.tabs.setCurrentWidget(portfolio.view.trend)
        portfolio.grab().save(os.path.join(SHOTS, "portfolio-trend.png"))


def test_menus_open_the_portfolio_and_export_its_pdf(make_window, qtbot, store, tmp_path):
    context = ApplicationContext(settings=Settings(workers=1), database_url=str(store.engine.url))
    win = make_window(context)
    assert win.portfolio_action.shortcut().toString() == "Ctrl+Shift+P"
    view_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
    assert win.portfolio_action in view_menu.actions()
    file_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&File")
    assert win.export_portfolio_action in file_menu.actions()
    target = tmp_path / "board.pdf"
    task = win.export_portfolio_pdf(str(target), "letter")
    assert task is not None  # the store is read on the runner, not on the GUI thread
    qtbot.waitUntil(target.exists, timeout=20_000)
    assert "Portfolio PDF written" in win.statusBar().currentMessage()
    assert len(PdfReader(str(target)).pages) == 1


def test_money_tab_totals(window):
    _win, portfolio = window
    money = portfolio.view.money
    assert money.money is not None
    assert f"{money.money.debt_total:,.0f}" in money.totals.text()
    shares = [money.model.row_object(r).debt_share or 0 for r in range(money.model.rowCount())]
    assert sum(shares) == pytest.approx(1.0)


def test_pdf_page_has_the_table_and_the_scatter(store, stored, tmp_path, qapp):
    _, saved = stored
    pdf = export_portfolio_pdf(store, tmp_path / "portfolio.pdf", page_size="a4")
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    words = " ".join(reader.pages[0].extract_text().split())
    for expected in ("Portfolio summary", "refactor or rewrite", "Hotspot", "alpha", "beta",
                     "gamma", "Cost to fix the known debt"):  # fmt: skip
        assert expected in words
    for assessment, _ in saved.values():
        assert headline(assessment).grade in words
    resources = reader.pages[0]["/Resources"]
    assert "/XObject" in resources and len(resources["/XObject"]) >= 1  # the scatter
    _renderer, pages = render_pages(pdf, 1, tmp_path / "png")
    if SHOTS:
        shutil.copy(pages[0], os.path.join(SHOTS, "portfolio-pdf.png"))


def test_a_scoped_folder_is_its_own_row_and_names_are_escaped(tmp_path, qtbot):
    """A sub-folder assessed on its own is kept apart from its repository (the store's key is
    the folder assessed), and a name from the repository reaches rich text escaped."""
    from widgets.portfolio_view import PortfolioView

    repo = GitRepo.init(tmp_path / "x<i>y")
    repo.write("app.py", "def f(x):\n    return x\n")
    repo.write("pkg/core.py", "def g(x):\n    return x\n")
    repo.commit("first")
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    whole = run(repo.root, Options(workers=1))
    scoped = run(repo.root / "pkg", Options(workers=1))
    store.save(whole), store.save(scoped)
    rows = load_portfolio(store)
    store.close()
    assert [(r.name, r.path) for r in rows] == [
        ("x<i>y", whole.repository.folder),
        ("x<i>y/pkg", scoped.repository.folder),
    ]
    assert rows[1].figure("sloc") == headline(scoped).sloc == 2
    view = PortfolioView()
    qtbot.addWidget(view)
    view.set_portfolio(rows, [])
    legend = view.scatter.legend.text()  # 2 changed files: not placed, named under the chart
    assert "x&lt;i&gt;y/pkg" in legend and "<i>" not in legend
