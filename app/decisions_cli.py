"""The advice part of ``readiness assess``: the team file in, the verdicts and money out.

``--team FILE`` reads the team profile from TOML (format in the README) and keeps it with the
repository in the store (unless ``--no-save``), so later runs and the GUI reuse it; without it,
the stored profile is used. A file that cannot be used raises an
:class:`~analysis.errors.AssessmentError` with a one-line reason; the CLI exits with status 2.
"""

from __future__ import annotations

import argparse

from analysis.decisions import Decisions, TeamProfile, load_team_profile
from analysis.errors import AssessmentError
from analysis.scan import open_repository
from app.context import ApplicationContext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("advice")
    group.add_argument(
        "--team",
        metavar="FILE",
        help="team profile (TOML: team_size, cost_per_engineer, rework_share, ai_budget, ...); "
        "kept with the repository",
    )


def team_profile(args: argparse.Namespace, context: ApplicationContext) -> TeamProfile:
    """The file's profile (stored for later runs), else the stored one, else all defaults."""
    root = open_repository(args.path).folder
    if args.team:
        profile = load_team_profile(args.team)
        if args.hourly_cost is not None and profile.cost_per_engineer is not None:
            raise AssessmentError(
                f"--hourly-cost and cost_per_engineer in {args.team} both give the loaded cost; "
                "give it once"
            )
        if not args.no_save:
            context.store.team.save(root, profile)
        return profile
    return TeamProfile() if args.no_save else context.store.team.load(root)


def _plain(value) -> str:
    return f"{value:,.10g}" if isinstance(value, int | float) else str(value)


def _default(provenance: str) -> str:
    return "" if provenance == "given" else f" ({provenance})"


def summary_lines(decisions: Decisions | None) -> list[str]:
    if decisions is None:
        return ["  Advice           not computed"]
    r = decisions.readiness
    score = "n/a" if r.score is None else f"{r.score}/100, grade {r.grade}"
    lines = [f"  AI readiness     {score}: {r.status}"]
    for cap in r.caps:
        lines.append(f"    capped at {cap.max_score:g}: {cap.reason}")
    for title, verdict in (
        ("Refactor/rewrite", decisions.refactor_vs_rewrite),
        ("Staffing", decisions.staffing),
    ):
        detail = f" ({verdict.detail})" if verdict.detail else ""
        lean = "leaning towards: " if verdict.clear and verdict.confidence_label == "low" else ""
        lines.append(
            f"  {title:<16} {lean}{verdict.headline}{detail}; confidence "
            f"{verdict.confidence_label} ({verdict.confidence:.2f})"
        )
        if not verdict.clear:
            lines.extend(f"    would settle it: {item}" for item in verdict.settle[:2])
        elif verdict.what_would_change:
            lines.append(f"    would change if: {verdict.what_would_change[0].text}")
    if decisions.strangler_plan:
        names = ", ".join(c.component for c in decisions.strangler_plan)
        later = decisions.refactor_vs_rewrite.verdict in ("keep_and_improve", "full_rewrite")
        lines.append(f"  {'Later, carve out' if later else 'Carve out first'}  {names}")
    elif decisions.strangler_note:
        lines.append(f"  Carve-outs       {decisions.strangler_note}")
    if decisions.keep_in_core:
        lines.append(f"  Keep in core     {', '.join(c.component for c in decisions.keep_in_core)}")
    for figure in decisions.money.figures:
        if figure.value is not None:
            lines.append(f"  {figure.label}: {figure.formula}")
    for risk in decisions.top_risks:
        where = f" [{risk.location}]" if risk.location else ""
        lines.append(f"  Risk {risk.rank}           {risk.sentence}{where}")
    team = decisions.team
    defaults = [
        f"{name.replace('_', ' ')} {_plain(v.value)}{_default(v.provenance)}"
        for name, v in vars(team).items()
        if v.value is not None and v.provenance != "given"
    ]
    if defaults:
        lines.append(f"  Team defaults    {'; '.join(defaults)}")
    return lines
