"""Benchmark: duplication detection on a large corpus, against plain ``tokenize`` in the same run.

Usage::

    .venv/bin/python benchmarks/duplication.py                 # generate ~850k lines, measure
    .venv/bin/python benchmarks/duplication.py --corpus PATH   # measure the .py files under PATH
    .venv/bin/python benchmarks/duplication.py --keep DIR      # keep the generated corpus in DIR

Prints, for the same files in the same process:
  baseline   ``tokenize.generate_tokens`` over every file (what any token-based detector pays)
  extract    :func:`analysis.code.clone_tokens.clone_tokens` over every file (the worker side)
  group      :func:`analysis.code.duplication.detect_duplication` (the parent side: unpack,
             hash, sort, chains, groups; both figures: the raw CPD-style pass, then the
             density's pass over the windows the first found repeated)
with ratios to the baseline, the parent's peak traced memory and the process's peak RSS, the
packed size that goes into the cache, and the wall time expected with N workers
(extract / N + group).

The generated corpus (``--files``, default 4,000 modules, ~850k lines) is ordinary-looking
Python: classes and functions with varied control flow, calls, literals and comprehensions;
a share of functions (``--copy-share``, default 8%) is pasted from a common pool with renamed
identifiers and changed literals (true type-2 clones); twenty migration-style modules of long
multi-line calls; one ~480 KB module holding a single list literal of ~10,000 tuples.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
import tokenize
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.code.clone_tokens import clone_tokens
from analysis.code.duplication import DuplicationSettings, detect_duplication
from analysis.code.results import FileMetrics

WORDS = (
    "account", "order", "item", "user", "invoice", "price", "total", "amount", "status",
    "record", "entry", "value", "result", "payload", "config", "cache", "session", "request",
    "response", "handler", "client", "server", "token", "buffer", "queue", "event", "message",
    "report", "line", "count", "index", "offset", "limit", "page", "size", "name", "label",
    "key", "data",
)  # fmt: skip


class Writer:
    """Random but plausible Python, one function at a time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self) -> str:
        r = self.rng
        return "_".join(r.sample(WORDS, r.randint(1, 3)))

    def literal(self) -> str:
        r = self.rng
        choice = r.random()
        if choice < 0.4:
            return str(r.randint(0, 1000))
        if choice < 0.8:
            return repr(" ".join(r.sample(WORDS, r.randint(1, 4))))
        return r.choice(("None", "True", "False", "[]", "{}"))

    def expression(self, depth: int = 0) -> str:
        r = self.rng
        kind = r.randint(0, 7 if depth < 2 else 2)
        if kind == 0:
            return self.name()
        if kind == 1:
            return self.literal()
        if kind == 2:
            return f"{self.name()}.{self.name()}"
        if kind == 3:
            args = ", ".join(self.expression(depth + 1) for _ in range(r.randint(0, 3)))
            return f"{self.name()}({args})"
        if kind == 4:
            op = r.choice(("+", "-", "*", "/", "%", "and", "or", "==", "<", ">=", "in"))
            return f"{self.expression(depth + 1)} {op} {self.expression(depth + 1)}"
        if kind == 5:
            return f"[{self.name()} for {self.name()} in {self.expression(depth + 1)}]"
        if kind == 6:
            return f"f'{{{self.name()}}} {r.choice(WORDS)}'"
        return f"{self.name()}[{self.expression(depth + 1)}]"

    def statements(self, indent: int, budget: int) -> list[str]:
        r = self.rng
        pad = "    " * indent
        out: list[str] = []
        while budget > 0:
            kind = r.randint(0, 9) if indent < 4 else r.randint(0, 3)
            if kind <= 3:
                out.append(f"{pad}{self.name()} = {self.expression()}")
                budget -= 1
            elif kind == 4:
                out.append(f"{pad}{self.expression()}")
                budget -= 1
            elif kind == 5:
                out.append(f"{pad}if {self.expression()}:")
                body = self.statements(indent + 1, min(budget, r.randint(1, 4)))
                out.extend(body)
                budget -= len(body) + 1
                if r.random() < 0.4:
                    out.append(f"{pad}else:")
                    out.append(f"{pad}    {self.name()} = {self.expression()}")
                    budget -= 2
            elif kind == 6:
                out.append(f"{pad}for {self.name()} in {self.expression()}:")
                body = self.statements(indent + 1, min(budget, r.randint(1, 4)))
                out.extend(body)
                budget -= len(body) + 1
            elif kind == 7:
                out.append(f"{pad}try:")
                body = self.statements(indent + 1, min(budget, r.randint(1, 3)))
                out.extend(body)
                out.append(f"{pad}except {r.choice(('ValueError', 'KeyError', 'OSError'))}:")
                out.append(f"{pad}    logger.warning({self.literal()})")
                budget -= len(body) + 3
            elif kind == 8:
                out.append(f"{pad}# {' '.join(r.sample(WORDS, 5))}")
                out.append(f"{pad}{self.name()} = {self.expression()}")
                budget -= 2
            else:
                out.append(f"{pad}return {self.expression()}")
                budget -= 1
                break
        return out or [f"{pad}pass"]

    def function(self, indent: int = 0) -> list[str]:
        r = self.rng
        pad = "    " * indent
        params = ", ".join(self.name() for _ in range(r.randint(0, 4)))
        if indent:
            params = "self" + (", " + params if params else "")
        lines = [f"{pad}def {self.name()}({params}):"]
        if r.random() < 0.5:
            lines.append(f'{pad}    """{" ".join(r.sample(WORDS, 6)).capitalize()}."""')
        lines += self.statements(indent + 1, r.randint(4, 28))
        return [*lines, ""]


