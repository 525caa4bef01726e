"""What running the phases side by side saves: one cold assessment with the phases one after
another against one with the scheduler's overlap, in the same invocation (issue 16).

    python benchmarks/phase_overlap.py PATH [--workers 2] [--repeat 1]

Each run gets its own empty SQLite cache (so both are cold). Prints the wall clock of both,
their ratio, each phase's seconds and the process tree's CPU; the figures of both runs must be
identical (the report without its timings), which the script checks.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.assessment import Options, run
from analysis.report import to_report
from app.store.database import open_store


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def comparable(report: dict) -> str:
    """The report without what differs between two runs of the same input (times)."""
    report = json.loads(json.dumps(report))
    repository = report["repository"]
    for key in ("phase_seconds", "analyzed_at", "duration_seconds"):
        repository.pop(key, None)
    report.pop("duration_seconds", None)
    return json.dumps(report, sort_keys=True)


def _where(a, b, path="") -> str:
    """The first path inside two JSON values where they differ, with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _where(a.get(key), b.get(key), f"{path}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _where(x, y, f"{path}[{index}]")
    return f"{path}: {str(a)[:120]} != {str(b)[:120]}"


def one(path: Path, workers: int, side_by_side: bool, folder: Path):
    store = open_store(f"sqlite:///{folder / f'cache-{time.monotonic_ns()}.db'}")
    cpu = cpu_seconds()
    started = time.perf_counter()
    result = run(path, Options(workers=workers), cache=store.cache, side_by_side=side_by_side)
    seconds = time.perf_counter() - started
    store.close()
    return seconds, cpu_seconds() - cpu, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="overlap-bench-") as tmp:
        rows = []
        for _ in range(args.repeat):
            for side_by_side in (False, True):
                rows.append((side_by_side, *one(args.path, args.workers, side_by_side, Path(tmp))))
    reports = {comparable(to_report(result)) for _, _, _, result in rows}
    print(f"{args.path}: {args.workers} workers, {args.repeat} run(s) of each")
    for side_by_side, seconds, cpu, result in rows:
        phases = result.repository.phase_seconds
        label = "side by side " if side_by_side else "one by one   "
        print(f"  {label} {seconds:7.2f} s wall, {cpu:7.2f} s CPU (process tree)")
        print("      " + ", ".join(f"{k} {v:.1f}" for k, v in phases.items()))
    best = {flag: min(s for f, s, _, _ in rows if f == flag) for flag in (False, True)}
    print(f"  ratio side by side / one by one: {best[True] / best[False]:.3f}")
    print(f"  same figures in every run: {'yes' if len(reports) == 1 else 'NO'}")
    if len(reports) > 1:
        first, *others = [json.loads(r) for r in reports]
        for other in others:
            for key in sorted(set(first) | set(other)):
                if first.get(key) != other.get(key):
                    print(f"    differs: {key} {_where(first.get(key), other.get(key))}")
    return 0 if len(reports) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
