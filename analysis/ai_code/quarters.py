"""Calendar quarters (UTC) of commit times."""

from __future__ import annotations

from datetime import UTC, datetime


def quarter_of(seconds: int) -> str:
    """``2026Q1`` for any moment of January-March 2026 (UTC)."""
    when = datetime.fromtimestamp(seconds, UTC)
    return f"{when.year}Q{(when.month - 1) // 3 + 1}"


def quarter_start(seconds: int) -> int:
    """The first moment (UTC) of the quarter holding ``seconds``."""
    when = datetime.fromtimestamp(seconds, UTC)
    month = (when.month - 1) // 3 * 3 + 1
    return int(datetime(when.year, month, 1, tzinfo=UTC).timestamp())


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` inclusive, empty ones too (a gap is a figure)."""
    year, q = int(first[:4]), int(first[5:])
    end = (int(last[:4]), int(last[5:]))
    found = []
    while (year, q) <= end:
        found.append(f"{year}Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return found