def renamed(lines: list[str], rng: random.Random) -> list[str]:
    """A pasted copy: identifiers and literals changed, structure kept (a type-2 clone)."""
    swap = dict(zip(WORDS, rng.sample(WORDS, len(WORDS)), strict=True))
    out = []
    for line in lines:
        for word, other in swap.items():
            line = line.replace(word, other.upper() if word == other else other)
        out.append(line.replace("1", "7").replace("2", "9"))
    return out


def generate(root: Path, files: int, copy_share: float, seed: int = 7) -> None:
    rng = random.Random(seed)
    writer = Writer(rng)
    pool = [writer.function() for _ in range(300)]
    for number in range(files):
        folder = root / f"pkg{number % 40}" / f"sub{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        lines = ["import logging", "import os", "", "logger = logging.getLogger(__name__)", ""]
        while len(lines) < 200:
            if rng.random() < copy_share:
                lines += renamed(rng.choice(pool), rng)
            elif rng.random() < 0.3:
                lines.append(f"class {writer.name().title().replace('_', '')}:")
                for _ in range(rng.randint(1, 4)):
                    lines += writer.function(indent=1)
            else:
                lines += writer.function()
        (folder / f"module_{number}.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    migrations = root / "app" / "migrations"
    migrations.mkdir(parents=True, exist_ok=True)
    for number in range(20):
        body = [
            "from django.db import migrations, models",
            "",
            "",
            "class Migration(migrations.Migration):",
            f"    dependencies = [('app', '{number:04d}_previous')]",
            "    operations = [",
        ]
        while sum(len(x) for x in body) < 48_000:
            body += [
                "        migrations.AddField(",
                f"            model_name={writer.name()!r},",
                f"            name={writer.name()!r},",
                f"            field=models.CharField(max_length={rng.randint(10, 300)}, "
                f"blank=True, default={writer.literal()}),",
                "        ),",
            ]
        body.append("    ]")
        (migrations / f"{number:04d}_auto.py").write_text("\n".join(body) + "\n", "utf-8")
    rows = ",\n".join(f"    ({i}, {writer.name()!r}, {rng.random():.6f})" for i in range(10_000))
    (root / "app" / "big_table.py").write_text(f"TABLE = [\n{rows},\n]\n", encoding="utf-8")


def read_corpus(root: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(root.rglob("*.py")):
        try:
            out.append((path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="measure the .py files under this folder")
    parser.add_argument("--keep", type=Path, help="generate the corpus into this folder")
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--copy-share", type=float, default=0.08)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dup-bench-") as scratch:
        root = args.corpus or args.keep or Path(scratch)
        if args.corpus is None:
            started = time.perf_counter()
            generate(root, args.files, args.copy_share)
            print(f"generated corpus in {time.perf_counter() - started:.1f} s: {root}")
        sources = read_corpus(root)
    lines = sum(text.count("\n") for _, text in sources)
    size = sum(len(text) for _, text in sources)
    print(f"corpus: {len(sources):,} files, {lines:,} lines, {size / 1e6:.1f} MB")

    started = time.perf_counter()
    tokens = 0
    for _, text in sources:
        try:
            tokens += sum(1 for _ in tokenize.generate_tokens(io.StringIO(text).readline))
        except (SyntaxError, tokenize.TokenError):
            continue
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    files = []
    for path, text in sources:
        item = FileMetrics(path=path, loc=len(text.splitlines()))
        item.clone_tokens = clone_tokens(text)
        files.append(item)
    extract = time.perf_counter() - started
    packed = sum(len(f.clone_tokens or "") for f in files)
    del sources

    # every file takes part, migrations too (the product leaves them out by default): the
    # twenty migration-style modules are the heaviest duplication in the corpus
    settings = DuplicationSettings(exclude=())
    started = time.perf_counter()
    report = detect_duplication(files, settings)
    group = time.perf_counter() - started
    tracemalloc.start()  # a second run for memory: tracing slows it down
    detect_duplication(files, settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 1024 / (1024 if sys.platform == "darwin" else 1)

    fragments = sum(len(g.fragments) for g in report.groups)
    print(f"tokens (tokenize, all kinds): {tokens:,}")
    print(f"baseline  tokenize           {baseline:7.2f} s   1.00x")
    print(f"extract   clone_tokens       {extract:7.2f} s   {extract / baseline:.2f}x baseline")
    print(f"group     detect_duplication {group:7.2f} s   {group / baseline:.2f}x baseline")
    print(
        f"total     one process        {extract + group:7.2f} s   "
        f"{(extract + group) / baseline:.2f}x baseline"
    )
    print(
        f"expected wall time with {args.workers} workers: "
        f"{extract / args.workers + group:.2f} s (extract / workers + group)"
    )
    print(
        f"parent peak traced memory (grouping): {peak / 1e6:.0f} MB; "
        f"process peak RSS {rss_mb:.0f} MB"
    )
    print(
        f"packed token streams (cache): {packed / 1e6:.1f} MB "
        f"({packed / max(tokens, 1):.2f} B/token)"
    )
    print(
        f"result: {len(report.groups):,} clone groups, {fragments:,} fragments, "
        f"{report.duplicated_lines:,} duplicated lines of {report.lines:,} "
        f"({report.density or 0:.2f}%), {report.duplicated_files:,} files with duplication"
    )
    if hasattr(report, "cpd_density"):  # the raw CPD-style figure (absent before issue 12)
        print(
            f"raw CPD-style figure: {report.cpd_groups:,} clone groups, "
            f"{report.cpd_duplicated_lines:,} duplicated lines ({report.cpd_density or 0:.2f}%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
