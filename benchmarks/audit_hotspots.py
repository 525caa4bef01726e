"""Independent hotspots of a repository, to hold the product's against (not the product's code).

    python benchmarks/audit_hotspots.py PATH [--months 12] [--top 10]

Change frequency: ``git log --no-merges --name-only`` over the months before the newest
commit (author dates), bots left out by name. Complexity: stock radon ``cc_visit`` summed over
functions for Python, lizard's per-function sum for other languages lizard reads. What is code
is decided by a rule written here, independently of ``resources/file_roles.toml``: a file is
*not code* when its extension is a data, document or catalogue format, or it lives in a
translations, docs or migrations folder, or it is a schema dump; tests are code.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}

NOT_CODE_EXT = re.compile(
    r"\.(po|mo|pot|json|ya?ml|toml|ini|cfg|md|rst|txt|csv|tsv|xml|svg|png|jpe?g|gif|ico|"
    r"woff2?|ttf|eot|lock|graphql|html?|css|scss|less|map|snap)$",
    re.IGNORECASE,
)
NOT_CODE_DIR = re.compile(r"(^|/)(locale|translations|docs?|migrations|node_modules|vendor|dist)/")
BOTS = re.compile(r"\[bot\]|dependabot|renovate|github-actions|pre-commit-ci", re.IGNORECASE)


def independent_kind(path: str) -> str:
    """'code' or why not: the benchmark's own rule."""
    if NOT_CODE_DIR.search(path):
        return "not code (folder)"
    if NOT_CODE_EXT.search(path) or path.endswith("schema.graphql"):
        return "not code (format)"
    return "code"


def git(path: str, *args: str) -> str:
    done = subprocess.run(["git", "-C", path, *args], env=ENV, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def change_counts(path: str, months: int) -> Counter:
    newest = git(path, "log", "-1", "--format=%at").strip()
    end = datetime.fromtimestamp(int(newest), UTC)
    since = end - timedelta(days=round(months * 30.44))
    out = git(
        path,
        "log",
        "--no-merges",
        "--no-renames",
        f"--since={since.isoformat()}",
        "--format=%x00%an <%ae>",
        "--name-only",
        "HEAD",
    )
    counts: Counter = Counter()
    for block in out.split("\x00")[1:]:
        author, _, names = block.partition("\n")
        if BOTS.search(author):
            continue
        for name in {n for n in names.splitlines() if n.strip()}:
            counts[name] += 1
    return counts


def complexity(root: str, rel: str) -> int | None:
    target = Path(root, rel)
    if not target.is_file() or target.stat().st_size > 2_000_000:
        return None
    text = target.read_text(encoding="utf-8", errors="replace")
    if rel.endswith(".py"):
        from radon.complexity import cc_visit

        try:
            blocks = cc_visit(text)
        except (SyntaxError, ValueError):
            return None
        # radon lists functions, methods and classes (a class's complexity sums its methods):
        # count the functions and methods once each
        return sum(block.complexity for block in blocks if not hasattr(block, "methods"))
    import lizard
    from lizard_languages import get_reader_for

    if get_reader_for(rel) is None:
        return None
    info = lizard.analyze_file.analyze_source_code(Path(rel).name, text)
    return sum(f.cyclomatic_complexity for f in info.function_list)


def audit(path: str, months: int = 12, top: int = 10) -> dict:
    """Independent top hotspots over code, and the rule's verdict for any path."""
    counts = change_counts(path, months)
    rows = []
    for rel, revisions in counts.items():
        if independent_kind(rel) != "code":
            continue
        value = complexity(path, rel)
        if value is None:
            continue
        rows.append((rel, revisions, value))
    if not rows:
        return {"top": [], "classify": independent_kind}
    most_rev = max(r[1] for r in rows)
    most_cc = max(r[2] for r in rows) or 1
    ranked = sorted(
        ((rel, rev, cc, round(rev / most_rev * cc / most_cc, 4)) for rel, rev, cc in rows),
        key=lambda r: (-r[3], -r[1], r[0]),
    )
    return {"top": ranked[:top], "classify": independent_kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    for rel, rev, cc, score in audit(args.path, args.months, args.top)["top"]:
        print(f"{score:6.3f}  {rev:4d} changes  cc {cc:5d}  {rel}")


if __name__ == "__main__":
    main()
