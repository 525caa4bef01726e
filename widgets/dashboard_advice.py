"""The dashboard's advice blocks: readiness, the two decisions, the strangler plan, top risks."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from analysis.assessment import Assessment
from widgets.dashboard_block import DashboardBlock, label
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
from widgets.score_gauge import ScoreGauge
from widgets.verdict_view import CONFIDENCE_TIP

NO_ADVICE = "No advice in this assessment (it was made before the advice existed)."
REFACTOR_TIP = (
    "Refactor or rewrite, scored by rules on the measured inputs (resources/"
    "readiness_model.toml). The article: rewrites introduce more risk than they remove; a "
    "surgical refactor with the Strangler Fig pattern is the default. ✔ evidence for the "
    "verdict, ✖ against. " + CONFIDENCE_TIP
)
STAFFING_TIP = (
    "Staff augmentation or an architectural partner. The article's table: more hands fix "
    "capacity (healthy delivery, low debt), not an architectural root cause (change failures, "
    "long lead times, coupling, rework). " + CONFIDENCE_TIP
)
PLAN_TIP = (
    "Strangler Fig plan (the article): keep what works, build new endpoints beside it, route "
    "traffic incrementally. Candidates ranked by value = change pressure (commits, code-maat) x "
    "(1 + unhealth: debt ratio, MI, complexity) / extraction difficulty (afferent coupling, "
    "cycles). Keep in core: stable and healthy (debt rating A or B)."
)
EVIDENCE_SHOWN = 3
PLAN_SHOWN = 3


class ReadinessBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__("decisions", "AI readiness", "Decisions", SCORE_TIP, parent)
        row = QHBoxLayout()
        self.gauge = ScoreGauge()
        self.gauge.setToolTip(SCORE_TIP)
        row.addWidget(self.gauge)
        column = QVBoxLayout()
        self.status = label(tooltip=SCORE_TIP)
        self.subscores = SubscoreBars()
        self.caps = label()
        column.addWidget(self.status)
        column.addWidget(self.subscores)
        column.addWidget(self.caps)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.body.addLayout(row)

    def show_assessment(self, a: Assessment) -> None:
        d = a.decisions
        if not self.present(d, NO_ADVICE):
            self.gauge.set_score(None, None, "")
            return
        r = d.readiness
        show_score(self.gauge, r)
        self.status.setText(status_html(r, size_pt=14))
        self.subscores.show_readiness(r)
        self.caps.setText(caps_html(r))
        self.caps.setToolTip(literal_tooltip(caps_tooltip(r) if r.caps else ""))
        self.caps.setVisible(bool(r.caps))


class DecisionsBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__(
            "decisions",
            "Decisions",
            "Decisions",
            "The two decisions the article asks a CTO to make, each with its evidence and what "
            "would change it.",
            parent,
        )
        self.refactor = label(tooltip=REFACTOR_TIP)
        self.refactor_evidence = label(muted=True, tooltip=REFACTOR_TIP)
        self.staffing = label(tooltip=STAFFING_TIP)
        self.staffing_evidence = label(muted=True, tooltip=STAFFING_TIP)
        for widget in (
            self.refactor,
            self.refactor_evidence,
            self.staffing,
            self.staffing_evidence,
        ):
            self.body.addWidget(widget)
        self.money = label()
        self.body.addWidget(self.money)
        self.body.addStretch(1)

    def show_assessment(self, a: Assessment) -> None:
        d = a.decisions
        if not self.present(d, NO_ADVICE):
            return
        for headline, evidence, verdict, title in (
            (self.refactor, self.refactor_evidence, d.refactor_vs_rewrite, "Refactor or rewrite"),
            (self.staffing, self.staffing_evidence, d.staffing, "Staffing"),
        ):
            headline.setText(verdict_html(verdict, title))
            lines = evidence_lines(verdict, EVIDENCE_SHOWN)
            more = len(verdict.evidence) - len(lines)
            evidence.setText(
                "<br>".join(escape(line) for line in lines)
                + (f"<br>… {more} more in the Decisions tab" if more > 0 else "")
                or "No rule applies to the measured inputs."
            )
        figures = {f.id: f for f in d.money.figures}
        rework = figures.get("rework_reported")
        if rework is None or not rework.value:
            rework = figures.get("rework_measured")
        if rework is not None and rework.value is not None:
            self.money.setText(
                f"Rework costs <b>{rework.value:,.0f} {d.money.currency}</b> a year"
                + (" (rests on defaults)" if rework.uses_defaults else "")
            )
            self.money.setToolTip(literal_tooltip(rework.formula))
        else:
            self.money.setText("")


class PlanBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__("plan", "Strangler-fig plan", "Decisions", PLAN_TIP, parent)
        self.headline = label(tooltip=PLAN_TIP)
        self.steps = label(tooltip=PLAN_TIP)
        self.core = label(muted=True, tooltip=PLAN_TIP)
        for widget in (self.headline, self.steps, self.core):
            self.body.addWidget(widget)
        self.body.addStretch(1)

    def show_assessment(self, a: Assessment) -> None:
        d = a.decisions
        if not self.present(d, NO_ADVICE):
            return
        plan = d.strangler_plan
        if not plan:
            self.headline.setText(
                escape(d.strangler_note) or "Nothing to carve out: no component stands out."
            )
        elif d.refactor_vs_rewrite.verdict in ("keep_and_improve", "full_rewrite"):
            self.headline.setText("Not needed now; should that change, carve out in this order:")
        else:
            self.headline.setText("Carve out, in this order:")
        self.steps.setText(
            "<br>".join(
                f"<b>{c.rank}. {escape(c.component)}</b> (value {c.value:.2f})"
                + (f": {escape(c.why[0])}" if c.why else "")
                for c in plan[:PLAN_SHOWN]
            )
            + (f"<br>… {len(plan) - PLAN_SHOWN} more" if len(plan) > PLAN_SHOWN else "")
        )
        self.steps.setVisible(bool(plan))
        core = ", ".join(c.component for c in d.keep_in_core)
        self.core.setText(f"Keep in the core: {escape(core)}" if core else "")


class RisksBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__("decisions", "Top risks", "Decisions", RISK_TIP, parent)
        self.list = label(tooltip=RISK_TIP, rich=False)
        self.body.addWidget(self.list)
        self.body.addStretch(1)

    def show_assessment(self, a: Assessment) -> None:
        d = a.decisions
        if not self.present(d, NO_ADVICE):
            return
        self.list.setText(
            "\n".join(risk_text(r) for r in d.top_risks) or "No finding crosses a risk threshold."
        )
        risks = "\n".join(risk_tooltip(r) for r in d.top_risks)
        self.list.setToolTip(literal_tooltip(f"{RISK_TIP}\n\n{risks}"))
