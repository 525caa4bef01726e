"""Audit: the product's duplication density beside jscpd's, on production and test code apart.

Usage::

    .venv/bin/python benchmarks/audit_duplication.py /work/repos/flask [/work/repos/netbox ...]
        [--jscpd /tmp/jscpd/node_modules/.bin/jscpd] [--top 5] [--json OUT]

jscpd is the independent reference (https://github.com/kucherenko/jscpd; a benchmark may use
it, the product never does). Install it outside the project::

    mkdir -p /tmp/jscpd && cd /tmp/jscpd && npm i -E jscpd@5.3.2    # 5.4.1 does not run here

(or name the executable with ``--jscpd`` or the ``JSCPD`` environment variable).

What is compared, per repository:

* The files: the tracked ``*.py`` files (``git ls-files``; symbolic links left out), split by
  this script's own path rule, not the product's file roles: a file is **test** when a folder
  on its path is named ``tests`` or ``test``, or its name is ``test_*.py``, ``*_test.py``,
  ``tests.py`` or ``conftest.py``; a file under a ``migrations`` folder (Django) or an
  ``alembic/versions`` folder (Alembic) is a migration and left out; every other file is
  **production**.
* jscpd 5.3.2 over exactly those files, ``--min-tokens 100 --min-lines 10 --mode mild``
  (exact tokens: type-1, SonarQube CPD's minimum block), and a second time with
  ``--ignore-identifiers --ignore-literals`` (jscpd's type-2, the CPD-style reference for the
  product's raw ``cpd_density``).
* The product: each file read and measured by the product's own code (``read_source``,
  ``parse_source`` and the ``clone_token_stream`` extractor, the only per-file result that
  duplication reads; the other extractors are skipped for speed), then
  :func:`analysis.code.duplication.detect_duplication` on the production files and, apart,
  on the test files (migrations excluded by the path rule, so the product's own exclude
  patterns are switched off).
* Density, for both tools, over the same denominator: duplicated lines (the union of every
  fragment's line range, each line once, as SonarQube counts ``duplicated_lines``) divided by
  the physical lines of all files in the set, counted here. jscpd's own percentage is printed
  too (its denominator leaves out files shorter than a block).

``audit(path) -> dict`` is the importable entry point; ``main`` prints a table and the
largest production clone groups of each tool.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.code.clone_groups import CloneGroup
from analysis.code.duplication import DuplicationSettings, detect_duplication
from analysis.code.file_metrics import clone_token_stream
from analysis.code.parsing import parse_source
from analysis.code.results import FileMetrics
from analysis.code.source import read_source

DEFAULT_JSCPD = "/tmp/jscpd/node_modules/.bin/jscpd"
MIN_TOKENS = 100
MIN_LINES = 10
TEST_FOLDERS = {"tests", "test"}


def role_of(path: str) -> str | None:
    """``"test"``, ``"production"``, or ``None`` for a migration (this audit's own path rule)."""
    parts = PurePosixPath(path).parts
    folders, name = parts[:-1], parts[-1]
    if "migrations" in folders or "alembic/versions" in "/".join(folders):
        return None
    if TEST_FOLDERS & set(folders):
        return "test"
    if name.startswith("test_") or name.endswith("_test.py"):
        return "test"
    if name in ("tests.py", "conftest.py"):
        return "test"
    return "production"


def python_files(root: Path) -> dict[str, list[str]]:
    """Tracked Python files of the repository by role (symbolic links left out)."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-s", "-z", "--", "*.py"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    by_role: dict[str, list[str]] = {"production": [], "test": []}
    for entry in filter(None, listed.split("\0")):
        meta, path = entry.split("\t", 1)
        if meta.startswith("120000") or not (root / path).is_file():
            continue  # a symbolic link, or a file the sparse checkout left out
        role = role_of(path)
        if role is not None:
            by_role[role].append(path)
    return by_role


def physical_lines(data: bytes) -> int:
    """Lines as ``wc -l`` counts them, plus an unterminated last line."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def _union_lines(fragments: list[tuple[str, int, int]]) -> int:
    """Lines covered by at least one fragment (each line once)."""
    return len({(path, n) for path, start, end in fragments for n in range(start, end + 1)})


def run_jscpd(
    jscpd: str, root: Path, paths: list[str], *, type2: bool = False
) -> tuple[list[dict], dict]:
    """jscpd's clones (pairs of fragments) and its own statistics over exactly ``paths``."""
    if not paths:
        return [], {}
    with tempfile.TemporaryDirectory(prefix="audit-jscpd-") as out:
        command = [
            jscpd,
            "--min-tokens", str(MIN_TOKENS),
            "--min-lines", str(MIN_LINES),
            "--mode", "mild",
            "--format", "python",
            "--max-size", "50mb",
            "--reporters", "json",
            "--output", out,
            "--no-gitignore",
            "--absolute",
            "--silent",
        ]  # fmt: skip
        if type2:
            command += ["--ignore-identifiers", "--ignore-literals"]
        done = subprocess.run(
            [*command, *paths], cwd=root, capture_output=True, text=True, check=False
        )
        report = Path(out) / "jscpd-report.json"
        if not report.exists():
            raise RuntimeError(f"jscpd failed ({done.returncode}): {done.stderr.strip()[:300]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    return data.get("duplicates", []), data.get("statistics", {}).get("total", {})


def _jscpd_groups(duplicates: list[dict], root: Path) -> list[dict]:
    """jscpd's clones (always pairs) with repository-relative paths, largest first."""

    def fragment(side: dict) -> tuple[str, int, int]:
        name = Path(side["name"])
        path = name.relative_to(root).as_posix() if name.is_absolute() else name.as_posix()
        return path, side["startLoc"]["line"], side["endLoc"]["line"]

    groups = []
    for clone in duplicates:
        fragments = [fragment(clone["firstFile"]), fragment(clone["secondFile"])]
        groups.append(
            {
                "tokens": clone.get("tokens"),
                "lines": sum(end - start + 1 for _, start, end in fragments),
                "fragments": fragments,
            }
        )
    groups.sort(key=lambda g: -sum(end - start + 1 for _, start, end in g["fragments"]))
    return groups


def measure_product(root: Path, paths: list[str]) -> list[FileMetrics]:
    """Each file as the product's code phase measures it (the fields duplication reads)."""
    files = []
    for path in paths:
        source = read_source(str(root / path))
        if source.text is None:
            files.append(FileMetrics(path=path, status="skipped", reason=source.reason))
            continue
        item = FileMetrics(path=path, size=source.size)
        parsed = parse_source(path, source.text, item)
        clone_token_stream(parsed, item)
        files.append(item)
    return files


def _product_groups(groups: list[CloneGroup]) -> list[dict]:
    return [
        {
            "tokens": g.tokens,
            "lines": g.lines,
            "fragments": [(f.path, f.start_line, f.end_line) for f in g.fragments],
        }
        for g in groups
    ]


def audit_files(root: Path, paths: list[str], jscpd: str) -> dict[str, Any]:
    """Both tools on one file set."""
    lines = sum(physical_lines((root / path).read_bytes()) for path in paths)
    started = time.perf_counter()
    duplicates, statistics = run_jscpd(jscpd, root, paths)
    jscpd_seconds = time.perf_counter() - started
    type2, _ = run_jscpd(jscpd, root, paths, type2=True)
    exact_groups, type2_groups = _jscpd_groups(duplicates, root), _jscpd_groups(type2, root)
    jscpd_lines = _union_lines([f for g in exact_groups for f in g["fragments"]])
    jscpd_type2_lines = _union_lines([f for g in type2_groups for f in g["fragments"]])
    started = time.perf_counter()
    measured = measure_product(root, paths)
    report = detect_duplication(measured, DuplicationSettings(exclude=()))
    product_seconds = time.perf_counter() - started
    cpd_lines = getattr(report, "cpd_duplicated_lines", None)

    def density(duplicated: int | None) -> float | None:
        if duplicated is None:
            return None
        return 100.0 * duplicated / lines if lines else None

    return {
        "files": len(paths),
        "lines": lines,
        "jscpd": {
            "duplicated_lines": jscpd_lines,
            "density": density(jscpd_lines),
            "own_percentage": statistics.get("percentage"),
            "own_lines": statistics.get("lines"),
            "type2_duplicated_lines": jscpd_type2_lines,
            "type2_density": density(jscpd_type2_lines),
            "clones": len(duplicates),
            "seconds": jscpd_seconds,
            "groups": exact_groups,
        },
        "product": {
            "duplicated_lines": report.duplicated_lines,
            "density": density(report.duplicated_lines),
            "own_density": report.density,
            "cpd_duplicated_lines": cpd_lines,
            "cpd_density": density(cpd_lines),
            "files": report.files,
            "clone_groups": len(report.groups),
            "seconds": product_seconds,
            "groups": _product_groups(report.groups),
        },
    }


def audit(path: str | os.PathLike[str], jscpd: str | None = None) -> dict[str, Any]:
    """jscpd and the product on one repository's production and test files (module docstring)."""
    root = Path(path).resolve()
    jscpd = jscpd or os.environ.get("JSCPD") or DEFAULT_JSCPD
    if not (shutil.which(jscpd) or Path(jscpd).is_file()):
        raise FileNotFoundError(
            f"jscpd not found at {jscpd}: mkdir -p /tmp/jscpd && cd /tmp/jscpd && "
            "npm i -E jscpd@5.3.2 (or pass --jscpd / set JSCPD)"
        )
    if not (root / ".git").exists():
        raise NotADirectoryError(f"{root} is not a git working tree")
    by_role = python_files(root)
    return {
        "repository": root.name,
        "path": str(root),
        "rule": "test: tests/ or test/ folder, test_*.py, *_test.py, tests.py, conftest.py; "
        "migrations/ and alembic/versions/ left out; production: the rest",
        "production": audit_files(root, by_role["production"], jscpd),
        "test": audit_files(root, by_role["test"], jscpd),
    }


def _percent(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.1f}"


def _print_table(results: list[dict[str, Any]]) -> None:
    print(
        f"{'repository':<28} {'role':<10} {'files':>6} {'lines':>8}  "
        f"{'jscpd%':>6} {'ours%':>6} {'gap':>5}  {'jscpd-t2%':>9} {'cpd%':>6}  "
        f"{'jscpd s':>7} {'ours s':>6}"
    )
    for result in results:
        for role in ("production", "test"):
            part = result[role]
            ours, theirs = part["product"]["density"], part["jscpd"]["density"]
            gap = None if ours is None or theirs is None else ours - theirs
            print(
                f"{result['repository']:<28} {role:<10} {part['files']:>6} {part['lines']:>8}  "
                f"{_percent(theirs):>6} {_percent(ours):>6} "
                f"{'' if gap is None else f'{gap:+5.1f}':>5}  "
                f"{_percent(part['jscpd']['type2_density']):>9} "
                f"{_percent(part['product']['cpd_density']):>6}  "
                f"{part['jscpd']['seconds']:7.1f} {part['product']['seconds']:6.1f}"
            )


def _print_groups(results: list[dict[str, Any]], top: int) -> None:
    if top <= 0:
        return
    for result in results:
        for tool in ("product", "jscpd"):
            groups = result["production"][tool]["groups"][:top]
            print(f"\n{result['repository']}: largest production clone groups ({tool})")
            for group in groups:
                where = ", ".join(f"{p}:{s}-{e}" for p, s, e in group["fragments"][:4])
                more = len(group["fragments"]) - 4
                print(
                    f"  {group['lines']:>5} lines {group['tokens']:>5} tokens  {where}"
                    + (f" (+{more} more)" if more > 0 else "")
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repositories", nargs="+", type=Path)
    parser.add_argument("--jscpd", help=f"jscpd executable (default $JSCPD or {DEFAULT_JSCPD})")
    parser.add_argument("--top", type=int, default=5, help="clone groups listed per tool")
    parser.add_argument("--json", type=Path, help="write every result, groups included, here")
    args = parser.parse_args()
    results = []
    for repository in args.repositories:
        try:
            results.append(audit(repository, args.jscpd))
        except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
            print(f"error: {repository}: {exc}", file=sys.stderr)
            return 2
    _print_table(results)
    _print_groups(results, args.top)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
