"""DORA Quick Check: scoring as dora.dev does, answers from TOML, comparison with measures."""

from __future__ import annotations

import pytest

from analysis.dora.quick_check import (
    Measured,
    QuickCheckAnswers,
    QuickCheckError,
    frequency_bucket,
    load_quick_check,
    score_quick_check,
    time_bucket,
)


def test_scores_and_group_means():
    # lead 4 -> 6, frequency 5 -> 8, recovery 5 -> 8, change fail 15% -> 8.5, rework 10% -> 9
    # throughput (6 + 8 + 8) / 3 = 7.33; stability (8.5 + 9) / 2 = 8.75; overall 39.5 / 5 = 7.9
    result = score_quick_check(QuickCheckAnswers(4, 5, 5, 15, 10))
    assert result.scores == {
        "lead_time": 6,
        "deployment_frequency": 8,
        "recovery": 8,
        "change_fail_rate": 8.5,
        "rework_rate": 9,
    }
    assert (result.throughput, result.stability, result.overall) == (7.33, 8.75, 7.9)
    best = score_quick_check(QuickCheckAnswers(6, 6, 6, 0, 0))
    worst = score_quick_check(QuickCheckAnswers(1, 1, 1, 100, 100))
    assert best.overall == 10 and worst.overall == 0


def test_measured_buckets():
    assert [time_bucket(h) for h in (0.5, 1, 23.9, 24, 100, 168, 719, 720, 4000, 4320)] == [
        6,
        5,
        5,
        4,
        4,
        3,
        3,
        2,
        2,
        1,
    ]
    # by mean interval: hourly or more often = 6; daily = 5; weekly = 4; monthly = 3
    assert [frequency_bucket(r) for r in (30, 24, 1, 1 / 7, 1 / 30, 1 / 90, 1 / 400, 0)] == [
        6,
        5,
        5,
        4,
        3,
        2,
        1,
        1,
    ]


def test_disagreement_of_more_than_one_bucket_is_flagged():
    measured = Measured(
        lead_time_hours=288,  # bucket 3 (a week to a month)
        deployments_per_day=1 / 7,  # bucket 4 (weekly)
        recovery_hours=8,  # bucket 5 but from 4 failures only
        change_fail_rate=0.3077,
        rework_rate=0.05,
        reliable={
            "lead_time": True,
            "deployment_frequency": True,
            "recovery": False,
            "change_fail_rate": True,
            "rework_rate": True,
        },
    )
    # answered: lead < 1 hour (6, three buckets off), frequency daily-weekly (4, same),
    # recovery 1-6 months (2; not enough data to compare), change fail 5% (25.8 points off:
    # flagged), rework 20% (15 points off: within one bucket)
    result = score_quick_check(QuickCheckAnswers(6, 4, 2, 5, 20), measured)
    rows = {c.question: c for c in result.comparison}
    assert rows["lead_time"].measured == 3 and rows["lead_time"].disagree
    assert not rows["deployment_frequency"].disagree
    assert not rows["recovery"].disagree and rows["recovery"].note == "not enough data to compare"
    assert rows["change_fail_rate"].measured == 30.77 and rows["change_fail_rate"].disagree
    assert not rows["rework_rate"].disagree


def test_answers_from_toml_by_number_or_wording(tmp_path):
    path = tmp_path / "qc.toml"
    path.write_text(
        '[quick_check]\nlead_time = "1 day - 1 week"\ndeployment_frequency = 5\n'
        'recovery_time = "Less than one hour"\nchange_fail_rate = "15%"\nrework_rate = 10\n',
        encoding="utf-8",
    )
    assert load_quick_check(path) == QuickCheckAnswers(4, 5, 6, 15.0, 10.0)
    path.write_text('lead_time = "sometimes"\n', encoding="utf-8")
    with pytest.raises(QuickCheckError, match="lead_time: 'sometimes' is not one of"):
        load_quick_check(path)
    path.write_text("change_fail_rate = 140\n", encoding="utf-8")
    with pytest.raises(QuickCheckError, match="not a percentage"):
        load_quick_check(path)
    path.write_text("mood = 3\n", encoding="utf-8")
    with pytest.raises(QuickCheckError, match="unknown Quick Check question"):
        load_quick_check(path)
