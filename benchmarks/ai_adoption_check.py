"""Independent check of the AI-adoption section's lines per commit (issue 18): the median of
lines added plus deleted per non-merge commit of HEAD in the window, from a plain
``git log --numstat --no-merges`` read here, code files by a simple rule written for the
purpose (production and test folders, code extensions), set beside the product's figure.

    python benchmarks/ai_adoption_check.py /work/repos/flask [REPORT.json]

The rule: a path is code when its extension is a programming language or template one and it
is not under docs/, examples/ or a vendored folder. The product's roles are finer (generated
files, migrations, fixtures); the two agree where the repository has none of those.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

CODE = (".py", ".pyi", ".html", ".jinja", ".j2", ".js", ".ts", ".tsx", ".jsx", ".go", ".rs")
NOT_CODE = ("docs/", "examples/", "vendor/", "node_modules/")


def months_before(moment: int, months: int) -> int:
    when = datetime.fromtimestamp(moment, UTC)
    index = when.year * 12 + when.month - 1 - months
    year, month = divmod(index, 12)
    return int(when.replace(year=year, month=month + 1).timestamp())


def main() -> None:
    repo = sys.argv[1]
    git = ["git", "-C", repo]
    end = int(subprocess.check_output([*git, "log", "-1", "--format=%ct", "HEAD"]).strip())
    start = months_before(end, 12)
    out = subprocess.check_output(
        [*git, "log", "--no-merges", "--numstat", "--no-renames", "--format=@%H %ct", "HEAD"],
        text=True,
        errors="replace",
    )
    sizes, current, lines = [], None, 0
    for line in [*out.splitlines(), "@end 0"]:
        if line.startswith("@"):
            if current is not None and lines is not None:
                sizes.append(lines)
            sha, when = line[1:].split()
            current = sha if start <= int(when) <= end else None
            lines = None
        elif line and current is not None:
            added, deleted, path = line.split("\t", 2)
            if path.endswith(CODE) and not path.startswith(NOT_CODE) and added != "-":
                lines = (lines or 0) + int(added) + int(deleted)
    print(f"independent: {len(sizes)} commits changing code, median {statistics.median(sizes)}")
    if len(sys.argv) > 2:
        product = json.loads(Path(sys.argv[2]).read_text())["ai_adoption"]["small_batches"][
            "lines_per_commit"
        ]
        print(
            f"product:     {product['commits']} commits changing code, median {product['median']}"
        )


if __name__ == "__main__":
    main()
