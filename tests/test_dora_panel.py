"""The Delivery (DORA) panel, its import and source dialogs, and the main window's wiring."""

from __future__ import annotations

from datetime import timedelta

from dora_data import chain, days, iso, tag, utc, write_csv
from table_cells import row_count, shown
from test_main_window import window  # noqa: F401 - the main window fixture, shared

from analysis.assessment import Assessment, CodeSection, RepositoryInfo
from analysis.code.results import code_totals
from analysis.dora.csv_import import import_log, preview_log
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS
from analysis.dora.engine import compute_dora
from analysis.dora.quick_check import QuickCheckAnswers
from analysis.dora.records import TagRecord
from analysis.dora.settings import DoraInputs, DoraSettings
from widgets import palette
from widgets.delivery_log_dialog import DeliveryLogDialog, LogFiles
from widgets.dora_panel import DoraPanel
from widgets.dora_source_dialog import DoraSourceDialog


def _assessment(tmp_path, answers=None) -> Assessment:
    """The article's 'after' system: 92 daily deployments (1 Jul - 1 Oct 2024), lead time
    3 days, 7 failed (7.6%) and restored in 45 minutes."""
    times = [utc(2024, 7, 1, 12) + days(k) for k in range(-1, 92)]
    commits = chain([t - days(3) for t in times])
    log = write_csv(
        tmp_path / "d.csv",
        ["deployed_at", "sha"],
        [[iso(t), c.sha] for t, c in zip(times, commits, strict=True)],
    )
    incidents = write_csv(
        tmp_path / "i.csv",
        ["opened_at", "resolved_at", "sha"],
        [
            [iso(times[k]), iso(times[k] + timedelta(minutes=45)), commits[k].sha]
            for k in (5, 18, 31, 44, 57, 70, 83)
        ],
    )
    inputs = DoraInputs(
        DoraSettings(window_end=utc(2024, 10, 1), window_months=3),
        import_log(log, DEPLOYMENTS),
        import_log(incidents, INCIDENTS),
        answers,
    )
    dora = compute_dora(
        commits, [], inputs, now=utc(2024, 10, 1), resolved={c.sha: c.sha for c in commits}
    )
    info = RepositoryInfo(
        path=str(tmp_path),
        name="shop",
        head="a" * 40,
        branch="main",
        scope="",
        analyzed_at="2024-10-01T00:00:00+00:00",
        tracked_files=0,
    )
    return Assessment(info, CodeSection([], code_totals([])), dora=dora)


def test_panel_shows_cards_levels_trends_and_the_article_table(qtbot, tmp_path):
    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(_assessment(tmp_path))
    lead = panel.cards["lead_time"]
    assert lead.value() == "3.0 days"
    assert "median of 92 changes" in lead.caption_label.text()
    assert lead.level_badge.text() == "High" and lead.verdict_badge.text() == "healthy"
    assert panel.cards["deployment_frequency"].value() == "7.0/week"
    assert panel.cards["deployment_frequency"].level_badge.text() == "Elite"
    assert panel.cards["change_fail_rate"].value() == "7.6%"
    assert panel.cards["recovery_time"].value() == "45 min"
    assert panel.cards["recovery_time"].level_badge.text() == "Elite"
    assert panel.cards["rework_rate"].level_badge.text() == "no DORA level"
    assert all(card.toolTip() for card in panel.cards.values())
    assert "Deployment log" in panel.source_label.text()
    assert "Found: 7 failed deployments (7 by incident log)." in panel.failure_label.text()
    # trends: July..September; lead time 3 days every month
    assert panel.trends.series[0] == [3.0, 3.0, 3.0]
    table = panel.article_table
    assert [shown(table, r, 4).text for r in range(4)] == ["healthy"] * 4
    assert shown(table, 2, 3).text == "7.6% (7 of 92)"
    assert row_count(panel.deployment_table) == 92 and row_count(panel.failure_table) == 7


def test_not_enough_data_is_said_instead_of_a_level(qtbot, tmp_path):
    assessment = _assessment(tmp_path)
    assessment.dora = compute_dora(
        [], [], DoraInputs(DoraSettings(window_end=utc(2024, 1, 1))), now=utc(2024, 1, 1)
    )
    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(assessment)
    assert panel.cards["lead_time"].level_badge.text() == "not enough data"
    assert shown(panel.article_table, 0, 4).text == "not enough data"


