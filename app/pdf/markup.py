"""Small HTML builders for the PDF's pages (Qt's rich-text subset of HTML 4 and CSS 2.1)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from widgets import palette


def _paper(role: str) -> str:
    """A palette role's colour on white paper (the light variant, whatever the app's theme)."""
    return palette.hex_colour(role, dark=False)


INK, MUTED, ACCENT, RULE, HEAD_BG = (_paper(r) for r in ("text", "muted", "accent", "rule",
                                                         "header_bg"))  # fmt: skip
GOOD, BAD, WARN = _paper("good"), _paper("bad"), _paper("warn")
GOOD_BG, BAD_BG = _paper("good_bg"), _paper("bad_bg")
WARN_BG, WARN_BORDER = _paper("warn_bg"), _paper("warn_border")
GRADE_COLOURS = {grade: _paper(palette.grade_role(grade)) for grade in "ABCDE"}
LEVEL_COLOURS = {"Elite": GOOD, "High": _paper("good_soft"), "Medium": WARN, "Low": BAD}
VERDICT_COLOURS = {"healthy": GOOD, "in between": WARN, "high-debt": BAD}


def text(value: object) -> str:
    return escape(str(value), quote=False)


def heading(title: str, level: int = 1, new_page: bool = False) -> str:
    brk = " style='page-break-before: always'" if new_page else ""
    return f"<h{level}{brk}>{text(title)}</h{level}>"


def para(html: str, style: str = "") -> str:
    return f"<p style='{style}'>{html}</p>" if style else f"<p>{html}</p>"


def muted(html: str, size: str = "8pt") -> str:
    return f"<span style='color:{MUTED}; font-size:{size}'>{html}</span>"


def coloured(html: str, colour: str | None, bold: bool = False) -> str:
    if not colour:
        return html
    weight = "; font-weight:bold" if bold else ""
    return f"<span style='color:{colour}{weight}'>{html}</span>"


def table(
    headers: Sequence[str] | None,
    rows: Iterable[Sequence[str]],
    widths: Sequence[int] | None = None,
    size: str = "8.5pt",
    backgrounds: Sequence[Sequence[str | None]] | None = None,
) -> str:
    """A full-width table; cells are HTML already (use :func:`text` for plain values);
    ``widths`` in percent; the header row (none when ``headers`` is None) repeats on every page
    the table spans."""
    cols = "".join(
        f"<th width='{widths[i]}%'>{text(h)}</th>" if widths else f"<th>{text(h)}</th>"
        for i, h in enumerate(headers or ())
    )
    head = f"<thead><tr bgcolor='{HEAD_BG}'>{cols}</tr></thead>" if headers else ""
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            bg = backgrounds[r][c] if backgrounds and backgrounds[r][c] else None
            attr = f" bgcolor='{bg}'" if bg else ""
            if widths and not headers and not r:
                attr += f" width='{widths[c]}%'"
            cells.append(f"<td{attr}>{value}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table width='100%' border='1' cellspacing='0' cellpadding='3' "
        f"style='border-collapse: collapse; border-color:{RULE}; font-size:{size}; "
        f"margin-top:4px; margin-bottom:8px'>"
        f"{head}<tbody>{''.join(body)}</tbody>"
        "</table>"
    )


def bullets(items: Iterable[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    inner = "".join(f"<li>{item}</li>" for item in items)
    return f"<{tag} style='margin-top:2px; margin-bottom:6px'>{inner}</{tag}>" if inner else ""


class ChartSet:
    """The charts rendered for this PDF (``chart:NAME`` resources) and the text width."""

    def __init__(self, names, width: int) -> None:
        self.names = frozenset(names)
        self.width = width

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def image(self, name: str, width: int | None = None) -> str:
        if name not in self.names:
            return ""
        return f"<p align='center'><img src='chart:{name}' width='{width or self.width}'></p>"


STYLE = f"""
body {{ color: {INK}; }}
h1 {{ color: {ACCENT}; font-size: 17pt; margin-top: 0px; margin-bottom: 6px; }}
h2 {{ color: {ACCENT}; font-size: 12.5pt; margin-top: 12px; margin-bottom: 4px; }}
h3 {{ color: {INK}; font-size: 10.5pt; margin-top: 8px; margin-bottom: 2px; }}
p {{ margin-top: 2px; margin-bottom: 5px; }}
th {{ text-align: left; color: {INK}; }}
"""
