"""The Decisions panel: the AI-readiness score and its caps, the two verdicts with their evidence
and flip conditions, the strangler-fig plan, the money, the top risks and the team's answers.

The panel shows the advice it is given and never changes an assessment: the application's
session advises the assessment (``app.session.AssessmentSession``) and hands the panel its
:class:`~analysis.decisions.advisor.Advisor` (:meth:`DecisionsPanel.set_advisor_source`); team
answers go back through :attr:`DecisionsPanel.team_applied`, and the session publishes a new
assessment. Editing the team data never re-runs the analysis. Used alone (no application), the
panel advises with the shipped model and no team answers.
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
from analysis.decisions import Decisions, TeamProfile
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
    #: the user applied team answers (a TeamProfile); the application re-advises and keeps them
    team_applied = Signal(object)
    #: a strangler-plan component was activated: its name (the Architecture tab can show it)
    component_selected = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.assessment: Assessment | None = None
        self.decisions: Decisions | None = None
        self.advisor: Advisor | None = None  # the advice shown: the application's
        self.advisor_source: Callable[[Assessment], Advisor | None] | None = None
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
        self.team_form.profile_applied.connect(self.team_applied)
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
    def set_advisor_source(self, source: Callable[[Assessment], Advisor | None]) -> None:
        """Where the advice of an assessment comes from (the application's session)."""
        self.advisor_source = source

    def show_assessment(self, assessment: Assessment) -> None:
        """Show the advice of ``assessment``: its advisor from the source (the team and the
        model are the application's), or, used alone, the shipped model's with no answers."""
        advisor = self.advisor_source(assessment) if self.advisor_source is not None else None
        if advisor is None:
            if self.advisor is not None and self.advisor.assessment is assessment:
                advisor = self.advisor
            else:
                advisor = Advisor(assessment)
        self.assessment = assessment
        self.advisor = advisor
        # the advice the assessment carries (the session's is its advisor's base); a bare
        # assessment (no advice yet) shows the advisor's
        self.decisions = assessment.decisions or advisor.base
        self.team_form.set_profile(advisor.team)
        self._render()

    @property
    def team(self) -> TeamProfile:
        return self.advisor.team if self.advisor is not None else TeamProfile()

    def show_error(self, message: str) -> None:
        colour = palette.hex_colour("bad")
        self.notes.setText(f"<span style='color:{colour}'>{escape(message)}</span>")

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        d = self.decisions
        if d is None or self.advisor is None:
            return
        model = self.advisor.model
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
        labels = {**model.refactor.labels, **model.staffing.labels}
        self.refactor.show_verdict(d.refactor_vs_rewrite, labels)
        self.staffing.show_verdict(d.staffing, labels)
        self.scenario.set_advisor(self.advisor, labels)
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
