"""The advice in a few lines: the readiness status, the sub-score bars, the caps, each verdict
with its confidence and what would change it, and the top risks. Shared by the Decisions panel,
the Dashboard and the wizard's results, so that the three always say the same thing."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from analysis.decisions.inputs import SPECS, format_value
from analysis.decisions.model import OP_WORDS, SUBSCORE_LABELS
from analysis.decisions.readiness import Readiness, Subscore, half_up
from analysis.decisions.risks import Risk
from analysis.decisions.verdicts import Verdict
from widgets import palette
from widgets.literal_text import literal_tooltip
from widgets.score_gauge import ScoreGauge

SCORE_TIP = (
    "AI-readiness 0-100: the weighted mean of five sub-scores (delivery 30%, code health 20%, "
    "runtime 15%, architecture 20%, team and rework 15%), each the mean of its metrics scored "
    "between published thresholds (DORA, SonarQube, radon, the article). Hard caps where the "
    "article says a system is constrained. Grades: A >= 85, B >= 70, C >= 55, D >= 40, E below; "
    "ready at 70. Weights and thresholds: resources/readiness_model.toml (methodology.md)."
)
RISK_TIP = (
    "The five most severe findings: severity = weight x how far past its threshold the value is "
    "(at most 3x), weights and thresholds in resources/readiness_model.toml."
)


def status_html(r: Readiness, size_pt: int = 15) -> str:
    """The status line: e.g. "Partly ready for AI workloads — 63/100, grade C", by grade colour."""
    colour = palette.hex_colour(palette.grade_role(r.grade, "muted"))
    score = "" if r.score is None else f"{r.score}/100, grade {r.grade}"
    uncapped = (
        f" (uncapped {r.uncapped_score:g})"
        if r.score is not None and r.score != half_up(r.uncapped_score or 0)
        else ""
    )
    coverage = (
        f"<br>{r.coverage:.0%} of the score's weight could be measured" if r.coverage < 1 else ""
    )
    return (
        f"<span style='font-size:{size_pt}pt; color:{colour}'><b>{r.status.capitalize()}</b>"
        f"</span> for AI workloads — {score}{uncapped}{coverage}"
    )


def show_score(gauge: ScoreGauge, r: Readiness) -> None:
    """The score on the gauge, with the lowest hard cap as a tick."""
    lowest_cap = min((c.max_score for c in r.caps), default=None)
    gauge.set_score(r.score, r.grade, r.status, lowest_cap)


def subscore_tooltip(sub: Subscore) -> str:
    metrics = "\n".join(
        f"• {SPECS[m.input].label}: {format_value(m.input, m.value)} → {m.score:g} "
        f"(weight {m.weight:g}; {m.source})"
        for m in sub.metrics
    )
    missing = ", ".join(SPECS[k].label for k in sub.missing)
    note = f"\nNot scored: {sub.note}." if sub.note else ""
    return (
        f"{sub.label}, weight {sub.weight:.0%} of the score.\n{metrics}"
        + (f"\nNot measured: {missing}" if missing else "")
        + note
    )


class SubscoreBars(QWidget):
    """The five sub-scores as labelled bars; hover one for the metrics behind it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.bars: dict[str, tuple[QLabel, QProgressBar, QLabel]] = {}
        for row, (name, label) in enumerate(SUBSCORE_LABELS.items()):
            title = QLabel(label)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setTextVisible(False)
            bar.setMaximumHeight(14)
            bar.setMinimumWidth(100)
            value = QLabel("")
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("not measured") + 6)
            grid.addWidget(title, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(value, row, 2)
            self.bars[name] = (title, bar, value)
        grid.setColumnStretch(1, 1)

    def show_readiness(self, r: Readiness) -> None:
        for sub in r.subscores:
            title, bar, value = self.bars[sub.name]
            tip = subscore_tooltip(sub)
            bar.setValue(0 if sub.score is None else round(sub.score))
            value.setText("not measured" if sub.score is None else f"{sub.score:g}")
            for widget in (title, bar, value):
                widget.setToolTip(literal_tooltip(tip))


def caps_html(r: Readiness) -> str:
    return "<br>".join(
        f"{'Capped' if c.max_score < (r.uncapped_score or 0) else 'At most'} {c.max_score:g}: "
        f"{SPECS[c.input].label} {format_value(c.input, c.value)} "
        f"({OP_WORDS[c.op]} {format_value(c.input, c.threshold)})"
        for c in r.caps
    )


def caps_tooltip(r: Readiness) -> str:
    return "Hard caps: where the article says a system is constrained, the score cannot go " + (
        "higher.\n" + "\n".join(f"• {c.reason} Source: {c.source}" for c in r.caps)
    )


def flip_text(verdict: Verdict) -> str:
    """What would change the verdict, in one line."""
    flips = verdict.what_would_change
    if not flips:
        return "no change the team can make flips it"
    if len(flips[0].changes) > 2:
        return f"robust: only {len(flips[0].changes)} changes together would change it"
    return flips[0].text


def verdict_html(verdict: Verdict, title: str) -> str:
    """The verdict, its confidence and its flip condition."""
    detail = f" ({verdict.detail})" if verdict.detail else ""
    lean = "leaning towards " if verdict.clear and verdict.confidence_label == "low" else ""
    below = (
        f"What would change it: {flip_text(verdict)}"
        if verdict.clear
        else f"What would settle it: {'; '.join(verdict.settle)}"
    )
    return (
        f"{title}: {lean}<b>{verdict.headline}</b>{detail} — confidence "
        f"{verdict.confidence_label}<br><small>{below}</small>"
    )


def evidence_lines(verdict: Verdict, limit: int = 8) -> list[str]:
    """The evidence, for (✔) or against (✖) the verdict, each value with its measure."""
    return [
        f"{'✔' if e.for_verdict else '✖'} {e.label} {format_value(e.metric, e.value)}"
        for e in verdict.evidence[:limit]
    ]


def risk_text(risk: Risk) -> str:
    where = f"\n    where: {risk.location}" if risk.location else ""
    return f"{risk.rank}. {risk.sentence}{where}"


def risk_tooltip(risk: Risk) -> str:
    return (
        f"{SPECS[risk.metric].label} = {format_value(risk.metric, risk.value)} "
        f"(threshold {format_value(risk.metric, risk.threshold)}; "
        f"severity {risk.severity:g}; {risk.provenance})"
    )
