"""The assessment wizard driven as a user would, on repositories built by the tests: a bad
folder refused live, a CSV with a bad row shown on the page, Back keeping answers, cancel during
the run, answers remembered per repository, several repositories, and keyboard only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dora_data import tag, write_csv
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from analysis.dora.delivery_log import DEPLOYMENTS
from app.context import ApplicationContext
from app.settings import Settings
from app.wizard import AssessmentWizard
from app.wizard.answers import ANSWER, IMPORT, MEASURE
from app.wizard.wizard import DELIVERY, REPOSITORIES, RESULTS, RUN, TEAM, WELCOME

WAIT = 60_000


@pytest.fixture
def context(database_url):
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    yield context
    context.close()


@pytest.fixture
def wizard(qtbot, context):
    wizard = AssessmentWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.state.runner.shutdown()


def released_repo(repo, releases: int = 6):
    """Commits every 5 days up to yesterday, a release tag on each: all in a 6-month window."""
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    for i in range(releases):
        when = today - timedelta(days=5 * (releases - i))
        repo.write("service/app.py", f"def handler(x):\n    return x + {i}\n")
        repo.write(f"service/step{i}.py", "def step(x):\n    return 1 if x else 0\n")
        sha = repo.commit(f"release {i}", date=when.isoformat())
        tag(repo, f"v1.{i}.0", sha)
    return repo


@pytest.fixture
def project(git_repo):
    return released_repo(git_repo)


def next_enabled(wizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def add_repository(qtbot, wizard, path) -> None:
    page = wizard.repositories
    page.path_edit.setText(str(path))
    qtbot.waitUntil(lambda: page.pending is not None, timeout=WAIT)
    page.add_button.click()


def run_to_results(qtbot, wizard) -> None:
    assert wizard.currentId() == TEAM
    wizard.next()
    assert wizard.currentId() == RUN
    qtbot.waitUntil(lambda: wizard.run_page.outcome != "", timeout=WAIT)
    assert wizard.run_page.outcome == "done", wizard.run_page.log.toPlainText()
    wizard.next()
    assert wizard.currentId() == RESULTS


def test_a_bad_folder_is_refused_live_with_its_reason(qtbot, wizard, tmp_path, project):
    wizard.next()
    assert wizard.currentId() == REPOSITORIES
    page = wizard.repositories
    plain = tmp_path / "plain"
    plain.mkdir()
    page.path_edit.setText(str(plain))
    qtbot.waitUntil(lambda: "Cannot use this folder" in page.status.text(), timeout=WAIT)
    assert "is not a git repository" in page.status.text()
    assert not next_enabled(wizard) and not page.add_button.isEnabled()
    empty = tmp_path / "empty"
    empty.mkdir()
    from gitrepo import GitRepo

    GitRepo.init(empty)
    page.path_edit.setText(str(empty))
    qtbot.waitUntil(lambda: "no commits yet" in page.status.text(), timeout=WAIT)
    assert not next_enabled(wizard)
    page.path_edit.setText(str(project.root))
    qtbot.waitUntil(lambda: page.pending is not None, timeout=WAIT)
    # branch, commits (6) and size are shown before it is added
    assert "main · 6 commits · 7 files (7 Python)" in page.status.text()
    assert next_enabled(wizard)
    wizard.next()  # Next adds the folder checked
    assert wizard.currentId() == DELIVERY
    assert wizard.field("repositories") == [str(project.root.resolve())]


def test_delivery_preview_csv_errors_back_and_the_run(qtbot, wizard, context, project, tmp_path):
    wizard.next()
    add_repository(qtbot, wizard, project.root)
    wizard.next()
    page = wizard.delivery
    assert page.mode_buttons[MEASURE].isChecked() and wizard.field("deliveryMode") == MEASURE
    # the six release tags are in the window: automatic takes them, as the run will
    qtbot.waitUntil(lambda: page.preview_list.count() == 6, timeout=WAIT)
    assert "6 deployments" in page.preview_label.text()
    assert page.preview_list.item(0).text().split()[1:3] == ["release", "v1.5.0"]
    page.source_form.release_edit.setText(r"^v1\.[01]\.0$")  # 2 tags: the branch instead
    qtbot.waitUntil(lambda: "default-branch history" in page.preview_label.text(), timeout=WAIT)
    page.source_form.release_edit.setText("((")
    assert not next_enabled(wizard) and "not a valid regular expression" in page.problem.text()
    page.source_form.set_settings(page.source_form.base.__class__())  # the defaults again

    # a CSV log whose third line is not a time: listed on the page, Next refused
    page.mode_buttons[IMPORT].setChecked(True)
    assert wizard.field("deliveryMode") == IMPORT
    today = datetime.now(UTC).date()
    rows = [[f"{today - timedelta(days=d)}T10:00:00Z", f"v1.{d}.0"] for d in range(3)]
    rows[1][0] = "yesterday"
    log = write_csv(tmp_path / "deploys.csv", ["deployed_at", "sha"], rows)
    page.log_form.path_edit.setText(str(log))
    page.log_form.load(str(log))
    assert not next_enabled(wizard)  # while the file is read
    qtbot.waitUntil(lambda: not page.log_form.busy, timeout=5000)
    assert page.log_form.errors.item(0).text().startswith("line 3, column deployed_at:")
    assert "Nothing can be imported" in page.log_form.result_label.text()
    assert not next_enabled(wizard) and "does not import" in page.problem.text()
    rows[1][0] = f"{today - timedelta(days=1)}T10:00:00Z"
    write_csv(log, ["deployed_at", "sha"], rows)
    page.log_form.load(str(log))
    qtbot.waitUntil(lambda: not page.log_form.busy, timeout=5000)
    assert next_enabled(wizard) and page.problem.text() == ""
    assert "deploys.csv, 3 deployments (imported now)" in page.kept_label.text()

    wizard.next()
    assert wizard.currentId() == TEAM
    team = wizard.team
    assert team.quick_box.isVisible()  # not answered on the delivery page
    team.team_form.team_size.setValue(12)
    team.team_form.rework.setValue(35)
    # Back and Next again: nothing lost
    wizard.back()
    assert wizard.currentId() == DELIVERY
    assert page.mode_buttons[IMPORT].isChecked() and DEPLOYMENTS in wizard.state.selected().logs
    wizard.back()
    wizard.next()
    wizard.next()
    assert wizard.currentId() == TEAM
    assert team.team_form.team_size.value() == 12 and wizard.field("teamSize") == 12
    assert team.team_form.rework.value() == 35

    # the run starts; cancel it while it measures: nothing stored
    wizard.next()
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.clock is not None and run.clock.phase != "", timeout=WAIT)
    run.cancel_button.click()
    qtbot.waitUntil(lambda: run.outcome == "cancelled", timeout=WAIT)
    assert not next_enabled(wizard) and "Cancelled" in run.eta_label.text()
    path = str(project.root.resolve())
    assert context.store.assessments(path) == []
    # but the answers were kept with the repository when the run started
    assert context.store.team.load(path).team_size == 12
    assert context.store.delivery.inputs(path).deployment_log.file_name == "deploys.csv"

    run.again_button.click()
    qtbot.waitUntil(lambda: run.outcome != "", timeout=WAIT)
    assert run.outcome == "done" and next_enabled(wizard)
    assert all(row.state == "done" for row in run.rows.values())
    wizard.next()
    assert wizard.currentId() == RESULTS
    stored = context.store.assessments(path)
    assert len(stored) == 1 and wizard.results.selected_id() == stored[0].id
    result = context.store.load(stored[0].id)
    score = result.decisions.readiness.score
    readiness = wizard.results.readiness
    assert readiness.gauge.score == score and f"{score}/100" in readiness.status.text()
    assert result.decisions.staffing.label in wizard.results.decisions.staffing.text()
    assert all(r.sentence in wizard.results.risks.list.text() for r in result.decisions.top_risks)
    assert result.dora.deployment_source["kind"] == "log"  # the imported log was used
    assert result.decisions.team.team_size.value == 12


def test_answers_are_remembered_per_repository(qtbot, context, project, tmp_path):
    first = AssessmentWizard(context)
    qtbot.addWidget(first)
    first.show()
    first.next()
    add_repository(qtbot, first, project.root)
    first.next()
    first.delivery.mode_buttons[ANSWER].setChecked(True)
    assert not next_enabled(first)  # no answer yet
    quick = first.delivery.quick_check
    quick.inputs["lead_time"].setCurrentIndex(4)  # bucket 4: 1 day - 1 week
    quick.inputs["change_fail_rate"].setValue(15)
    assert next_enabled(first)
    first.next()
    assert not first.team.quick_box.isVisible()  # answered on the previous page
    first.team.team_form.seniors.setValue(2)
    assert first.team.validatePage()  # Next from the team page keeps the answers
    first.state.runner.shutdown()
    first.close()

    second = AssessmentWizard(context)
    qtbot.addWidget(second)
    second.show()
    second.next()
    add_repository(qtbot, second, project.root)
    second.next()
    answers = second.state.selected()
    assert answers.quick_check.lead_time == 4 and answers.quick_check.change_fail_rate == 15
    assert second.delivery.quick_check.inputs["lead_time"].currentData() == 4
    second.next()
    assert second.team.team_form.seniors.value() == 2
    second.state.runner.shutdown()


def test_two_repositories_run_one_after_the_other(qtbot, wizard, context, project, tmp_path):
    from gitrepo import GitRepo

    other = released_repo(GitRepo.init(tmp_path / "other"), releases=2)
    wizard.next()
    add_repository(qtbot, wizard, project.root)
    add_repository(qtbot, wizard, other.root)
    assert wizard.repositories.list.count() == 2
    wizard.next()
    picker = wizard.delivery.picker
    assert picker.isVisible() and picker.combo.count() == 2
    picker.combo.setCurrentIndex(1)  # the second repository's answers
    wizard.delivery.mode_buttons[ANSWER].setChecked(True)
    wizard.delivery.quick_check.inputs["deployment_frequency"].setCurrentIndex(3)
    picker.combo.setCurrentIndex(0)
    assert wizard.delivery.mode_buttons[MEASURE].isChecked()  # the first kept its own
    wizard.next()
    run_to_results(qtbot, wizard)
    assert len(wizard.state.results) == 2 and wizard.results.picker.count() == 2
    second = str(other.root.resolve())
    assert context.store.delivery.inputs(second).quick_check.deployment_frequency == 3
    assert "repository 2 of 2" in wizard.run_page.repository_label.text()


def test_export_pdf_depends_on_a_listener(qtbot, wizard, project):
    wizard.next()
    add_repository(qtbot, wizard, project.root)
    wizard.next()
    wizard.next()
    run_to_results(qtbot, wizard)
    button = wizard.results.export_button
    assert not button.isEnabled() and "not available" in button.toolTip()
    asked = []
    wizard.export_pdf_requested.connect(asked.append)
    wizard.back()
    wizard.next()  # the button is set up each time the page is shown
    assert button.isEnabled()
    button.click()
    assert asked == [wizard.results.selected_id()]


def test_keyboard_alone_reaches_the_dashboard(qtbot, wizard, project):
    def press(key=Qt.Key.Key_Return):
        qtbot.keyClick(wizard.focusWidget() or wizard, key)

    assert wizard.currentId() == WELCOME
    press()
    assert wizard.currentId() == REPOSITORIES
    assert wizard.focusWidget() is wizard.repositories.path_edit
    qtbot.keyClicks(wizard.repositories.path_edit, str(project.root))
    qtbot.waitUntil(lambda: wizard.repositories.pending is not None, timeout=WAIT)
    press()  # Enter: Next, which adds the folder checked
    assert wizard.currentId() == DELIVERY
    qtbot.waitUntil(lambda: wizard.delivery.preview_list.count() == 6, timeout=WAIT)
    press()
    assert wizard.currentId() == TEAM
    press()
    assert wizard.currentId() == RUN
    qtbot.waitUntil(lambda: wizard.run_page.outcome == "done", timeout=WAIT)
    assert wizard.focusWidget() is wizard.button(QWizard.WizardButton.NextButton)
    press()
    assert wizard.currentId() == RESULTS
    with qtbot.waitSignal(wizard.open_dashboard_requested) as opened:
        press()  # Enter on the last page: Open Dashboard (Finish)
    assert opened.args == [wizard.results.selected_id()]


def test_escape_cancels_the_run_before_it_closes_the_wizard(qtbot, wizard, project):
    wizard.next()
    add_repository(qtbot, wizard, project.root)
    wizard.next()
    wizard.next()
    wizard.next()
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.running and run.clock.phase != "", timeout=WAIT)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()  # the first Esc stops the run only
    qtbot.waitUntil(lambda: run.outcome == "cancelled", timeout=WAIT)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_the_window_opens_the_wizard_from_the_menu_the_welcome_and_a_first_launch(
    make_window, qtbot, context, project
):
    from PySide6.QtGui import QKeySequence

    window = make_window(context)
    window.show()
    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.offer_wizard_on_first_launch()  # the store knows no repository yet
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    window.wizard.reject()
    assert window.wizard is None
    window.new_button.click()  # the welcome screen's main button
    assert window.wizard is not None and window.wizard.currentId() == WELCOME
    window.wizard.reject()
    window.new_action.trigger()  # File › New Assessment
    assert window.wizard is not None
    window.wizard.reject()
    context.store.touch_repository(str(project.root))
    assert not window.offer_wizard_on_first_launch()  # not the first launch any more
    window.runner.shutdown()


def test_the_wizard_last_page_writes_the_pdf_through_the_window(
    make_window, qtbot, context, project, tmp_path
):
    """The results page's Export PDF is wired to the main window's PDF export."""
    from pypdf import PdfReader

    window = make_window(context)
    window.show()
    wizard = window.new_assessment()
    wizard.next()
    add_repository(qtbot, wizard, project.root)
    wizard.next()
    wizard.next()
    run_to_results(qtbot, wizard)
    assert wizard.results.export_button.isEnabled()
    written = window.export_pdf_of(wizard.results.selected_id(), str(tmp_path / "w.pdf"), "a4")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(written).pages)
    assert "Executive summary" in text and project.root.name in text
    wizard.reject()
    window.runner.shutdown()


def test_the_delivery_page_shows_the_detected_model_and_lets_the_user_correct_it(
    qtbot, wizard, context, project
):
    wizard.next()
    add_repository(qtbot, wizard, project.root)
    wizard.next()
    page = wizard.delivery
    # nothing in the files shows how it is delivered: a service, the default, said so
    qtbot.waitUntil(lambda: "Detected <b>service</b>" in page.model_label.text(), timeout=WAIT)
    assert "nothing shows how it is delivered" in page.model_label.text()
    choice = page.delivery_model
    assert choice.currentData() is None and choice.itemText(0) == "as the files show: service"
    assert "6 deployments" in page.preview_label.text()
    choice.setCurrentIndex(choice.findData("library"))
    team = wizard.state.selected().team
    assert (team.delivery_model, team.delivery_model_source) == ("library", "wizard")
    assert "measure release cadence, not production deployments" in page.model_label.text()
    assert "6 releases" in page.preview_label.text()
    wizard.next()
    wizard.team.team_form.seniors.setValue(3)  # editing the team keeps the choice
    team = wizard.state.selected().team
    assert (team.delivery_model, team.senior_engineers) == ("library", 3)
    run_to_results(qtbot, wizard)
    path = str(project.root.resolve())
    result = context.store.load(context.store.assessments(path)[0].id)
    model = result.repository.delivery_model
    assert (model.kind, model.source, model.detected) == ("library", "wizard", "service")
    assert result.decisions.strangler_plan == []
    assert context.store.team.load(path).delivery_model == "library"


def test_the_delivery_page_detects_a_library_before_the_run(qtbot, wizard, git_repo):
    git_repo.write(
        "pyproject.toml",
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
    )
    released_repo(git_repo)
    git_repo.write("service/app.py", "def handler(x):\n    return x * 2\n")
    yesterday = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=20)
    candidate = git_repo.commit("next", date=yesterday.isoformat())
    tag(git_repo, "v1.6.0-rc.1", candidate)
    tag(git_repo, "oidc-bug-fix", candidate)
    wizard.next()
    add_repository(qtbot, wizard, git_repo.root)
    wizard.next()
    page = wizard.delivery
    qtbot.waitUntil(lambda: "Detected <b>library</b>" in page.model_label.text(), timeout=WAIT)
    assert "pyproject.toml:3: build backend hatchling.build" in page.model_label.text()
    assert "6 release tags (latest v1.5.0)" in page.model_label.toolTip()
    assert "measure release cadence" in page.model_label.text()
    qtbot.waitUntil(lambda: "6 releases" in page.preview_label.text(), timeout=WAIT)
    assert (
        "Release tags in the window: 6 releases, 1 pre-release (listed, never counted), "
        "1 non-release tag set aside."
    ) in page.preview_label.text()
    listed = [page.preview_list.item(i) for i in range(page.preview_list.count())]
    aside = next(item for item in listed if item.text().endswith("oidc-bug-fix"))
    assert aside.toolTip() == "Not counted: no version number in the name"
    pre = next(item for item in listed if item.text().endswith("v1.6.0-rc.1"))
    assert "pre-release" in pre.text() and pre.foreground().color() == aside.foreground().color()
    assert page.delivery_model.currentData() is None  # detected, not chosen
    assert wizard.state.selected().team.delivery_model is None


def test_the_delivery_preview_warns_of_a_stale_clone(qtbot, wizard, git_repo):
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    for i in range(6):  # releases every 5 days, the newest 60 days ago: a clone not fetched
        git_repo.write("service/app.py", f"VALUE = {i}\n")
        sha = git_repo.commit(f"release {i}", date=(today - timedelta(days=85 - 5 * i)).isoformat())
        tag(git_repo, f"v1.{i}.0", sha)
    wizard.next()
    add_repository(qtbot, wizard, git_repo.root)
    wizard.next()
    page = wizard.delivery
    qtbot.waitUntil(lambda: "6 deployments" in page.preview_label.text(), timeout=WAIT)
    newest = (today - timedelta(days=60)).date().isoformat()
    assert f"to {newest}" in page.preview_label.text()  # the window ends at the newest commit
    assert "is 60 days old: the window ends there" in page.preview_label.text()
    assert "git fetch" in page.preview_label.text()
