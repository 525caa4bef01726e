"""Generate the synthetic project the code-health benchmark runs on: a git repository with

- about 4,000 modules and 850,000 lines of ordinary code (packages, classes, methods,
  decorators, docstrings, comments, comprehensions, f-strings, try/except, with),
- twenty Django-migration-style modules of 40-60 KB, each one ``operations = [...]`` statement
  made of long multi-line calls (radon's raw analyzer is quadratic in statement length),
- one ~480 KB module holding one list literal of ~10,000 tuples.

Deterministic (seeded), so figures can be compared between runs and machines.

    python benchmarks/make_synthetic_project.py OUT [--modules 4000] [--lines 850000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

WORDS = (
    "account",
    "order",
    "invoice",
    "customer",
    "payment",
    "product",
    "stock",
    "price",
    "tax",
    "report",
    "user",
    "session",
    "token",
    "cache",
    "queue",
    "event",
    "message",
    "batch",
    "record",
    "entry",
    "ledger",
    "item",
    "cart",
    "shipment",
    "address",
    "profile",
    "permission",
    "group",
    "role",
    "config",
    "setting",
    "metric",
    "sample",
    "window",
    "limit",
    "retry",
    "policy",
)


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def name(self, count: int = 2) -> str:
        return "_".join(self.rng.choice(WORDS) for _ in range(count))

    def cls(self) -> str:
        return "".join(self.rng.choice(WORDS).title() for _ in range(2))

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def expression(self) -> str:
        rng, a, b = self.rng, self.name(1), self.name(1)
        return rng.choice(
            [
                f"{a}.get({b!r}, 0) + {rng.randint(1, 99)}",
                f"[x.{b} for x in {a} if x.{b} is not None]",
                f"{{k: v for k, v in {a}.items() if k != {b!r}}}",
                f'f"{{{a}}}-{{{b}:>{rng.randint(2, 9)}}}"',
                f"{a} if {b} else None",
                f"sum(i * {rng.randint(2, 9)} for i in range(len({a})))",
                f"self._{a}({b}, strict={rng.choice(['True', 'False'])})",
                f"{a}.{b}().strip().lower()",
                f"({a} or {b}) and not self.{a}",
                f"max({a}, key=lambda item: item.{b})",
            ]
        )

    def nested(self, indent: int, header: str, most: int, depth: int) -> None:
        """A compound statement: its header, then a body of 1 to ``most`` lines."""
        self.emit(indent, header)
        self.block(indent + 1, self.rng.randint(1, most), depth + 1)

    def block(self, indent: int, budget: int, depth: int = 0) -> None:
        """About ``budget`` lines of statements at ``indent``."""
        rng = self.rng
        first = True  # a body needs a statement, not only comments
        while budget > 0:
            choice = rng.random()
            if first and 0.30 <= choice < 0.40:
                choice = 0.0
            first = False
            if choice < 0.30 or depth >= 3:
                self.emit(indent, f"{self.name()} = {self.expression()}")
                budget -= 1
            elif choice < 0.40:
                self.emit(indent, f"# {' '.join(rng.choice(WORDS) for _ in range(6))}")
                budget -= 1
            elif choice < 0.55:
                self.nested(
                    indent, f"if {self.name(1)} and {self.name(1)} > {rng.randint(0, 9)}:", 4, depth
                )
                if rng.random() < 0.5:
                    self.nested(indent, f"elif {self.name(1)} is None:", 3, depth)
                self.nested(indent, "else:", 3, depth)
                budget -= 8
            elif choice < 0.65:
                self.nested(indent, f"for {self.name(1)} in self.{self.name()}:", 4, depth)
                budget -= 4
            elif choice < 0.73:
                self.nested(indent, "try:", 3, depth)
                self.emit(indent, f"except ({self.cls()}Error, KeyError) as exc:")
                self.emit(indent + 1, f"log.warning({self.name()!r} + ': %s', exc)")
                self.emit(indent + 1, "raise")
                budget -= 6
            elif choice < 0.80:
                self.nested(
                    indent, f"with self._{self.name(1)}.open({self.name(1)!r}) as handle:", 3, depth
                )
                budget -= 3
            elif choice < 0.90:
                self.emit(indent, f"{self.name()} = {self.name(1)}.call(")
                for _ in range(rng.randint(2, 5)):
                    self.emit(indent + 1, f"{self.name(1)}={self.expression()},")
                self.emit(indent, ")")
                budget -= 5
            else:
                self.emit(indent, f"self.{self.name()}.append({self.expression()})")
                budget -= 1

    def function(self, indent: int, method: bool, size: int) -> None:
        rng = self.rng
        if rng.random() < 0.3:
            self.emit(
                indent,
                rng.choice(
                    ["@property", "@staticmethod", "@functools.cache", "@retry(times=3, delay=0.5)"]
                ),
            )
        params = ", ".join(self.name(1) + f"_{i}" for i in range(rng.randint(0, 4)))
        head = "self, " + params if method else params
        returns = rng.choice(["", " -> int", " -> dict[str, Any]", " -> None"])
        self.emit(indent, f"def {self.name()}({head.rstrip(', ')}){returns}:")
        self.emit(indent + 1, f'"""{self.name().replace("_", " ").capitalize()} for the caller.')
        if rng.random() < 0.5:
            self.emit(0, "")
            self.emit(indent + 1, f"Raises {self.cls()}Error when the {self.name(1)} is stale.")
        self.emit(indent + 1, '"""')
        self.block(indent + 1, size)
        self.emit(indent + 1, f"return {self.name(1)}")
        self.emit(0, "")

    def module(self, target: int, package: str) -> str:
        rng = self.rng
        self.lines = [
            f'"""{package}: {self.name().replace("_", " ")} handling.',
            "",
            f"The {self.name(1)} side of the {self.name(1)} workflow; see the {self.cls()} class.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "import functools",
            "import logging",
            "from typing import Any",
            "",
            f"from {package}.{self.name(1)} import {self.cls()}, {self.cls()}Error",
            "",
            "log = logging.getLogger(__name__)",
            f"{self.name().upper()} = {rng.randint(1, 500)}",
            "",
            "",
        ]
        while len(self.lines) < target:
            if rng.random() < 0.6:
                if rng.random() < 0.3:
                    self.emit(0, "@dataclass")
                self.emit(0, f"class {self.cls()}({rng.choice(['Base', 'object', 'Mixin'])}):")
                self.emit(1, f'"""A {self.name().replace("_", " ")} kept per {self.name(1)}."""')
                self.emit(0, "")
                self.emit(1, "def __init__(self, config: dict[str, Any]) -> None:")
                for _ in range(rng.randint(2, 6)):
                    self.emit(2, f"self.{self.name()} = config.get({self.name()!r})")
                self.emit(0, "")
                for _ in range(rng.randint(2, 7)):
                    self.function(1, True, rng.randint(4, 30))
            else:
                self.function(0, False, rng.randint(4, 40))
            self.emit(0, "")
        return "\n".join(self.lines) + "\n"


