"""The advice's inputs, read from an assessment's sections and the resolved team profile.

Each figure is taken as its section computed it, with the sample it rests on; a section that is
absent or a sample below the engine's own minimum (DORA: 5 deployments) gives ``None`` and a
note saying why, never a guess. DORA Quick Check answers stand in for a percentage the
repository could not measure (change fail and rework rate), marked "answered".
"""

from __future__ import annotations

import math
import re

from analysis.decisions.component_facts import (
    CODE,
    ComponentFacts,
    complexity_measure,
    is_complex,
)
from analysis.decisions.inputs import ANSWERED, GIVEN, MEASURED, MISSING, InputValue
from analysis.decisions.model import DecisionModel
from analysis.decisions.team import ResolvedTeam
from analysis.decisions.test_presence import TestPresence
from analysis.dora.levels import NOT_ENOUGH
from analysis.dora.settings import MIN_SAMPLE
from analysis.runtime.targets import CI, CLASSIFIER, PIN, REQUIRES

_VERSION = re.compile(r"(\d+)\.(\d+)")
_LOWER_BOUND = re.compile(r"(?:>=|~=|==)\s*(\d+)\.(\d+)")
#: hotspot concentration needs at least this many changed files to mean anything
MIN_CHANGED_FILES = 10


def _missing(key: str, why: str) -> InputValue:
    return InputValue(key, None, MISSING, "", why)


def _measured(key: str, value, source: str, note: str = "", **more) -> InputValue:
    return InputValue(key, value, MEASURED, source, note, **more)


