"""Generate a large, realistic git history with ``git fast-import`` (benchmark input).

    python benchmarks/make_synthetic_history.py OUT [--commits 25000] [--files 5000]
        [--authors 40] [--seed 7]

The repository is deterministic for a given seed and shaped like a long-lived product:

* several dozen authors with Zipf-like activity, each active for part of the period, working
  mostly in "home" packages (so ownership, knowledge loss and truck factor mean something);
* heavy-tailed commit sizes (most commits touch 1-3 files, a few touch dozens, rare ones over a
  hundred), each change rewriting a few lines of a file of tens to hundreds of lines;
* files added over time, some deleted, some renamed (with and without edits), a few binary
  files and paths with spaces and non-ASCII characters;
* feature branches that run alongside main and are merged with merge commits;
* a dependency bot, fix/revert/feature commit messages, time zones per author.

It only *builds* input for ``benchmarks/history.py``; it uses plain git, not the product's
hardened git module, and never runs on a repository someone else made.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

START = 1_560_000_000  # 2019-06-08
SPAN_SECONDS = 6 * 365 * 86400

WORDS = (
    "value",
    "result",
    "items",
    "index",
    "count",
    "total",
    "config",
    "request",
    "response",
    "user",
    "account",
    "order",
    "payment",
    "cache",
    "session",
    "token",
    "record",
    "query",
    "model",
    "view",
    "form",
    "field",
    "handler",
    "client",
    "server",
    "event",
    "queue",
    "message",
    "batch",
    "report",
    "metric",
    "window",
    "limit",
    "offset",
    "state",
    "status",
    "error",
    "retry",
)


@dataclass
class Author:
    name: str
    email: str
    tz: str
    weight: float
    start: int
    end: int
    home: list[str]


@dataclass
class FileState:
    lines: list[str]
    mark: int
    binary: bool = False


@dataclass
class Feature:
    name: str
    base_mark: int
    tip_mark: int
    files: dict[str, FileState | None] = field(default_factory=dict)  # None = deleted
    remaining: int = 0
    author: Author | None = None


def quote(path: str) -> str:
    """fast-import's C-style quoting, for paths in R commands and unusual names."""
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


