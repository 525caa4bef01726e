"""The one-page portfolio summary for the board: every repository's latest stored assessment in
one table (score, grade, both verdicts, the five DORA figures, debt ratio, hotspot share, last
assessed), the scatter of readiness against change pressure, the money summed over the
portfolio with the largest shares, and the median score's trend. Built like the executive
summary (app.pdf.export): rich text on QTextDocument, charts drawn by the GUI's own widgets,
rendered in memory and written atomically.

``readiness portfolio --pdf`` calls :func:`export_portfolio_pdf` with the same signature.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtGui import QTextDocument

from analysis.portfolio import PortfolioMoney, PortfolioRow, TrendPoint, portfolio_money
from analysis.version import __version__
from app.output_files import write_output
from app.pdf.application import ensure_application
from app.pdf.charts import widget_image
from app.pdf.export import chart_document
from app.pdf.layout import PAGE_SIZES, page_geometry, render_pdf
from app.pdf.markup import MUTED, heading, muted, para, table, text
from app.store.portfolio import load_portfolio
from app.store.portfolio_trend import load_median_trend
from app.store.store import Store
from widgets.portfolio_scatter import PortfolioScatter
from widgets.portfolio_trend import PortfolioTrend

#: the money lines listed by name on the page; the rest are summed as "others"
TOP_SHARES = 5
#: table rows that fit on the one page beside the charts: the weakest scores; the others are
#: counted under the table (and are all in the scatter, the money and the GUI's table)
PAGE_ROWS = 6


def _value(value, how) -> str:
    return "–" if value is None else how(value)


def _verdict(label: str | None, stated: str | None) -> str:
    """The verdict's label; a dagger when it is only what an unclear verdict leans to."""
    if not label:
        return "–"
    return text(label) + ("†" if stated and stated != label else "")


def _row_cells(row: PortfolioRow) -> list[str]:
    f = row.figure
    pct = lambda v: f"{v * 100:.0f}%"  # noqa: E731
    return [
        text(row.name),
        _value(f("score"), str),
        _value(f("grade"), str),
        f"{_verdict(row.headline.refactor_verdict, row.refactor)};<br>"
        f"{_verdict(row.headline.staffing_verdict, row.staffing)}",
        _value(f("lead_time_days"), lambda v: f"{v:.1f} d"),
        _value(f("deploys_per_week"), lambda v: f"{v:.2f}"),
        _value(f("change_fail_rate"), pct),
        _value(f("recovery_hours"), lambda v: f"{v:.1f} h"),
        _value(f("deployment_rework_rate"), pct),
        _value(f("debt_ratio"), lambda v: f"{v * 100:.1f}%"),
        _value(f("hotspot_share"), pct),
        row.analyzed_at.strftime("%Y-%m-%d"),
    ]


HEADERS = ("Repository", "Score", "Grade", "Verdicts: refactor or rewrite; staffing",
           "Lead time", "Deploys a week", "Change fail", "Recovery", "Deploy rework", "Debt ratio",
           "Hotspot share", "Assessed")  # fmt: skip
#: percent of the width: every header word fits its column at 6.5 pt bold (none broken)
WIDTHS = (10, 6, 6, 16, 6, 8, 7, 9, 7, 6, 8, 11)


def _money_lines(money: PortfolioMoney) -> str:
    cur = text(money.currency or "")

    def listing(shares) -> str:
        named = [f"{text(s.name)} {s.share * 100:.0f}%" for s in shares[:TOP_SHARES]]
        rest = shares[TOP_SHARES:]
        if rest:
            named.append(f"{len(rest)} others {sum(s.share for s in rest) * 100:.0f}%")
        return ", ".join(named) or "none measured"

    lines = [
        f"<b>Rework: {money.rework_total:,.0f} {cur} a year</b> (team size x cost per engineer "
        f"x measured rework share, summed). Shares: {listing(money.rework)}.",
        f"<b>Cost to fix the known debt: {money.debt_total:,.0f} {cur}</b> (SQALE remediation "
        f"hours x hourly cost, summed). Shares: {listing(money.debt)}.",
    ]
    if money.left_out:
        lines.append(muted("Not summed: " + text("; ".join(money.left_out))))
    return "".join(para(line) for line in lines)


