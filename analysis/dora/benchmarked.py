"""The DORA report with its industry benchmark attached (``DoraReport.benchmark``, JSON
``dora.benchmark``): the team's Quick Check answers and the window's measured figures set beside
DORA's Quick Check benchmark for the industry and organisation size the team gave
(analysis.dora.benchmark, whose docstring gives the source, the scoring and the inversions)."""

from __future__ import annotations

from analysis.dora.benchmark import Benchmark, compare
from analysis.dora.engine import measured_figures
from analysis.dora.results import DoraReport


def benchmark_of(
    report: DoraReport,
    industry: str | None = None,
    organisation_size: str | None = None,
    edition: str | None = None,
) -> Benchmark:
    """The benchmark of a report's answers and measured figures (the report is not changed)."""
    answers = report.quick_check.answers if report.quick_check else None
    return compare(answers, measured_figures(report), industry, organisation_size, edition)


def attach_benchmark(
    report: DoraReport,
    industry: str | None = None,
    organisation_size: str | None = None,
    edition: str | None = None,
) -> list[str]:
    """Set ``report.benchmark``; returns the problems (an unknown industry, size or edition),
    each one line for the user. A group that cannot be found is left out, never guessed."""
    report.benchmark = benchmark_of(report, industry, organisation_size, edition)
    return list(report.benchmark.problems)