def migration(rng: random.Random, number: int, size: int) -> str:
    """One ``operations = [...]`` statement of multi-line calls, about ``size`` bytes."""
    lines = [
        "from django.db import migrations, models",
        "import django.db.models.deletion",
        "",
        "",
        "class Migration(migrations.Migration):",
        "",
        f"    dependencies = [('shop', '{number:04d}_auto')]",
        "",
        "    operations = [",
    ]
    total = sum(len(x) + 1 for x in lines)
    index = 0
    while total < size:
        index += 1
        model = f"{rng.choice(WORDS).title()}{rng.choice(WORDS).title()}{index}"
        block = [
            "        migrations.CreateModel(",
            f"            name='{model}',",
            "            fields=[",
            "                ('id', models.BigAutoField(auto_created=True, primary_key=True, "
            "serialize=False, verbose_name='ID')),",
        ]
        for field in range(rng.randint(3, 7)):
            block.append(
                f"                ('{rng.choice(WORDS)}_{field}', models.CharField("
                f"blank=True, default='', max_length={rng.randint(10, 255)})),"
            )
        block += [
            "                ('owner', models.ForeignKey(on_delete=django.db.models.deletion."
            "CASCADE, related_name='+', to='shop.account')),",
            "            ],",
            f"            options={{'ordering': ['-id'], 'verbose_name': '{model.lower()}'}},",
            "        ),",
            "        migrations.AddField(",
            f"            model_name='{model.lower()}',",
            f"            name='{rng.choice(WORDS)}',",
            f"            field=models.IntegerField(default={rng.randint(0, 9)}, null=True),",
            "        ),",
        ]
        lines += block
        total += sum(len(x) + 1 for x in block)
    lines.append("    ]")
    return "\n".join(lines) + "\n"


