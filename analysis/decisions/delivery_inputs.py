"""The advice's delivery inputs: the DORA section's figures, as the DORA phase computed them.

A figure counts only with the sample the DORA levels need (5 deployments; 5 restored failures for
recovery); below that it is missing with the sample size in its note. Quick Check answers stand
in for the two percentages (change fail rate, rework rate) the repository could not measure,
marked "answered"; bucketed answers only feed the delivery sub-score as the Quick Check score.

For a library or a packaged application, tags measure release cadence, not production
deployments: deployment frequency does not apply, and ``releases_per_week`` is compared with
release-cadence expectations instead (resources/readiness_model.toml says which, and why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.decisions.inputs import ANSWERED, InputValue, measured, missing, not_applicable
from analysis.delivery_model.kinds import SERVICE, delivery_reads_as
from analysis.dora.levels import NOT_ENOUGH
from analysis.dora.settings import MIN_SAMPLE

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment


def delivery_inputs(assessment: Assessment, kind: str = SERVICE) -> list[InputValue]:
    dora = assessment.dora
    keys = ("lead_time_days", "deploys_per_week", "change_fail_rate", "recovery_hours")
    releases = delivery_reads_as(kind) == "releases"
    if dora is None:
        why = "no delivery (DORA) section in this assessment"
        return [
            missing(k, why)
            for k in (*keys, "releases_per_week", "deployment_rework_rate", "quick_check_overall")
        ]
    label = dora.deployment_source.get("label", "deployments")
    n = dora.deployments
    where = f"{label}, {dora.window.get('start', '')[:10]} to {dora.window.get('end', '')[:10]}"
    few = f"not enough data: {n} deployments in the window (the DORA levels need {MIN_SAMPLE})"
    out = []
    lead = dora.lead_time_hours
    if dora.levels.get("lead_time") != NOT_ENOUGH and lead.median is not None:
        out.append(
            measured(
                "lead_time_days",
                round(lead.median / 24, 2),
                "DORA change lead time: median(deploy time - commit time)",
                f"{lead.n} commits over {n} deployments",
                location=where,
            )
        )
    else:
        out.append(missing("lead_time_days", few))
    cadence = "releases_per_week" if releases else "deploys_per_week"
    out.append(
        not_applicable(
            "deploys_per_week" if releases else "releases_per_week",
            f"a {kind}'s tags measure release cadence, not production deployments: "
            "read as releases a week"
            if releases
            else "read for a library or a packaged application only",
        )
    )
    if dora.levels.get("deployment_frequency") != NOT_ENOUGH:
        out.append(
            measured(
                cadence,
                round(dora.deployments_per_week, 3),
                "releases in the window / weeks (release cadence)"
                if releases
                else "DORA deployment frequency: deployments in the window / weeks",
                f"{n} {'releases' if releases else 'deployments'}",
                location=where,
            )
        )
    else:
        reason = dora.level_reasons.get("deployment_frequency")
        out.append(missing(cadence, f"not enough data: {reason}" if reason else few))
    answers = dora.quick_check.answers if dora.quick_check else None
    for key, attr, level in (
        ("change_fail_rate", "change_fail_rate", "change_fail_rate"),
        ("deployment_rework_rate", "rework_rate", None),
    ):
        value = getattr(dora, attr)
        enough = dora.levels.get(level) != NOT_ENOUGH if level else n >= MIN_SAMPLE
        answered = getattr(answers, attr) if answers else None
        if enough and value is not None:
            what = "failed" if key == "change_fail_rate" else "unplanned"
            out.append(
                measured(
                    key,
                    round(value, 4),
                    f"DORA: {what} deployments / deployments",
                    f"{n} deployments",
                    location=where,
                )
            )
        elif answered is not None:
            out.append(
                InputValue(key, round(answered / 100, 4), ANSWERED, "DORA Quick Check answer", few)
            )
        else:
            out.append(missing(key, few))
    recovery = dora.recovery_hours
    if dora.levels.get("recovery_time") != NOT_ENOUGH and recovery.median is not None:
        out.append(
            measured(
                "recovery_hours",
                recovery.median,
                "DORA failed deployment recovery time (median)",
                f"{recovery.n} restored failures",
                location=where,
            )
        )
    else:
        out.append(
            missing(
                "recovery_hours",
                f"not enough data: {recovery.n} restored failures (the DORA level needs "
                f"{MIN_SAMPLE})",
            )
        )
    quick = dora.quick_check
    if quick is not None and quick.overall is not None:
        out.append(InputValue("quick_check_overall", quick.overall, ANSWERED, "DORA Quick Check"))
    else:
        out.append(missing("quick_check_overall", "no Quick Check answers"))
    return out
