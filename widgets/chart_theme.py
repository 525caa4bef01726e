"""A pyqtgraph plot that follows the light/dark theme: background, axes, grid, title, legend.

Series colours are mid tones chosen to read on both backgrounds; what a chart draws in a role
colour (``widgets.palette``) is redrawn by its owner when the theme changes.
"""

from __future__ import annotations

import pyqtgraph as pg

from widgets import palette


class ThemedPlot(pg.PlotWidget):
    def __init__(self, parent=None, **kwargs) -> None:
        super().__init__(parent, background=palette.hex_colour("chart_bg"), **kwargs)
        self._title = ""
        self._title_size: str | None = None
        self.getPlotItem().setMenuEnabled(False)
        self.theme_changed()

    def set_title(self, title: str, size: str | None = None) -> None:
        """A title in the theme's text colour (kept across theme changes)."""
        self._title, self._title_size = title, size
        self._apply_title()

    def _apply_title(self) -> None:
        if not self._title:
            return
        options = {"color": palette.hex_colour("chart_fg")}
        if self._title_size:
            options["size"] = self._title_size
        self.setTitle(self._title, **options)

    def theme_changed(self) -> None:
        """Re-colour the frame of the chart for the current theme (palette.restyle calls it)."""
        foreground = palette.hex_colour("chart_fg")
        self.setBackground(palette.hex_colour("chart_bg"))
        item = self.getPlotItem()
        for name in ("left", "bottom", "right", "top"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(foreground))
            axis.setTextPen(pg.mkPen(foreground))
            if axis.label is not None and axis.labelText:
                axis.setLabel(axis.labelText, units=axis.labelUnits, color=foreground)
        legend = item.legend
        if legend is not None:
            legend.setLabelTextColor(foreground)
            legend.setBrush(pg.mkBrush(palette.colour("chart_bg")))
            for _sample, label in legend.items:
                label.setText(label.text, color=foreground)
        self._apply_title()


def trend_plot(title: str, unit: str, height: int, title_size: str = "10pt") -> ThemedPlot:
    """A small fixed chart of one series over time: themed title and unit, a light horizontal
    grid, no mouse zoom or auto-range button, named for screen readers."""
    plot = ThemedPlot()
    plot.set_title(title, size=title_size)
    plot.setLabel("left", unit)
    plot.theme_changed()  # the label in the theme's colour
    plot.showGrid(y=True, alpha=0.25)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setMinimumHeight(height)
    plot.setAccessibleName(title)
    return plot