def _trend_line(trend: list[TrendPoint]) -> str:
    if not trend:
        return para(muted("No scored assessment yet: no trend."))
    first, last = trend[0], trend[-1]
    now = (
        f"Median readiness score: <b>{last.median:g}</b> in {text(last.period)} "
        f"({last.repositories} repositories)"
    )
    if len(trend) == 1:
        return para(now + ": the first month with a stored assessment, no trend yet.")
    return para(f"{now}; {first.median:g} in {text(first.period)}.")


def build_portfolio_document(
    rows: list[PortfolioRow], trend: list[TrendPoint], page_size: str = "a4"
) -> QTextDocument:
    width = int(page_geometry(page_size).width)
    scatter = PortfolioScatter()
    scatter.plot.set_title("Readiness against change pressure", size="9pt")  # paper: no clicks
    scatter.set_rows(rows)
    images = {"scatter": widget_image(scatter, width, 300)}
    if len(trend) > 1:
        chart = PortfolioTrend()
        chart.setMinimumHeight(0)
        chart.plot.setMinimumHeight(0)
        chart.set_points(trend)
        images["trend"] = widget_image(chart, width, 120)
    document = chart_document(9, images)
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    parts = [
        heading("Portfolio summary"),
        para(
            f"{len(rows)} repositories, each with its latest stored assessment, as of {today}. "
            "Weakest score first.",
            f"color:{MUTED}",
        ),
    ]
    ordered = sorted(
        rows, key=lambda r: (r.figure("score") is None, r.figure("score") or 0, r.name)
    )
    shown = ordered[:PAGE_ROWS]
    parts.append(table(HEADERS, (_row_cells(r) for r in shown), WIDTHS, size="6.5pt"))
    notes = []
    if any(
        _verdict(r.headline.refactor_verdict, r.refactor).endswith("†")
        or _verdict(r.headline.staffing_verdict, r.staffing).endswith("†")
        for r in shown
    ):
        notes.append("† leaning towards: no clear verdict.")
    if len(ordered) > len(shown):
        rest = len(ordered) - len(shown)
        notes.append(f"The other {rest} repositories (no lower score) are in the scatter and the "
                     "money below, and in the Portfolio window's table.")  # fmt: skip
    if notes:
        parts.append(para(muted(" ".join(notes))))
    parts.append(f"<p align='center'><img src='chart:scatter' width='{width}'></p>")
    parts.append("<h3>Money</h3>")
    parts.append(_money_lines(portfolio_money(rows)))
    parts.append("<h3>Trend</h3>")
    if "trend" in images:
        parts.append(f"<p align='center'><img src='chart:trend' width='{width}'></p>")
    parts.append(_trend_line(trend))
    document.setHtml("<html><body>" + "".join(parts) + "</body></html>")
    return document


def export_portfolio_pdf(
    store: Store,
    path: str | os.PathLike[str],
    page_size: str = "a4",
    rows: list[PortfolioRow] | None = None,
    trend: list[TrendPoint] | None = None,
) -> Path:
    """Write the portfolio summary of ``store`` to ``path`` ("a4" or "letter"). ``rows`` and
    ``trend``: already read (the GUI reads them off its thread); otherwise read here."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    ensure_application()
    rows = load_portfolio(store) if rows is None else rows
    trend = load_median_trend(store) if trend is None else trend
    document = build_portfolio_document(rows, trend, page_size)
    data = render_pdf(
        document,
        page_size,
        footer_left=f"Portfolio summary · {len(rows)} repositories · Readiness Advisor "
        f"{__version__}",
        title="AI-readiness portfolio summary",
        first_page_footer=True,
    )
    return Path(str(write_output(data, path)))
