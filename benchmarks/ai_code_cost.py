"""What the AI-assisted code section adds to a whole CLI assessment (issue 18 item 3).

    python benchmarks/ai_code_cost.py PATH [--repeat N] [--workers 2] [--readiness CMD]

In one invocation, for each repeat:

1. **floor**: ``git log --numstat HEAD`` of PATH (the same floor as
   ``benchmarks/assessment_speed.py``, partial clones handled the same way);
2. **cold without**: ``readiness assess PATH ...`` in a fresh home whose settings switch the
   section off (``{"ai_code": {"enabled": false}}``), empty cache database;
3. **cold with**: the same in another fresh home with the default settings (section on);
4. **warm without** / **warm with**: each command again, nothing changed.

Printed: wall seconds and each run's ratio to the floor, and the section's cost as
``cold with / cold without - 1`` and ``warm with - warm without`` (issue bound: at most +30%
cold, nothing warm). The machine is shared: run it with ``--repeat 3`` where it is quiet and
read the median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.assessment_speed import GIT_ENV, Run, floor_command, git_out, measure


def _home(root: Path, enabled: bool) -> dict[str, str]:
    home = root / ("with" if enabled else "without")
    (home / "config").mkdir(parents=True)
    if not enabled:
        settings = {"schema_version": 2, "ai_code": {"enabled": False}}
        (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return {**os.environ, "READINESS_ADVISOR_HOME": str(home)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--readiness",
        default=f"{sys.executable} -m app.cli",
        help="the readiness command to time (default: this checkout's app.cli)",
    )
    parser.add_argument("--keep", type=Path, help="keep the 'with' JSON report in this folder")
    args = parser.parse_args(argv)
    repo = args.path.resolve()
    floor_argv, note, _ = floor_command(repo)
    print(f"repository: {repo} @ {git_out(repo, 'rev-parse', '--short', 'HEAD')}; floor {note}")
    names = ("floor", "cold without", "cold with", "warm without", "warm with")
    rows: dict[str, list[Run]] = {name: [] for name in names}
    for round_ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="ai-code-cost-") as tmp:
            root = Path(tmp)
            runs: dict[str, Run] = {"floor": measure(floor_argv, env=GIT_ENV)}
            for enabled in (False, True):
                env = _home(root, enabled)
                label = "with" if enabled else "without"
                command = [
                    *args.readiness.split(), "assess", str(repo),
                    "--db", f"sqlite:///{tmp}/{label}.db", "--json", f"{tmp}/{label}.json",
                    "-q", "--workers", str(args.workers),
                ]  # fmt: skip
                runs[f"cold {label}"] = measure(command, env=env)
                # the cold run's report (the warm one is the kept run, reused)
                report = json.loads(Path(f"{tmp}/{label}.json").read_text(encoding="utf-8"))
                runs[f"warm {label}"] = measure(command, env=env)
                has = "ai_code" in (report.get("ai_adoption") or report)  # nested since issue 18
                if args.keep and enabled:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"with-{round_}.json").write_text(json.dumps(report))
                if has != enabled:
                    print(f"  the {label} run {'has' if has else 'lacks'} the ai_code section!")
        for name in names:
            rows[name].append(runs[name])
        base = runs["floor"].wall
        print(f"round {round_ + 1}: " + ", ".join(
            f"{name} {runs[name].wall:.2f} s ({runs[name].wall / base:.3f}x)" for name in names
        ), flush=True)  # fmt: skip
    cold = [
        w.wall / o.wall - 1 for w, o in zip(rows["cold with"], rows["cold without"], strict=True)
    ]
    warm = [w.wall - o.wall for w, o in zip(rows["warm with"], rows["warm without"], strict=True)]
    print(
        f"section's cost, cold: {statistics.median(cold) * 100:+.1f}% "
        f"(rounds {', '.join(f'{c * 100:+.1f}%' for c in cold)}; bound +30%)"
    )
    print(
        f"section's cost, warm: {statistics.median(warm):+.2f} s "
        f"(rounds {', '.join(f'{w:+.2f}' for w in warm)}; bound: nothing)"
    )
    return 1 if any(run.status for runs in rows.values() for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