def test_quick_check_scores_live_and_flags_disagreement(qtbot, tmp_path):
    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(_assessment(tmp_path, QuickCheckAnswers(4, 5, 5, 5, 0)))
    form = panel.quick_check
    assert form.answers() == QuickCheckAnswers(4, 5, 5, 5.0, 0.0)
    assert form.result.overall == round((6 + 8 + 8 + 9.5 + 10) / 5, 2)
    # measured recovery (45 min) is bucket 6; answering "More than six months" (1) disagrees
    form.inputs["recovery"].setCurrentIndex(1)
    agreement = {
        shown(form.table, r, 0).text: shown(form.table, r, 3) for r in range(row_count(form.table))
    }
    disagree = agreement["Failed deployment recovery time"]
    assert disagree.text.startswith("⚠ disagree")
    assert disagree.background == palette.colour("bad_bg")  # the row is tinted red
    assert agreement["Change lead time"].text == "agrees within one bucket"
    assert agreement["Change lead time"].background is None
    with qtbot.waitSignal(panel.quick_check_saved) as saved:
        form.save_button.click()
    assert saved.args[1].recovery == 1


def test_import_dialog_lists_errors_then_imports(qtbot, tmp_path):
    rows = [[f"2024-03-{d:02d}T12:00:00Z", f"{d:040x}"] for d in range(1, 9)]
    rows[5][0] = "yesterday"  # line 7
    bad = write_csv(tmp_path / "bad.csv", ["when", "commit"], rows)
    dialog = DeliveryLogDialog(LogFiles(preview_log, import_log))
    qtbot.addWidget(dialog)
    dialog.load(str(bad))
    qtbot.waitUntil(lambda: not dialog.form.busy, timeout=5000)
    # "when" is not a known header for deployed_at: the mapping says so; choose it by hand
    assert dialog.errors.item(0).text().startswith("line 1, column deployed_at: has no column")
    combo = dialog.mapping_combos["deployed_at"]
    combo.setCurrentIndex(combo.findData("when"))
    qtbot.waitUntil(lambda: not dialog.form.busy, timeout=5000)
    assert [dialog.errors.item(i).text() for i in range(dialog.errors.count())] == [
        "line 7, column when: 'yesterday' is not an ISO 8601 time (e.g. 2024-03-01T14:05:00+01:00)"
    ]
    assert not dialog.import_button.isEnabled() and dialog.imported is None
    assert row_count(dialog.preview) == 8 and dialog.preview.model().columnCount() == 2
    rows[5][0] = "2024-03-06T12:00:00Z"
    write_csv(tmp_path / "bad.csv", ["when", "commit"], rows)
    dialog.check()
    assert not dialog.import_button.isEnabled()  # until the check is done
    qtbot.waitUntil(lambda: not dialog.form.busy, timeout=5000)
    assert dialog.import_button.isEnabled() and len(dialog.imported.records) == 8
    assert dialog.imported.mapping["deployed_at"] == "when"


def test_source_dialog_reads_the_tags_as_the_engine_does_live(qtbot):
    tags = [
        TagRecord(name, "a" * 40, utc(2024, 1, i + 1), True)
        for i, name in enumerate(
            ["v1.0.0", "v1.1.0-rc1", "v1.1.0", "hotfix-jan", "docs", "v1.1.1-hotfix"]
        )
    ]
    dialog = DoraSourceDialog(DoraSettings(), tags)
    qtbot.addWidget(dialog)

    def listed():
        return [
            (row[0], row[-1])
            for row in (dialog.match_list.item(i).text().split() for i in range(6))
        ]

    # newest first; a pre-release is listed, never counted; tags without a version set aside
    assert listed() == [
        ("v1.1.1-hotfix", "fix"), ("docs", "aside"), ("hotfix-jan", "aside"),
        ("v1.1.0", "release"), ("v1.1.0-rc1", "pre-release"), ("v1.0.0", "release")]  # fmt: skip
    assert dialog.match_label.text() == (
        "6 tags: 3 releases (1 fix release), 1 pre-release, 2 set aside"
    )
    assert dialog.match_list.item(1).toolTip() == "Not counted: no version number in the name"
    assert dialog.match_list.item(4).toolTip() == "Not counted: pre-release (release candidate)"
    assert not dialog.source_buttons["log"].isEnabled()  # no deployment log imported
    dialog.release_edit.setText(r"^v1\.1\.0")
    assert listed()[0] == ("v1.1.1-hotfix", "fix")  # a fix tag counts whatever the pattern
    assert listed()[3] == ("v1.1.0", "release") and listed()[5] == ("v1.0.0", "aside")
    assert "does not match the release pattern" in dialog.match_list.item(5).toolTip()
    dialog.fix_edit.setText("((")
    assert not dialog.ok_button.isEnabled() and "not a valid regular expression" in (
        dialog.problem_label.text()
    )
    dialog.fix_edit.setText("^hotfix")
    dialog.source_buttons["tags"].setChecked(True)
    dialog.ends_now.setChecked(False)
    settings = dialog.settings()
    assert settings.deployment_source == "tags" and settings.release_pattern == r"^v1\.1\.0"
    assert settings.window_end is not None and settings.window_end.tzinfo is not None


