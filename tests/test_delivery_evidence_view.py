"""What the Delivery tab and the dashboard tell a user about the delivery evidence: each failure
with the commits that link it to its cause, backports and pre-releases listed but not counted,
a library's releases read as release cadence, the stale-clone window, a lead time that cannot
be measured, the tag-spacing fallback, the release lines and the tags set aside.

The report is built by hand (tests/dora_reports.py), with the figures its docstring derives.
"""

from __future__ import annotations

from dataclasses import replace

from dora_reports import REVERT_SHA, REVERTED_SHA, SZZ_CAUSE_SHA, SZZ_FIX_SHA, library_report
from table_cells import row_count, shown

from analysis.assessment import Assessment, CodeSection, RepositoryInfo
from analysis.code.results import code_totals
from analysis.dora.levels import METRICS
from analysis.dora.results import LeadTime
from widgets import palette
from widgets.dora_panel import DoraPanel
from widgets.dora_tables import NOT_COUNTED


def _assessment(dora) -> Assessment:
    info = RepositoryInfo(
        path="/nowhere/pkg",
        name="pkg",
        head="a" * 40,
        branch="main",
        scope="",
        analyzed_at="2026-12-03T00:00:00+00:00",
        tracked_files=0,
    )
    return Assessment(info, CodeSection([], code_totals([])), dora=dora)


def _panel(qtbot, dora) -> DoraPanel:
    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.resize(1260, 900)
    panel.show()
    panel.show_assessment(_assessment(dora))
    return panel


def _row(table, column: int, text: str) -> int:
    return next(r for r in range(row_count(table)) if shown(table, r, column).text == text)


def test_each_failure_shows_the_release_that_fixed_it_and_the_commits_that_link_them(qtbot):
    panel = _panel(qtbot, library_report())
    table = panel.failure_table
    assert row_count(table) == 2
    revert = _row(table, 0, "2.1.1")
    texts = [shown(table, revert, c).text for c in range(6)]
    assert texts == [
        "2.1.1",
        "2.1.2",
        'a1a1a1a1a1 Revert "Cache sessions in the connection pool"',
        "b2b2b2b2b2 Cache sessions in the connection pool",
        "revert",
        "40.0 h",
    ]
    assert shown(table, revert, 2).tooltip.startswith(REVERT_SHA)
    assert shown(table, revert, 3).tooltip.startswith(REVERTED_SHA)
    assert "git revert" in shown(table, revert, 4).tooltip
    szz = _row(table, 0, "2.1.3")
    assert shown(table, szz, 1).text == "2.1.4"
    assert shown(table, szz, 2).text.startswith(SZZ_FIX_SHA[:10] + " fix(auth)")
    assert shown(table, szz, 3).text.startswith(SZZ_CAUSE_SHA[:10] + " feat(auth)")
    assert shown(table, szz, 4).text == "SZZ (blame)"
    tip = shown(table, szz, 4).tooltip
    assert "Sliwerski, Zimmermann, Zeller" in tip and "2005" in tip
    assert "src/pkg/auth.py lines 40-42" in tip  # the engine's own link, under the method
    assert panel.method_label.text().startswith("2 failed releases, each fix linked")
    assert "1 by revert, 1 by SZZ (blame)" in panel.method_label.text()
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.failures_page)) == "&Failures (2)"
    # a release that needed two fixes is one failed release, shown by both
    twice = library_report()
    again = replace(twice.failures[1], fix_commit="e5" * 20, fix_subject="fix: again")
    twice.failures.append(again)
    panel.show_assessment(_assessment(twice))
    assert row_count(table) == 3
    assert panel.method_label.text().startswith("2 failed releases, shown by 3 fixes")
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.failures_page)) == "&Failures (2)"


def test_a_failure_of_a_backport_is_listed_in_grey_after_the_counted_ones(qtbot):
    dora = library_report()
    backport = replace(dora.failures[0], deployment="2.0.9", restored_by=None, counted=False)
    dora.failures.insert(0, backport)  # the engine's order: by time, whatever is counted
    panel = _panel(qtbot, dora)
    table = panel.failure_table
    assert [shown(table, r, 0).text for r in range(3)] == ["2.1.1", "2.1.3", "2.0.9"]
    assert shown(table, 2, 0).foreground == palette.colour(NOT_COUNTED)
    assert shown(table, 2, 4).tooltip.startswith("Not counted: a backport of 2.1.2.")
    assert shown(table, 0, 0).foreground != palette.colour(NOT_COUNTED)
    assert panel.method_label.text().startswith("2 failed releases")  # the grey one is not one
    assert "In grey, not counted: 1 failure of releases the figures do not count" in (
        panel.method_label.text()
    )


def test_backports_and_pre_releases_are_listed_in_grey_with_why_they_do_not_count(qtbot):
    panel = _panel(qtbot, library_report())
    table = panel.deployment_table
    assert row_count(table) == 8  # every release, backport and pre-release of the window
    backport = _row(table, 1, "2.0.9")
    assert shown(table, backport, 2).text == "backport (not counted)"
    assert shown(table, backport, 3).text == "2.0"
    assert shown(table, backport, 1).foreground == palette.colour(NOT_COUNTED)
    assert shown(table, backport, 1).tooltip.startswith("Not counted: a backport of 2.1.2.")
    pre = _row(table, 1, "2.1.0rc1")
    assert shown(table, pre, 0).foreground == palette.colour(NOT_COUNTED)
    assert "pre-release" in shown(table, pre, 0).tooltip
    counted = _row(table, 1, "2.1.2")
    assert shown(table, counted, 2).text == "release"
    assert shown(table, counted, 1).foreground != palette.colour(NOT_COUNTED)


