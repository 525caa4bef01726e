"""A delivery report built by hand, as the engine writes one for a library with two release
lines, a backport, a pre-release, a non-release tag and two failures linked by evidence.

Test-only. The figures follow from the lists below:

* window 2026-02-21 to 2026-08-21 (6 months), ending at the newest commit of a clone last
  fetched 104 days before 2026-12-03;
* counted releases: 2.0.8, 2.1.0, 2.1.1, 2.1.2, 2.1.3, 2.1.4 (6); listed, not counted: the
  backport 2.0.9 (of 2.1.2) and the pre-release 2.1.0rc1;
* failed: 2.1.1 (its change reverted in 2.1.2, 40 h later) and 2.1.3 (fixed in 2.1.4, 30 h
  later, linked by SZZ): change fail rate 2 / 6.
"""

from __future__ import annotations

from dataclasses import replace

from analysis.dora.results import (
    DeployDays,
    DeploymentEntry,
    DoraReport,
    FailureEntry,
    LeadTime,
    Recovery,
    ReleaseLine,
    TagReading,
)
from analysis.dora.settings import DoraSettings

REVERT_SHA = "a1" * 20
REVERTED_SHA = "b2" * 20
SZZ_FIX_SHA = "c3" * 20
SZZ_CAUSE_SHA = "d4" * 20


def _release(name: str, at: str, line: str, **extra) -> DeploymentEntry:
    values = {"commits": 3, "failed": False, "unplanned": False, "version": name}
    values.update(extra)
    return DeploymentEntry(id=name, name=name, sha=None, deployed_at=at, line=line, **values)


def library_report(**changes) -> DoraReport:
    """The report described in the module's docstring; ``changes`` replace its fields."""
    deployments = [
        _release("2.0.8", "2026-03-02T10:00:00+00:00", "2.0"),
        _release("2.1.0rc1", "2026-03-20T10:00:00+00:00", "2.1", kind="pre-release",
                 counted=False, commits=0),
        _release("2.1.0", "2026-04-01T10:00:00+00:00", "2.1", commits=12),
        _release("2.1.1", "2026-05-04T10:00:00+00:00", "2.1", failed=True),
        _release("2.1.2", "2026-05-06T02:00:00+00:00", "2.1", unplanned=True),
        _release("2.0.9", "2026-05-07T09:00:00+00:00", "2.0", kind="backport", counted=False,
                 commits=0, backport_of="2.1.2"),
        _release("2.1.3", "2026-07-01T10:00:00+00:00", "2.1", failed=True),
        _release("2.1.4", "2026-07-02T16:00:00+00:00", "2.1", unplanned=True),
    ]  # fmt: skip
    failures = [
        FailureEntry(
            kind="revert",
            deployment="2.1.1",
            evidence="a revert in 2.1.2 undoes a change first shipped in 2.1.1",
            link="This reverts commit b2b2b2b2b2",
            restored_at="2026-05-06T02:00:00+00:00",
            restored_by="2.1.2",
            recovery_hours=40.0,
            method="revert",
            fix_commit=REVERT_SHA,
            fix_subject='Revert "Cache sessions in the connection pool"',
            fixed_commit=REVERTED_SHA,
            fixed_subject="Cache sessions in the connection pool",
        ),
        FailureEntry(
            kind="fix",
            deployment="2.1.3",
            evidence="fix: 3 lines it changed were last touched by a change shipped in 2.1.3",
            link="SZZ: src/pkg/auth.py lines 40-42 blamed at the fix's parent",
            restored_at="2026-07-02T16:00:00+00:00",
            restored_by="2.1.4",
            recovery_hours=30.0,
            method="szz",
            fix_commit=SZZ_FIX_SHA,
            fix_subject="fix(auth): refresh the token before it expires",
            fixed_commit=SZZ_CAUSE_SHA,
            fixed_subject="feat(auth): token cache",
        ),
    ]
    report = DoraReport(
        window={
            "start": "2026-02-21T11:08:11+00:00",
            "end": "2026-08-21T11:08:11+00:00",
            "months": 6,
            "ends_at": "newest commit",
            "newest_commit": "2026-08-21T11:08:11+00:00",
            "clone_age_days": 104.2,
        },
        deployment_source={
            "kind": "tags",
            "label": "Release tags",
            "setting": "auto",
            "reason": "6 release tags in the window (at least 5 needed) and no deployment log "
            "imported",
            "detail": {},
            "notes": [],
        },
        failure_source={"used": ["reverts", "SZZ"], "counts": {"revert": 1, "szz": 1}},
        deployments=6,
        failed_deployments=2,
        lead_time_hours=LeadTime(50.0, 80.0, 120.0, 24),
        deployments_per_week=0.23,
        change_fail_rate=2 / 6,
        recovery_hours=Recovery(35.0, 2, 0),
        rework_rate=2 / 6,
        levels={
            "lead_time": "High",
            "deployment_frequency": "Medium",
            "change_fail_rate": "Low",
            "recovery_time": "not enough data",
        },
        article_verdicts={
            "lead_time": "healthy",
            "deployment_frequency": "high-debt",
            "change_fail_rate": "high-debt",
            "recovery_time": "not enough data",
        },
        quick_check=None,
        monthly=[],
        deployments_per_day=0.03,
        unplanned_deployments=2,
        deploy_days=DeployDays(0.0, 1.0, 26, 6, "monthly"),
        deployment_list=deployments,
        failures=failures,
        settings=DoraSettings().to_dict(),
        warnings=[
            "the newest commit is 104 days old: the window ends there (2026-08-21); git fetch "
            "would bring the clone up to date"
        ],
        release_lines=[
            ReleaseLine(
                "2.1", 5, 0, 1, "2026-04-01T10:00:00+00:00", "2026-07-02T16:00:00+00:00", True, True
            ),
            ReleaseLine(
                "2.0",
                1,
                1,
                0,
                "2025-09-01T10:00:00+00:00",
                "2026-05-07T09:00:00+00:00",
                True,
                False,
            ),
            ReleaseLine(
                "1.9",
                0,
                0,
                0,
                "2025-01-10T10:00:00+00:00",
                "2025-08-30T10:00:00+00:00",
                False,
                False,
            ),
        ],
        tag_kinds={"release": 40, "pre-release": 6, "non-release": 1},
        set_aside_tags=[
            TagReading(
                "2.1.0rc1",
                "pre-release",
                "rc1: a release candidate (PEP 440)",
                "2026-03-20T10:00:00+00:00",
            ),
            TagReading(
                "oidc-bug-fix",
                "non-release",
                "no version number in the name",
                "2026-06-08T09:58:54+00:00",
            ),
        ],
        delivery_kind="library",
        reads_as="releases",
        failure_method="linked",
    )
    return replace(report, **changes)
