"""The Decisions panel: the AI-readiness score and its caps, the two verdicts with their evidence
and flip conditions, the strangler-fig plan, the money, the top risks and the team's answers.

The advice is recomputed here (``analysis.decisions.decide``) from the assessment on screen, the
team profile and the model: editing the team data never re-runs the analysis.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.assessment import Assessment
from analysis.decisions import (
    DecisionModel,
    Decisions,
    TeamProfile,
    debt_hourly_cost,
    decide,
    load_model,
)
from analysis.decisions.inputs import SPECS, format_value
from analysis.decisions.model import OP_WORDS, SUBSCORE_LABELS
from analysis.decisions.readiness import half_up
from widgets.cell_table import RecordTable, cell
from widgets.score_gauge import GRADE_COLOURS, ScoreGauge
from widgets.strangler_plan_view import StranglerPlanView
from widgets.team_form import TeamForm
from widgets.verdict_view import VerdictView

SCORE_TIP = (
    "AI-readiness 0-100: the weighted mean of five sub-scores (delivery 30%, code health 20%, "
    "runtime 15%, architecture 20%, team and rework 15%), each the mean of its metrics scored "
    "between published thresholds (DORA, SonarQube, radon, the article). Hard caps where the "
    "article says a system is constrained. Grades: A >= 85, B >= 70, C >= 55, D >= 40, E below; "
    "ready at 70. Weights and thresholds: resources/readiness_model.toml (methodology.md)."
)
MONEY_COLUMNS = (
    ("Figure", "What it costs; formulas in resources/methodology.md."),
    ("Amount", "Rounded to whole currency units; empty when a factor is missing."),
    ("Formula", "Every factor with where it came from: (measured), (default), ... none = given."),
)
INPUT_COLUMNS = (
    ("Input", "Every figure the advice reads."),
    ("Value", "Empty when not measured (the reason is in Note)."),
    ("From", "measured / answered (Quick Check) / given (team) / settings / default / missing."),
    ("Source", "What measured or gave it."),
    ("Note", "The sample it rests on, or why it is missing."),
    ("Where", "A place in the code or data."),
)
RISK_TIP = (
    "The five most severe findings: severity = weight x how far past its threshold the value is "
    "(at most 3x), weights and thresholds in resources/readiness_model.toml."
)


class DecisionsPanel(QWidget):
    #: the user applied team answers: (repository path, TeamProfile); the app keeps them
    team_saved = Signal(str, object)
    #: a strangler-plan component was activated: its name (the Architecture tab can show it)
    component_selected = Signal(str)
    #: the advice was recomputed (the debt's money may have changed): the assessment
    advice_changed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.assessment: Assessment | None = None
        self.decisions: Decisions | None = None
        self.model: DecisionModel | None = None
        self.model_problems: list[str] = []
        self.team = TeamProfile()
        self.team_source: Callable[[str], TeamProfile] | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.risks = QListWidget()
        self.risks.setWordWrap(True)
        self.risks.setToolTip(RISK_TIP)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #6a6a6a;")
        summary = QWidget()
        box = QVBoxLayout(summary)
        box.addWidget(QLabel("<b>Top risks</b> — what matters most, and where"))
        box.addWidget(self.risks, 1)
        box.addWidget(self.notes)
        self.tabs.addTab(summary, "Top risks")
        self.refactor = VerdictView(
            "Refactor or rewrite? The article: rewrites introduce more risk than they remove; a "
            "surgical refactor with the Strangler Fig pattern is the default."
        )
        self.staffing = VerdictView(
            "Staff augmentation or an architectural partner? The article's table: more hands fix "
            "capacity (healthy delivery, low debt), not an architectural root cause (change "
            "failures, long lead times, coupling, rework)."
        )
        self.tabs.addTab(self.refactor, "Refactor or rewrite")
        self.tabs.addTab(self.staffing, "Staffing")
        self.plan_view = StranglerPlanView()
        self.plan_view.component_selected.connect(self.component_selected)
        self.tabs.addTab(self.plan_view, "Strangler plan")
        self.money = RecordTable(MONEY_COLUMNS, stretch=2, sort=None, wrap=True)
        self.assumption = QLabel("")
        self.assumption.setWordWrap(True)
        money = QWidget()
        box = QVBoxLayout(money)
        box.addWidget(self.money, 1)
        box.addWidget(self.assumption)
        self.tabs.addTab(money, "Money")
        self.team_form = TeamForm()
        self.team_form.profile_applied.connect(self._team_applied)
        self.tabs.addTab(self.team_form, "Team")
        self.inputs = RecordTable(INPUT_COLUMNS, stretch=4, sort=None, widths={3: 260, 5: 240})
        self.tabs.addTab(self.inputs, "Inputs")

    # ------------------------------------------------------------------ construction
    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        self.gauge = ScoreGauge()
        self.gauge.setToolTip(SCORE_TIP)
        header.addWidget(self.gauge)
        middle = QVBoxLayout()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setToolTip(SCORE_TIP)
        middle.addWidget(self.status)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.bars: dict[str, tuple[QLabel, QProgressBar, QLabel]] = {}
        for row, (name, label) in enumerate(SUBSCORE_LABELS.items()):
            title = QLabel(label)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setTextVisible(False)
            bar.setMaximumHeight(14)
            bar.setMinimumWidth(140)
            value = QLabel("")
            value.setMinimumWidth(90)
            grid.addWidget(title, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(value, row, 2)
            self.bars[name] = (title, bar, value)
        middle.addLayout(grid)
        middle.addStretch(1)
        header.addLayout(middle, 2)
        verdicts = QVBoxLayout()
        self.caps = QLabel("")
        self.caps.setWordWrap(True)
        self.caps.setStyleSheet("color: #8a1c1c;")
        self.refactor_headline = QLabel("")
        self.staffing_headline = QLabel("")
        self.plan_headline = QLabel("")
        self.money_headline = QLabel("")
        for label in (
            self.caps,
            self.refactor_headline,
            self.staffing_headline,
            self.plan_headline,
            self.money_headline,
        ):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            verdicts.addWidget(label)
        verdicts.addStretch(1)
        header.addLayout(verdicts, 3)
        return header

    # ------------------------------------------------------------------ inputs
    def set_model(self, model: DecisionModel, problems: list[str] | None = None) -> None:
        self.model, self.model_problems = model, list(problems or [])
        self.recompute()

    def set_team_source(self, source: Callable[[str], TeamProfile]) -> None:
        """Where the team profile of a repository comes from (the application's store)."""
        self.team_source = source

    def set_team(self, profile: TeamProfile) -> None:
        self.team = profile
        self.team_form.set_profile(profile)
        self.recompute()

    def show_assessment(self, assessment: Assessment) -> None:
        self.assessment = assessment
        if self.team_source is not None:
            self.team = self.team_source(assessment.repository.path)
        self.team_form.set_profile(self.team)
        self.recompute()

    def show_error(self, message: str) -> None:
        self.notes.setText(f"<span style='color:#b71c1c'>{message}</span>")

    def _team_applied(self, profile: TeamProfile) -> None:
        self.team = profile
        self.recompute()
        if self.assessment is not None:
            self.team_saved.emit(self.assessment.repository.path, profile)

    def recompute(self) -> None:
        """The advice from the assessment on screen, the team profile and the model."""
        if self.assessment is None:
            return
        if self.model is None:  # used alone (no application settings): the shipped model
            self.model, self.model_problems = load_model()
        a = self.assessment
        a.decisions = decide(a, self.team, self.model, model_problems=self.model_problems)
        if a.debt is not None:
            a.debt.hourly_cost, a.debt.currency = debt_hourly_cost(a.decisions.team)
        self.decisions = a.decisions
        self._render()
        self.advice_changed.emit(a)

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        d = self.decisions
        r = d.readiness
        lowest_cap = min((c.max_score for c in r.caps), default=None)
        self.gauge.set_score(r.score, r.grade, r.status, lowest_cap)
        colour = GRADE_COLOURS.get(r.grade or "", "#6a6a6a")
        self.status.setText(
            f"<span style='font-size:15pt; color:{colour}'><b>{r.status.capitalize()}</b></span>"
            f" for AI workloads — {'' if r.score is None else f'{r.score}/100, grade {r.grade}'}"
            + (
                f" (uncapped {r.uncapped_score:g})"
                if r.score != half_up(r.uncapped_score or 0)
                else ""
            )
            + (
                f"<br>{r.coverage:.0%} of the score's weight could be measured"
                if r.coverage < 1
                else ""
            )
        )
        for sub in r.subscores:
            title, bar, value = self.bars[sub.name]
            metrics = "\n".join(
                f"• {SPECS[m.input].label}: {format_value(m.input, m.value)} → {m.score:g} "
                f"(weight {m.weight:g}; {m.source})"
                for m in sub.metrics
            )
            missing = ", ".join(SPECS[k].label for k in sub.missing)
            tip = f"{sub.label}, weight {sub.weight:.0%} of the score.\n{metrics}" + (
                f"\nNot measured: {missing}" if missing else ""
            )
            bar.setValue(0 if sub.score is None else round(sub.score))
            value.setText("not measured" if sub.score is None else f"{sub.score:g}")
            for widget in (title, bar, value):
                widget.setToolTip(tip)
        self.caps.setText(
            "<br>".join(
                f"{'Capped' if c.max_score < r.uncapped_score else 'At most'} {c.max_score:g}: "
                f"{SPECS[c.input].label} "
                f"{format_value(c.input, c.value)} ({OP_WORDS[c.op]} "
                f"{format_value(c.input, c.threshold)})"
                for c in r.caps
            )
        )
        self.caps.setToolTip(
            "Hard caps: where the article says a system is constrained, the score cannot go "
            "higher.\n" + "\n".join(f"• {c.reason} Source: {c.source}" for c in r.caps)
        )
        for label, verdict, title in (
            (self.refactor_headline, d.refactor_vs_rewrite, "Refactor or rewrite"),
            (self.staffing_headline, d.staffing, "Staffing"),
        ):
            flips = verdict.what_would_change
            if not flips:
                flip = "no change of the measured inputs found"
            elif len(flips[0].changes) > 2:
                flip = (
                    f"robust: only {len(flips[0].changes)} changes together would change it "
                    "(see its tab)"
                )
            else:
                flip = flips[0].text
            detail = f" ({verdict.detail})" if verdict.detail else ""
            lean = "leaning towards " if verdict.confidence_label == "low" else ""
            label.setText(
                f"{title}: {lean}<b>{verdict.label}</b>{detail} — confidence "
                f"{verdict.confidence_label}"
                f"<br><small>What would change it: {flip}</small>"
            )
            label.setToolTip(
                "\n".join(
                    f"{'✔' if e.for_verdict else '✖'} {e.label} {format_value(e.metric, e.value)}"
                    for e in verdict.evidence[:8]
                )
            )
        first = ", ".join(c.component for c in d.strangler_plan)
        if not first:
            plan = "Strangler plan: nothing to carve out (see its tab)"
        elif d.refactor_vs_rewrite.verdict in ("keep_and_improve", "full_rewrite"):
            plan = f"Strangler plan: not needed now; should that change, start with {first}"
        else:
            plan = f"Strangler plan: carve out <b>{first}</b>, in this order"
        self.plan_headline.setText(plan)
        figures = {f.id: f for f in d.money.figures}
        rework = (
            figures["rework_reported"]
            if figures["rework_reported"].value
            else figures["rework_measured"]
        )
        self.money_headline.setText(
            f"Rework costs <b>{rework.value:,.0f} {d.money.currency}</b> a year"
            + (" (rests on defaults)" if rework.uses_defaults else "")
            if rework.value is not None
            else f"Rework cost: not computed ({rework.missing})"
        )
        self.money_headline.setToolTip(rework.formula)
        labels = {**self.model.refactor.labels, **self.model.staffing.labels} if self.model else {}
        self.refactor.show_verdict(d.refactor_vs_rewrite, labels)
        self.staffing.show_verdict(d.staffing, labels)
        self._render_lists(d)

    def _render_lists(self, d: Decisions) -> None:
        self.risks.clear()
        for risk in d.top_risks:
            where = f"\n    where: {risk.location}" if risk.location else ""
            item = QListWidgetItem(f"{risk.rank}. {risk.sentence}{where}")
            item.setToolTip(
                f"{SPECS[risk.metric].label} = {format_value(risk.metric, risk.value)} "
                f"(threshold {format_value(risk.metric, risk.threshold)}; "
                f"severity {risk.severity:g}; {risk.provenance})"
            )
            self.risks.addItem(item)
        if not d.top_risks:
            self.risks.addItem("No finding crosses a risk threshold.")
        self.notes.setText(" ".join(d.notes + d.model.problems))
        self.plan_view.show_plan(d)
        self.money.set_rows(
            [
                [
                    cell(f.label, f.id),
                    cell("" if f.value is None else f"{f.value:,.0f} {d.money.currency}"),
                    cell(f.formula + (f"  — {f.missing}" if f.missing else ""), f.formula),
                ]
                for f in d.money.figures
            ]
        )
        self.assumption.setText(
            f"{d.money.assumption} Loaded cost {d.money.yearly_cost:,.0f} {d.money.currency} a "
            f"year = {d.money.hourly_cost:,.2f}/h x {d.money.hours_per_year:,.0f} h."
        )
        self.inputs.set_rows(
            [
                [
                    cell(SPECS[v.key].label, v.key),
                    cell("" if v.value is None else format_value(v.key, v.value)),
                    cell(v.provenance),
                    cell(v.source, v.source),
                    cell(v.note, v.note),
                    cell(v.location or v.detail, v.location),
                ]
                for v in d.inputs.values()
            ]
        )
        self.team_form.show_resolved(d.team)
