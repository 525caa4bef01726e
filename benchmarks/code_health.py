"""Code-health benchmark: our code phase against radon's own functions, on the same files.

In one run, on the git repository at PATH:

1. our assessment, cold (empty result cache in a fresh SQLite store, as the application uses);
2. the same assessment again, warm (nothing changed: every file comes from the cache);
3. the largest Python file alone, measured in this process, and the per-file work split by
   extractor on every 10th file (CPU shares): the code phase also collects, from the same
   parse, the runtime and architecture facts (imports, vermin's version needs) that the
   runtime/architecture phase reads, so its wall time holds both issues' per-file work;
4. the worker pool's own cost: as many items as files, echoing a real result back;
5. radon 6.0.1's own ``radon.raw.analyze`` + ``radon.metrics.mi_visit(code, multi=True)`` on
   every Python file, in the same worker pool (same worker count) with a per-file timeout;
   files radon cannot finish are counted and listed;
6. equality: our raw counts and MI against radon's on every file radon finished (a difference
   explained by the interpreter's f-string tokens is re-checked with radon run on Python 3.11's
   tokenizer rules, see tests/radon311.py).

Peak memory is the sum of the resident sizes of this process and its workers, sampled every
50 ms (Linux /proc; elsewhere the largest single process). Run it with the project's venv:

    python benchmarks/code_health.py PATH [--workers 2] [--radon-timeout 60] [--no-radon]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.assessment import Options, run  # noqa: E402
from analysis.code.file_metrics import (  # noqa: E402
    EXTRACTORS,
    measure_path,
    measure_source,
)
from analysis.code.parsing import parse_source  # noqa: E402
from analysis.code.results import RAW_FIELDS, FileMetrics  # noqa: E402
from analysis.code.source import read_source  # noqa: E402
from analysis.parallel import WorkerPool  # noqa: E402
from benchmarks.tree_memory import TreeMemory  # noqa: E402

_ECHO = None


def work_by_extractor(paths: list[Path]) -> dict[str, float]:
    """CPU seconds per per-file stage (parse + raw counts, then each extractor), in process."""
    spent = dict.fromkeys(["parse + raw counts", *(e.__name__ for e in EXTRACTORS)], 0.0)
    for path in paths:
        source = read_source(str(path))
        if source.text is None:
            continue
        result = FileMetrics(path=str(path))
        started = time.process_time()
        parsed = parse_source(str(path), source.text, result)
        spent["parse + raw counts"] += time.process_time() - started
        for extract in EXTRACTORS:
            started = time.process_time()
            extract(parsed, result)
            spent[extract.__name__] += time.process_time() - started
    return spent


def radon_file(path: str):
    """radon's own functions on one file: (seconds, raw fields or None, mi or None, error)."""
    from radon.metrics import mi_visit
    from radon.raw import analyze

    source = read_source(path)
    if source.text is None:
        return 0.0, None, None, source.reason
    started = time.process_time()
    try:
        raw = tuple(analyze(source.text))
        mi = mi_visit(source.text, True)
    except Exception as exc:  # radon's SyntaxError, RecursionError, ...
        return time.process_time() - started, None, None, f"{type(exc).__name__}: {exc}"
    return time.process_time() - started, raw, mi, ""


def echo(path: str):
    """A realistic result (one measured module) sent back per item: the pool's own cost."""
    global _ECHO
    if _ECHO is None:
        _ECHO = measure_source("echo.py", (ROOT / "analysis" / "assessment.py").read_text())
    return _ECHO


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool joins its workers)."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def assess(path: Path, workers: int, cache):
    """One assessment: (result, wall seconds of the code phase, wall in all, CPU seconds)."""
    marks: dict[str, float] = {}

    def progress(p) -> None:
        marks.setdefault(p.phase, time.perf_counter())

    cpu = cpu_seconds()
    started = time.perf_counter()
    result = run(path, Options(workers=workers), progress=progress, cache=cache)
    ended = time.perf_counter()
    return result, ended - marks.get("code", started), ended - started, cpu_seconds() - cpu


