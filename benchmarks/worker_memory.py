"""Peak memory of the code workers with pathological modules (issue 14, item 7).

    .venv/bin/python benchmarks/worker_memory.py [--modules 40] [--patho 3] [--megabytes 4.8]

Builds, in a temporary folder, a git repository of ``--modules`` ordinary modules, and a copy
of it with ``--patho`` more: each one line ``x = [a0,a1,...]`` of about ``--megabytes`` MB
(parsing it takes about 1.2 GB in CPython 3.13: the AST of ~1M names, then radon's and the
cognitive-complexity walks). Then runs ``readiness assess --no-save --workers 1 --json`` in a
subprocess for: the ordinary repository; the one with the pathological modules and no memory
budget (``file_memory_megabytes: 0``, as before issue 14); and with the default budget
(1,024 MB). Each row: wall time, the peak resident set size of the largest process of the run
(``getrusage(RUSAGE_CHILDREN).ru_maxrss`` measured in a fresh intermediate process, so it
covers the CLI and its worker processes, each taken alone) and how the modules came out.
POSIX only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]

CHILD = r"""
import json, resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(json.loads(sys.argv[1]), capture_output=True, text=True)
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "seconds": seconds, "peak_kb": peak,
                  "err": done.stderr[-2000:]}))
"""

ORDINARY = '''"""Module {i}."""


class Service{i}:
    def __init__(self, items):
        self.items = list(items)

    def total(self):
        return sum(item * {i} for item in self.items if item > 0)

    def describe(self, prefix="item"):
        if not self.items:
            return f"{{prefix}}: none"
        return ", ".join(f"{{prefix}} {{n}}" for n in self.items)
'''


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z"}
    env.update(GIT_COMMITTER_DATE="2024-01-01T00:00:00Z", GIT_AUTHOR_NAME="b")
    env.update(GIT_AUTHOR_EMAIL="b@example.com", GIT_COMMITTER_NAME="b")
    env.update(GIT_COMMITTER_EMAIL="b@example.com")
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def make_repo(folder: Path, modules: int, patho: int, megabytes: float) -> None:
    folder.mkdir(parents=True)
    git(folder, "init", "-q")
    for i in range(modules):
        (folder / f"module_{i:03d}.py").write_text(ORDINARY.format(i=i), encoding="utf-8")
    names = int(megabytes * 1e6 / 5)  # "a123," is about 5 bytes
    line = "x = [" + ",".join(f"a{k % 1000}" for k in range(names)) + "]\n"
    for k in range(patho):
        (folder / f"generated_table_{k}.py").write_text(line, encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "generated")


def run(repo: Path, home: Path, memory_megabytes: float | None) -> dict:
    (home / "config").mkdir(parents=True, exist_ok=True)
    settings = {} if memory_megabytes is None else {"file_memory_megabytes": memory_megabytes}
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    out = home / "report.json"
    command = [*CLI, "assess", str(repo), "--no-save", "-q", "--workers", "1"]
    command += ["--json", str(out)]
    env = {**os.environ, "READINESS_ADVISOR_HOME": str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(command)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise SystemExit(f"assess failed ({result['code']}):\n{result['err']}")
    files = json.loads(out.read_text(encoding="utf-8"))["code"]["files"]
    patho = [f for f in files if f["path"].startswith("generated_table_")]
    result["modules"] = len(files)
    result["patho"] = [f.get("reason") or f["status"] for f in patho]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=40)
    parser.add_argument("--patho", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=4.8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        plain, heavy = base / "plain", base / "heavy"
        make_repo(plain, args.modules, 0, args.megabytes)
        make_repo(heavy, args.modules, args.patho, args.megabytes)
        rows = [
            ("ordinary modules only (baseline)", run(plain, base / "h1", None)),
            (f"+{args.patho} pathological, no budget", run(heavy, base / "h2", 0)),
            (f"+{args.patho} pathological, default budget", run(heavy, base / "h3", None)),
        ]
    print(f"{'run':<40} {'wall s':>7} {'peak RSS MB':>12}  pathological modules")
    for label, r in rows:
        said = "; ".join(sorted(set(r["patho"]))) or "-"
        print(f"{label:<40} {r['seconds']:>7.1f} {r['peak_kb'] / 1024:>12.1f}  {said}")


if __name__ == "__main__":
    main()