def big_literal(rng: random.Random, rows: int) -> str:
    cities = ["Lyon", "Porto", "Gdansk", "Leeds", "Graz", "Malmo", "Turin", "Bruges"]
    lines = ['"""Reference data: one list literal."""', "", "ROWS = ["]
    for i in range(rows):
        lines.append(
            f"    ({i}, 'code-{i:05d}', '{rng.choice(cities)}', {rng.randint(0, 99999) / 100}, "
            f"{rng.choice(['True', 'False'])}),"
        )
    lines.append("]")
    return "\n".join(lines) + "\n"


def generate(
    out: Path,
    modules: int,
    lines: int,
    migrations: int = 20,
    rows: int = 10_000,
    seed: int = 20260901,
) -> dict[str, int]:
    rng = random.Random(seed)
    writer = Writer(rng)
    packages = [f"pkg_{i:02d}_{rng.choice(WORDS)}" for i in range(max(1, modules // 50))]
    written = {"modules": 0, "lines": 0, "bytes": 0}

    def write(relative: str, text: str) -> None:
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written["modules"] += 1
        written["lines"] += text.count("\n")
        written["bytes"] += len(text.encode("utf-8"))

    for number, package in enumerate(packages):
        # most packages document themselves; a few __init__.py files are empty, as in life
        write(f"src/{package}/__init__.py", "" if number % 10 == 0 else f'"""{package}."""\n')
    remaining = modules - len(packages) - migrations - 1
    # the migrations (~800 lines each) and the big literal (a line per row) are part of it
    per_module = max(20, (lines - migrations * 800 - rows - len(packages)) // remaining)
    overshoot = 1.0  # modules come out longer than asked (blocks nest): learn by how much
    asked = produced = 0
    for index in range(remaining):
        package = packages[index % len(packages)]
        size = int(per_module / overshoot * rng.uniform(0.3, 1.7))
        text = writer.module(size, package)
        asked += size
        produced += text.count("\n")
        overshoot = produced / asked
        write(f"src/{package}/{writer.name()}_{index}.py", text)
    for number in range(1, migrations + 1):
        size = rng.randint(40_000, 60_000)
        write(f"src/shop/migrations/{number:04d}_auto.py", migration(rng, number, size))
    write("src/shop/reference_data.py", big_literal(rng, rows))
    return written


def commit(out: Path) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
        "GIT_AUTHOR_DATE": "2026-01-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-01-01T12:00:00+00:00",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "synthetic"]):
        subprocess.run(["git", *args], cwd=out, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (must not exist)")
    parser.add_argument("--modules", type=int, default=4000)
    parser.add_argument("--lines", type=int, default=850_000)
    parser.add_argument("--migrations", type=int, default=20, help="40-60 KB migration files")
    parser.add_argument("--literal-rows", type=int, default=10_000, help="rows of the big list")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; choose a new folder")
    args.out.mkdir(parents=True)
    written = generate(args.out, args.modules, args.lines, args.migrations, args.literal_rows)
    commit(args.out)
    print(
        f"{args.out}: {written['modules']:,} modules, {written['lines']:,} lines, "
        f"{written['bytes'] / 1e6:.1f} MB, committed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
