"""Colours follow the theme: every colour the widgets, the charts and the PDF draw is a named
palette role with a light and a dark variant (widgets/palette.py), so no text is written in a
light-window colour on a dark window. A colour written anywhere else is found here."""

from __future__ import annotations

import re
import tokenize
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from analysis.headline import Headline
from widgets import palette
from widgets.assessment_trends import AssessmentTrendCharts
from widgets.debt_tables import colour_rating

ROOT = Path(__file__).resolve().parent.parent
HEX = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
NAMED = re.compile(
    r"\b(?:QColor|mkPen|mkBrush|setBackground|fill)\(\s*['\"][a-z]+['\"]"
    r"|(?:color|background)\s*[:=]\s*['\"]?(?:white|black|red|green|blue|gray|grey|orange)\b"
    r"|background=['\"]\w['\"]"
)
STRING_TOKENS = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}


def written_colours(path: Path) -> list[str]:
    """Colours written in ``path``'s strings (hex) or code (named colours), with line numbers."""
    found = []
    with path.open("rb") as handle:
        for token in tokenize.tokenize(handle.readline):
            if token.type in STRING_TOKENS and HEX.search(token.string):
                found.append(f"{path}:{token.start[0]}: {token.string.strip()}")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if NAMED.search(line.split("  #")[0]):
            found.append(f"{path}:{number}: {line.strip()}")
    return found


def test_no_colour_is_written_outside_the_palette():
    sources = [p for folder in ("widgets", "app") for p in (ROOT / folder).rglob("*.py")]
    assert len(sources) > 50
    written = [
        hit for path in sources if path.name != "palette.py" for hit in written_colours(path)
    ]
    assert written == []


def test_the_check_finds_a_written_colour(tmp_path):
    """The check above can fail: a hex value in a style sheet and a named colour are found."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'STYLE = "color: #8d6e00;"\nimage.fill(QColor("white"))\nX = "#12"  # not a colour\n'
    )
    assert len(written_colours(sample)) == 2


def test_every_role_has_a_light_and_a_dark_colour():
    assert not hasattr(palette, "ALIASES") and not hasattr(palette, "adapt")
    for role, (light, dark) in palette.ROLES.items():
        assert QColor(light).isValid() and QColor(dark).isValid(), role
        assert palette.hex_colour(role, dark=False) == light
        assert palette.hex_colour(role, dark=True) == dark
    for grade in "ABCDE":
        assert palette.grade_role(grade) in palette.ROLES
        assert palette.rating_role(grade) in palette.ROLES
    assert palette.grade_role(None) == "grade_none" and palette.rating_role("F") is None


@pytest.fixture
def dark_then_system(qapp):
    palette.apply_theme("dark")
    yield
    palette.apply_theme("system")


def test_the_assessment_trend_charts_follow_the_theme(qtbot, dark_then_system):
    """They were drawn on white whatever the theme; now on the chart background, in the
    theme's line colour, and they follow a change back to light."""
    charts = AssessmentTrendCharts()
    qtbot.addWidget(charts)
    plot = charts.plots["score"]
    assert plot.backgroundBrush().color() == QColor(palette.ROLES["chart_bg"][1])
    when = "2026-12-0{}T10:00:00+00:00"
    charts.set_headlines([Headline(score=60, analyzed_at=when.format(1)),
                          Headline(score=70, analyzed_at=when.format(2))], marked=(1,))  # fmt: skip
    line = plot.getPlotItem().listDataItems()[0]
    assert line.opts["pen"].color() == QColor(palette.ROLES["chart_line"][1])
    palette.apply_theme("light")
    assert plot.backgroundBrush().color() == QColor(palette.ROLES["chart_bg"][0])
    line = plot.getPlotItem().listDataItems()[0]
    assert line.opts["pen"].color() == QColor(palette.ROLES["chart_line"][0])


def test_a_rating_is_shown_in_its_colour_and_no_rating_in_none(qtbot):
    """The debt card of an assessment without a debt section keeps no earlier rating's colour."""
    label = QLabel("E")
    qtbot.addWidget(label)
    colour_rating(label, "E")
    assert palette.ROLES["rating_e"][0] in label.styleSheet()
    colour_rating(label, None)
    assert label.styleSheet() == ""
    palette.restyle([label])  # a theme change brings no colour back
    assert label.styleSheet() == ""
