"""DORA for 25,000 commits and 5,000 deployments, with the history already in memory.

Target (issue 5): under 3 s. The commit records, deployment and incident logs and tags are
generated here (a main line with merged feature branches, reverts, release tags with hotfixes);
the figure is printed beside a baseline measured in the same run: sorting the same commit
records by time, the least any history-based computation does.

    .venv/bin/python benchmarks/dora.py [--commits 25000] [--deployments 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from analysis.dora.delivery_log import (
    DEPLOYMENTS,
    INCIDENTS,
    DeploymentRecord,
    ImportedLog,
    IncidentRecord,
)
from analysis.dora.engine import compute_dora
from analysis.dora.records import BranchTip, CommitRecord, TagRecord
from analysis.dora.settings import DoraInputs, DoraSettings

START = datetime(2021, 1, 1, tzinfo=UTC)


def _sha(n: int) -> str:
    return hashlib.sha1(str(n).encode(), usedforsecurity=False).hexdigest()


def history(count: int, rng: random.Random) -> tuple[list[CommitRecord], list[str]]:
    """``count`` commits: a main line where every third commit merges a 1-4 commit branch;
    about 1% of commits revert an earlier main-line commit. Returns commits and the main line."""
    commits: list[CommitRecord] = []
    main: list[str] = []
    when = START
    n = 0
    while n < count:
        when += timedelta(minutes=rng.randint(5, 180))
        parent = (main[-1],) if main else ()
        if main and len(main) % 3 == 0 and n + 5 < count:
            branch_parent = main[-1]
            for _ in range(rng.randint(1, 4)):
                sha = _sha(n)
                commits.append(CommitRecord(sha, (branch_parent,), when, when, f"work {n}"))
                branch_parent, n = sha, n + 1
                when += timedelta(minutes=rng.randint(1, 60))
            parent = (main[-1], branch_parent)
        body = ""
        if len(main) > 50 and rng.random() < 0.01:
            body = f"This reverts commit {main[-rng.randint(2, 40)]}."
        sha = _sha(n)
        commits.append(CommitRecord(sha, parent, when, when, f"change {n}", body))
        main.append(sha)
        n += 1
    return commits, main


def inputs_for(commits, main, deployments: int, rng: random.Random):
    by_sha = {c.sha: c for c in commits}
    last = len(main) - 1
    deployed = [main[round(i * last / max(1, deployments - 1))] for i in range(deployments)]
    records = []
    for line, sha in enumerate(deployed, start=2):
        at = by_sha[sha].committer_time + timedelta(hours=rng.uniform(0.2, 30))
        status = "rolled_back" if rng.random() < 0.01 else "success"
        records.append(DeploymentRecord(line, at, sha, "production", status, "shop", f"d{line}"))
    deploy_log = ImportedLog(DEPLOYMENTS, "deploys.csv", records)
    incidents = []
    for line, record in enumerate(rng.sample(records, len(records) // 20), start=2):
        opened = record.deployed_at + timedelta(hours=rng.uniform(0.1, 12))
        incidents.append(
            IncidentRecord(line, opened, opened + timedelta(hours=rng.uniform(0.2, 30)))
        )
    incident_log = ImportedLog(INCIDENTS, "incidents.csv", incidents)
    tags = []
    for i, record in enumerate(records[::10]):
        minor, patch = divmod(i, 4)
        tags.append(TagRecord(f"v1.{minor}.{patch}", record.ref, record.deployed_at, True))
    return deploy_log, incident_log, tags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=25_000)
    parser.add_argument("--deployments", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(5)
    commits, main_line = history(args.commits, rng)
    deploy_log, incident_log, tags = inputs_for(commits, main_line, args.deployments, rng)
    end = max(r.deployed_at for r in deploy_log.records) + timedelta(days=1)
    resolved = {r.ref: r.ref for r in deploy_log.records}
    branch = BranchTip("main", main_line[-1], "the generated main line")

    def baseline() -> None:
        sorted(commits, key=lambda c: (c.committer_time, c.sha))

    def dora(source: str):
        settings = DoraSettings(deployment_source=source, window_end=end, window_months=120)
        inputs = DoraInputs(settings, deploy_log, incident_log)
        return compute_dora(commits, tags, inputs, now=end, resolved=resolved, branch=branch)

    def best(func, *a) -> float:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            func(*a)
            times.append(time.perf_counter() - started)
        return min(times), statistics.median(times)

    base_best, base_median = best(baseline)
    print(
        f"history: {len(commits):,} commits ({len(main_line):,} on the main line), "
        f"{len(deploy_log.records):,} deployments in the log, {len(incident_log.records):,} "
        f"incidents, {len(tags):,} tags"
    )
    print(
        f"baseline  sort the commit records by time: {base_best * 1000:8.1f} ms "
        f"(median {base_median * 1000:.1f} ms)"
    )
    for source in ("log", "branch", "tags"):
        report = dora(source)
        run_best, run_median = best(dora, source)
        verdict = "meets" if run_best < 3.0 else "MISSES"
        print(
            f"DORA from {source:<6}: {report.deployments:>5} deployments, "
            f"{report.lead_time_hours.n:>6} lead-time samples, "
            f"{report.failed_deployments:>4} failed: {run_best * 1000:8.1f} ms "
            f"(median {run_median * 1000:.1f} ms) = {run_best / base_best:5.1f} x baseline; "
            f"{verdict} the 3 s target"
        )


if __name__ == "__main__":
    main()