def test_main_window_imports_a_log_and_uses_it_on_the_next_run(
    qtbot,
    window,  # noqa: F811 - the fixture imported above
    git_repo,
    tmp_path,
    monkeypatch,
):
    for day in range(1, 7):
        sha = git_repo.commit(f"c{day}", date=f"2024-03-0{day}T10:00:00+00:00")
        tag(git_repo, f"v1.{day}.0", sha, date=f"2024-03-0{day}T12:00:00+00:00")
    window.open_repository(str(git_repo.root))
    panel = window.view.dora_panel
    window.view.tabs.setCurrentWidget(panel)
    window.context.store.delivery.save_preferences(
        str(git_repo.root.resolve()), settings=DoraSettings(window_end=utc(2024, 4, 1))
    )
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        window.run_action.trigger()
    assert panel.dora.deployment_source["kind"] == "tags" and panel.dora.deployments == 6

    log = write_csv(
        tmp_path / "deploys.csv",
        ["deployed_at", "sha"],
        [["2024-03-02T00:00:00Z", "v1.1.0"], ["2024-03-05T00:00:00Z", "v1.4.0"]],
    )

    def accept(dialog):
        dialog.load(str(log))
        qtbot.waitUntil(lambda: dialog.imported is not None, timeout=5000)
        return True

    monkeypatch.setattr(DeliveryLogDialog, "exec", accept)
    panel.import_log()
    assert "imported from deploys.csv" in panel.banner.text() and panel.run_button.isVisible()
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        panel.run_button.click()
    assert panel.dora.deployment_source["kind"] == "log" and panel.dora.deployments == 2
    assert not panel.run_button.isVisible()


def test_the_source_dialog_gets_the_tags_read_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    """Reading the tags is a git call: it runs in a worker while the button says so, and the
    dialog opens with the tags once they are read."""
    import threading

    gate, threads, shown = threading.Event(), [], []

    def reader(path):
        threads.append(threading.current_thread())
        gate.wait(5)
        return [TagRecord("v1.0.0", "a" * 40, utc(2024, 7, 1), False)]

    def opened(dialog):
        shown.append([t.name for t in dialog.tags])
        return False

    monkeypatch.setattr(DoraSourceDialog, "exec", opened)
    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.tag_reader = reader
    panel.show_assessment(_assessment(tmp_path))
    panel.change_button.click()
    assert not panel.change_button.isEnabled() and "Reading tags" in panel.change_button.text()
    assert shown == []  # the GUI thread goes on while git runs
    gate.set()
    qtbot.waitUntil(lambda: shown == [["v1.0.0"]], timeout=5000)
    assert threads and threads[0] is not threading.main_thread()
    assert panel.change_button.isEnabled()


def test_a_tag_read_still_running_when_another_assessment_is_shown_opens_nothing(
    qtbot, tmp_path, monkeypatch
):
    import threading

    gate, shown = threading.Event(), []
    monkeypatch.setattr(DoraSourceDialog, "exec", lambda dialog: shown.append(dialog) or False)
    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.tag_reader = lambda path: gate.wait(5) and []
    panel.show_assessment(_assessment(tmp_path))
    panel.change_button.click()
    task = panel._owned_task
    panel.show_assessment(_assessment(tmp_path))  # another assessment: the old read is stale
    assert panel.change_button.isEnabled()
    gate.set()
    assert task.done.wait(5)
    qtbot.wait(50)
    assert shown == []


def test_the_csv_log_is_read_off_the_gui_thread_and_shown_when_read(qtbot, tmp_path):
    import threading

    gate, threads = threading.Event(), []

    def read(*args, **kwargs):
        threads.append(threading.current_thread())
        gate.wait(5)
        return import_log(*args, **kwargs)

    rows = [[f"2024-03-{d:02d}T12:00:00Z", f"{d:040x}"] for d in range(1, 4)]
    log = write_csv(tmp_path / "d.csv", ["deployed_at", "sha"], rows)
    dialog = DeliveryLogDialog(LogFiles(preview_log, read))
    qtbot.addWidget(dialog)
    dialog.load(str(log))
    assert dialog.form.busy and dialog.imported is None
    assert dialog.result_label.text() == "Reading the file…"
    gate.set()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=5000)
    assert threads and threads[0] is not threading.main_thread()
    assert len(dialog.imported.records) == 3 and dialog.import_button.isEnabled()
    assert row_count(dialog.preview) == 3
