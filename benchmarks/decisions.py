"""Time the advice (analysis.decisions.decide) on a large assessment held in memory.

The advice is recomputed in the GUI each time the team data changes, so it must stay well under
a second on a large system. Baseline, measured in the same run: serialising the same assessment
to its JSON report (``json.dumps(to_report(a))``), which the application does for every
assessment it stores. Usage: ``.venv/bin/python benchmarks/decisions.py [--files 20000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import decision_cases as cases

from analysis.architecture.components import Component
from analysis.architecture.section import ArchitectureSection, ComponentImport, Modularity
from analysis.assessment import Assessment, CodeSection
from analysis.code.results import code_totals
from analysis.decisions import decide
from analysis.report import to_report


def large(files: int, components: int, seed: int = 7) -> Assessment:
    rng = random.Random(seed)
    names = [f"app{i:03d}" for i in range(components)]
    metrics = []
    for i in range(files):
        owner = names[i % components]
        complexities = tuple(rng.randint(1, 30) for _ in range(rng.randint(1, 8)))
        metrics.append(cases.module(f"{owner}/mod{i:05d}.py", rng.randint(20, 600),
                                    rng.uniform(5, 90), complexities))  # fmt: skip
    minutes = {m.path: rng.randint(0, 600) for m in metrics}
    hotspots = [(m.path, rng.randint(1, 80)) for m in metrics]
    edges = {}
    for _ in range(components * 4):
        a, b = rng.sample(names, 2)
        edges[(a, b)] = edges.get((a, b), 0) + rng.randint(1, 9)
    architecture = ArchitectureSection(
        components=[
            Component(n, "django_app", files // components, 1000, 0, 0, rng.randint(0, 40),
                      rng.randint(0, 40), 0.5, 0.0, 0.5, i % 7 == 0)
            for i, n in enumerate(names)
        ],
        component_imports=[ComponentImport(a, b, n) for (a, b), n in edges.items()],
        modularity=Modularity(modules=files, components=components, internal_imports=files * 3,
                              cross_component_imports=files, cross_component_share=0.33,
                              components_in_cycles=components // 7, largest_cycle=5),
    )  # fmt: skip
    base = cases.fintech()
    return Assessment(
        repository=cases.info("large", files),
        code=CodeSection(metrics, code_totals(metrics)),
        dora=base.dora,
        runtime=base.runtime,
        architecture=architecture,
        history=cases.history(30_000, hotspots, 0.2, 3, 0.1, 0.2, 40, metrics),
        duplication=base.duplication,
        debt=cases.debt_report(metrics, minutes),
    )


def timed(action, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--components", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assessment = large(args.files, args.components)
    team = cases.FINTECH_TEAM
    decide(assessment, team)  # warm imports and the model file
    baseline = timed(lambda: json.dumps(to_report(assessment)), args.repeat)
    advice = timed(lambda: decide(assessment, team), args.repeat)
    print(f"assessment: {args.files:,} files, {args.components} components, "
          f"{len(assessment.history.hotspots):,} hotspots")  # fmt: skip
    print(f"baseline json.dumps(to_report(a)): {baseline:.3f} s")
    print(f"decide(a, team):                   {advice:.3f} s  ({advice / baseline:.2f}x baseline)")


if __name__ == "__main__":
    main()
