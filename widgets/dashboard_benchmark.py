"""The dashboard's "Against the industry" block: the team beside DORA's Quick Check benchmark
(analysis.dora.benchmark) for the industry the team picked, one chart row per metric."""

from __future__ import annotations

from html import escape

from analysis.assessment import Assessment
from widgets.dashboard_block import DashboardBlock, label
from widgets.industry_benchmark import LICENCE, BenchmarkChart

TIP = (
    "The team's Quick Check answers (circles) and the measured figures (diamonds) beside the "
    "spread of DORA's Quick Check respondents (mean ± one standard deviation, 0-10, 10 best). "
    "Pick the industry and organisation size in the Delivery tab, 'Against the industry'. "
    + LICENCE
)


class BenchmarkBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        # the Delivery tab holds the picker and both groups: the same key opens it
        super().__init__("delivery", "Against the industry", "Delivery", TIP, parent)
        self.summary = label()
        self.body.addWidget(self.summary)
        self.source = label(muted=True)
        self.body.addWidget(self.source)
        self.chart = BenchmarkChart()
        self.body.addWidget(self.chart)

    def show_assessment(self, a: Assessment) -> None:
        dora = a.dora
        bench = dora.benchmark if dora is not None else None
        if not self.present(
            bench,
            "No industry benchmark in this assessment: it has no delivery figures, or it "
            "predates the benchmark.",
        ):
            return
        assert bench is not None
        group = bench.groups[0] if bench.groups else None
        self.chart.set_group(group, bench.edition)
        self.chart.setVisible(group is not None)
        counts = {"below": 0, "within": 0, "above": 0}
        for metric in group.metrics if group else []:
            position = metric.answered_position or metric.measured_position
            if position:
                counts[position] += 1
        named = " · ".join(escape(g.name) for g in bench.groups)
        placed = ", ".join(f"{n} {word}" for word, n in counts.items() if n)
        problems = " ".join(escape(p) for p in bench.problems)
        self.summary.setText(
            f"{named} (DORA {bench.edition})"
            + (f" · {placed} the spread" if placed else " · nothing answered or measured yet")
            + (f"<br>{problems}" if problems else "")
        )
        self.source.setText(
            f"Circle: the team's answer · diamond: measured · band: DORA's mean ± one standard "
            f"deviation. Source: DORA Quick Check {bench.edition} benchmark (dora.dev), "
            "Apache License 2.0."
        )
