"""Per-file CPU of the code engine by stage, in one process, on every Nth Python file of a repo.

    python benchmarks/file_stages.py REPO [--every 10] [--repeat 2] [--checkout DIR]

Stages: ``parse_source`` (radon's raw counts and ``ast.parse``), then each extractor of
``analysis.code.file_metrics.EXTRACTORS`` (complexity, clone tokens, runtime and architecture
facts, literal tables), each timed with ``time.process_time`` around the call. ``--checkout``
imports the engine from another checkout of this project (e.g. an export of main) instead of
this one, so that before and after can be run one after the other on the same files.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.checkout.resolve()))
    from analysis.code import file_metrics
    from analysis.code.parsing import parse_source
    from analysis.code.results import FileMetrics
    from analysis.code.source import read_source

    listed = subprocess.run(
        ["git", "-C", str(args.repo), "ls-files", "*.py"], capture_output=True, text=True
    ).stdout.split()[:: args.every]
    texts = [(path, read_source(str(args.repo / path), 10**7).text) for path in listed]
    sources = [(path, text) for path, text in texts if text is not None]
    totals: dict[str, float] = {}
    for _ in range(args.repeat):
        for path, text in sources:
            result = FileMetrics(path=path)
            started = time.process_time()
            source = parse_source(path, text, result)
            totals["parse"] = totals.get("parse", 0.0) + time.process_time() - started
            for extract in file_metrics.EXTRACTORS:
                started = time.process_time()
                extract(source, result)
                name = extract.__name__
                totals[name] = totals.get(name, 0.0) + time.process_time() - started
    whole = sum(totals.values())
    print(f"{len(sources)} files from {args.repo}, engine from {args.checkout}")
    for name, seconds in totals.items():
        share = seconds / whole if whole else 0.0
        print(f"  {name:<36} {seconds / args.repeat:6.2f} s CPU  {share:5.1%}")
    print(f"  {'total':<36} {whole / args.repeat:6.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
