"""Settings of the AI-assisted code signals (settings key ``ai_code``; CLI ``--ai-split-date``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

#: GitClear's churn window ("code changed or deleted within two weeks of being authored")
CHURN_DAYS = 14
#: how far back the line figures go (quarters of trailers cover the whole history read)
MONTHS = 24


@dataclass(frozen=True)
class AICodeOptions:
    enabled: bool = True
    churn_days: int = CHURN_DAYS
    months: int = MONTHS  # the window of the diff pass, in calendar months before the last commit
    split_date: str | None = None  # ISO date; None: the first commit with an AI trailer

    def problems(self) -> list[str]:
        found = []
        if not 1 <= self.churn_days <= 365:
            found.append(f"ai_code churn_days must be 1-365 (got {self.churn_days})")
        if not 1 <= self.months <= 240:
            found.append(f"ai_code months must be 1-240 (got {self.months})")
        if self.split_date is not None:
            try:
                date.fromisoformat(self.split_date)
            except (TypeError, ValueError):
                found.append(f"ai_code split_date is not a date YYYY-MM-DD: {self.split_date!r}")
        return found


def ai_code_options_from_dict(data: dict[str, Any]) -> AICodeOptions:
    """Options from a settings dict; keys it does not know and wrong types are ignored."""
    options = AICodeOptions()
    accepts = {
        "enabled": lambda v: isinstance(v, bool),
        "churn_days": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "months": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "split_date": lambda v: v is None or isinstance(v, str),
    }
    values = {
        key: value for key, value in (data or {}).items() if key in accepts and accepts[key](value)
    }
    return replace(options, **values)
