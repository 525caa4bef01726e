"""One lever of a what-if scenario as an editor: a spin box with the lever's unit, range and
step (fractions in percent), the value measured now beside it, and a reset to that value."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QToolButton

from analysis.decisions.inputs import FRACTION
from analysis.decisions.scenario import Lever
from widgets import palette
from widgets.literal_text import literal_tooltip

UNIT_SUFFIX = {"days": " days", "hours": " h", "per week": " a week", "months": " months"}


def shown_scale(lever: Lever) -> float:
    """Fractions are edited in percent (30 %, not 0.3)."""
    return 100.0 if lever.unit == FRACTION else 1.0


def decimals_of(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 2


class LeverEditor:
    """One lever's row: its spin box (unit, range, resolution), the measured value, a reset."""

    def __init__(self, lever: Lever, on_edit, on_reset) -> None:
        self.lever = lever
        self.scale = shown_scale(lever)
        self.current: float | None = None
        self.label = QLabel(lever.label)
        self.label.setWordWrap(True)
        self.label.setToolTip(literal_tooltip(lever.tip or lever.label))
        self.spin = QDoubleSpinBox()
        self.spin.setRange(lever.lo * self.scale, lever.hi * self.scale)
        step = lever.resolution * self.scale
        # a percent keeps one decimal more than its step (a measured 1.9% must not read 2%)
        self.spin.setDecimals(decimals_of(step) + (1 if lever.unit == FRACTION else 0))
        self.spin.setSingleStep(step)
        self.spin.setGroupSeparatorShown(True)
        self.spin.setMinimumWidth(110)
        self.spin.setKeyboardTracking(False)  # a typed number counts once it is complete
        suffix = " %" if lever.unit == FRACTION else UNIT_SUFFIX.get(lever.unit, "")
        self.spin.setSuffix(suffix)
        self.spin.setToolTip(
            literal_tooltip(
                f"{lever.tip or lever.label}\nRange {lever.lo * self.scale:g} to "
                f"{lever.hi * self.scale:g}{suffix}, in steps of {step:g}."
            )
        )
        self.spin.valueChanged.connect(lambda _value: on_edit(self))
        self.measured = QLabel("")
        palette.style(self.measured, "color: {muted};")
        self.reset = QToolButton()
        self.reset.setText("↺")
        self.reset.setToolTip(f"Back to the measured value of {lever.label}")
        self.reset.setAutoRaise(True)
        self.reset.clicked.connect(lambda: on_reset(self))
        self.edited = False

    def value(self) -> float:
        return round(self.spin.value() / self.scale, 10)

    def text_of(self, value: float | None) -> str:
        """``value`` written as the box writes it (the same rounding: 6.25% reads 6.3% in
        both places, not 6.3 in the box and 6.2 beside it)."""
        if value is None:
            return "not measured"
        return self.spin.textFromValue(value * self.scale) + self.spin.suffix()

    def show(self, value: float | None, edited: bool) -> None:
        """Put ``value`` in the box without counting it as an edit (the caller blocks)."""
        self.spin.blockSignals(True)
        if value is not None and value * self.scale > self.spin.maximum():
            self.spin.setMaximum(value * self.scale)  # never clamp what was measured
        # an input not measured shows so (at the range's start) until the user sets it
        self.spin.setSpecialValueText("not measured" if value is None and not edited else "")
        self.spin.setValue((value if value is not None else self.lever.lo) * self.scale)
        self.spin.blockSignals(False)
        self.set_edited(edited)

    def set_edited(self, edited: bool) -> None:
        self.edited = edited
        if edited:
            self.spin.setSpecialValueText("")
        self.reset.setEnabled(edited)
        font = self.spin.font()
        font.setBold(edited)
        self.spin.setFont(font)
