"""Check that a change to the per-file code engine leaves every result identical.

    python benchmarks/file_metrics_identity.py save OUT.json REPO [REPO ...] [--workers 2]
    python benchmarks/file_metrics_identity.py compare OUT.json REPO [REPO ...]

``save`` measures every tracked Python file of each REPO (``measure_file``, as the code
phase's workers do) and writes, per file, a SHA-256 of its full ``FileMetrics.to_dict(cache=True)``
(raw counts, MI, Halstead, every function, the clone token stream, the runtime and architecture
facts with vermin's reasons, the literal-table flag) as canonical JSON. Run it on the code
before the change; ``compare`` measures again with the code as it is now and prints
"N of N identical" and the first files that are not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.code.file_metrics import FileTask, measure_file


def canonical(task: FileTask) -> dict:
    return measure_file(task).to_dict(cache=True)


def digest(task: FileTask) -> tuple[str, str]:
    data = json.dumps(canonical(task), sort_keys=True, separators=(",", ":"), default=repr)
    return task.absolute, hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def tasks(repos: list[Path]) -> list[FileTask]:
    found = []
    for repo in repos:
        listed = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z", "*.py"], capture_output=True, check=True
        ).stdout.decode("utf-8", "surrogateescape")
        for path in filter(None, listed.split("\0")):
            if (repo / path).is_file():
                found.append(FileTask(path=path, absolute=str(repo / path)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("digests", type=Path)
    parser.add_argument("repos", type=Path, nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    todo = tasks([repo.resolve() for repo in args.repos])
    with ProcessPoolExecutor(args.workers) as pool:
        now = dict(pool.map(digest, todo, chunksize=16))
    if args.action == "save":
        args.digests.write_text(json.dumps(now, indent=0, sort_keys=True))
        print(f"{len(now)} files measured, digests in {args.digests}")
        return 0
    before = json.loads(args.digests.read_text())
    same = [path for path, value in now.items() if before.get(path) == value]
    print(f"{len(same)} of {len(now)} identical ({len(before)} files in {args.digests})")
    for path in sorted(set(now) - set(same))[:20]:
        print(f"  differs: {path}")
    return 0 if len(same) == len(now) == len(before) else 1


if __name__ == "__main__":
    sys.exit(main())
