"""Peak memory of importing a large deployment log (issue 14, item 7): 1,000,000 rows vs 1,000.

    .venv/bin/python benchmarks/csv_import_memory.py [--rows 1000000] [--baseline 1000]
                                                     [--dora] [--store] [--keep DIR]

Generates two deployment CSVs in a temporary folder (same shape: one row every 2.5 minutes back
from 2026-11-30, a ref from a pool of 5,000 fake 40-hex shas, production or staging, success /
failed / rolled_back, one of 20 services, a unique deployment id, every tenth time without a UTC
offset), then in a fresh subprocess for each: ``analysis.dora.csv_import.import_log`` (and with
``--dora`` the DORA computation over it, on an empty history; with ``--store`` the store's
``delivery.save_log`` into a new SQLite file, as ``assess`` keeps an imported log) and prints
the child's peak resident set size (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, kilobytes on
Linux) and wall time. The baseline row is the same work on the small log, in the same run.
Target: < 300 MB peak for 1,000,000 rows. POSIX only (``resource``).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import resource, sys, time
sys.path.insert(0, {root!r})
from analysis.dora.csv_import import import_log
start = time.monotonic()
log = import_log({path!r}, "deployments")
rows = len(log.records)
if {dora!r}:
    from datetime import UTC, datetime
    from analysis.dora.engine import compute_dora
    from analysis.dora.settings import DoraInputs, DoraSettings
    inputs = DoraInputs(DoraSettings(deployment_source="log"), log, None, None)
    report = compute_dora([], [], inputs, now=datetime(2026, 12, 1, tzinfo=UTC))
    rows = f"{{rows}} rows, {{len(report.deployment_list)}} listed"
if {store!r}:
    from app.store import open_store
    store = open_store({store!r})
    store.delivery.save_log("/benchmark/repository", log)
    store.close()
    rows = f"{{rows}}, stored"
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{{peak}}\t{{seconds:.1f}}\t{{rows}}")
"""


def write_log(path: Path, rows: int, seed: int = 14) -> None:
    rng = random.Random(seed)
    shas = [f"{rng.getrandbits(160):040x}" for _ in range(5000)]
    services = [f"service-{i:02d}" for i in range(20)]
    end = datetime(2026, 11, 30, tzinfo=UTC)
    step = timedelta(minutes=2, seconds=30)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("deployed_at,sha,environment,status,service,deployment_id\n")
        for i in range(rows):
            at = end - step * (rows - i)
            text = at.strftime("%Y-%m-%dT%H:%M:%S") if i % 10 == 0 else at.isoformat()
            status = rng.choices(("success", "failed", "rolled_back"), (90, 7, 3))[0]
            env = "production" if rng.random() < 0.8 else "staging"
            out.write(
                f"{text},{rng.choice(shas)},{env},{status},{rng.choice(services)},dep-{i:07d}\n"
            )


def measure(path: Path, dora: bool, store: str) -> tuple[int, float, str]:
    code = CHILD.format(root=str(ROOT), path=str(path), dora=dora, store=store)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr}")
    peak, seconds, rows = done.stdout.strip().splitlines()[-1].split("\t")
    return int(peak), float(seconds), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--dora", action="store_true", help="also compute DORA over the log")
    parser.add_argument("--store", action="store_true", help="also save the log in a store")
    parser.add_argument("--keep", metavar="DIR", help="write the CSVs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for rows in (args.baseline, args.rows):
            path = folder / f"deployments-{rows}.csv"
            started = time.monotonic()
            write_log(path, rows)
            made = time.monotonic() - started
            store = f"sqlite:///{folder / f'store-{rows}.db'}" if args.store else ""
            peak, seconds, imported = measure(path, args.dora, store)
            size = path.stat().st_size / 1e6
            results.append((rows, size, made, peak, seconds, imported))
    print(f"{'rows':>10} {'CSV MB':>8} {'peak RSS MB':>12} {'import s':>9}  imported")
    for rows, size, _made, peak, seconds, imported in results:
        print(f"{rows:>10,} {size:>8.1f} {peak / 1024:>12.1f} {seconds:>9.1f}  {imported}")
    base, big = results[0][3], results[1][3]
    print(f"peak RSS above the baseline: {(big - base) / 1024:.1f} MB; target < 300 MB in all")


if __name__ == "__main__":
    main()