def _delivery(assessment) -> list[InputValue]:
    dora = assessment.dora
    keys = ("lead_time_days", "deploys_per_week", "change_fail_rate", "recovery_hours")
    if dora is None:
        why = "no delivery (DORA) section in this assessment"
        return [_missing(k, why) for k in (*keys, "deployment_rework_rate", "quick_check_overall")]
    label = dora.deployment_source.get("label", "deployments")
    n = dora.deployments
    where = f"{label}, {dora.window.get('start', '')[:10]} to {dora.window.get('end', '')[:10]}"
    few = f"not enough data: {n} deployments in the window (the DORA levels need {MIN_SAMPLE})"
    out = []
    lead = dora.lead_time_hours
    if dora.levels.get("lead_time") != NOT_ENOUGH and lead.median is not None:
        out.append(
            _measured(
                "lead_time_days",
                round(lead.median / 24, 2),
                "DORA change lead time: median(deploy time - commit time)",
                f"{lead.n} commits over {n} deployments",
                location=where,
            )
        )
    else:
        out.append(_missing("lead_time_days", few))
    if dora.levels.get("deployment_frequency") != NOT_ENOUGH:
        out.append(
            _measured(
                "deploys_per_week",
                round(dora.deployments_per_week, 3),
                "DORA deployment frequency: deployments in the window / weeks",
                f"{n} deployments",
                location=where,
            )
        )
    else:
        out.append(_missing("deploys_per_week", few))
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
                _measured(
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
            out.append(_missing(key, few))
    recovery = dora.recovery_hours
    if dora.levels.get("recovery_time") != NOT_ENOUGH and recovery.median is not None:
        out.append(
            _measured(
                "recovery_hours",
                recovery.median,
                "DORA failed deployment recovery time (median)",
                f"{recovery.n} restored failures",
                location=where,
            )
        )
    else:
        out.append(
            _missing(
                "recovery_hours",
                f"not enough data: {recovery.n} restored failures (the DORA level needs "
                f"{MIN_SAMPLE})",
            )
        )
    quick = dora.quick_check
    if quick is not None and quick.overall is not None:
        out.append(InputValue("quick_check_overall", quick.overall, ANSWERED, "DORA Quick Check"))
    else:
        out.append(_missing("quick_check_overall", "no Quick Check answers"))
    return out


def _code(assessment, presence: TestPresence) -> list[InputValue]:
    totals = assessment.code.totals
    if totals.files:
        sloc = _measured(
            "sloc", totals.sloc, "radon SLOC of the tracked Python files", f"{totals.files} files"
        )
    else:
        sloc = _missing("sloc", "no Python files")
    out = [sloc]
    debt = assessment.debt
    if debt is not None and debt.files:
        worst = max(debt.by_package, key=lambda p: (p.ratio, p.name), default=None)
        out.append(
            _measured(
                "debt_ratio",
                round(debt.ratio, 4),
                "SonarQube sqale_debt_ratio: remediation minutes / (30 min x ncloc)",
                f"rating {debt.rating}, {debt.remediation_minutes / 60:,.0f} h over "
                f"{debt.ncloc:,} lines",
                location=f"{worst.name} (rating {worst.rating})" if worst else "",
            )
        )
    else:
        out.append(_missing("debt_ratio", "no file could be rated for technical debt"))
    if totals.mi_average is not None:
        out.append(
            _measured(
                "mi_average",
                round(totals.mi_average, 2),
                "radon Maintainability Index, SLOC-weighted mean",
                f"{totals.measured_files} files",
            )
        )
    else:
        out.append(_missing("mi_average", "no file could be measured"))
    dup = assessment.duplication
    if dup is not None and dup.density is not None:
        first = dup.groups[0].fragments[0] if dup.groups and dup.groups[0].fragments else None
        out.append(
            _measured(
                "duplication_share",
                round(dup.density / 100, 4),
                "SonarQube duplicated_lines_density (type-2 clones)",
                f"{dup.duplicated_lines:,} of {dup.lines:,} lines",
                location=f"{first.path}:{first.start_line}" if first else "",
            )
        )
    else:
        out.append(_missing("duplication_share", "duplication was not measured"))
    measured = [f for f in assessment.code.files if f.status == "ok"]
    blocks = [(f, b) for f in measured for b in f.functions if b.kind != "class"]
    if blocks:
        measure = complexity_measure(measured)
        over = [(f, b) for f, b in blocks if is_complex(b, measure)]
        worst = max(blocks, key=lambda pair: pair[1].complexity)
        out.append(
            _measured(
                "complex_function_share",
                round(len(over) / len(blocks), 4),
                f"functions with {measure} complexity over 15 (SonarQube's threshold) / functions",
                f"{len(over)} of {len(blocks)}",
                location=f"{worst[0].path}:{worst[1].lineno}",
            )
        )
    else:
        out.append(_missing("complex_function_share", "no function was measured"))
    if presence.share is not None:
        out.append(
            _measured(
                "test_share",
                presence.share,
                "test files (pytest/unittest naming, tests/ folders) / Python files",
                f"{presence.test_files} of {presence.python_files}",
                location=", ".join(presence.examples)
                or "no test_*.py, *_test.py, tests.py, conftest.py or tests/ folder",
            )
        )
    else:
        out.append(_missing("test_share", "no Python files"))
    return out


def _lowest(versions: list[tuple[int, str]]) -> tuple[int, str] | None:
    return min(versions, key=lambda pair: pair[0]) if versions else None


def runtime_version(runtime) -> tuple[int, str, str] | None:
    """(version code, what declares it, where): the lowest pinned interpreter, else CI, else
    classifiers, else the lower bound of requires-python; Python 2 syntax says 2.7."""
    for kind, what in (
        (PIN, "lowest pinned interpreter"),
        (CI, "lowest version tested in CI"),
        (CLASSIFIER, "lowest version in the classifiers"),
        (REQUIRES, "lower bound of the declared Python range"),
    ):
        found = []
        for target in runtime.targets:
            if target.kind != kind:
                continue
            pattern = _LOWER_BOUND if kind == REQUIRES else _VERSION
            match = pattern.search(target.version)
            if match:
                code = int(match.group(1)) * 100 + int(match.group(2))
                found.append((code, f"{target.source} at {target.location}"))
        best = _lowest(found)
        if best:
            return best[0], what, best[1]
    if runtime.required_minimum.python2:
        need = runtime.required_minimum.python2[0]
        return 207, "Python 2 syntax in the code (vermin)", f"{need.path}:{need.line}"
    return None


def _runtime(assessment) -> list[InputValue]:
    runtime = assessment.runtime
    if runtime is None:
        why = "no runtime section in this assessment"
        return [
            _missing(k, why) for k in ("runtime_version", "removed_module_imports", "python2_share")
        ]
    out = []
    found = runtime_version(runtime)
    if found:
        out.append(_measured("runtime_version", found[0], found[1], location=found[2]))
    else:
        out.append(_missing("runtime_version", "the project declares no Python version"))
    blocking = [r for r in runtime.removed_modules if not r.guarded and not r.provided_by]
    out.append(
        _measured(
            "removed_module_imports",
            len(blocking),
            "imports of stdlib modules removed in 3.12/3.13, without a fallback",
            location=f"{blocking[0].path}:{blocking[0].line} ({blocking[0].module})"
            if blocking
            else "",
        )
    )
    files = assessment.code.totals.files
    python2 = sorted({need.path for need in runtime.required_minimum.python2})
    if files:
        out.append(
            _measured(
                "python2_share",
                round(len(python2) / files, 4),
                "files with Python 2 syntax (vermin) / Python files",
                f"{len(python2)} of {files}",
                location=", ".join(python2[:3]),
            )
        )
    else:
        out.append(_missing("python2_share", "no Python files"))
    return out


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
        return [_missing(k, "no architecture section in this assessment") for k in keys]
    m = section.modularity
    cycle = section.cycles[0] if section.cycles else None
    where = " → ".join(cycle.example) if cycle else ""
    out = [
        _measured("components", m.components, "top-level packages and Django apps"),
        _measured(
            "components_in_cycles",
            m.components_in_cycles,
            "components in import cycles (strongly connected components)",
            location=where,
            detail=", ".join(cycle.components) if cycle else "",
        ),
    ]
    if m.components:
        out.append(
            _measured(
                "cycle_share",
                round(m.components_in_cycles / m.components, 4),
                "components in cycles / components",
                location=where,
            )
        )
    else:
        out.append(_missing("cycle_share", "no components"))
    if m.cross_component_share is not None:
        out.append(
            _measured(
                "cross_component_share",
                m.cross_component_share,
                "module imports crossing components / internal module imports",
                f"{m.cross_component_imports} of {m.internal_imports}",
            )
        )
    else:
        out.append(_missing("cross_component_share", "no internal imports"))
    shared = section.shared_models
    out.append(
        _measured(
            "shared_model_imports",
            sum(s.imports for s in shared),
            "modules importing another component's models module",
            location=shared[0].locations[0] if shared and shared[0].locations else "",
            detail=", ".join(s.module for s in shared[:3]),
        )
    )
    weight = {"present": 1.0, "partial": 0.5}
    out.append(
        _measured(
            "ai_layers_present",
            sum(weight.get(layer.status, 0.0) for layer in section.layers),
            "the article's four layers: present 1, partial 0.5",
            ", ".join(f"{layer.layer}: {layer.status}" for layer in section.layers),
        )
    )
    out.append(_rewrite_candidates(assessment, components, model))
    return out


def _rewrite_candidates(assessment, components, model: DecisionModel) -> InputValue:
    if assessment.debt is None:
        return _missing("rewrite_candidates", "no technical debt measured")
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
    return _measured(
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
        return _missing("hot_component_pressure", "no components")
    if not changes:
        return _missing("hot_component_pressure", "no file changed in the window")
    limit = model.strangler.keep_max_debt_ratio
    sick = [
        c
        for c in components
        if c.role == CODE
        and c.changes
        and (c.in_cycle or (c.debt_ratio is not None and c.debt_ratio > limit))
    ]
    source = (
        f"file changes in the busiest component with debt ratio over {limit:.0%} or in a cycle "
        "/ all file changes"
    )
    if not sick:
        return _measured("hot_component_pressure", 0.0, source, window)
    hot = max(sick, key=lambda c: (c.changes, c.name))
    return _measured(
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
        return [_missing(k, "no history section in this assessment") for k in keys]
    window = f"last {history.window.months} months, {history.window.commits} commits"
    out = []
    days = history.settings.get("rework_days", 21)
    if history.rework_share is not None:
        out.append(
            _measured(
                "rework_share_measured",
                round(history.rework_share, 4),
                f"lines deleted within {days} days of being added / changed lines",
                window,
                location=f"history: {window}",
            )
        )
    else:
        out.append(_missing("rework_share_measured", f"no changed lines in the window ({window})"))
    if history.fix_share.commits is not None:
        out.append(
            _measured(
                "fix_share", round(history.fix_share.commits, 4), "fix commits / commits", window
            )
        )
    else:
        out.append(_missing("fix_share", f"no commits in the window ({window})"))
    spots = sorted(history.hotspots, key=lambda h: (-h.revisions, h.path))
    changes = sum(h.revisions for h in spots)
    if len(spots) >= MIN_CHANGED_FILES and changes:
        top = spots[: max(1, math.ceil(len(spots) / 10))]
        out.append(
            _measured(
                "hotspot_concentration",
                round(sum(h.revisions for h in top) / changes, 4),
                "file changes in the 10% most-changed files / all file changes",
                f"{len(top)} of {len(spots)} changed files; {window}",
                location=", ".join(h.path for h in top[:3]),
            )
        )
    else:
        out.append(
            _missing(
                "hotspot_concentration",
                f"{len(spots)} changed files in the window (needs {MIN_CHANGED_FILES})",
            )
        )
    out.append(_hot_component(components, changes, window, model))
    out.append(_measured("commits", history.commits, f"commits on {history.ref or 'HEAD'}"))
    truck = history.truck_factor
    if truck.value is not None:
        first = truck.developers[0] if truck.developers else None
        owned = sorted(
            (f for f in history.files if first and f.main_developer == first),
            key=lambda f: (-f.revisions, f.path),
        )
        out.append(
            _measured(
                "truck_factor",
                truck.value,
                "truck factor (Avelino et al., ICPC 2016)",
                f"{truck.files} files",
                location=", ".join(f.path for f in owned[:3]),
            )
        )
    else:
        out.append(_missing("truck_factor", "no file has history"))
    loss = history.knowledge_loss
    if loss.share is not None:
        out.append(
            _measured(
                "knowledge_loss_share",
                loss.share,
                f"files whose main developer made no commit for {loss.inactive_months} months",
                location=", ".join(f.path for f in loss.files[:3]),
            )
        )
    else:
        out.append(_missing("knowledge_loss_share", "no file has a main developer"))
    return out


def _team(assessment, team: ResolvedTeam) -> list[InputValue]:
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
    reported, measured = inputs["rework_share_reported"], inputs["rework_share_measured"]
    if reported.value is not None:
        return InputValue(
            "rework_share",
            reported.value,
            reported.provenance,
            "the team's own figure",
            location="team profile (self-reported)",
        )
    if measured.value is not None:
        return InputValue(
            "rework_share",
            measured.value,
            measured.provenance,
            f"measured: {measured.source}",
            measured.note,
            location=measured.location,
        )
    return _missing("rework_share", "neither reported by the team nor measurable from history")


def gather_inputs(
    assessment,
    team: ResolvedTeam,
    components: list[ComponentFacts],
    presence: TestPresence,
    model: DecisionModel,
) -> dict[str, InputValue]:
    values = (
        _delivery(assessment)
        + _code(assessment, presence)
        + _runtime(assessment)
        + _architecture(assessment, components, model)
        + _history(assessment, components, model)
        + _team(assessment, team)
    )
    inputs = {v.key: v for v in values}
    inputs["rework_share"] = effective_rework(inputs)
    for value in inputs.values():
        if value.provenance == GIVEN and not value.source:
            value.source = "team profile"
    return inputs
