"""How DORA figures read in notes, the CLI summary and the panel: counts, durations, rates."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def duration(hours: float | None) -> str:
    """``45 min``, ``5.0 h``, ``3.0 days``; ``n/a`` when unknown."""
    if hours is None:
        return "n/a"
    if hours < 1:
        return f"{hours * 60:.0f} min"
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate * 100:.1f}%"