def compare_with_radon(ours, radon_results) -> tuple[int, int, list[str]]:
    """(files equal, files equal only under 3.11 tokenizer rules, unexplained differences)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from radon.metrics import mi_visit
    from radon.raw import analyze
    from radon311 import radon_as_on_311

    equal = by_tokenizer = 0
    unexplained: list[str] = []
    for absolute, (_, raw, mi, error) in radon_results.items():
        item = ours.get(absolute)
        if item is None or error or raw is None:
            continue
        mine = tuple(getattr(item, f) for f in RAW_FIELDS)
        if mine == raw and item.mi is not None and abs(item.mi - mi) <= 1e-9:
            equal += 1
            continue
        text = read_source(absolute).text or ""
        with radon_as_on_311():
            raw311, mi311 = tuple(analyze(text)), mi_visit(text, True)
        if mine == raw311 and item.mi is not None and abs(item.mi - mi311) <= 1e-9:
            by_tokenizer += 1
        else:
            unexplained.append(f"{absolute}: ours {mine} {item.mi} radon {raw} {mi}")
    return equal, by_tokenizer, unexplained


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a git repository")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--radon-timeout", type=float, default=60.0, help="seconds per file")
    parser.add_argument("--no-radon", action="store_true", help="skip the radon baseline")
    args = parser.parse_args(argv)
    from app.store.database import open_store  # the application's own store and cache

    print(f"repository: {args.path}  workers: {args.workers}  python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.db'}")
        with TreeMemory() as memory:
            cold, cold_code, cold_all, cold_cpu = assess(args.path, args.workers, store.cache)
        warm, warm_code, warm_all, warm_cpu = assess(args.path, args.workers, store.cache)
        store.close()
    files = cold.code.files
    totals = cold.code.totals
    root = Path(cold.repository.path)
    print(
        f"files: {totals.files:,} Python files, {totals.loc:,} lines "
        f"({totals.measured_files:,} measured, {totals.syntax_error_files} syntax errors, "
        f"{totals.newer_syntax_files} newer syntax, {totals.skipped_files} skipped)"
    )
    print(
        f"ours, cold: code phase {cold_code:.2f} s wall (whole run {cold_all:.2f} s), "
        f"{cold_cpu:.1f} s CPU, peak memory {memory.peak / 2**20:.0f} MiB (process tree)"
    )
    print(
        f"ours, warm: code phase {warm_code:.2f} s wall (whole run {warm_all:.2f} s), "
        f"{warm_cpu:.1f} s CPU, {len(files)} results from the cache, identical to the cold "
        f"run: {[f.to_dict() for f in warm.code.files] == [f.to_dict() for f in files]}"
    )
    slow = [f for f in files if "too slow" in f.reason]
    if slow:
        print(f"  {len(slow)} files skipped as too slow: {[f.path for f in slow][:5]}")

    largest = max(
        (root / f.path for f in files if f.status != "skipped"), key=lambda p: p.stat().st_size
    )
    started, cpu = time.perf_counter(), time.process_time()
    measure_path(largest)
    alone, alone_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"largest file alone: {largest.relative_to(root)} "
        f"({largest.stat().st_size / 1024:.0f} KB) in {alone:.2f} s wall, {alone_cpu:.2f} s CPU"
    )

    sample = [root / f.path for f in files[::10] if f.status != "skipped"]
    spent = work_by_extractor(sample)
    total = sum(spent.values()) or 1.0
    shares = ", ".join(f"{name} {seconds / total:.0%}" for name, seconds in spent.items())
    facts = spent["facts_for_runtime_and_architecture"] / total
    print(f"per-file CPU by stage ({len(sample)} files, every 10th): {shares}")
    print(
        f"  of the cold code phase, code health ~{cold_code * (1 - facts):.1f} s, the runtime and "
        f"architecture facts ~{cold_code * facts:.1f} s (by those CPU shares)"
    )

    started = time.perf_counter()
    count = sum(1 for _ in WorkerPool(echo, args.workers, 30).run([str(largest)] * len(files)))
    overhead = time.perf_counter() - started
    print(
        f"worker pool cost: {count:,} results echoed in {overhead:.2f} s "
        f"({overhead / max(count, 1) * 1000:.2f} ms per item, worker start included)"
    )

    if args.no_radon:
        return 0
    paths = [str(root / f.path) for f in files if "symbolic link" not in f.reason]
    print(
        f"radon raw + mi on the same {len(paths):,} files, "
        f"{args.radon_timeout:g} s per file at most ...",
        flush=True,
    )
    started = time.perf_counter()
    results: dict[str, tuple] = {}
    timed_out: list[str] = []
    for outcome in WorkerPool(radon_file, args.workers, args.radon_timeout).run(paths):
        if outcome.timed_out:
            timed_out.append(outcome.item)
        elif outcome.result is not None:
            results[outcome.item] = outcome.result
    radon_wall = time.perf_counter() - started
    radon_cpu = sum(r[0] for r in results.values()) + args.radon_timeout * len(timed_out)
    errors = sum(1 for r in results.values() if r[3])
    print(
        f"radon: {radon_wall:.1f} s wall, {radon_cpu:.1f} s of work "
        f"(a timed-out file counts {args.radon_timeout:g} s); "
        f"{len(timed_out)} files not finished in {args.radon_timeout:g} s, "
        f"{errors} rejected by radon"
    )
    for name in timed_out:
        print(
            f"  not finished: {Path(name).relative_to(root)} "
            f"({Path(name).stat().st_size / 1024:.0f} KB)"
        )
    bound = " (lower bounds: radon's unfinished files stopped at the timeout)" if timed_out else ""
    print(
        f"ratio: radon wall / our cold code phase wall {radon_wall / cold_code:.1f}x; "
        f"radon CPU / our cold CPU {radon_cpu / cold_cpu:.1f}x{bound}"
    )
    ours = {str(root / f.path): f for f in files}
    equal, by_tokenizer, unexplained = compare_with_radon(ours, results)
    print(
        f"equality: {equal:,} files identical to radon (raw counts, MI to 1e-9); "
        f"{by_tokenizer} identical to radon with Python 3.11's tokenizer (f-strings); "
        f"{len(unexplained)} different"
    )
    for line in unexplained[:10]:
        print("  " + line)
    return 0 if not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
