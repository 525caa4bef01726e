"""The PDF's decision-maps page: each verdict's map and contribution chart, drawn by the same
widgets as the window (:mod:`widgets.decision_map`, :mod:`widgets.verdict_contributions`) in
their light colours, with the sentence a reader needs without hovering."""

from __future__ import annotations

from PySide6.QtGui import QImage

from analysis.assessment import Assessment
from analysis.decisions.inputs import format_value
from app.pdf.charts import widget_image
from app.pdf.markup import ChartSet, heading, muted, para, text
from widgets import palette
from widgets.decision_map import HOW_TO_READ, DecisionMap
from widgets.verdict_contributions import VerdictContributions, points_text

VERDICTS = (("refactor_vs_rewrite", "Refactor or rewrite"), ("staffing", "Staffing"))
MAP_HEIGHT, BARS_HEIGHT = 330, 180


def _labels(assessment: Assessment) -> dict[str, str]:
    d = assessment.decisions
    found = {}
    for which, _title in VERDICTS:
        verdict = getattr(d, which)
        found.update({o.option: o.label for o in verdict.options})
        found.update((getattr(verdict, "map", None) or {}).get("labels") or {})
    return found


def decision_map_images(assessment: Assessment, width: int) -> dict[str, QImage]:
    """``map_<verdict>`` and ``bars_<verdict>`` for each verdict (a map only when it has one),
    in the light colours (paper is white)."""
    d = assessment.decisions
    if d is None:
        return {}
    labels = _labels(assessment)
    images = {}
    with palette.light_rendering():
        for which, title in VERDICTS:
            verdict = getattr(d, which)
            data = getattr(verdict, "map", None)
            if data:
                chart = DecisionMap(title)
                chart.show_map(data, labels)
                chart.heading.hide()  # the page says it in text (searchable)
                images[f"map_{which}"] = widget_image(chart, width, MAP_HEIGHT)
            bars = VerdictContributions()
            bars.show_verdict(verdict, labels)
            bars.heading.hide()
            images[f"bars_{which}"] = widget_image(bars, width, BARS_HEIGHT)
    return images


def _where(data: dict, labels: dict[str, str]) -> str:
    """The point and the nearest flip in words (what the arrow shows)."""
    x, y, point = data["x"], data["y"], data["point"]
    words = (
        f"The system: {text(x.get('label', x['input']))} "
        f"{text(format_value(x['input'], point['x']))}, {text(y.get('label', y['input']))} "
        f"{text(format_value(y['input'], point['y']))}."
    )
    flip = data.get("nearest_flip")
    if flip:
        verdict = labels.get(flip.get("verdict", ""), flip.get("verdict", ""))
        words += f" Nearest change to another verdict: {text(flip.get('change', ''))} → " + (
            f"<b>{text(verdict)}</b>."
        )
    else:
        words += " No point of the map gives another verdict."
    return words


def decision_maps_page(assessment: Assessment, charts: ChartSet) -> str:
    """The page: per verdict, its map (when it has one) and where its points come from."""
    d = assessment.decisions
    if d is None:
        return ""
    labels = _labels(assessment)
    parts = [
        heading("Decision maps: where the system stands", new_page=True),
        para(muted(text(HOW_TO_READ), "8.5pt")),
    ]
    for which, title in VERDICTS:
        verdict = getattr(d, which)
        data = getattr(verdict, "map", None)
        parts.append(f"<h2>{text(title)}: {text(verdict.headline)}</h2>")
        if data:
            parts.append(charts.image(f"map_{which}"))
            parts.append(para(_where(data, labels)))
        else:
            parts.append(
                para(
                    muted(
                        "No map for this verdict: fewer than two inputs the team controls were "
                        "measured, or the assessment was stored before decision maps existed."
                    )
                )
            )
        winner = labels.get(verdict.verdict, verdict.label)
        parts.append(
            para(
                f"<b>Where the points come from</b>: {text(winner)} leads by "
                f"{points_text(verdict.margin)}; each segment of a bar is a rule of the model "
                "that holds for that option "
                "(each rule's threshold and source: resources/readiness_model.toml, and the "
                "verdict's evidence in the Decisions tab)."
            )
        )
        parts.append(charts.image(f"bars_{which}"))
    return "".join(parts)
