"""Monthly DORA trend charts (pyqtgraph): lead time, deployments, change fail rate, recovery."""

from __future__ import annotations

import calendar
import math

import pyqtgraph as pg
from PySide6.QtWidgets import QGridLayout, QWidget

from analysis.dora.results import MonthFigures
from widgets import palette
from widgets.chart_theme import trend_plot

#: (title, unit, value of a month, article's healthy bound or None, tooltip)
CHARTS = (
    (
        "Median lead time",
        "days",
        lambda m: None if m.lead_time_hours.median is None else m.lead_time_hours.median / 24,
        3,
        "Median hours from commit to the first deployment containing it, per month, in days. "
        "Dashed line: the article's healthy bound (3 days).",
    ),
    (
        "Deployments per week",
        "per week",
        lambda m: m.deployments_per_week,
        None,
        "Deployments in the month divided by its weeks (partial months at the window's edges "
        "use their days in the window).",
    ),
    (
        "Change fail rate",
        "%",
        lambda m: None if m.change_fail_rate is None else m.change_fail_rate * 100,
        10,
        "Failed deployments / deployments in the month. Dashed line: the article's healthy bound "
        "(10%).",
    ),
    (
        "Median recovery time",
        "hours",
        lambda m: m.recovery_hours.median,
        1,
        "Median hours from a failed deployment to the deployment or resolution that restored "
        "service, per month. Dashed line: the article's healthy bound (1 hour).",
    ),
)


def month_label(month: str) -> str:
    """A month's tick: its abbreviation ("Feb"), with the year when a year starts ("Jan 27").

    Seven "26/02" ticks overlapped on half a printed page; three letters fit."""
    year, number = month.split("-")
    name = calendar.month_abbr[int(number)]
    return f"{name} {year[2:]}" if number == "01" else name


class DoraTrendCharts(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plots: list[pg.PlotWidget] = []
        for index, (title, unit, _value, _bound, tooltip) in enumerate(CHARTS):
            plot = trend_plot(title, unit, 170)
            plot.setToolTip(tooltip)
            layout.addWidget(plot, index // 2, index % 2)
            self.plots.append(plot)
        self.series: list[list[float | None]] = [[] for _ in CHARTS]
        self.months: list[MonthFigures] = []
        self.noun = "deployment"

    def theme_changed(self) -> None:
        self.set_months(self.months, self.noun)

    def set_months(self, months: list[MonthFigures], noun: str = "deployment") -> None:
        """The monthly figures; ``noun`` "release" when tags measure release cadence."""
        self.months = list(months)
        self.noun = noun
        self.plots[1].set_title(f"{noun.capitalize()}s per week", size="10pt")
        line, bound_colour = palette.colour("chart_line"), palette.colour("chart_bound")
        labels = [(i, month_label(m.month)) for i, m in enumerate(months)]
        for index, (plot, (_title, _unit, value, bound, _tip)) in enumerate(
            zip(self.plots, CHARTS, strict=True)
        ):
            plot.clear()
            values = [value(m) for m in months]
            self.series[index] = values
            xs = [i for i, v in enumerate(values) if v is not None]
            ys = [values[i] for i in xs]
            if index == 1:
                plot.addItem(
                    pg.BarGraphItem(x=xs, height=ys, width=0.6, brush=palette.colour("chart_bar"))
                )
            elif xs:
                plot.plot(
                    xs,
                    ys,
                    pen=pg.mkPen(line, width=2),
                    symbol="o",
                    symbolSize=7,
                    symbolBrush=line,
                )
            if bound is not None:
                plot.addItem(
                    pg.InfiniteLine(
                        pos=bound,
                        angle=0,
                        pen=pg.mkPen(bound_colour, width=1, style=pg.QtCore.Qt.PenStyle.DashLine),
                    )
                )
            top = max([*ys, bound or 0, 1])
            plot.setYRange(0, top * 1.15 if not math.isinf(top) else 1)
            plot.setXRange(-0.6, max(len(months) - 0.4, 0.6))
            plot.getAxis("bottom").setTicks([labels])
