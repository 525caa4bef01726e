"""The decision map and contribution widgets: what they paint is what the data says.

A map written by hand (a verdict per cell of a 5 x 4 grid) checks the drawing itself; the
real maps of ``analysis.decisions.decision_map`` are checked against ``Advisor.decide`` in
tests/test_scenario_panel.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from analysis.decisions.verdicts import Evidence, OptionScore, Verdict
from widgets import palette
from widgets.decision_map import DecisionMap
from widgets.map_text import cell_edges
from widgets.verdict_colours import option_colour, option_fill
from widgets.verdict_contributions import VerdictContributions, segments

XS = [0.0, 0.1, 0.2, 0.3, 0.4]  # change fail rate
YS = [0.0, 10.0, 20.0, 30.0]  # lead time, days


def verdict_of(x: float, y: float) -> str:
    """The rule of the hand-made map: refactor when either figure is high, else keep."""
    return "strangler_refactor" if x >= 0.2 or y >= 20 else "keep_and_improve"


def hand_map() -> dict:
    return {
        "x": {"input": "change_fail_rate", "label": "Change fail rate", "values": XS},
        "y": {"input": "lead_time_days", "label": "Change lead time (median)", "values": YS},
        "regions": [[verdict_of(x, y) for x in XS] for y in YS],
        "point": {"x": 0.3, "y": 30.0},
        "nearest_flip": {
            "x": 0.1,
            "y": 10.0,
            "verdict": "keep_and_improve",
            "change": "Change fail rate 30% → 10%; Change lead time (median) 30.0 days → 10.0 days",
        },
        "thresholds": {"x": [0.2], "y": [20.0]},
        "labels": {
            "strangler_refactor": "Surgical refactor with the Strangler Fig pattern",
            "keep_and_improve": "Keep and improve",
        },
        "options": ["strangler_refactor", "keep_and_improve", "targeted_rewrite", "full_rewrite"],
    }


@pytest.fixture
def light(qapp):
    palette.apply_theme("light")
    yield
    palette.apply_theme("system")


@pytest.fixture
def shown_map(qtbot, light):
    widget = DecisionMap("Refactor or rewrite")
    qtbot.addWidget(widget)
    widget.resize(640, 460)
    widget.show_map(hand_map())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_cells_meet_the_thresholds():
    assert cell_edges(XS, [0.2]) == [0.0, 0.05, 0.2, 0.25, 0.35, 0.4]
    assert cell_edges(YS) == [0.0, 5.0, 15.0, 25.0, 30.0]


def test_the_systems_point_is_shaded_with_its_verdicts_colour(shown_map):
    options = hand_map()["options"]
    assert shown_map.verdict_at(0.3, 30.0) == "strangler_refactor"
    assert shown_map.region_colour_at(0.3, 30.0) == option_fill("strangler_refactor", options)
    assert shown_map.region_colour_at(0.05, 5.0) == option_fill("keep_and_improve", options)
    # every cell is painted in its verdict's colour (cell centres)
    for j, y in enumerate(YS):
        for i, x in enumerate(XS):
            assert shown_map.region_colour_at(x, y) == option_fill(verdict_of(x, y), options), (
                i,
                j,
            )
    dot = shown_map.marks.point.points()[0]
    assert (dot.pos().x(), dot.pos().y()) == (0.3, 30.0)
    assert dot.brush().color() == option_colour("strangler_refactor", options)
    assert "Surgical refactor" in shown_map.heading.text()
    legend = shown_map.legend.text()
    assert "Keep and improve" in legend and "Strangler Fig" in legend
    assert "Full rewrite" not in legend  # not on this map


def test_the_arrow_leads_to_the_nearest_flip_labelled_with_the_change(shown_map, qtbot):
    xs, ys = shown_map.marks.arrow_line.getData()
    assert list(xs) == [0.3, 0.1] and list(ys) == [30.0, 10.0]
    assert (shown_map.marks.arrow.pos().x(), shown_map.marks.arrow.pos().y()) == (0.1, 10.0)
    label = shown_map.marks.arrow_label.textItem.toPlainText()
    assert label == "Fail rate 30% → 10%; Lead time 30 → 10.0 days\n→ Keep and improve"
    assert hand_map()["nearest_flip"]["change"] in shown_map.marks.arrow_label.toolTip()
    # the label lies inside the plot
    vb = shown_map.plot.getPlotItem().getViewBox()
    assert vb.sceneBoundingRect().contains(shown_map.marks.arrow_label.sceneBoundingRect())
    # the head points from the dot to the flip on screen: its body (a path in screen pixels,
    # tip at 0, 0) lies on the dot's side of its tip
    vb = shown_map.plot.getPlotItem().getViewBox()
    tip = vb.mapViewToScene(QPointF(0.1, 10.0))
    dot = vb.mapViewToScene(QPointF(0.3, 30.0))
    body = shown_map.marks.arrow.path.boundingRect().center()
    towards_dot = (dot.x() - tip.x(), dot.y() - tip.y())
    cosine = (towards_dot[0] * body.x() + towards_dot[1] * body.y()) / (
        (towards_dot[0] ** 2 + towards_dot[1] ** 2) ** 0.5 * (body.x() ** 2 + body.y() ** 2) ** 0.5
    )
    assert cosine > 0.95


def test_threshold_lines_and_axes_read_in_units(shown_map):
    lines = {(line.angle, line.value()) for line in shown_map.threshold_lines}
    assert lines == {(90, 0.2), (0, 20.0)}
    item = shown_map.plot.getPlotItem()
    assert item.getAxis("bottom").labelText == "Change fail rate (%)"
    assert item.getAxis("left").labelText == "Change lead time (days)"
    assert shown_map.x_axis.tickStrings([0.2, 0.45], 1, 0.1) == ["20%", "45%"]


def test_hover_names_both_inputs_the_verdict_and_the_model(shown_map):
    vb = shown_map.plot.getPlotItem().getViewBox()
    shown_map._hover(vb.mapViewToScene(QPointF(0.1, 10.0)))
    tip = shown_map.plot.toolTip()
    assert "Change fail rate: 10%" in tip and "Change lead time (median): 10.0 days" in tip
    assert "Keep and improve" in tip and "resources/readiness_model.toml" in tip


def test_dark_theme_repaints_in_dark_colours(shown_map):
    light = shown_map.region_colour_at(0.3, 30.0)
    palette.apply_theme("dark")
    dark = shown_map.region_colour_at(0.3, 30.0)
    assert dark != light and dark.lightness() < light.lightness()
    assert dark == option_fill("strangler_refactor", hand_map()["options"])
    # the dot and the arrow are re-made in the dark colours, still where they were
    dot = shown_map.marks.point.points()[0]
    assert dot.brush().color() == option_colour("strangler_refactor", hand_map()["options"])
    assert shown_map.marks.arrow.isVisible() and shown_map.marks.arrow.pos().x() == 0.1
    assert len(shown_map.threshold_lines) == 2


def test_no_map_says_so(qtbot, light):
    widget = DecisionMap("Staffing")
    qtbot.addWidget(widget)
    widget.show_map({})
    assert "no map" in widget.heading.text() and widget.plot.isHidden()
    assert widget.region_colour_at(0, 0) is None


def verdict() -> Verdict:
    def rule(rule_id, metric, label, value, threshold, supports, points):
        return Evidence(
            metric, value, threshold, supports, f"source of {rule_id}", label, ">=", points,
            rule_id, "measured", supports == "architectural_partner",
        )  # fmt: skip

    return Verdict(
        verdict="architectural_partner",
        label="Bring in an architectural partner",
        confidence=0.3,
        confidence_label="medium",
        margin=1,
        coverage=1.0,
        options=[
            OptionScore("architectural_partner", "Bring in an architectural partner", 6, 1, 2),
            OptionScore("staff_augmentation", "Staff augmentation is enough", 5, 0, 2),
        ],
        evidence=[
            rule("st-cycles", "components_in_cycles", "Components in dependency cycles", 26, 3,
                 "architectural_partner", 2),
            rule("st-lead-high", "lead_time_days", "Change lead time (median)", 34.2, 14,
                 "architectural_partner", 3),
            rule("st-cfr-healthy", "change_fail_rate", "Change fail rate", 0.02, 0.1,
                 "staff_augmentation", 2),
            rule("st-debt-low", "debt_ratio", "Technical debt ratio", 0.03, 0.05,
                 "staff_augmentation", 3),
        ],
    )  # fmt: skip


def test_contributions_stack_the_prior_and_each_rule(qtbot, light):
    v = verdict()
    pieces = segments(v, {})
    # each bar adds up to the option's points; the largest rule first, after the prior
    for option in v.options:
        mine = [p for p in pieces if p.option == option.option]
        assert sum(p.points for p in mine) == option.score
    partner = [(p.name, p.start, p.points) for p in pieces if p.option == "architectural_partner"]
    assert partner == [("prior", 0, 1), ("Lead time", 1, 3), ("Cycles", 4, 2)]
    widget = VerdictContributions()
    qtbot.addWidget(widget)
    widget.resize(640, 240)
    widget.show_verdict(v)
    widget.show()
    qtbot.waitExposed(widget)
    piece = widget.piece_at(2.0, 1.0)  # the top row, inside "Lead time"
    assert piece is not None and "st-lead-high" in piece.tooltip
    assert "source of st-lead-high" in piece.tooltip and "readiness_model.toml" in piece.tooltip
    ticks = widget.plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert ticks[0][1].startswith("✔ Bring in an architectural partner")


def test_the_pdf_has_both_maps_and_contribution_charts(tmp_path, qapp):
    """The PDF's decision-maps page: each verdict's map and bars as images, the sentence of
    the point and the nearest flip (what the arrow shows) as text."""
    import decision_cases as cases
    from pypdf import PdfReader

    from analysis.decisions.advisor import Advisor
    from app.pdf import export_pdf

    assessment = cases.healthy()
    assessment.decisions = Advisor(assessment, cases.HEALTHY_TEAM).base
    data = assessment.decisions.refactor_vs_rewrite.map
    path = export_pdf(assessment, tmp_path / "maps.pdf")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]
    start = next(i for i, text in enumerate(pages) if "Decision maps: where the system" in text)
    text = " ".join(pages[start : start + 2])
    flip = data["nearest_flip"]
    assert f"Nearest change to another verdict: {flip['change']} → {flip['label']}" in text
    assert "Where the points come from" in text
    reader = PdfReader(path)
    images = sum(len(reader.pages[i].images) for i in range(start, min(start + 2, len(pages))))
    maps = sum(1 for v in ("refactor_vs_rewrite", "staffing")
               if getattr(assessment.decisions, v).map)  # fmt: skip
    assert images == maps + 2  # each map, and both contribution charts
