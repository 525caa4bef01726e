"""How long an assessment has left: per phase from its own pace, overall from the last run.

A phase that reports ``done`` of ``total`` units (files, commits) is projected linearly from the
time it has run (remaining = elapsed / done x (total - done)), once it has run long enough to
say (1 s and 5% of its units). The whole run is projected from the last assessment of the same
repository when there is one; cached results make a re-run faster, so that figure is an upper
bound and is never shown below the current phase's own projection.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from analysis.progress import Progress

MIN_SECONDS = 1.0  # a phase younger than this has no projection yet
MIN_FRACTION = 0.05


class RunClock:
    def __init__(
        self, previous_seconds: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.previous = previous_seconds
        self.clock = clock
        self.started = clock()
        self.phase = ""
        self.phase_started = self.started
        self.finished: dict[str, float] = {}  # phase -> seconds it took
        self.last: Progress | None = None

    def update(self, progress: Progress) -> None:
        now = self.clock()
        if progress.phase != self.phase:
            if self.phase:
                self.finished[self.phase] = now - self.phase_started
            self.phase, self.phase_started = progress.phase, now
        self.last = progress

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def phase_remaining(self) -> float | None:
        """Seconds the current phase still needs, or None when it cannot be told yet."""
        p = self.last
        if p is None or p.total <= 0 or p.done <= 0 or p.done >= p.total:
            return None
        ran = self.clock() - self.phase_started
        if ran < MIN_SECONDS or p.done / p.total < MIN_FRACTION:
            return None
        return ran / p.done * (p.total - p.done)

    def remaining(self) -> float | None:
        """Seconds the whole run still needs: the last run's length less the time spent, but
        never less than the current phase's own projection; None when neither is known."""
        phase = self.phase_remaining()
        if self.previous is None:
            return phase
        left = max(0.0, self.previous - self.elapsed)
        return max(left, phase or 0.0)


def duration_text(seconds: float) -> str:
    """Seconds for people: 12 s, 3 min 05 s, 1 h 02 min."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
