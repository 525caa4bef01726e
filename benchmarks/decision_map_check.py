"""Decision maps of real assessments checked point by point against a fresh advice run.

For each report JSON (``readiness assess PATH --json FILE``), each verdict's map is rebuilt with
the report's own advice (the team profile is the stored default) and every grid point is
re-decided by a separate :class:`analysis.decisions.advisor.Advisor` without maps, with both axes
set at once (no addition of effects): the table prints the axes, the grid size, the points that
disagree (must be 0), the system's point and its region, and the nearest flip re-decided with
``decide(..., what_if=...)``. Timings: the Advisor's construction, one scenario's advice with
its two maps, and one bare ``decide`` (the baseline), in the same run.

    .venv/bin/python benchmarks/decision_map_check.py /tmp/i13/saleor.json /tmp/i13/netbox.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from analysis.decisions import decide
from analysis.decisions.advisor import Advisor
from analysis.decisions.inputs import format_value
from analysis.report import from_report

VERDICTS = ("refactor_vs_rewrite", "staffing")


def _median_ms(call, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def check(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        assessment = from_report(json.load(handle))
    built = _median_ms(lambda: Advisor(assessment), runs=3)
    advisor = Advisor(assessment)
    plain = Advisor(assessment, maps=False)
    scenario = _median_ms(lambda: advisor.decide({"change_fail_rate": 0.08}))
    bare = _median_ms(lambda: decide(assessment), runs=3)
    print(f"\n{path}")
    print(
        f"  Advisor built {built:.1f} ms; a scenario with both maps {scenario:.1f} ms; "
        f"bare decide {bare:.1f} ms (baseline); ratio {scenario / bare:.2f}"
    )
    for which in VERDICTS:
        verdict = getattr(advisor.base, which)
        grid = verdict.map
        if not grid:
            print(f"  {which}: no map (fewer than two measured levers)")
            continue
        xk, yk = grid["x"]["input"], grid["y"]["input"]
        xs, ys = grid["x"]["values"], grid["y"]["values"]
        wrong = 0
        for j, y in enumerate(ys):
            for i, x in enumerate(xs):
                if getattr(plain.decide({xk: x, yk: y}), which).verdict != grid["regions"][j][i]:
                    wrong += 1
        point = grid["point"]
        at = grid["regions"][ys.index(point["y"])][xs.index(point["x"])]
        print(
            f"  {which}: verdict {verdict.verdict}; axes {xk} x {yk}, {len(xs)} x {len(ys)} "
            f"points, {wrong} disagree; point ({format_value(xk, point['x'])}, "
            f"{format_value(yk, point['y'])}) shaded {at}"
        )
        flip = grid["nearest_flip"]
        if flip is None:
            print(f"    no flip in the plane: {grid['note']}")
            continue
        redone = getattr(decide(assessment, what_if={xk: flip["x"], yk: flip["y"]}), which)
        print(f"    arrow: {flip['change']} -> {flip['verdict']}; decide gives {redone.verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", help="report JSON files")
    for path in parser.parse_args().reports:
        check(path)


if __name__ == "__main__":
    main()
