"""The delivery evidence in the PDF and the CLI summary: the stale-clone warning first, a
library's tags read as release cadence, the release lines, each counted failure with its
evidence in one line (capped, with the count of the rest), the tag-spacing fallback said
plainly, and a lead time the data cannot support given as its reason, never 0.

The report is built by hand (tests/dora_reports.py), with the figures its docstring derives.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from dora_reports import library_report
from pypdf import PdfReader
from test_delivery_evidence_view import _assessment

from analysis.dora.results import FailureEntry, LeadTime
from app.dora_cli import summary_lines
from app.pdf import export_pdf
from app.pdf.delivery_pages import FAILURES_SHOWN

SQUASH = "not measurable from squash merges: no commit before the merge survives"


def _delivery_text(tmp_path, dora) -> str:
    """The text of the PDF's delivery pages, words joined by single spaces."""
    target = export_pdf(_assessment(dora), tmp_path / "summary.pdf", "a4")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(target).pages]
    start = next(i for i, text in enumerate(pages) if "Delivery performance (DORA)" in text)
    end = next(i for i, text in enumerate(pages) if "Technical debt and hotspots" in text)
    return " ".join(pages[start:end])


def _many_failures(n: int):
    dora = library_report()
    template = dora.failures[1]
    dora.failures = [
        replace(template, deployment=f"2.1.{k}", fix_subject=f"fix: failure {k}") for k in range(n)
    ]
    return dora


@pytest.mark.usefixtures("qapp")
def test_the_pdf_shows_the_stale_clone_the_cadence_the_lines_and_each_failure(tmp_path):
    text = _delivery_text(tmp_path, library_report())
    stale = text.index("Stale clone.")
    assert "this clone is 104 days old" in text and "git fetch" in text
    assert stale < text.index("Metric This system")  # before the figures
    assert "Release cadence. Delivered as a library: tags measure release cadence, not " in text
    assert "Release frequency 0.23 a week (6 releases)" in text
    assert "Failed releases and their evidence" in text
    assert (
        '2.1.1 2.1.2 a1a1a1a1a1 Revert "Cache sessions in the connection pool" reverts '
        "b2b2b2b2b2 Cache sessions in the connection pool revert 1.7 days"
    ) in text
    assert "2.1.3 2.1.4 c3c3c3c3c3 fix(auth): refresh the token before it expires fixes " in text
    assert "Sliwerski, Zimmermann, Zeller" in text  # the method's source, as no tooltip prints
    assert "Release lines" in text and "2.1 (current) 5 0 1 2026-04-01 2026-07-02 yes" in text
    assert "Tags set aside in the window: 1 pre-release, listed and never counted: 2.1.0rc1; " in (
        text
    )
    assert "1 tag that is no release, never a deployment: oidc-" in text
    assert "bug-fix (no version number in the name)." in text


@pytest.mark.usefixtures("qapp")
def test_the_pdf_caps_the_failures_and_says_how_many_more(tmp_path):
    text = _delivery_text(tmp_path, _many_failures(FAILURES_SHOWN + 5))
    assert f"2.1.{FAILURES_SHOWN - 1} 2.1.4" in text
    assert f"2.1.{FAILURES_SHOWN} 2.1.4" not in text
    assert "… and 5 more fixes (the JSON report lists them all)" in text
    assert f"{FAILURES_SHOWN + 5} failed releases, newest first:" in text


@pytest.mark.usefixtures("qapp")
def test_the_pdf_says_when_failures_are_a_tag_spacing_guess_and_why_lead_time_is_missing(
    tmp_path,
):
    dora = library_report(
        failure_method="tag-spacing",
        reads_as="deployments",
        lead_time_hours=LeadTime(0.0, 0.0, 0.0, 40),
        lead_time_reason=SQUASH,
    )
    dora.failures = [
        FailureEntry("hotfix", "2.1.1", "2.1.2 shipped 40 h after 2.1.1", "patch release of "
                     "the same line (2.1) within 7 days", "2026-05-06T02:00:00+00:00", "2.1.2",
                     40.0, method="tag-spacing")
    ]  # fmt: skip
    text = _delivery_text(tmp_path, dora)
    assert "Failures are a fallback guess from tag spacing, not linked evidence." in text
    assert "33.3% (2 failed, guessed from tag spacing)" in text
    assert f"Change lead time {SQUASH}" in text
    assert "Release cadence" not in text and "Deployment frequency 0.23 a week" in text
    assert "0 min" not in text


def test_the_cli_summary_states_the_evidence():
    lines = summary_lines(library_report())
    text = "\n".join(lines)
    assert lines[0] == "  Delivery (DORA)  Release tags: 6 releases, 2026-02-21 to 2026-08-21"
    assert "stale clone    The window ends at the newest commit (2026-08-21)" in text
    assert "104 days old" in text
    assert "tags measure release cadence, not production deployments" in text
    assert "    Releases       0.23/week" in text
    assert (
        "    Release lines  2.1 (current) 5 releases, 1 pre-release; 2.0 1 release, 1 backport; "
        "1 other line not released in the window"
    ) in lines
    assert "    Set aside      1 pre-release, 1 non-release tag in the window, not counted" in lines
    assert "    Failures       2 failed releases, with evidence, newest first:" in lines
    assert (
        '      - 2.1.1 failed, fixed in 2.1.2 by a1a1a1a1a1 Revert "Cache sessions in the '
        'connection pool", which reverts b2b2b2b2b2 Cache sessions in the connection pool; '
        "linked by revert; recovered in 40.0 h"
    ) in lines


def test_the_cli_summary_gives_the_lead_time_reason_and_the_fallback():
    dora = library_report(
        failure_method="tag-spacing", lead_time_hours=LeadTime(0.0, 0.0, 0.0, 9),
        lead_time_reason=SQUASH,
    )  # fmt: skip
    text = "\n".join(summary_lines(dora))
    assert f"    Lead time      {SQUASH}" in text and "0 min" not in text
    assert "2 of 6; guessed from tag spacing, a fallback, not evidence" in text
    fresh = library_report()
    fresh.window = {**fresh.window, "ends_at": "now"}
    assert "stale clone" not in "\n".join(summary_lines(fresh))
    many = "\n".join(summary_lines(_many_failures(8)))
    assert many.count("      - 2.1.") == 5
    assert "… and 3 more fixes (the JSON report has all)" in many
    # one release fixed twice is one failed release
    twice = library_report()
    again = replace(twice.failures[1], fix_commit="e5" * 20, fix_subject="fix: again")
    twice.failures.append(again)
    text = "\n".join(summary_lines(twice))
    assert "    Failures       2 failed releases, shown by 3 fixes, with evidence" in text
