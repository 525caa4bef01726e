"""SZZ on a real repository: how many fixes need blame, how long it takes, and a sample to check.

The fix commits of the last ``--months`` months of every branch (``git log --all``, recognised by
:func:`analysis.dora.fix_links.is_fix`) are each linked to the commits of the ``--days`` days
before them (the candidates), with :func:`analysis.dora.szz.szz_links`. Printed beside it, in
the same run: the wall clock of ``git log --numstat HEAD >/dev/null`` (issue 13 wants the whole
DORA phase under 10% of it), and ``--sample`` links spread over the run, to read by hand.

With ``--pydriller N`` (PyDriller installed in the environment: a comparison tool only, never a
dependency of the product), N linked fixes are also run through PyDriller's
``Git.get_commits_last_modified_lines``, on a temporary ``git clone --mirror --shared`` of the
repository, since PyDriller writes ``blame.markUnblamableLines`` into the config of the
repository it opens; the repository itself is only read.

    .venv/bin/python benchmarks/szz_check.py /work/repos/saleor [--months 6] [--days 30]
        [--sample 5] [--pydriller 3]
"""

from __future__ import annotations

import argparse
import bisect
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from analysis import git
from analysis.dora.code_lines import is_code_file
from analysis.dora.fix_links import is_fix
from analysis.dora.szz import BlameRequest, SzzResult, szz_links


def _commits(repo: Path) -> list[tuple[str, int, tuple[str, ...], str, str]]:
    """(sha, committer time, parents, subject, body) of every commit of every ref."""
    out = git.run(
        repo, "log", "--all", "--format=%H%x00%ct%x00%P%x00%s%x00%b%x1e", timeout=600
    ).stdout.decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e"):
        fields = record.strip("\n").split("\0")
        if len(fields) == 5:
            sha, when, parents, subject, body = fields
            commits.append((sha, int(when), tuple(parents.split()), subject, body))
    return commits


def _numstat_seconds(repo: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        ["git", "-C", str(repo), "log", "--numstat", "HEAD"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started, done.returncode


def _requests(commits, months: int, days: int) -> list[BlameRequest]:
    newest = max(c[1] for c in commits)
    start = newest - int(months * 30.44 * 86400)
    ordered = sorted(commits, key=lambda c: c[1])
    times = [c[1] for c in ordered]
    requests = []
    for sha, when, _parents, subject, body in commits:
        if when < start or not is_fix(subject, body):
            continue
        since = when - days * 86400
        low, high = bisect.bisect_left(times, since), bisect.bisect_left(times, when)
        candidates = frozenset(c[0] for c in ordered[low:high])
        requests.append(BlameRequest(sha, datetime.fromtimestamp(since, UTC), candidates))
    return requests


def _print_result(result: SzzResult, requests, seconds: float, numstat: tuple[float, int]):
    print(f"fix commits                 {len(requests)}")
    print(f"fixes blamed                {result.fixes_blamed}")
    print(f"files blamed                {result.files_blamed}")
    print(f"fixes linked                {len({link.fix for link in result.links})}")
    print(f"links (fix, fixed, file)    {len(result.links)}")
    print(f"szz_links wall clock        {seconds:.2f} s")
    print(f"git log --numstat HEAD      {numstat[0]:.2f} s (exit {numstat[1]})")
    print(f"szz / numstat               {seconds / numstat[0]:.1%}")
    for reason, count in sorted(result.skipped.items()):
        print(f"  skipped {reason:<30} {count}")
    for problem in result.problems[:10]:
        print(f"  problem: {problem}")
    if len(result.problems) > 10:
        print(f"  ... {len(result.problems) - 10} more problems")


def _sample(result: SzzResult, by_sha, count: int) -> list[str]:
    fixes = sorted({link.fix for link in result.links})
    if not fixes or count <= 0:
        return []
    step = max(1, len(fixes) // count)
    chosen = fixes[::step][:count]
    print(f"\nsample of {len(chosen)} linked fixes (read the diffs by hand):")
    for fix in chosen:
        print(f"  fix   {fix[:12]} {by_sha[fix][3][:90]}")
        for link in (lk for lk in result.links if lk.fix == fix):
            fixed = by_sha.get(link.fixed)
            subject = fixed[3][:80] if fixed else "?"
            print(f"    <- {link.fixed[:12]} {subject}  [{link.path}, {link.lines} lines]")
    return chosen


def _pydriller(repo: Path, fixes: list[str], requests, result: SzzResult) -> None:
    try:
        from pydriller import Git  # a comparison tool only: not a dependency of the product
    except ImportError:
        print("\nPyDriller is not installed: no comparison")
        return
    candidates = {r.fix: r.candidates for r in requests}
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "mirror.git"
        subprocess.run(
            ["git", "clone", "-q", "--mirror", "--shared", str(repo), str(clone)], check=True
        )
        driller = Git(str(clone))
        print(f"\nPyDriller's Git.get_commits_last_modified_lines on {len(fixes)} linked fixes:")
        for fix in fixes:
            started = time.perf_counter()
            found = driller.get_commits_last_modified_lines(driller.get_commit(fix))
            seconds = time.perf_counter() - started
            theirs = {(path, sha) for path, shas in found.items() for sha in shas & candidates[fix]}
            code = {(path, sha) for path, sha in theirs if is_code_file(path)}
            ours = {(link.path, link.fixed) for link in result.links if link.fix == fix}
            same = "the same" if code == ours else "different"
            print(
                f"  {fix[:12]}: ours {len(ours)} (file, change) pairs; PyDriller {len(theirs)} "
                f"within the candidates, {len(code)} in code files: {same} "
                f"({sum(map(len, found.values()))} pairs in all, {seconds:.1f} s)"
            )
            for path, sha in sorted(theirs - ours):
                why = "not a code file" if not is_code_file(path) else "PyDriller only"
                print(f"      PyDriller only: {sha[:10]} {path} ({why})")
            for path, sha in sorted(ours - theirs):
                print(f"      ours only: {sha[:10]} {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--sample", type=int, default=5)
    parser.add_argument("--pydriller", type=int, default=0)
    args = parser.parse_args(argv)
    commits = _commits(args.repo)
    by_sha = {c[0]: c for c in commits}
    requests = _requests(commits, args.months, args.days)
    numstat = _numstat_seconds(args.repo)
    started = time.perf_counter()
    result = szz_links(args.repo, requests)
    seconds = time.perf_counter() - started
    newest = datetime.fromtimestamp(max(c[1] for c in commits), UTC)
    print(f"{args.repo}: fixes since {(newest - timedelta(days=args.months * 30.44)).date()}")
    _print_result(result, requests, seconds, numstat)
    _sample(result, by_sha, args.sample)
    linked = sorted({link.fix for link in result.links}, key=lambda f: -by_sha[f][1])[
        : args.pydriller
    ]
    if args.pydriller:
        _pydriller(args.repo, linked, requests, result)
    per_fix = Counter(link.fix for link in result.links)
    if per_fix:
        print(f"\nchanges linked per linked fix: max {max(per_fix.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
