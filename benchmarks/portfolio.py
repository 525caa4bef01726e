"""A portfolio of 20 repositories against the same assessments run one after another (issue 17).

    python benchmarks/portfolio.py [--work DIR] [--repos /work/repos] [--workers 2]

In one invocation, every run cold (a fresh ``READINESS_ADVISOR_HOME`` and database each, and
``--fresh``):

1. **one after another**: ``readiness assess PATH --workers 2 --fresh -q --json FILE`` for each
   of the 20 repositories, each its own CLI process; the baseline is the sum of their wall
   times (what the README's old shell loop cost);
2. **--workers 2**: ``readiness portfolio PATH... --workers 2 --fresh --json-dir DIR``, one
   process (a local pool of 2 assessments, 1 per-file process each: ``share_cores``);
3. **--dask local**: the same with ``--dask local`` (a LocalCluster of 2 worker processes).

Each portfolio figure is its wall time over the baseline (target <= 0.6x) and the peak of the
summed resident memory of its whole process tree, sampled from /proc every 50 ms
(:class:`benchmarks.tree_memory.TreeMemory`; target < 2 GB); the baseline's peak is its
largest single run. Every portfolio run must store all 20 (exit 0), and each repository's
figures must equal those of its single assessment (the independent computation: the JSON
reports compared, the readiness score and the code totals).

The 20: the public repositories under ``--repos`` (flask, requests, saleor, netbox,
full-stack-fastapi-template), 8 synthetic histories (``make_synthetic_history.py``, 600 to
1,300 commits) and 7 synthetic projects (``make_synthetic_project.py``, 60 to 120 modules),
built once under ``--work``. The machine is shared and noisy: one invocation is one sample.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.assessment_speed import Run, measure

ROOT = Path(__file__).resolve().parents[1]

PUBLIC = ("flask", "requests", "saleor", "netbox", "full-stack-fastapi-template")
HISTORIES = 8
PROJECTS = 7


def make(script: Path, out: Path, args: list[str]) -> None:
    """Run a generator; a half-made folder is removed and the error shown."""
    done = subprocess.run([sys.executable, script, out, *args], capture_output=True, text=True)
    if done.returncode:
        shutil.rmtree(out, ignore_errors=True)
        sys.exit(f"{script.name} {out}: {done.stderr.strip().splitlines()[-1:]}")


def synthetic(work: Path) -> list[Path]:
    """The 15 synthetic repositories, made once (deterministic seeds)."""
    made = []
    for i in range(HISTORIES):
        out = work / f"history-{i}"
        if not out.exists():
            args = ["--commits", str(600 + 100 * i), "--files", str(120 + 10 * i)]
            args += ["--authors", str(4 + i), "--seed", str(100 + i)]
            make(ROOT / "benchmarks" / "make_synthetic_history.py", out, args)
        made.append(out)
    for i in range(PROJECTS):
        out = work / f"project-{i}"
        if not out.exists():
            args = ["--modules", str(60 + 10 * i), "--lines", str(12_000 + 2_000 * i)]
            args += ["--migrations", "1", "--literal-rows", "300"]
            make(ROOT / "benchmarks" / "make_synthetic_project.py", out, args)
        made.append(out)
    return made


def figures(path: Path) -> tuple:
    """What must not depend on how the assessment was scheduled."""
    report = json.loads(path.read_text(encoding="utf-8"))
    readiness = (report.get("decisions") or {}).get("readiness") or {}
    return (
        report["repository"]["head"],
        readiness.get("score"),
        readiness.get("grade"),
        json.dumps(report["code"]["totals"], sort_keys=True),
    )


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "app.cli", *args]


def fresh_env(tmp: Path, name: str) -> tuple[dict[str, str], str]:
    home = tmp / name / "home"
    home.mkdir(parents=True)
    env = {**os.environ, "READINESS_ADVISOR_HOME": str(home)}
    return env, f"sqlite:///{tmp / name / 'store.db'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "portfolio")
    parser.add_argument("--repos", type=Path, default=Path("/work/repos"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    repos = [args.repos / name for name in PUBLIC if (args.repos / name / ".git").exists()]
    repos += synthetic(args.work / "synthetic")
    names = [f"{i:02d}-{p.name}" for i, p in enumerate(repos)]
    print(f"{len(repos)} repositories ({len(repos) - HISTORIES - PROJECTS} public), "
          f"{os.cpu_count()} cores")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-", dir=args.work) as tmp_name:
        tmp = Path(tmp_name)
        env, db = fresh_env(tmp, "single")
        singles: list[Run] = []
        expected = {}
        for name, repo in zip(names, repos, strict=True):
            out = tmp / "single" / f"{name}.json"
            argv = ["assess", str(repo), "--db", db, "--workers", str(args.workers), "--fresh"]
            run = measure(cli(*argv, "-q", "--json", str(out)), cwd=ROOT, env=env)
            singles.append(run)
            expected[str(repo)] = figures(out) if run.status == 0 else None
            print(f"  single {name:<40} {run.wall:7.1f} s  {run.tree_mb:6.0f} MB")
        baseline = sum(r.wall for r in singles)
        print(f"one after another: {baseline:.1f} s in all, largest run "
              f"{max(r.tree_mb for r in singles):.0f} MB")  # fmt: skip
        modes = {
            "--workers 2": ["--workers", str(args.workers)],
            "--dask local": ["--dask", "local"],
        }
        for label, extra in modes.items():
            key = label.strip("-").replace(" ", "-")
            env, db = fresh_env(tmp, key)
            json_dir = tmp / key / "json"
            argv = [
                "portfolio",
                *map(str, repos),
                "--db",
                db,
                "--fresh",
                "--json-dir",
                str(json_dir),
            ]
            run = measure(cli(*argv, *extra), cwd=ROOT, env=env)
            same = 0
            for repo in repos:
                written = json_dir / f"{repo.name}.json"
                same += written.exists() and figures(written) == expected[str(repo)]
            print(
                f"{label:<13} {run.wall:7.1f} s = {run.wall / baseline:.2f}x the sum "
                f"(target <= 0.6x); peak {run.tree_mb:6.0f} MB (target < 2048); "
                f"CPU {run.cpu:.0f} s; exit {run.status}; {same}/{len(repos)} with the single "
                "run's figures"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
