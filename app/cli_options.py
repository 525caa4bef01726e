"""Numeric command-line options checked where they are parsed: finite, in range, one-line reason.

Each factory returns an ``argparse`` ``type=`` callable; a bad value raises
:class:`argparse.ArgumentTypeError`, so argparse exits with status 2 and names the option
(the README's "2 for every input that cannot be used"). ``float("nan")`` and ``float("inf")``
parse as floats, so finiteness is checked explicitly (IEEE 754: NaN compares false with
everything, which is how ``--hourly-cost nan`` used to slip through as "no value").
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

#: The DORA ranges are those of ``analysis.dora.settings.DoraSettings.problems``.
WINDOW_MONTHS = (1, 120)
STALE_DAYS = (1, 3650)
HOTFIX_DAYS = (0, 365)
WORKERS = (1, 256)
SCORE = (0.0, 100.0)
MAX_HOURLY_COST = 1_000_000.0


def _range_text(low: float | None, high: float | None, unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    if high is None:
        return f"{low:g} or more{suffix}"
    return f"{low:g} to {high:g}{suffix}"


def integer(low: int, high: int | None = None, unit: str = "") -> Callable[[str], int]:
    """A whole number in ``[low, high]`` (``high`` None: no upper bound)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(
                f"{value} is out of range: must be {_range_text(low, high, unit)}"
            )
        return value

    parse.__name__ = "whole number"  # argparse names the type in its own messages
    return parse


def number(
    low: float, high: float | None = None, unit: str = "", low_open: bool = False
) -> Callable[[str], float]:
    """A finite number in ``[low, high]`` (``(low, high]`` when ``low_open``)."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
        below = value <= low if low_open else value < low
        if below or (high is not None and value > high):
            bound = f"more than {low:g}" if low_open else _range_text(low, high, unit)
            if low_open and high is not None:
                bound += f" and at most {high:,.0f}"
            raise argparse.ArgumentTypeError(f"{value:g} is out of range: must be {bound}")
        return value

    parse.__name__ = "number"
    return parse


window_months = integer(*WINDOW_MONTHS, unit="months")
stale_days = integer(*STALE_DAYS, unit="days")
hotfix_days = integer(*HOTFIX_DAYS, unit="days")
workers = integer(*WORKERS, unit="processes")
score = number(*SCORE)
hourly_cost = number(0.0, MAX_HOURLY_COST, low_open=True)
