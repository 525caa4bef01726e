"""The advice's inputs, read from an assessment's sections and the resolved team profile.

Each figure is taken as its section computed it, with the sample it rests on; a section that is
absent or a sample below the engine's own minimum (DORA: 5 deployments) gives ``None`` and a
note saying why, never a guess. DORA Quick Check answers stand in for a percentage the
repository could not measure (change fail and rework rate), marked "answered".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from analysis.decisions.code_inputs import code_inputs, runtime_inputs
from analysis.decisions.component_facts import CODE, ComponentFacts
from analysis.decisions.delivery_inputs import delivery_inputs
from analysis.decisions.inputs import GIVEN, InputValue, measured, missing
from analysis.decisions.model import DecisionModel
from analysis.decisions.team import ResolvedTeam
from analysis.decisions.tests_present import PresenceOfTests
from analysis.delivery_model.kinds import SERVICE

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment

#: hotspot concentration needs at least this many changed files to mean anything
MIN_CHANGED_FILES = 10
#: rework and fix shares need at least this many commits in the window, truck factor and
#: knowledge loss as many in the whole history: a one-commit import of a codebase has 0%
#: rework, 0% fixes and a truck factor of 1, which says nothing about the team (and would price
#: rework at 0 and name the importer as the only one who knows the code)
MIN_WINDOW_COMMITS = 10


def _architecture(
    assessment, components: list[ComponentFacts], model: DecisionModel
) -> list[InputValue]:
    section = assessment.architecture
    keys = (
        "components",
        "components_in_cycles",
        "cycle_share",
        "cross_component_share",
        "shared_model_imports",
        "ai_layers_present",
        "rewrite_candidates",
    )
    if section is None:
        return [missing(k, "no architecture section in this assessment") for k in keys]
    m = section.modularity
    cycle = section.cycles[0] if section.cycles else None
    where = " → ".join(cycle.example) if cycle else ""
    out = [
        measured("components", m.components, "top-level packages and Django apps"),
        measured(
            "components_in_cycles",
            m.components_in_cycles,
            "components in import cycles (strongly connected components)",
            location=where,
            detail=", ".join(cycle.components) if cycle else "",
        ),
    ]
    if m.components:
        out.append(
            measured(
                "cycle_share",
                round(m.components_in_cycles / m.components, 4),
                "components in cycles / components",
                location=where,
            )
        )
    else:
        out.append(missing("cycle_share", "no components"))
    if m.cross_component_share is not None:
        out.append(
            measured(
                "cross_component_share",
                m.cross_component_share,
                "module imports crossing components / internal module imports",
                f"{m.cross_component_imports} of {m.internal_imports}",
            )
        )
    else:
        out.append(missing("cross_component_share", "no internal imports"))
    shared = section.shared_models
    out.append(
        measured(
            "shared_model_imports",
            sum(s.imports for s in shared),
            "modules importing another component's models module",
            location=shared[0].locations[0] if shared and shared[0].locations else "",
            detail=", ".join(s.module for s in shared[:3]),
        )
    )
    weight = {"present": 1.0, "partial": 0.5}
    out.append(
        measured(
            "ai_layers_present",
            sum(weight.get(layer.status, 0.0) for layer in section.layers),
            "the article's four layers: present 1, partial 0.5",
            ", ".join(f"{layer.layer}: {layer.status}" for layer in section.layers),
        )
    )
    out.append(_rewrite_candidates(assessment, components, model))
    return out


def _rewrite_candidates(assessment: Assessment, components, model: DecisionModel) -> InputValue:
    if assessment.debt is None:
        return missing("rewrite_candidates", "no technical debt measured")
    rule = model.strangler
    total = sum(c.sloc for c in components) or 1
    found = [
        c
        for c in components
        if c.role == CODE
        and not c.in_cycle
        and c.debt_ratio is not None
        and c.debt_ratio > rule.rewrite_min_debt_ratio
        and c.sloc / total <= rule.rewrite_max_size_share
    ]
    return measured(
        "rewrite_candidates",
        len(found),
        f"components rated E (debt ratio > {rule.rewrite_min_debt_ratio:.0%}), at most "
        f"{rule.rewrite_max_size_share:.0%} of the code, outside every cycle",
        detail=", ".join(c.name for c in found),
    )


def _hot_component(components, changes: int, window: str, model: DecisionModel) -> InputValue:
    """Share of all file changes in the busiest component that is unhealthy (debt ratio above
    the model's keep line, SonarQube C or worse) or in a dependency cycle; 0 when none is."""
    if not components:
        return missing("hot_component_pressure", "no components")
    if not changes:
        return missing("hot_component_pressure", "no file changed in the window")
    limit = model.strangler.keep_max_debt_ratio
    sick = [
        c
        for c in components
        if c.role == CODE
        and c.changes
        and (c.in_cycle or (c.debt_ratio is not None and c.debt_ratio > limit))
    ]
    source = (
        f"production file changes in the busiest component with debt ratio over {limit:.0%} or "
        "in a cycle / all production file changes"
    )
    if not sick:
        return measured("hot_component_pressure", 0.0, source, window)
    hot = max(sick, key=lambda c: (c.changes, c.name))
    return measured(
        "hot_component_pressure",
        round(hot.changes / changes, 4),
        source,
        window,
        location=", ".join(p for p, _ in hot.hot_files[:3]),
        detail=f"Component {hot.name}",
    )


def _history(
    assessment, components: list[ComponentFacts], model: DecisionModel
) -> list[InputValue]:
    history = assessment.history
    keys = (
        "rework_share_measured",
        "fix_share",
        "hotspot_concentration",
        "hot_component_pressure",
        "commits",
        "truck_factor",
        "knowledge_loss_share",
    )
    if history is None:
        return [missing(k, "no history section in this assessment") for k in keys]
    window = f"last {history.window.months} months, {history.window.commits} commits"
    out = []
    days = history.settings.get("rework_days", 21)
    few = history.window.commits < MIN_WINDOW_COMMITS
    too_few = f"{history.window.commits} commits in the window (needs {MIN_WINDOW_COMMITS})"
    if few:
        out.append(missing("rework_share_measured", too_few))
    elif history.rework_share is not None:
        out.append(
            measured(
                "rework_share_measured",
                round(history.rework_share, 4),
                f"lines deleted within {days} days of being added / changed lines",
                window,
                location=f"history: {window}",
            )
        )
    else:
        out.append(missing("rework_share_measured", f"no changed lines in the window ({window})"))
    if few:
        out.append(missing("fix_share", too_few))
    elif history.fix_share.commits is not None:
        out.append(
            measured(
                "fix_share", round(history.fix_share.commits, 4), "fix commits / commits", window
            )
        )
    else:
        out.append(missing("fix_share", f"no commits in the window ({window})"))
    spots = sorted(history.hotspots, key=lambda h: (-h.revisions, h.path))
    changes = sum(h.revisions for h in spots)
    if len(spots) >= MIN_CHANGED_FILES and changes:
        top = spots[: max(1, math.ceil(len(spots) / 10))]
        out.append(
            measured(
                "hotspot_concentration",
                round(sum(h.revisions for h in top) / changes, 4),
                "file changes in the 10% most-changed files / all file changes",
                f"{len(top)} of {len(spots)} changed files; {window}",
                location=", ".join(h.path for h in top[:3]),
            )
        )
    else:
        out.append(
            missing(
                "hotspot_concentration",
                f"{len(spots)} changed files in the window (needs {MIN_CHANGED_FILES})",
            )
        )
    # a component's changes are those of its production files (component_facts): so is the total
    production = sum(h.revisions for h in spots if h.role in ("", "production"))
    out.append(_hot_component(components, production, window, model))
    out.append(measured("commits", history.commits, f"commits on {history.ref or 'HEAD'}"))
    truck = history.truck_factor
    thin = history.commits < MIN_WINDOW_COMMITS  # knowledge reads all history, not the window
    thin_why = f"{history.commits} commits in the history (needs {MIN_WINDOW_COMMITS})"
    if thin:
        out.append(missing("truck_factor", thin_why))
    elif truck.value is not None:
        first = truck.developers[0] if truck.developers else None
        owned = sorted(
            (f for f in history.files if first and f.main_developer == first),
            key=lambda f: (-f.revisions, f.path),
        )
        out.append(
            measured(
                "truck_factor",
                truck.value,
                "truck factor (Avelino et al., ICPC 2016)",
                f"{truck.files} files",
                location=", ".join(f.path for f in owned[:3]),
            )
        )
    else:
        out.append(missing("truck_factor", "no file has history"))
    loss = history.knowledge_loss
    if thin:
        out.append(missing("knowledge_loss_share", thin_why))
    elif loss.share is not None:
        out.append(
            measured(
                "knowledge_loss_share",
                loss.share,
                f"files whose main developer made no commit for {loss.inactive_months} months",
                location=", ".join(f.path for f in loss.files[:3]),
            )
        )
    else:
        out.append(missing("knowledge_loss_share", "no file has a main developer"))
    return out


def team_inputs(assessment: Assessment, team: ResolvedTeam) -> list[InputValue]:
    out = []
    for key, value in (
        ("team_size", team.team_size),
        ("rework_share_reported", team.rework_share),
        ("teams_per_deployment", team.teams_per_deployment),
        ("senior_engineers", team.senior_engineers),
    ):
        note = value.source if value.value is None else ""
        out.append(InputValue(key, value.value, value.provenance, value.source, note))
    return out


def effective_rework(inputs: dict[str, InputValue]) -> InputValue:
    """The rework share the advice uses: the team's own figure (hours, as the article counts)
    when given, else the measured one (lines rewritten soon after being written)."""
    reported, lines = inputs["rework_share_reported"], inputs["rework_share_measured"]
    if reported.value is not None:
        return InputValue(
            "rework_share",
            reported.value,
            reported.provenance,
            "the team's own figure",
            location="team profile (self-reported)",
        )
    if lines.value is not None:
        return InputValue(
            "rework_share",
            lines.value,
            lines.provenance,
            f"measured: {lines.source}",
            lines.note,
            location=lines.location,
        )
    return missing("rework_share", "neither reported by the team nor measurable from history")


def gather_inputs(
    assessment: Assessment,
    team: ResolvedTeam,
    components: list[ComponentFacts],
    presence: PresenceOfTests,
    model: DecisionModel,
    kind: str = SERVICE,
) -> dict[str, InputValue]:
    """Every input of the advice; ``kind`` is the delivery model (how the runtime is read)."""
    values = (
        delivery_inputs(assessment, kind)
        + code_inputs(assessment, presence)
        + runtime_inputs(assessment, kind)
        + _architecture(assessment, components, model)
        + _history(assessment, components, model)
        + team_inputs(assessment, team)
    )
    inputs = {v.key: v for v in values}
    inputs["rework_share"] = effective_rework(inputs)
    for value in inputs.values():
        if value.provenance == GIVEN and not value.source:
            value.source = "team profile"
    return inputs