def test_a_library_is_read_as_release_cadence_not_deployments(qtbot):
    panel = _panel(qtbot, library_report())
    frequency = panel.cards["deployment_frequency"]
    assert frequency.title_label.text() == "Release frequency"
    assert frequency.caption_label.text().startswith("6 releases")
    assert panel.cards["change_fail_rate"].caption_label.text() == "2 of 6 releases failed"
    assert panel.cadence_label.isVisible()
    assert "tags measure release cadence, not production deployments" in (
        panel.cadence_label.text()
    )
    assert "Releases: Release tags" in panel.source_label.text()
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.deployment_table)) == "&Releases"
    assert panel.trends.plots[1].plotItem.titleLabel.text == "Releases per week"
    # the healthy vs high-debt row is release cadence, not the article's "daily deploys"
    row = list(METRICS).index("deployment_frequency")
    assert shown(panel.article_table, row, 1).text == "monthly or more often (release cadence)"

    # too few release tags: the library is read from its default branch, whose merges are
    # neither releases nor deployments of a library, and the panel says so
    branch = library_report()
    branch.deployment_source = {**branch.deployment_source, "kind": "branch",
                                "label": "Default-branch history"}  # fmt: skip
    panel.show_assessment(_assessment(branch))
    assert frequency.title_label.text() == "Deployment frequency"
    assert "the figures come from default-branch history, not release tags" in (
        panel.cadence_label.text()
    )
    assert "not as releases or production deployments" in panel.cadence_label.text()

    service = replace(library_report(), reads_as="deployments", delivery_kind="service")
    panel.show_assessment(_assessment(service))
    assert frequency.title_label.text() == "Deployment frequency"
    assert not panel.cadence_label.isVisible()
    assert "Deployments: Release tags" in panel.source_label.text()


def test_a_window_ending_at_a_stale_clones_newest_commit_shows_a_banner(qtbot):
    panel = _panel(qtbot, library_report())
    assert panel.window_banner.isVisible() and panel.window_banner.kind == "warning"
    text = panel.window_banner.text()
    assert "newest commit (2026-08-21)" in text and "104 days old" in text
    assert "git fetch" in text
    fresh = library_report()
    fresh.window = {**fresh.window, "ends_at": "now"}
    panel.show_assessment(_assessment(fresh))
    assert not panel.window_banner.isVisible()


def test_a_lead_time_the_data_cannot_support_shows_its_reason_not_zero(qtbot):
    reason = "not measurable from squash merges: no commit before the merge survives"
    dora = library_report(lead_time_hours=LeadTime(0.0, 0.0, 0.0, 40), lead_time_reason=reason)
    panel = _panel(qtbot, dora)
    card = panel.cards["lead_time"]
    assert card.value() == "not measured" and card.caption_label.text() == reason
    assert not card.level_badge.isVisible()  # no level for a figure that is not there
    assert shown(panel.article_table, 0, 3).text == reason
    assert "0 min" not in card.accessibleDescription()


def test_failures_guessed_from_tag_spacing_say_so(qtbot):
    dora = library_report(failure_method="tag-spacing")
    for failure in dora.failures:
        failure.method, failure.fix_commit, failure.fixed_commit = "tag-spacing", None, None
    panel = _panel(qtbot, dora)
    assert "fallback guess from tag spacing" in panel.method_label.text()
    assert "not linked evidence" in panel.failure_label.text()
    assert "guessed from tag spacing" in panel.cards["change_fail_rate"].caption_label.text()
    table = panel.failure_table
    assert shown(table, 0, 4).text == "tag spacing (a guess)"
    assert shown(table, 0, 2).text == "–" and "Fallback, not evidence" in shown(table, 0, 4).tooltip


def test_release_lines_and_the_tags_set_aside(qtbot):
    panel = _panel(qtbot, library_report())
    lines = panel.release_line_table
    assert [shown(lines, r, 0).text for r in range(row_count(lines))] == [
        "2.1 (current)",
        "2.0",
        "1.9",
    ]
    assert shown(lines, 0, 0).bold and not shown(lines, 1, 0).bold
    assert [shown(lines, 1, c).text for c in range(1, 7)] == [
        "1", "1", "0", "2025-09-01", "2026-05-07", "yes"]  # fmt: skip
    assert "the current line is 2.1" in panel.lines_label.text()
    assert "47 tags in the repository: 40 releases, 6 pre-releases, 1 non-release tag" in (
        panel.lines_label.text()
    )
    assert panel.set_aside_table.isHidden()  # collapsed until asked for
    assert panel.set_aside_button.text() == "▸ Tags set aside in the window (2)"
    panel.set_aside_button.click()
    aside = panel.set_aside_table
    assert not aside.isHidden() and row_count(aside) == 2
    assert [shown(aside, 1, c).text for c in (0, 2, 3)] == [
        "oidc-bug-fix", "non-release", "no version number in the name"]  # fmt: skip

    no_lines = library_report(release_lines=[], set_aside_tags=[])
    panel.show_assessment(_assessment(no_lines))
    assert not panel.tabs.isTabVisible(panel.tabs.indexOf(panel.lines_page))


def test_the_dashboard_block_counts_releases_and_warns_of_a_stale_clone(qtbot):
    from widgets.dashboard_measures import DeliveryBlock

    block = DeliveryBlock()
    qtbot.addWidget(block)
    block.show()
    block.show_assessment(_assessment(library_report()))
    assert block.cards["deployment_frequency"].title_label.text() == "Releases"
    assert block.source.text().startswith("6 releases from release tags")
    assert "tags measure release cadence" in block.source.text()
    assert block.stale.isVisible() and "104 days old" in block.stale.text()
