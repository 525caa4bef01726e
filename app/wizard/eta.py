"""How long an assessment has left: per phase from its own pace, overall from the last run.

A phase that reports ``done`` of ``total`` units (files, commits) is projected linearly from the
time it has run (remaining = elapsed / done x (total - done)), once it has run long enough to
say (1 s and 5% of its units); phases run side by side, so the longest projection counts. The
whole run is projected from the last assessment of the same repository when there is one;
cached results make a re-run faster, so that figure is an upper bound and is never shown below
the running phases' own projection.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from analysis.progress import Progress

MIN_SECONDS = 1.0  # a phase younger than this has no projection yet
MIN_FRACTION = 0.05


class RunClock:
    """The run's clock: when each phase started and ended (phases run side by side), their
    last reports, and the projections from them."""

    def __init__(
        self, previous_seconds: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.previous = previous_seconds
        self.clock = clock
        self.started = clock()
        self.phase = ""  # the phase that reported last
        self.phase_started: dict[str, float] = {}  # phase -> when it first reported
        self.finished: dict[str, float] = {}  # phase -> seconds it took
        self.last: dict[str, Progress] = {}  # running phase -> its last report

    def update(self, progress: Progress) -> None:
        now = self.clock()
        phase = progress.phase
        self.phase = phase
        self.phase_started.setdefault(phase, now)
        if progress.ended:
            self.finished[phase] = now - self.phase_started[phase]
            self.last.pop(phase, None)
        elif phase not in self.finished:
            self.last[phase] = progress

    def fraction(self, phases: int) -> float:
        """How much of a run of ``phases`` phases is done: the mean of each phase's fraction,
        an ended phase counting whole (phases run side by side)."""
        done = len(self.finished) + sum(p.fraction for p in self.last.values())
        return min(1.0, done / phases) if phases else 0.0

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def _projection(self, phase: str, p: Progress) -> float | None:
        if p.total <= 0 or p.done <= 0 or p.done >= p.total:
            return None
        ran = self.clock() - self.phase_started[phase]
        if ran < MIN_SECONDS or p.done / p.total < MIN_FRACTION:
            return None
        return ran / p.done * (p.total - p.done)

    def phase_remaining(self) -> float | None:
        """Seconds the running phases still need (the longest of their own projections), or
        None when none can be told yet."""
        known = [
            t for phase, p in self.last.items() if (t := self._projection(phase, p)) is not None
        ]
        return max(known) if known else None

    def remaining(self) -> float | None:
        """Seconds the whole run still needs: the last run's length less the time spent, but
        never less than the running phases' own projection; None when neither is known."""
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
