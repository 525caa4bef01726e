"""Time windows: the assessment window, its calendar months, and week/month blocks.

All in UTC. The window ends at ``end`` (exclusive) and starts the same day ``months`` calendar
months earlier (clamped to the month's last day: 31 August minus 6 months is 28/29 February).
Deploy-day statistics (fourkeys, DevLake) use whole 7-day weeks and whole months counted back
from the window's end, so a partial week or month never drags a median down.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def months_before(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def window(end: datetime, months: int) -> Period:
    end = end.astimezone(UTC)
    return Period(months_before(end, months), end)


def calendar_months(span: Period) -> list[tuple[str, Period]]:
    """``("2024-03", part of the window in March)`` for each month the window touches."""
    found = []
    cursor = span.start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    while cursor < span.end:
        following = months_before(cursor, -1)
        part = Period(max(cursor, span.start), min(following, span.end))
        if part.end > part.start:
            found.append((f"{cursor:%Y-%m}", part))
        cursor = following
    return found


def week_blocks(span: Period) -> list[Period]:
    """Whole 7-day weeks counted back from the window's end."""
    blocks = []
    end = span.end
    while end - timedelta(days=7) >= span.start:
        blocks.append(Period(end - timedelta(days=7), end))
        end -= timedelta(days=7)
    return blocks


def month_blocks(span: Period) -> list[Period]:
    """Whole months counted back from the window's end."""
    blocks = []
    end = span.end
    while months_before(end, 1) >= span.start:
        blocks.append(Period(months_before(end, 1), end))
        end = months_before(end, 1)
    return blocks
