"""The git layer on GitPython (analysis/git.py) against the direct subprocess layer it replaced.

    python benchmarks/git_layer.py PATH [--repeat 2] [--baseline-ref main]

In one run, on a temporary local clone of PATH (PATH itself is never changed), each measure is
taken with the GitPython layer ("after") and with the direct layer ("before": ``analysis/git.py``
as it is at ``--baseline-ref``, loaded from git and swapped in for ``analysis.git.run`` and
``stream``), alternating, best of ``--repeat``:

1. **history**: the history phase cold (empty cache), CPU seconds of this process and its
   children (git) and wall seconds. Target (issue 17 item 4): after / before CPU <= 1.05.
2. **per call**: 200 ``rev-parse HEAD`` calls (the fixed cost of one git process).
3. **blobs**: the tip's blobs of a bare clone, read by ``read_blobs`` (one long-lived
   ``cat-file --batch`` through GitPython) against the baseline's pipelined ``cat-file --batch``
   stream; the two must return the same bytes.
4. **refs and discovery**: GitPython's ``Repo.tags`` + ``Repo.branches`` (read in Python) against
   one hardened ``for-each-ref``, and ``git.Repo(path)`` discovery against one hardened
   ``rev-parse``; these are why refs and discovery stay on git's own commands.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import git as layer
from analysis.dora.git_refs import read_tags
from analysis.history.mining import mine_history
from analysis.history.options import HistoryOptions
from analysis.history.source import TreeEntry
from analysis.scan import open_repository

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}


def plain(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def baseline_module(ref: str, path: str, name: str, folder: Path):
    """``path`` as it is at ``ref`` of this checkout, imported as module ``name``."""
    source = plain(ROOT, "show", f"{ref}:{path}")
    target = folder / f"{name}.py"
    target.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(work: Callable[[], object]) -> tuple[float, float, object]:
    started_cpu, started = cpu(), time.perf_counter()
    result = work()
    return cpu() - started_cpu, time.perf_counter() - started, result


class Swap:
    """``analysis.git.run`` and ``stream`` replaced by the baseline's while in the block."""

    def __init__(self, direct) -> None:
        self.direct = direct

    def __enter__(self) -> None:
        self.saved = (layer.run, layer.stream)
        layer.run, layer.stream = self.direct.run, self.direct.stream

    def __exit__(self, *exc: object) -> None:
        layer.run, layer.stream = self.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--baseline-ref", default="main")
    parser.add_argument(
        "--refs-only", action="store_true", help="only the refs and discovery figures (4.)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="git-layer-bench-") as tmp:
        folder = Path(tmp)
        direct = baseline_module(args.baseline_ref, "analysis/git.py", "git_direct", folder)
        old_hotspots = baseline_module(
            args.baseline_ref, "analysis/history/hotspots.py", "hotspots_direct", folder
        )
        old_hotspots.git = direct
        clone = folder / "clone"
        bare = folder / "bare.git"
        for target, extra in ((clone, ()), (bare, ("--bare",))):
            subprocess.run(
                ["git", "clone", "-q", "--local", *extra, str(args.path.resolve()), str(target)],
                env=ENV,
                check=True,
            )
        commits = plain(clone, "rev-list", "--count", "HEAD").strip()
        print(f"{args.path}: {commits} commits; best of {args.repeat}, after = GitPython layer")
        if not args.refs_only:
            timings(args, folder, clone, bare, direct, old_hotspots)
        refs_and_discovery(clone)
    return 0


def timings(args, folder: Path, clone: Path, bare: Path, direct, old_hotspots) -> None:

    def history() -> object:
        from app.store.database import open_store

        store = open_store(f"sqlite:///{folder / f'store-{time.monotonic_ns()}.db'}")
        try:
            return mine_history(open_repository(clone), HistoryOptions(), cache=store.cache)
        finally:
            store.close()

    def calls() -> None:
        for _ in range(200):
            layer.run(clone, "rev-parse", "HEAD")

    rows: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for label, work in (("history phase, cold", history), ("200 rev-parse calls", calls)):
        runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
        for _ in range(args.repeat):
            with Swap(direct):
                seconds_cpu, wall, _ = measure(work)
            runs["before"].append((seconds_cpu, wall))
            seconds_cpu, wall, _ = measure(work)
            runs["after"].append((seconds_cpu, wall))
        rows[label] = runs

    tree: dict[str, TreeEntry] = {}
    for line in plain(bare, "ls-tree", "-r", "HEAD").splitlines():
        meta, path = line.split("\t", 1)
        mode, _kind, blob = meta.split()
        tree[path] = TreeEntry(mode, blob)
    from analysis.history.hotspots import blob_contents

    runs = {"before": [], "after": []}
    same = True
    for _ in range(args.repeat):
        cpu_b, wall_b, old = measure(lambda: old_hotspots.blob_contents(bare, tree))
        cpu_a, wall_a, new = measure(lambda: blob_contents(bare, tree))
        runs["before"].append((cpu_b, wall_b))
        runs["after"].append((cpu_a, wall_a))
        same = same and old == new
    rows[f"{len(tree)} blobs of a bare clone"] = runs

    for label, runs in rows.items():
        before = min(r[0] for r in runs["before"])
        after = min(r[0] for r in runs["after"])
        wall_b = min(r[1] for r in runs["before"])
        wall_a = min(r[1] for r in runs["after"])
        print(
            f"  {label:<34} CPU before {before:7.3f} s  after {after:7.3f} s  "
            f"ratio {after / before:5.3f}   wall {wall_b:7.3f} / {wall_a:7.3f} s"
        )
    history_runs = rows["history phase, cold"]
    ratio = min(r[0] for r in history_runs["after"]) / min(r[0] for r in history_runs["before"])
    print(
        f"  history CPU ratio {ratio:.3f} (target <= 1.05) "
        f"{'ok' if ratio <= 1.05 else 'OVER TARGET'}; blobs identical: {same}"
    )


def refs_and_discovery(clone: Path) -> None:
    from analysis.git_command import gitpython

    gitpython_module = gitpython()
    with layer.open_repo(clone) as repo:

        def python_refs() -> int:
            """What read_tags needs of each tag (type, target, tagger and commit dates)."""
            rows = []
            for tag in repo.tags:
                target = tag.object
                tagger = getattr(target, "tagged_date", None)
                try:
                    committed = tag.commit.committed_date
                except ValueError:  # a tag of a tree or blob
                    committed = None
                rows.append((tag.path, target.type, target.hexsha, tagger, committed))
            return len(rows) + len(repo.branches)

        def git_refs() -> int:
            return len(read_tags(clone)) + len(
                layer.output(clone, "for-each-ref", "--format=%(refname)", "refs/heads").split()
            )

        refs_py = min(measure(python_refs)[1] for _ in range(5))
        refs_git = min(measure(git_refs)[1] for _ in range(5))
    nested = clone / "src"
    nested = nested if nested.is_dir() else clone

    def python_discovery() -> object:
        return gitpython_module.Repo(nested, search_parent_directories=True).git_dir

    def git_discovery() -> str:
        return layer.output(nested, "rev-parse", "--absolute-git-dir")

    find_py = min(measure(python_discovery)[1] for _ in range(5))
    find_git = min(measure(git_discovery)[1] for _ in range(5))
    print(
        f"  refs: Repo.tags (type, target, dates) + Repo.branches {refs_py * 1000:7.2f} ms, "
        "read_tags + for-each-ref "
        f"{refs_git * 1000:7.2f} ms ({refs_py / refs_git:.2f}x)"
    )
    print(
        f"  discovery: git.Repo(path) {find_py * 1000:7.2f} ms, hardened rev-parse "
        f"{find_git * 1000:7.2f} ms ({find_py / find_git:.2f}x); git.Repo skips "
        "safe.directory"
    )


if __name__ == "__main__":
    sys.exit(main())
