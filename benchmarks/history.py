"""Time the history phase against plain ``git log --numstat`` on the same range.

    python benchmarks/history.py PATH [--new 10] [--repeat 1]

In one run, on a temporary local clone of PATH (PATH itself is never changed):

1. the clone's branch is moved back so that ``--new`` (10) commits are "new";
2. **floor**: plain ``git log --numstat`` of that range, output read through a pipe;
3. **cold**: the history phase with an empty cache (a SQLite store, as the app uses);
4. **warm**: the same again, no new commit;
5. **incremental**: the branch moved forward to PATH's tip, so the phase reads only the
   new commits.

Prints each time, its ratio to the floor, and peak memory. Targets (issue 4, 2 cores):
cold <= 1.5x, warm <= 0.1x, incremental <= 0.2x, peak memory < 1 GB. Make an input with
``benchmarks/make_synthetic_history.py``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.history.mining import mine_history
from analysis.history.options import HistoryOptions
from analysis.scan import open_repository
from app.store.database import open_store

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace").strip()


def plain_git_log(cwd: Path, tip: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``git log --numstat <tip>``, read through a pipe like ours."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        ["git", "log", "--numstat", tip], cwd=cwd, env=ENV, stdout=subprocess.PIPE
    )
    assert proc.stdout is not None
    while proc.stdout.read1(1 << 16):
        pass
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024


def phase(clone: Path, store, options: HistoryOptions) -> tuple[float, object]:
    started = time.perf_counter()
    outcome = mine_history(open_repository(clone), options, cache=store.cache)
    return time.perf_counter() - started, outcome


def peak_mb(who: int) -> float:
    kilobytes = resource.getrusage(who).ru_maxrss
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--new", type=int, default=10, help="new commits for the last pass")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each timing (best kept)")
    parser.add_argument("--mode", default="branch", choices=("branch", "first-parent", "all"))
    args = parser.parse_args(argv)
    options = HistoryOptions(mode=args.mode)
    with tempfile.TemporaryDirectory(prefix="history-bench-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(
            ["git", "clone", "-q", "--local", str(args.path.resolve()), str(clone)],
            env=ENV,
            check=True,
        )
        branch = git(clone, "symbolic-ref", "--short", "HEAD")
        tip = git(clone, "rev-parse", "HEAD")
        back = 0
        new = 0
        while new < args.new:
            back += 1
            new = int(git(clone, "rev-list", "--count", tip, "--not", f"{tip}~{back}"))
        base = git(clone, "rev-parse", f"{tip}~{back}")
        git(clone, "update-ref", f"refs/heads/{branch}", base)
        commits = git(clone, "rev-list", "--count", base)
        print(f"{args.path}: {commits} commits on {branch} before the last {new} ({args.mode})")

        floors = [plain_git_log(clone, base) for _ in range(args.repeat)]
        floor = min(seconds for seconds, _ in floors)
        git_mb = max(mb for _, mb in floors)
        print(f"  floor  git log --numstat       {floor:7.2f} s")
        cold = warm = incremental = float("inf")
        for _ in range(args.repeat):
            store = open_store(f"sqlite:///{Path(tmp) / f'store-{time.monotonic_ns()}.db'}")
            git(clone, "update-ref", f"refs/heads/{branch}", base)
            seconds, _ = phase(clone, store, options)
            cold = min(cold, seconds)
            warm = min(warm, phase(clone, store, options)[0])
            git(clone, "update-ref", f"refs/heads/{branch}", tip)
            seconds, after = phase(clone, store, options)
            incremental = min(incremental, seconds)
            store.close()
        section = after.section
        for label, seconds, target in (
            ("cold   empty cache", cold, 1.5),
            ("warm   no new commit", warm, 0.1),
            (f"after  {new} new commits", incremental, 0.2),
        ):
            verdict = "ok" if seconds <= target * floor else "OVER TARGET"
            print(
                f"  {label:<26}{seconds:7.2f} s  {seconds / floor:6.3f}x "
                f"(target <= {target}x) {verdict}"
            )
        own = peak_mb(resource.RUSAGE_SELF)
        pack = sum(p.stat().st_size for p in (clone / ".git" / "objects" / "pack").glob("*.pack"))
        print(
            f"  peak memory: this process {own:.0f} MB (target < 1024 MB) "
            f"{'ok' if own < 1024 else 'OVER TARGET'}; plain git log itself {git_mb:.0f} MB "
            f"(mostly its {pack / 2**20:.0f} MB pack files mapped into memory)"
        )
        print(
            f"  result: {section.commits} commits, {len(section.files)} files, "
            f"{len(section.hotspots)} hotspots, {len(section.coupling)} coupled pairs, "
            f"truck factor {section.truck_factor.value}, rework {section.rework_share}, "
            f"fix share {section.fix_share.commits}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
