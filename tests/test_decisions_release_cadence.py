"""A library's delivery is read as release cadence, not deployment frequency (issue 13).

Tags of software others install measure how often it is released; scoring that against "daily
deploys" would call every well-kept library constrained. Derived by hand from
resources/readiness_model.toml: releases_per_week scores by straight lines through
(0, 0), (0.077, 40), (0.23, 80), (0.46, 100).
"""

from __future__ import annotations

from types import SimpleNamespace

from dora_data import chain, utc

from analysis.decisions import load_model
from analysis.decisions.delivery_inputs import delivery_inputs
from analysis.decisions.inputs import MEASURED, NOT_APPLICABLE
from analysis.dora.engine import compute_dora
from analysis.dora.records import TagRecord
from analysis.dora.settings import DoraInputs, DoraSettings


def _released_monthly():
    """Seven monthly releases, one change each (Jan .. Jul 2024), window of 6 months to Aug 1."""
    commits = chain([utc(2024, month, 1) for month in range(1, 8)])
    tags = [
        TagRecord(f"1.{n}.0", c.sha, c.committer_time.replace(hour=12), False)
        for n, c in enumerate(commits)
    ]
    inputs = DoraInputs(DoraSettings(window_end=utc(2024, 8, 1), window_months=6))
    return compute_dora(commits, tags, inputs, now=utc(2024, 8, 1), delivery_kind="library")


def test_a_library_is_scored_on_release_cadence_not_on_deployments():
    dora = _released_monthly()
    assert dora.reads_as == "releases" and dora.deployments == 6  # Feb .. Jul in the window
    values = {v.key: v for v in delivery_inputs(SimpleNamespace(dora=dora), "library")}
    assert values["deploys_per_week"].provenance == NOT_APPLICABLE
    cadence = values["releases_per_week"]
    assert cadence.provenance == MEASURED
    assert cadence.value == dora.deployments_per_week
    metric = next(m for m in load_model()[0].metrics if m.input == "releases_per_week")
    # 6 releases in 182 days = 0.2308 a week: just past monthly (0.23 -> 80)
    assert round(metric.score(cadence.value)) == 80
    service = {v.key: v for v in delivery_inputs(SimpleNamespace(dora=dora), "service")}
    assert service["deploys_per_week"].provenance == MEASURED
    assert service["releases_per_week"].provenance == NOT_APPLICABLE


def test_a_librarys_release_frequency_verdict_is_release_cadence():
    """Monthly releases (0.23 a week) are healthy for a library, where a service deploying
    weekly or less is "high-debt" in the article's table."""
    dora = _released_monthly()
    assert dora.article_verdicts["deployment_frequency"] == "healthy"
    inputs = DoraInputs(DoraSettings(window_end=utc(2024, 8, 1), window_months=6))
    commits = chain([utc(2024, month, 1) for month in range(1, 8)])
    tags = [
        TagRecord(f"1.{n}.0", c.sha, c.committer_time.replace(hour=12), False)
        for n, c in enumerate(commits)
    ]
    service = compute_dora(commits, tags, inputs, now=utc(2024, 8, 1), delivery_kind="service")
    assert service.article_verdicts["deployment_frequency"] == "high-debt"
