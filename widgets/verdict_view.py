"""One verdict on screen: the options' points, the evidence for and against (each value beside
its threshold and source), what would change the verdict, and what was not measured."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QSplitter, QVBoxLayout, QWidget

from analysis.decisions.inputs import format_value
from analysis.decisions.model import OP_WORDS
from analysis.decisions.verdicts import Verdict
from widgets import palette
from widgets.record_table import Cell, RecordTable, cell

OPTION_COLUMNS = (
    ("Option", "The options the verdict weighs."),
    (
        "Points",
        "Prior plus the points of every rule that holds for this option "
        "(resources/readiness_model.toml). The most points wins.",
    ),
    ("Rules", "How many rules hold for this option."),
)
EVIDENCE_COLUMNS = (
    ("", "For the verdict (✔) or for another option (✖)."),
    ("Measure", "The input the rule reads; hover for where it was measured."),
    ("Value", "The measured, answered or given value (provenance in the last column)."),
    ("Rule", "The threshold the value crossed."),
    ("Supports", "The option this evidence adds points to."),
    ("Points", "Points the rule adds."),
    (
        "Source",
        "Where the threshold comes from (DORA, the article, SonarQube, ... or a model choice).",
    ),
    ("From", "measured (the repository), answered (Quick Check), given (team), default."),
)
CONFIDENCE_TIP = (
    "Confidence = min(1, winning margin / decisive margin) x coverage; coverage = share of the "
    "rules' points whose input was measured. high >= 0.6, medium >= 0.3, low below."
)


class VerdictView(QWidget):
    def __init__(self, intro: str, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.headline = QLabel("")
        self.headline.setWordWrap(True)
        self.headline.setToolTip(CONFIDENCE_TIP)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro)
        layout.addWidget(self.headline)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        self.options = RecordTable(OPTION_COLUMNS, stretch=0, sort=None)
        self.flips = QListWidget()
        self.flips.setWordWrap(True)
        self.flips.setToolTip(
            "The smallest change of the inputs found to give another verdict: every value just "
            "across every threshold and a grid over each input's range are tried and re-scored; "
            "when no single input flips it, the least combination. Distance = the change as a "
            "share of the input's range."
        )
        top.addWidget(self.options)
        flips = QWidget()
        box = QVBoxLayout(flips)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("<b>What would change this verdict</b>"))
        box.addWidget(self.flips)
        top.addWidget(flips)
        top.setSizes([380, 620])
        split.addWidget(top)
        self.evidence = RecordTable(EVIDENCE_COLUMNS, stretch=6, sort=None)
        split.addWidget(self.evidence)
        self.missing = QLabel("")
        self.missing.setWordWrap(True)
        palette.style(self.missing, "color: {muted};")
        split.setSizes([180, 400])
        layout.addWidget(split, 1)
        layout.addWidget(self.missing)

    def show_verdict(self, verdict: Verdict | None, labels: dict[str, str]) -> None:
        if verdict is None:
            self.headline.setText("No advice for this assessment.")
            for table in (self.options, self.evidence):
                table.set_rows([])
            self.flips.clear()
            self.missing.setText("")
            return
        detail = f" — {verdict.detail}" if verdict.detail else ""
        lean = "Leaning towards: " if verdict.clear and verdict.confidence_label == "low" else ""
        settle = (
            "<br>What would settle it: " + escape("; ".join(verdict.settle))
            if not verdict.clear
            else ""
        )
        self.headline.setText(
            f"<span style='font-size:14pt'>{lean}<b>{escape(verdict.headline)}</b>"
            f"{escape(detail)}</span><br>"
            f"Confidence <b>{verdict.confidence_label}</b> ({verdict.confidence:.2f}): leads by "
            f"{verdict.margin:g} points; {verdict.coverage:.0%} of the rules' weight was measured."
            + settle
        )
        self.options.set_rows(
            [
                [
                    cell(o.label, f"prior {o.prior:g}", bold=o.option == verdict.verdict),
                    Cell(f"{o.score:g}", "", o.score),
                    cell(o.rules),
                ]
                for o in verdict.options
            ]
        )
        rows = []
        for e in verdict.evidence:
            mark = Cell("✔" if e.for_verdict else "✖", "", int(e.for_verdict),
                        foreground="good" if e.for_verdict else "bad")  # fmt: skip
            rows.append(
                [
                    mark,
                    cell(e.label, e.location or e.metric),
                    cell(format_value(e.metric, e.value)),
                    cell(f"{OP_WORDS[e.op]} {format_value(e.metric, e.threshold)}", e.rule),
                    cell(labels.get(e.supports, e.supports)),
                    Cell(f"+{e.points:g}", "", e.points),
                    cell(e.source, e.source),
                    cell(e.provenance),
                ]
            )
        self.evidence.set_rows(rows)
        self.flips.clear()
        for flip in verdict.what_would_change:
            changes = "\n".join(f"• {c.text}" for c in flip.changes)
            note = "" if flip.actionable else " (not something the team changes directly)"
            self.flips.addItem(f"{changes}\n  → {flip.label}{note}; distance {flip.distance:.2f}")
        if not verdict.what_would_change:
            self.flips.addItem("No change of the measured inputs found that gives another verdict.")
        self.missing.setText(
            "Not measured, left out: " + "; ".join(f"{m.label} ({m.why})" for m in verdict.missing)
            if verdict.missing
            else ""
        )
