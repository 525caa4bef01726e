"""What every phase of an assessment declares, and what it is given and gives back.

A phase is a small declaration (napari's and Orange's plug-in shape): its ``key`` (the name its
progress, its timing and its findings go under), its ``label`` for people, the ``needs`` (keys of
the phases whose results it reads) and ``run``, a function of a :class:`PhaseInput` that returns
a :class:`PhaseOutput`: one value, and the findings of one type (:class:`analysis.findings.Finding`,
each with its own ``partial``). The scheduler (:mod:`analysis.phases.scheduler`) runs a phase as
soon as what it needs is ready, side by side with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from analysis.cache import ResultCache
from analysis.findings import Finding
from analysis.progress import CancelCheck, ProgressCallback

if TYPE_CHECKING:
    from analysis.options import Options

T = TypeVar("T")


@dataclass
class PhaseOutput(Generic[T]):
    """A phase's result: its value and what the user should know about it."""

    value: T
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class PhaseInput:
    """What a phase is given: the run's options and cache, a progress callback that reports
    under the phase's own key, a cancel check, and the values of the phases it declared it
    needs (asking for any other is an error, so a declaration cannot fall behind the code)."""

    key: str
    path: str  # the folder being assessed, as the user gave it
    options: Options
    cache: ResultCache
    progress: ProgressCallback
    cancel: CancelCheck
    outputs: Mapping[str, PhaseOutput[Any]]
    needs: tuple[str, ...]

    def value(self, key: str) -> Any:
        """The value of the phase ``key``, which this phase must have declared in ``needs``."""
        if key not in self.needs:
            raise KeyError(f"phase {self.key!r} reads {key!r} without declaring it in needs")
        return self.outputs[key].value

    def findings(self) -> list[Finding]:
        """Every finding of the phases this one needs, in their order of declaration."""
        return [f for key in self.needs for f in self.outputs[key].findings]


@dataclass(frozen=True)
class Phase(Generic[T]):
    """One phase of an assessment: ``run`` is given the values of ``needs`` and returns a
    :class:`PhaseOutput` of ``T``."""

    key: str
    label: str
    needs: tuple[str, ...]
    run: Callable[[PhaseInput], PhaseOutput[T]]
    #: False: the value is dropped once every phase that needs it has finished (its findings
    #: stay), for a large intermediate value no result keeps
    keep: bool = True
