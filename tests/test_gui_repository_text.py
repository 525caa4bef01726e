"""Repository text is shown as text in the GUI: a file, a commit subject and a tag named
``<b>x</b><img src=x>`` read literally in every label, tooltip and item of the assessment view
(Files table, hotspot map, Delivery tab, warnings, dashboard) and of the wizard's repository
picker; none of them is taken as markup, none shows ``&lt;``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dora_data import tag
from gui_text_audit import MARK, interpreted, literal, shown_texts
from PySide6.QtGui import Qt, QTextDocument

from analysis import assessment as engine
from analysis.assessment import Options
from widgets.assessment_view import AssessmentView
from widgets.hotspot_map import HotspotMap

HOT_FILE = f"core/{MARK}.py"
OLD_FILE = f"legacy {MARK}.py"  # Python 2: a warning and a risk name it
#: no component (not an importable name), so the architecture notes name it
PACKAGE = "pkg<img src=x>"
TAG = f"rel{MARK.split(' ')[0]}"  # git refuses spaces in tag names: rel<b>x</b><img


def hostile_repo(repo):
    """Eight releases in the last 40 days, each a change of the hot file; one hotfix release
    whose fix commit changes a line of the release before it (SZZ links the failure)."""
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    branches = "".join(f"    if a == {i}:\n        return {i}\n" for i in range(18))
    worst = f"def worst(a):\n{branches}    return -1\n"
    for i in range(7):
        when = (today - timedelta(days=5 * (8 - i))).isoformat()
        repo.write(HOT_FILE, worst + f"# {i}\n")
        repo.write("core/small.py", f"def g(x):\n    if x:\n        return {i}\n    return 2\n")
        if i == 0:
            repo.write(OLD_FILE, 'print "old"\n')
            repo.write(f"{PACKAGE}/__init__.py", "")
            repo.write(f"{PACKAGE}/api.py", "from core import small\n\ndef f():\n    return 1\n")
            repo.write("core/__init__.py", "")
        sha = repo.commit(f"Change {i} {MARK}", date=when)
        tag(repo, f"{TAG}/1.{i}.0", sha)
        if i == 3:
            repo.write("core/small.py", "def g(x):\n    if x:\n        return -1\n    return 2\n")
            when = (today - timedelta(days=5 * (8 - i) - 1)).isoformat()
            sha = repo.commit(f"Fix crash {MARK}", date=when)
            tag(repo, f"{TAG}/1.3.1", sha)
    return repo


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    from gitrepo import GitRepo

    repo = hostile_repo(GitRepo.init(tmp_path_factory.mktemp("markup") / "repo"))
    return engine.run(repo.root, Options(workers=1))


@pytest.fixture
def view(qtbot, assessed):
    view = AssessmentView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.show_assessment(assessed)
    for index in range(view.tabs.count()):  # every tab fed, as a user clicking through
        view.tabs.setCurrentIndex(index)
    return view


def _read(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_the_assessment_really_carries_the_markup(assessed):
    assert any(f.path == HOT_FILE for f in assessed.code.files)
    assert assessed.history.hotspots[0].path == HOT_FILE
    assert any(f.counted and MARK in (f.fix_subject or "") for f in assessed.dora.failures)
    assert any(d.name.startswith(TAG) for d in assessed.dora.deployment_list)
    assert any(w.path == OLD_FILE for w in assessed.repository.warnings)


def test_no_label_tooltip_or_item_of_the_view_obeys_repository_markup(view):
    # a file selected: its functions below the Files table, its history in the History tab
    row = next(r for r in range(view.proxy.rowCount()) if view.proxy.index(r, 0).data() == HOT_FILE)
    view.table.setCurrentIndex(view.proxy.index(row, 0))
    assert view.functions.title.text().startswith(f"Functions in {HOT_FILE}: ")
    view.history_panel.show_file(HOT_FILE)
    assert _read(view.history_panel.details.text()).startswith(HOT_FILE)
    texts = shown_texts(view)
    bad = interpreted(texts)
    seen = {s.raw: s.where for s in bad}  # one line per text, not per cell
    assert not bad, "\n".join(f"{where}: {raw[:160]!r}" for raw, where in seen.items())
    where = {s.where.split("(")[0] for s in literal(texts)}
    # the main places show it literally (and the test reaches them)
    main_places = {"RecordTableView", "QListWidget", "QLabel", "FailureTable", "DeploymentTable"}
    assert main_places <= where, where


def test_files_table_shows_the_path_literally(view):
    model = view.model
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    shown = [model.data(i, Qt.ItemDataRole.DisplayRole) for i in rows]
    assert HOT_FILE in shown


def test_hotspot_map_tooltip_shows_the_path_literally(qtbot, assessed):
    hotspot_map = HotspotMap()
    qtbot.addWidget(hotspot_map)
    hotspot_map.set_hotspots(assessed.history.hotspots)
    index = next(i for i, h in enumerate(hotspot_map.shown) if h.path == HOT_FILE)
    tip = hotspot_map._tip(0, 0, index)  # what pyqtgraph sets as the point's tooltip
    assert Qt.mightBeRichText(tip)
    assert _read(tip).splitlines()[0] == HOT_FILE


def test_delivery_tab_shows_subjects_and_tags_literally(view):
    texts = [s.text for s in shown_texts(view.dora_panel)]
    assert any(f"Fix crash {MARK}" in text for text in texts)
    assert any(f"{TAG}/1.3.0" in text for text in texts)
    assert any(f"{TAG}/1.6.0" in text for text in texts)


def test_warnings_and_dashboard_show_paths_literally(view):
    warnings = [view.warnings_list.item(i) for i in range(view.warnings_list.count())]
    assert any(OLD_FILE in item.text() for item in warnings)
    dashboard = [s.text for s in shown_texts(view.dashboard)]
    assert any(HOT_FILE in text for text in dashboard)


FOLDER = "<img src=x>repo"  # a folder name cannot hold the slash of </b>
BRANCH = "<b>x</b>"


@pytest.fixture
def named_repo(tmp_path):
    """A repository in a folder and on a branch whose names are markup, with hostile tags."""
    from gitrepo import GitRepo

    return hostile_repo(GitRepo.init(tmp_path / FOLDER, branch=BRANCH))


@pytest.fixture
def context(database_url):
    from app.context import ApplicationContext
    from app.settings import Settings

    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    yield context
    context.close()


def _clean(root) -> list:
    texts = shown_texts(root)
    bad = interpreted(texts)
    seen = {s.raw: s.where for s in bad}
    assert not bad, "\n".join(f"{where}: {raw[:160]!r}" for raw, where in seen.items())
    return texts


def test_main_window_names_the_repository_and_shows_its_assessment_literally(
    make_window, qtbot, context, named_repo
):

    window = make_window(context)
    window.show()
    try:
        assert window.open_repository(str(named_repo.root))
        assert window.title_label.text() == FOLDER
        with qtbot.waitSignal(window.run_finished, timeout=60_000) as blocker:
            window.run_action.trigger()
        assert blocker.args == ["succeeded"]
        texts = _clean(window)
        shown = {s.text for s in texts}
        assert FOLDER in shown  # the title, as typed
        assert any(f" · {BRANCH} @ " in text for text in shown)  # the subtitle
        assert any(text.startswith(f"{FOLDER}\n") for text in shown)  # the recent list
        window.banner.show_message(f"Cannot open this folder: {MARK}", "error")
        assert _read_label(window.banner.label) == f"Cannot open this folder: {MARK}"
    finally:
        window.runner.shutdown()


def _read_label(label) -> str:
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text())
    )
    return _read(label.text()) if rich else label.text()


def test_wizard_repository_picker_and_delivery_preview_show_names_literally(
    qtbot, context, named_repo
):
    from app.wizard import AssessmentWizard
    from app.wizard.wizard import DELIVERY

    wizard = AssessmentWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        wizard.next()
        page = wizard.repositories
        page.path_edit.setText(str(named_repo.root))
        qtbot.waitUntil(lambda: page.pending is not None, timeout=60_000)
        status = _read_label(page.status)
        assert status.startswith(f"✓ {FOLDER}: {BRANCH} · 8 commits")
        page.add_button.click()
        texts = _clean(wizard)
        assert any(text.startswith(f"{FOLDER}\n") for text in (s.text for s in texts))
        wizard.next()
        assert wizard.currentId() == DELIVERY
        delivery = wizard.delivery
        qtbot.waitUntil(lambda: delivery.preview_list.count() >= 8, timeout=60_000)
        texts = _clean(wizard)
        assert any(f"{TAG}/1.6.0" in s.text for s in texts)  # the tags that count
        assert any(f"{FOLDER}  —  " in s.text for s in texts)  # the repository picker
    finally:
        wizard.state.runner.shutdown()


def test_delivery_dialogs_show_file_names_values_and_tags_literally(qtbot, tmp_path):
    from dora_data import write_csv

    from analysis.dora.csv_import import import_log, preview_log
    from analysis.dora.records import TagRecord
    from analysis.dora.settings import DoraSettings
    from widgets.delivery_log_dialog import DeliveryLogDialog, LogFiles
    from widgets.dora_source_dialog import DoraSourceDialog

    rows = [[f"2024-03-{d:02d}T12:00:00Z", f"{d:040x}"] for d in range(1, 4)]
    rows[1][0] = MARK
    log = write_csv(tmp_path / "<img src=x>log.csv", ["deployed_at", "commit"], rows)
    dialog = DeliveryLogDialog(LogFiles(preview_log, import_log))
    qtbot.addWidget(dialog)
    dialog.load(str(log))
    qtbot.waitUntil(lambda: not dialog.form.busy, timeout=5000)
    texts = _clean(dialog)
    assert dialog.file_label.text().startswith("<img src=x>log.csv: UTF-8")
    assert any(MARK in s.text for s in texts)  # the bad value, quoted in the errors
    when = datetime(2024, 1, 1, tzinfo=UTC)
    tags = [TagRecord(f"{TAG}/1.{i}.0", "a" * 40, when + timedelta(days=i), True) for i in range(3)]
    tags.append(TagRecord(f"docs{MARK.split(' ')[0]}", "b" * 40, when, True))
    source = DoraSourceDialog(DoraSettings(), tags)
    qtbot.addWidget(source)
    texts = _clean(source)
    assert any(s.text.startswith(f"{TAG}/1.2.0") for s in texts)


def test_the_pdf_shows_repository_text_literally(qtbot, assessed):
    from app.pdf.export import build_document

    document = build_document(assessed)
    html, plain = document.toHtml(), document.toPlainText()
    assert 'src="x"' not in html and "<b>x</b>" not in html  # nothing taken as markup
    assert "&lt;" not in plain  # nor escaped twice
    assert HOT_FILE in plain
    assert OLD_FILE in plain
    assert f"Fix crash {MARK}" in plain
    assert f"{TAG}/1.3.0" in plain


def test_literal_tooltip_keeps_plain_tooltips_and_quotes_the_rest(qtbot):
    from widgets.literal_text import literal_tooltip

    plain = "core/app.py\n3 changes · score 0.50"
    assert literal_tooltip(plain) == plain  # Qt shows it as text already
    assert literal_tooltip("") == ""
    quoted = literal_tooltip(f"{HOT_FILE}\n3 changes & more  (two spaces)")
    assert Qt.mightBeRichText(quoted)
    assert _read(quoted) == f"{HOT_FILE}\n3 changes & more  (two spaces)"
