"""Time the runtime + architecture phase on a ~4,000-module project against plain parsing.

    .venv/bin/python benchmarks/runtime_architecture.py [PATH] [--workers 2]

Without PATH a synthetic Django-style project (benchmarks/synthetic_project.py: 20 apps, ~4,000
modules, ~885k lines) is generated in a temporary git repository; with ``--real`` the
repository is made of ~4,000 real modules copied from the packages installed in this virtual
environment (SQLAlchemy, alembic, pyqtgraph, hypothesis, ...). Measured in the same run:

1. baseline: read + ``ast.parse`` of every Python file in the worker pool;
2. read + parse + module facts (imports, classes, vermin's version needs): the per-file work
   this phase adds inside the code engine's workers, which already parse each file;
3. the phase's aggregation in the main process (index, import graph in grimp, components,
   cycles, stack, versions, dependencies, matrix);
4. a full cold assessment (``analysis.assessment.run``), for context.

The phase costs (2 - 1) + 3; the target is under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_project import generate

from analysis.assessment import Options, run
from analysis.cache import NoCache
from analysis.code.file_metrics import FileTask
from analysis.code.results import FileMetrics
from analysis.code.source import read_source
from analysis.module_facts import module_facts
from analysis.parallel import WorkerPool
from analysis.progress import Progress
from analysis.runtime_architecture import assess_runtime_and_architecture
from analysis.scan import absolute_path, open_repository, tracked_files


def parse_only(task: FileTask) -> int:
    source = read_source(task.absolute, task.max_bytes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        tree = ast.parse(source.text)
    return len(tree.body)


def parse_and_facts(task: FileTask) -> dict:
    source = read_source(task.absolute, task.max_bytes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        tree = ast.parse(source.text)
    return module_facts(tree, source.text)


def copy_installed(root: Path, modules: int = 4000) -> int:
    """~``modules`` real modules from this environment's site-packages (whole packages)."""
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    packages = [
        "sqlalchemy",
        "pyqtgraph",
        "hypothesis",
        "alembic",
        "_pytest",
        "jsonschema",
        "PyInstaller",
        "pip",
        "setuptools",
        "radon",
        "mako",
        "pygments",
        "rich",
    ]
    count = 0
    for package in packages:
        for source in sorted((site / package).rglob("*.py")):
            if count >= modules:
                return count
            target = root / source.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            count += 1
    return count


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _timed(label: str, func):
    started = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - started
    print(f"{label:<58} {seconds:7.2f} s")
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", help="a git repository (default: generate one)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--real", action="store_true", help="copy ~4,000 installed modules instead of generating"
    )
    parser.add_argument("--skip-full", action="store_true", help="skip the full assessment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.path:
            root = Path(args.path).resolve()
        else:
            root = Path(scratch) / "project"
            count = copy_installed(root) if args.real else generate(root)
            _git(root, "init", "-q", "-b", "main")
            _git(root, "add", "-A")
            _git(root, "commit", "-q", "-m", "synthetic project")
            print(f"generated {count:,} modules in {root}")
        repo = open_repository(root)
        tracked = tracked_files(repo)
        tasks = [
            FileTask(t.path, absolute_path(repo, t))
            for t in tracked
            if t.is_python and not t.is_symlink
        ]
        lines = sum(Path(t.absolute).read_text("utf-8", "replace").count("\n") for t in tasks)
        print(f"{len(tasks):,} Python files, {lines:,} lines, {args.workers} workers\n")

        def pool(func):
            return list(WorkerPool(func, args.workers, 60).run(tasks))

        _, baseline = _timed(
            "1. baseline: read + ast.parse (worker pool)", lambda: pool(parse_only)
        )
        outcomes, with_facts = _timed(
            "2. read + parse + module facts (worker pool)", lambda: pool(parse_and_facts)
        )
        results = [
            FileMetrics(path=o.item.path, sloc=0, facts=o.result) for o in outcomes if o.result
        ]

        def aggregate():
            return assess_runtime_and_architecture(
                repo,
                tracked,
                results,
                workers=args.workers,
                budget=60,
                max_bytes=5 * 1024 * 1024,
                cache=NoCache(),
                progress=lambda p: None,
                cancel=lambda: False,
            )

        (runtime, architecture, _), aggregation = _timed(
            "3. phase aggregation (main process)", aggregate
        )
        marks: dict[str, float] = {}

        def note(progress: Progress) -> None:
            marks.setdefault(f"{progress.phase}-first", time.perf_counter())
            marks[f"{progress.phase}-last"] = time.perf_counter()

        if not args.skip_full:
            _timed(
                "4. full cold assessment (analysis.assessment.run)",
                lambda: run(root, Options(workers=args.workers), progress=note),
            )
        in_workers = with_facts - baseline
        phase = in_workers + aggregation
        print()
        print(f"facts work added inside the workers (2 - 1)              {in_workers:7.2f} s")
        print(
            f"phase total ((2 - 1) + 3)                                {phase:7.2f} s  "
            f"(target < 10 s)"
        )
        print(f"phase / baseline parse                                   {phase / baseline:7.2f} x")
        if "architecture-first" in marks:
            seen = marks["architecture-last"] - marks["architecture-first"]
            print(f"phase aggregation inside the full run                    {seen:7.2f} s")
        print(
            f"\nmodules {architecture.modularity.modules:,}, components "
            f"{architecture.modularity.components}, internal imports "
            f"{architecture.modularity.internal_imports:,}, cycles {len(architecture.cycles)}, "
            f"code needs Python {runtime.required_minimum.version}"
        )


if __name__ == "__main__":
    main()
