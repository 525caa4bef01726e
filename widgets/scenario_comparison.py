"""The what-if comparison: the advice as measured beside a scenario's (score and grade, caps,
both verdicts, the money), in the article's before/after manner, as rich text for the Scenario
panel."""

from __future__ import annotations

from html import escape

from analysis.decisions.result import Decisions
from widgets import palette

VERDICTS = (("refactor_vs_rewrite", "Refactor or rewrite"), ("staffing", "Staffing"))


def comparison_html(base: Decisions, now: Decisions, changed: str = "") -> str:
    """The measured advice beside the scenario's (one column when nothing is changed:
    ``changed`` is empty); a changed figure in green when it is better, red when worse, blue
    when only different."""
    rows = [
        ("AI-readiness score", _score(base), _score(now),
         _direction(now.readiness.score, base.readiness.score)),
        ("Caps", _caps(base), _caps(now), _direction(len(base.readiness.caps),
                                                     len(now.readiness.caps))),
    ]  # fmt: skip
    for which, title in VERDICTS:
        old, new = getattr(base, which).headline, getattr(now, which).headline
        rows.append((title, old, new, 0))
    before = {f.id: f for f in base.money.figures}
    for figure in now.money.figures:
        old = before.get(figure.id)
        if figure.value is None and (old is None or old.value is None):
            continue  # not computed either way (a factor is missing): said in Money
        rows.append((figure.label, _money(old, base.money.currency),
                     _money(figure, now.money.currency),
                     _direction(old.value if old else None, figure.value)))  # fmt: skip
    if not changed:
        cells = "".join(
            f"<tr><td>{escape(label)}</td><td><b>{escape(old)}</b></td></tr>"
            for label, old, _new, _way in rows
        )
        return (
            "<b>As measured</b>: change a value on the left (or choose a scenario) to see "
            f"the advice move.<table cellspacing='0' cellpadding='2'>{cells}</table>"
        )
    colours = {1: palette.hex_colour("good"), -1: palette.hex_colour("bad"),
               0: palette.hex_colour("link")}  # fmt: skip
    lines = []
    for label, old, new, way in rows:
        style = "" if old == new else f" style='color:{colours[way or 0]}'"
        lines.append(
            f"<tr><td>{escape(label)}</td><td>{escape(old)}</td>"
            f"<td><b{style}>{escape(new)}</b></td></tr>"
        )
    return (
        f"<b>Scenario</b>: {escape(changed)}<table cellspacing='0' cellpadding='2'>"
        "<tr><th align='left'></th><th align='left'>Measured</th>"
        "<th align='left'>Scenario</th></tr>" + "".join(lines) + "</table>"
    )


def _score(d: Decisions) -> str:
    r = d.readiness
    if r.score is None:
        return "not enough data"
    return f"{r.score} ({r.grade}, {r.status})"


def _caps(d: Decisions) -> str:
    caps = d.readiness.caps
    if not caps:
        return "none"
    return ", ".join(f"at most {c.max_score:g} ({c.id})" for c in caps)


def _direction(new, old) -> int:
    """1 when ``new`` is more than ``old`` (better, for a score; costs and caps are passed
    the other way round: fewer is better), -1 when less, 0 when missing or equal."""
    if new is None or old is None or new == old:
        return 0
    return 1 if new > old else -1


def _money(figure, currency: str) -> str:
    if figure is None or figure.value is None:
        return "—"
    return f"{figure.value:,.0f} {currency}"