class Generator:
    def __init__(self, out, commits: int, files: int, authors: int, seed: int) -> None:
        self.out = out
        self.rng = random.Random(seed)
        self.target_commits = commits
        self.target_files = files
        self.mark = 0
        self.commit_count = 0
        self.time = START
        self.line_pool = [self._make_line(i) for i in range(6000)]
        self.packages = [f"src/pkg{p:02d}/mod{m}" for p in range(40) for m in range(3)]
        self.authors = self._make_authors(authors)
        self.bot = Author(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com",
            "+0000",
            0,
            START,
            START + SPAN_SECONDS,
            [],
        )
        self.main: dict[str, FileState] = {}
        self.main_tip = 0
        self.paths_made = 0
        self.popularity: dict[str, float] = {}
        self.buddy: dict[str, str] = {}  # files that tend to change together (a module, its test)
        self.last_new = ""
        self.feature: Feature | None = None

    # ------------------------------------------------------------------ building blocks
    def _make_line(self, i: int) -> str:
        rng = self.rng
        indent = "    " * rng.choice((0, 1, 1, 2, 2, 3))
        words = rng.sample(WORDS, 3)
        kind = rng.random()
        if kind < 0.15:
            return f"{indent}if {words[0]}_{i % 97} > {words[1]}:"
        if kind < 0.3:
            return f"{indent}return {words[0]}.{words[1]}({words[2]})"
        if kind < 0.4:
            return f"{indent}# {words[0]} {words[1]} {words[2]} {i}"
        return f"{indent}{words[0]}_{i} = {words[1]}.{words[2]}({i % 13})"

    def _make_authors(self, count: int) -> list[Author]:
        rng = self.rng
        zones = ("+0000", "+0100", "+0200", "-0500", "-0800", "+0530", "+0900", "-0300")
        authors = []
        for i in range(count):
            start = START + int(rng.random() ** 2 * SPAN_SECONDS * 0.7)
            length = int(SPAN_SECONDS * rng.uniform(0.15, 1.0))
            first = f"Dev{i:02d}" if i % 9 else f"Dév{i:02d}"
            authors.append(
                Author(
                    name=f"{first} Example",
                    email=f"dev{i:02d}@example.com",
                    tz=rng.choice(zones),
                    weight=1.0 / (i + 1) ** 0.9,
                    start=start if i > 2 else START,
                    end=min(START + SPAN_SECONDS, start + length)
                    if i > 2
                    else START + SPAN_SECONDS,
                    home=rng.sample(self.packages, rng.randint(2, 6)),
                )
            )
        return authors

    def _emit(self, text: str) -> None:
        self.out.write(text.encode("utf-8"))

    def _blob(self, state: FileState) -> int:
        self.mark += 1
        if state.binary:
            data = bytes(self.rng.randrange(256) for _ in range(64)) + b"\0"
        else:
            data = ("\n".join(state.lines) + "\n").encode("utf-8")
        self.out.write(b"blob\nmark :%d\ndata %d\n" % (self.mark, len(data)))
        self.out.write(data)
        self.out.write(b"\n")
        state.mark = self.mark
        return self.mark

    def _new_path(self, package: str | None = None) -> str:
        rng = self.rng
        self.paths_made += 1
        package = package or rng.choice(self.packages)
        n = self.paths_made
        roll = rng.random()
        if roll < 0.6:
            name = f"{rng.choice(WORDS)}_{n}.py"
        elif roll < 0.75:
            name = f"{rng.choice(WORDS)}{n}.ts"
        elif roll < 0.85:
            name = f"test_{rng.choice(WORDS)}_{n}.py"
            package = package.replace("src/", "tests/")
        elif roll < 0.93:
            name = f"{rng.choice(WORDS)}-{n}.md"
            package = "docs"
        elif roll < 0.97:
            name = f"{rng.choice(WORDS)}_{n}.json"
        elif roll < 0.99:
            name = f"image_{n}.png"
        else:
            name = rng.choice((f"notes {n}.txt", f"résumé_{n}.md", f"daten_ü_{n}.py"))
        return f"{package}/{name}"

    def _befriend(self, path: str) -> None:
        """Half the new files get a co-change buddy: the file made just before."""
        if self.last_new and self.rng.random() < 0.5:
            self.buddy[path] = self.last_new
            self.buddy[self.last_new] = path
        self.last_new = path

    def _new_file(self) -> FileState:
        rng = self.rng
        size = int(rng.lognormvariate(4.3, 0.8)) + 5
        return FileState([rng.choice(self.line_pool) for _ in range(min(size, 2500))], 0)

    def _edit(self, state: FileState) -> FileState:
        rng = self.rng
        lines = list(state.lines)
        if state.binary:
            return FileState(lines, 0, True)
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            pos = rng.randrange(len(lines) + 1)
            removed = min(len(lines) - pos, int(rng.expovariate(1 / 4)))
            added = int(rng.expovariate(1 / 6)) + (0 if removed else 1)
            lines[pos : pos + removed] = [rng.choice(self.line_pool) for _ in range(added)]
        if not lines:
            lines = [rng.choice(self.line_pool)]
        return FileState(lines, 0)

    def _changeset_size(self) -> int:
        roll = self.rng.random()
        for limit, size in ((0.45, 1), (0.65, 2), (0.75, 3), (0.87, 5), (0.95, 10), (0.99, 25)):
            if roll < limit:
                return size + (self.rng.randrange(size) if size > 3 else 0)
        return self.rng.randint(40, 220)

    def _pick_author(self) -> Author:
        active = [a for a in self.authors if a.start <= self.time <= a.end] or self.authors[:3]
        return self.rng.choices(active, weights=[a.weight for a in active])[0]

    def _pick_files(self, author: Author, count: int, pool: list[str]) -> list[str]:
        """Files an author edits: mostly in their home packages, popular files more often.

        A random sample of candidates is ranked by popularity x (4 if home) x noise: cheap for
        thousands of files, and still heavy-tailed.
        """
        rng = self.rng
        home = set(author.home)
        candidates = rng.sample(pool, min(len(pool), max(300, count * 2)))

        def weight(path: str) -> float:
            package = path.rsplit("/", 1)[0].replace("tests/", "src/")
            return self.popularity.get(path, 1.0) * (4.0 if package in home else 1.0) * rng.random()

        return sorted(sorted(candidates, key=weight, reverse=True)[:count])

    def _advance(self) -> int:
        self.time += int(self.rng.expovariate(1 / (SPAN_SECONDS / self.target_commits)))
        return self.time

    def _message(self) -> str:
        rng = self.rng
        roll = rng.random()
        topic = " ".join(rng.sample(WORDS, 3))
        if roll < 0.22:
            return f"fix: {topic} when {rng.choice(WORDS)} is empty"
        if roll < 0.25:
            return f'Revert "feat: {topic}"\n\nIt broke the {rng.choice(WORDS)} flow.'
        if roll < 0.27:
            return f"hotfix {topic}"
        if roll < 0.55:
            what = rng.choice(WORDS)
            return f"feat: {topic}\n\nAdds {what} support.\n\nRefs: #{rng.randint(1, 9999)}"
        if roll < 0.7:
            return f"refactor {topic}"
        return f"Update {topic}"

    def _commit(
        self,
        author: Author,
        message: str,
        parent: int,
        ops: list[str],
        merge: int = 0,
        ref: str = "refs/heads/main",
    ) -> int:
        self.mark += 1
        when = self._advance()
        who = f"{author.name} <{author.email}> {when} {author.tz}"
        body = (message + "\n").encode("utf-8")
        header = f"commit {ref}\nmark :{self.mark}\nauthor {who}\ncommitter {who}\n"
        self._emit(header)
        self.out.write(b"data %d\n" % len(body) + body)
        if parent:
            self._emit(f"from :{parent}\n")
        if merge:
            self._emit(f"merge :{merge}\n")
        self._emit("".join(ops))
        self._emit("\n")
        self.commit_count += 1
        return self.mark

    # ------------------------------------------------------------------ history steps
    def initial_import(self) -> None:
        ops = []
        for _ in range(max(50, self.target_files // 12)):
            path = self._new_path()
            state = self._new_file()
            state.binary = path.endswith(".png")
            self._blob(state)
            self.main[path] = state
            self.popularity[path] = self.rng.paretovariate(1.2)
            self._befriend(path)
            ops.append(f"M 100644 :{state.mark} {quote(path)}\n")
        self.main_tip = self._commit(self.authors[0], "Initial import", 0, ops)

    def main_step(self) -> None:
        rng = self.rng
        author = self._pick_author()
        if rng.random() < 0.015:
            self._bot_step()
            return
        busy = set(self.feature.files) if self.feature else set()
        pool = [p for p in self.main if p not in busy]
        ops = self._changes(author, self.main, pool)
        self.main_tip = self._commit(author, self._message(), self.main_tip, ops)

    def _bot_step(self) -> None:
        path = "requirements.txt"
        state = self.main.get(path) or FileState([f"package{i}==1.0" for i in range(30)], 0)
        lines = list(state.lines)
        i = self.rng.randrange(len(lines))
        lines[i] = f"package{i}=={self.rng.randint(1, 9)}.{self.rng.randint(0, 30)}"
        new = FileState(lines, 0)
        self._blob(new)
        self.main[path] = new
        self.main_tip = self._commit(
            self.bot, f"Bump package{i}", self.main_tip, [f"M 100644 :{new.mark} {path}\n"]
        )

    def _changes(self, author: Author, files: dict[str, FileState], pool: list[str]) -> list[str]:
        """Operations for one commit: edits, plus now and then an add, delete or rename."""
        rng = self.rng
        ops: list[str] = []
        grow = self.paths_made < self.target_files
        if grow and rng.random() < self.target_files / self.target_commits * 0.55:
            for _ in range(rng.choice((1, 1, 2, 3))):
                path = self._new_path(rng.choice(author.home))
                state = self._new_file()
                state.binary = path.endswith(".png")
                self._blob(state)
                files[path] = state
                self.popularity[path] = rng.paretovariate(1.2)
                self._befriend(path)
                ops.append(f"M 100644 :{state.mark} {quote(path)}\n")
            if rng.random() < 0.5:
                return ops
        if pool and rng.random() < 0.012:
            victim = rng.choice(pool)
            del files[victim]
            pool = [p for p in pool if p != victim]
            ops.append(f"D {quote(victim)}\n")
        if pool and rng.random() < 0.015:
            old = rng.choice(pool)
            directory, name = old.rsplit("/", 1)
            target = rng.choice(self.packages) if rng.random() < 0.5 else directory
            new = f"{target}/r{self.commit_count}_{name}"
            state = files.pop(old)
            pool = [p for p in pool if p != old]
            ops.append(f"R {quote(old)} {quote(new)}\n")
            if rng.random() < 0.5 and not state.binary:
                state = self._edit(state)
                self._blob(state)
                ops.append(f"M 100644 :{state.mark} {quote(new)}\n")
            files[new] = state
            self.popularity[new] = self.popularity.get(old, 1.0)
            if old in self.buddy:
                friend = self.buddy.pop(old)
                self.buddy[new] = friend
                self.buddy[friend] = new
            return ops
        picked = self._pick_files(author, self._changeset_size(), pool) if pool else []
        available = set(pool)
        for path in list(picked):
            friend = self.buddy.get(path)
            if friend in available and friend not in picked and rng.random() < 0.6:
                picked.append(friend)
        for path in picked:
            state = self._edit(files[path])
            self._blob(state)
            files[path] = state
            ops.append(f"M 100644 :{state.mark} {quote(path)}\n")
        return ops

    def feature_step(self) -> None:
        """Open a feature branch, add a commit to it, or merge it back into main."""
        rng = self.rng
        feature = self.feature
        if feature is None:
            author = self._pick_author()
            feature = Feature(
                f"refs/heads/feature/{self.commit_count}",
                self.main_tip,
                self.main_tip,
                remaining=rng.randint(1, 8),
                author=author,
            )
            self.feature = feature
        if feature.remaining > 0:
            feature.remaining -= 1
            view = dict(self.main)
            for path, state in feature.files.items():
                if state is None:
                    view.pop(path, None)
                else:
                    view[path] = state
            before = dict(view)
            ops = self._changes(feature.author, view, list(view))
            for path in set(before) | set(view):
                if before.get(path) is not view.get(path):
                    feature.files[path] = view.get(path)
            feature.tip_mark = self._commit(
                feature.author, self._message(), feature.tip_mark, ops, ref=feature.name
            )
            return
        ops = []
        for path, state in sorted(feature.files.items()):
            if state is None:
                if path in self.main:
                    del self.main[path]
                    ops.append(f"D {quote(path)}\n")
            else:
                self.main[path] = state
                ops.append(f"M 100644 :{state.mark} {quote(path)}\n")
        self.main_tip = self._commit(
            feature.author,
            f"Merge branch '{feature.name.removeprefix('refs/heads/')}'",
            self.main_tip,
            ops,
            merge=feature.tip_mark,
        )
        self._emit(f"reset {feature.name}\nfrom 0000000000000000000000000000000000000000\n\n")
        self.feature = None

    def run(self) -> None:
        self.initial_import()
        while self.commit_count < self.target_commits:
            branching = self.feature is not None or self.rng.random() < 0.2
            if branching and self.rng.random() < 0.5:
                self.feature_step()
                continue
            self.main_step()
        while self.feature is not None:
            self.feature.remaining = 0
            self.feature_step()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the new repository (must not exist)")
    parser.add_argument("--commits", type=int, default=25_000)
    parser.add_argument("--files", type=int, default=5_000)
    parser.add_argument("--authors", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(args.out)], check=True, env=env)
    started = time.monotonic()
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=args.out,
        stdin=subprocess.PIPE,
        env=env,
    )
    assert importer.stdin is not None
    generator = Generator(importer.stdin, args.commits, args.files, args.authors, args.seed)
    generator.run()
    importer.stdin.write(b"done\n")
    importer.stdin.close()
    if importer.wait() != 0:
        print("git fast-import failed", file=sys.stderr)
        return 1
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.out, check=True, env=env)
    subprocess.run(["git", "gc", "-q"], cwd=args.out, check=False, env=env)
    print(
        f"{args.out}: {generator.commit_count} commits, {generator.paths_made} paths made, "
        f"{len(generator.main)} files at main, {len(generator.authors) + 1} authors "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
