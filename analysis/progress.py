"""Progress reporting and cancellation for long work, as plain callables.

The engine knows only "report progress, stop when asked" (the Orange3 pattern): callers pass a
``progress(Progress)`` callback and a ``cancel() -> bool`` check; neither threads nor signals
appear here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analysis.errors import Cancelled


@dataclass(frozen=True)
class Progress:
    """One progress report: ``done`` of ``total`` units of ``phase``; ``detail`` names the unit."""

    phase: str
    done: int
    total: int
    detail: str = ""
    ended: bool = False  # the phase has finished (sent once, by the scheduler)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]


def no_progress(_progress: Progress) -> None:
    """Default callback: ignore progress."""


def never_cancel() -> bool:
    """Default cancel check: never cancelled."""
    return False


def check_cancel(cancel: CancelCheck) -> None:
    """Raise :class:`Cancelled` when the caller asked to stop."""
    if cancel():
        raise Cancelled("assessment cancelled")
