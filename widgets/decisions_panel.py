"""The Decisions panel: the AI-readiness score and its caps, the two verdicts with their evidence
and flip conditions, the strangler-fig plan, the money, the top risks and the team's answers.

The advice is recomputed here (``analysis.decisions.decide``) from the assessment on screen, the
team profile and the model: editing the team data never re-runs the analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
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
    load_model,
)
from analysis.decisions.advisor import Advisor
from analysis.decisions.inputs import SPECS, format_value
from widgets import palette
from widgets.decision_summary import (
    RISK_TIP,
    SCORE_TIP,
    SubscoreBars,
    caps_html,
    caps_tooltip,
    evidence_lines,
    risk_text,
    risk_tooltip,
    show_score,
    status_html,
    verdict_html,
)
from widgets.literal_text import literal_tooltip
from widgets.record_table import RecordTable, cell
from widgets.scenario_panel import ScenarioPanel
from widgets.score_gauge import ScoreGauge
from widgets.strangler_plan_view import StranglerPlanView
from widgets.team_form import TeamForm
from widgets.verdict_view import VerdictView

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
        self.advisor: Advisor | None = None  # built once per assessment, team and model
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
        self.notes.setTextFormat(Qt.TextFormat.RichText)  # errors in colour; text escaped
        self.notes.setWordWrap(True)
        palette.style(self.notes, "color: {muted};")
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
        self.scenario = ScenarioPanel()  # the decision maps and the what-if scenarios
        self.tabs.addTab(self.scenario, "Maps and what-if")
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
        self.subscores = SubscoreBars()
        self.bars = self.subscores.bars
        middle.addWidget(self.subscores)
        middle.addStretch(1)
        header.addLayout(middle, 2)
        verdicts = QVBoxLayout()
        self.caps = QLabel("")
        self.caps.setWordWrap(True)
        palette.style(self.caps, "color: {bad_strong};")
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
            self.team = self.team_source(assessment.repository.folder)
        self.team_form.set_profile(self.team)
        self.recompute()

    def show_error(self, message: str) -> None:
        colour = palette.hex_colour("bad")
        self.notes.setText(f"<span style='color:{colour}'>{escape(message)}</span>")

    def _team_applied(self, profile: TeamProfile) -> None:
        self.team = profile
        self.recompute()
        if self.assessment is not None:
            self.team_saved.emit(self.assessment.repository.folder, profile)

    def recompute(self) -> None:
        """The advice from the assessment on screen, the team profile and the model."""
        if self.assessment is None:
            return
        if self.model is None:  # used alone (no application settings): the shipped model
            self.model, self.model_problems = load_model()
        a = self.assessment
        self.advisor = advisor = Advisor(
            a, self.team, self.model, model_problems=self.model_problems
        )
        a.decisions = decisions = advisor.base
        if a.debt is not None:
            a.debt.hourly_cost, a.debt.currency = debt_hourly_cost(decisions.team)
        self.decisions = decisions
        self._render(decisions, advisor)
        self.advice_changed.emit(a)

    # ------------------------------------------------------------------ rendering
    def _render(self, d: Decisions, advisor: Advisor) -> None:
        r = d.readiness
        show_score(self.gauge, r)
        self.status.setText(status_html(r))
        self.subscores.show_readiness(r)
        self.caps.setText(caps_html(r))
        self.caps.setToolTip(literal_tooltip(caps_tooltip(r)))
        for label, verdict, title in (
            (self.refactor_headline, d.refactor_vs_rewrite, "Refactor or rewrite"),
            (self.staffing_headline, d.staffing, "Staffing"),
        ):
            label.setText(verdict_html(verdict, title))
            label.setToolTip(literal_tooltip("\n".join(evidence_lines(verdict))))
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
        self.money_headline.setToolTip(literal_tooltip(rework.formula))
        labels = {**self.model.refactor.labels, **self.model.staffing.labels} if self.model else {}
        self.refactor.show_verdict(d.refactor_vs_rewrite, labels)
        self.staffing.show_verdict(d.staffing, labels)
        self.scenario.set_advisor(advisor, labels)
        self._render_lists(d)

    def _render_lists(self, d: Decisions) -> None:
        self.risks.clear()
        for risk in d.top_risks:
            item = QListWidgetItem(risk_text(risk))
            item.setToolTip(literal_tooltip(risk_tooltip(risk)))
            self.risks.addItem(item)
        if not d.top_risks:
            self.risks.addItem("No finding crosses a risk threshold.")
        self.notes.setText(escape(" ".join(d.notes + d.model.problems)))
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
