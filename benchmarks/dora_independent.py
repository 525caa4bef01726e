"""Delivery figures of a real repository, read from git alone, to calibrate the product's DORA.

    .venv/bin/python benchmarks/dora_independent.py REPO [--window-end ISO] [--months 6]
        [--days 7] [--json OUT] [--pairs]

Independent of the product on purpose: it imports nothing from ``analysis`` and reads git
itself (read-only subprocesses; ``GIT_NO_LAZY_FETCH=1`` so a partial clone never reaches the
network). Rules, each written out here so the figures can be checked by hand:

* window: the ``--months`` calendar months ending at the newest commit of the default branch
  (origin/HEAD, else main/master), unless ``--window-end`` is given; rates per week of it;
* release tags: the name minus a leading ``v`` and a monorepo prefix (``api-``, ``api/v``,
  ``demo/``) parsed by ``packaging.version.Version`` (PEP 440); ``is_prerelease`` (rc, beta, a,
  b, dev) makes a pre-release; a name that does not parse is "not a version", with the reason.
  Release line = (prefix, major.minor). Date: tagger date of an annotated tag, else the commit's
  committer date;
* "first ships": a commit is first shipped by the earliest release (pre-releases aside) whose
  history contains it;
* backport: a patch release (micro > 0) on a line older than the newest line released by then,
  all of whose new commits (``git rev-list TAG ^PREVIOUS_RELEASE_OF_ITS_LINE``; merges and
  release-mechanics commits left out) carry a change also shipped by a release of a newer line
  (tagged no later than one day after it, for same-day coordinated releases): same commit, same
  original PR number (the first ``(#N)`` of the trailing group of the subject, or "Cherry-pick
  of #N" / "Backport of #N" / "Port of #N" in the description), a ``(cherry picked from commit
  X)`` trailer, or the same ``git patch-id --stable``;
* counted releases: releases that are neither pre-releases, backports nor empty (only
  release-mechanics commits new);
* failures, by evidence only (DORA: a deployment that needs immediate intervention): a counted
  release D failed when a release R tagged within ``--days`` (7) after it first ships either a
  revert ("This reverts commit X", X first shipped in D), or a fix commit (subject says fix, bug,
  hotfix or regression; dependency updates aside) whose SZZ blame points into D: the production
  code lines the fix deletes or modifies (``git diff -w -U0``; blank, comment and version lines
  aside; tests, docs, lock files and generated files aside), blamed with ``git blame -w`` at the
  fix's parent (Sliwerski, Zimmermann, Zeller 2005, "When do changes induce fixes?"), land on a
  commit first shipped in D. A change first shipped in a backport counts for the counted release
  that first shipped the same change;
* lead time: median of (release time - author time) over the commits each counted release
  first ships (merges and release-mechanics commits aside), pooled (fourkeys' rule).

``--pairs`` also lists the pairs the old tag-spacing rule calls hotfixes (a later release of the
same major.minor within ``--days`` of the previous one, both in the window) with the commits
between them, for the hand check in ``notes/dora_calibration.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from packaging.version import InvalidVersion, Version

ENV = {
    **os.environ,
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}

#: Release mechanics: the commit that only says "this is version X" (saleor "Release 3.22.67",
#: "release: v3.23.8"; netbox "Release v4.6.8"; flask "release version 3.1.3", "start version";
#: requests "v2.34.2"; merges of a release branch).
MECHANICS = re.compile(
    r"(?i)^\s*(?:"
    r"(?:release|releasing|released|bump(?:ed)? version(?: to)?|version bump(?: to)?|"
    r"prepare(?: for)?(?: the)? release|start version|set version(?: to)?|this is)"
    r"[\s:]*(?:release[-\s])?v?\d+(?:\.\d+)+\S*(?:\s*\(#\d+\))*\s*$"
    r"|v?\d+(?:\.\d+)+\S*(?:\s*\(#\d+\))*\s*$"
    r"|merge pull request #\d+ from \S+/release[-/]v?\d[\w.\-]*\s*$"
    r"|(?:update|updated) (?:changelog|changes)(?: for [\w.\- ]+)?\s*$"
    r")"
)
#: Dependency updates (Dependabot, Renovate, hand-written bumps): never counted as a fix.
DEPENDENCY = re.compile(
    r"(?i)^(?:\w+\((?:deps|deps-dev|dependencies)\)!?:|(?:chore|build)(?:\(\w+\))?:\s*bump\b)"
    r"|^bump \S+ from\b|^bump the \S+ group|^update dependency\b|^update \S+ to v?\d"
    r"|^\[?(?:dependabot|renovate|pre-commit-ci)\b|lock file maintenance|^update dependencies\b"
)
FIX = re.compile(
    r"(?i)(?:^fix(?:\([^)]*\))?!?:|\bfix(?:e[sd]|ing)?\b|\bbug(?:fix)?s?\b|"
    r"\bhot-?fix\b|\bregression\b)"
)
REVERT = re.compile(r"This reverts commit ([0-9a-fA-F]{7,40})")
CHERRY = re.compile(r"\(cherry picked from commit ([0-9a-fA-F]{7,40})\)")
#: What people write in a backport's description: "*Cherry-pick of #19068*", "Backport of
#: #19401", "Port of #19524", "Cherrypick of 1a2b3c4d" (saleor 2026: 45 such bodies).
PORT_OF = re.compile(
    r"(?i)\b(?:cherry[- ]?pick(?:ed)?|back-?port(?:ed)?|port(?:ed)?)\s+(?:of|from)\s+"
    r"(#?)([0-9a-f]{4,40})\b"
)
TRAILING_PRS = re.compile(r"((?:\s*\(#\d+\))+)\s*$")
PR_NUMBER = re.compile(r"#(\d+)")
#: Tag prefixes that name no component: ``release-1.2.3`` is release 1.2.3 of the repository.
NAMING_WORDS = {"release", "rel", "version", "ver", "tag"}
#: SemVer 2.0 pre-releases PEP 440 cannot read (``3.0.0-a.30.1``, ``1.0.0-rc.1.2``); a suffix
#: that names no pre-release (``1.2.3-hotfix``) stays "not a version".
SEMVER_PRE = re.compile(
    r"(?i)^\d+\.\d+\.\d+-(?:alpha|beta|rc|a|b|pre|preview|dev|snapshot|canary|next|nightly)"
    r"(?:[.-]?[0-9a-z]+)*$"
)
TAG_NAME = re.compile(r"^(?:(?P<prefix>.*?)[-_/@])?[vV]?(?P<version>\d.*)$")

CODE_EXTENSIONS = {
    ".py",
    ".pyi",
    ".pyx",
    ".js",
    ".jsx",
    ".mjs",
    ".cjs",
    ".ts",
    ".tsx",
    ".vue",
    ".svelte",
    ".html",
    ".htm",
    ".jinja",
    ".jinja2",
    ".j2",
    ".sql",
    ".graphql",
    ".gql",
    ".css",
    ".scss",
    ".go",
    ".rs",
    ".java",
    ".kt",
    ".rb",
    ".php",
    ".c",
    ".h",
    ".cc",
    ".cpp",
    ".hpp",
    ".cs",
    ".sh",
}
GENERATED = re.compile(
    r"(?:^|/)(?:dist|build|vendor|node_modules|locale|static/vendor)/|\.min\.\w+$|\.map$"
    r"|(?:^|/)schema\.graphql$|_pb2\.py$"
)
TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|testing|test_\w+|\w+_tests?)(?:/|\.py$)|(?:^|/)conftest\.py$"
    r"|(?:^|/)tests\.py$|\.(?:test|spec)\.\w+$"
)
COMMENT = re.compile(r"^\s*(?:#|//|/\*|\*|<!--|\{#|-->|\"\"\"|''')")
DEPENDENCY_WORDS = re.compile(r"(?i)\b(?:deps?|dependenc(?:y|ies)|upgrade|bump)\b")
DEPENDENCY_FILES = re.compile(
    r"(?:^|/)(?:uv\.lock|poetry\.lock|Pipfile\.lock|package-lock\.json|pnpm-lock\.yaml|"
    r"yarn\.lock|requirements[\w.-]*\.(?:txt|in)|pyproject\.toml|package\.json|"
    r"\.pre-commit-config\.yaml)$"
)
VERSION_LINE = re.compile(r"(?i)__version__|^\s*[\"']?version[\"']?\s*[:=]")


class GitError(RuntimeError):
    pass


def git(repo: Path, *args: str, data: str | None = None, check: bool = True) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        input=data.encode() if data is not None else None,
        capture_output=True,
        env=ENV,
    )
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:3])}: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def utc(ts: int | str) -> datetime:
    return datetime.fromtimestamp(int(ts), UTC)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def months_before(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    days = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return moment.replace(year=year, month=month, day=min(moment.day, days[month - 1]))


# ---------------------------------------------------------------------------------- tags


@dataclass
class Tag:
    name: str
    sha: str
    at: datetime
    prefix: str = ""
    version: Version | None = None
    kind: str = ""  # release / pre-release / not a version
    reason: str = ""
    # filled for releases:
    role: str = ""  # counted / backport / empty
    why: str = ""
    first_ships: list[str] = field(default_factory=list)

    @property
    def line(self) -> tuple[str, int, int] | None:
        if self.version is None:
            return None
        release = (*self.version.release, 0)
        return (self.prefix, release[0], release[1])

    @property
    def micro(self) -> int:
        release = (*self.version.release, 0, 0) if self.version else (0, 0, 0)
        return release[2]


def line_name(line: tuple[str, int, int]) -> str:
    prefix, major, minor = line
    return f"{prefix + ' ' if prefix else ''}{major}.{minor}"


def classify(name: str) -> tuple[str, Version | None, str, str]:
    """(prefix, version, kind, reason) for a tag name: the whole name (minus a leading ``v``)
    first, then the part after a monorepo prefix (``api-``, ``api/v``, ``demo/``)."""
    candidates = [("", name[1:] if name[:1] in "vV" and name[1:2].isdigit() else name)]
    match = TAG_NAME.match(name)
    if match is not None and match.group("prefix"):
        prefix = match.group("prefix").strip()
        prefix = "" if prefix.lower() in NAMING_WORDS else prefix
        candidates.append((prefix, match.group("version")))
    if not any(text[:1].isdigit() for _, text in candidates):
        return "", None, "not a version", "no version number in the name"
    for prefix, text in candidates:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if version.local is not None:
            return prefix, None, "not a version", f"local version label '+{version.local}'"
        return prefix, version, "pre-release" if version.is_prerelease else "release", ""
    prefix, text = candidates[-1]
    if SEMVER_PRE.match(text):  # SemVer 2.0 pre-release syntax PEP 440 rejects: 1.0.0-a.30.1
        return prefix, None, "pre-release", "SemVer pre-release, not PEP 440"
    return "", None, "not a version", f"'{name}' is not a PEP 440 version"


def read_tags(repo: Path) -> list[Tag]:
    fmt = "%(refname:short)%00%(objecttype)%00%(*objectname)%00%(objectname)%00%(taggerdate:unix)"
    tags = []
    pending = []
    for line in git(repo, "for-each-ref", f"--format={fmt}", "refs/tags").splitlines():
        name, kind, peeled, sha, tagged = line.split("\0")
        pending.append((name, peeled if kind == "tag" else sha, tagged if kind == "tag" else ""))
    # peel to commits and read committer dates in one batch (tags of tags, trees, blobs drop out)
    out = git(
        repo,
        "cat-file",
        "--batch-check=%(objectname) %(objecttype)",
        data="".join(f"refs/tags/{n}^{{commit}}\n" for n, _, _ in pending),
    ).splitlines()
    commits = {}
    for (name, _, tagged), answer in zip(pending, out, strict=True):
        sha, _, kind = answer.partition(" ")
        if kind == "commit":
            commits[name] = (sha, tagged)
    dates = {}
    shas = sorted({sha for sha, _ in commits.values()})
    for line in git(
        repo, "log", "--no-walk", "--format=%H %ct", "--stdin", data="\n".join(shas) + "\n"
    ).splitlines():
        sha, ct = line.split()
        dates[sha] = int(ct)
    for name, (sha, tagged) in commits.items():
        at = utc(tagged) if tagged else utc(dates[sha])
        prefix, version, kind, reason = classify(name)
        tags.append(Tag(name, sha, at, prefix, version, kind, reason))
    tags.sort(key=lambda t: (t.at, t.name))
    return tags


# -------------------------------------------------------------------------------- commits


@dataclass
class Commit:
    sha: str
    parents: list[str]
    author: datetime
    committed: datetime
    subject: str
    body: str
    empty: bool = False  # same tree as its first parent (e.g. "Refresh release 3.23.11")

    @property
    def merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def mechanics(self) -> bool:
        return bool(MECHANICS.match(self.subject))

    @property
    def pr(self) -> str | None:
        trailing = TRAILING_PRS.search(self.subject)
        if trailing is None:
            return None
        return PR_NUMBER.search(trailing.group(1)).group(1)

    @property
    def change(self) -> bool:
        """A commit that ships a change (not a merge, not release mechanics, not empty)."""
        return not self.merge and not self.mechanics and not self.empty


def read_commits(repo: Path, tips: list[str]) -> dict[str, Commit]:
    fmt = "%H%x00%T%x00%P%x00%at%x00%ct%x00%s%x00%b%x1e"
    out = git(repo, "log", f"--format={fmt}", "--stdin", data="\n".join(tips) + "\n")
    commits = {}
    trees = {}
    for record in out.split("\x1e"):
        record = record.lstrip("\n")
        if not record:
            continue
        sha, tree, parents, at, ct, subject, body = record.split("\0", 6)
        commits[sha] = Commit(sha, parents.split(), utc(at), utc(ct), subject, body)
        trees[sha] = tree
    for commit in commits.values():
        if len(commit.parents) == 1 and trees.get(commit.parents[0]) == trees[commit.sha]:
            commit.empty = True
    return commits


class ShaIndex:
    def __init__(self, shas) -> None:
        self.sorted = sorted(shas)

    def find(self, prefix: str) -> str | None:
        import bisect

        prefix = prefix.lower()
        at = bisect.bisect_left(self.sorted, prefix)
        hits = [s for s in self.sorted[at : at + 2] if s.startswith(prefix)]
        return hits[0] if len(hits) == 1 else None


class Changes:
    """Union-find over commits and their change keys (PR number, cherry-pick source, patch id):
    two commits carry the same change when they end in the same set."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.patch_id: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def patch_ids(repo: Path, shas: list[str]) -> dict[str, str]:
    """``git patch-id --stable`` of each commit against its first parent; a commit whose diff
    needs a blob missing from a partial clone gets none."""
    found: dict[str, str] = {}
    if not shas:
        return found
    diff = subprocess.run(
        ["git", "-C", str(repo), "diff-tree", "-p", "--no-color", "--stdin"],
        input=("\n".join(shas) + "\n").encode(),
        capture_output=True,
        env=ENV,
    )
    if diff.returncode != 0:  # a missing blob: one commit at a time, skipping the broken ones
        for sha in shas:
            one = subprocess.run(
                ["git", "-C", str(repo), "diff-tree", "-p", "--no-color", sha],
                capture_output=True,
                env=ENV,
            )
            if one.returncode == 0:
                found.update(_patch_id_lines(repo, one.stdout))
        return found
    found.update(_patch_id_lines(repo, diff.stdout))
    return found


def _patch_id_lines(repo: Path, diff: bytes) -> dict[str, str]:
    done = subprocess.run(
        ["git", "-C", str(repo), "patch-id", "--stable"],
        input=diff,
        capture_output=True,
        env=ENV,
        check=True,
    )
    ids = {}
    for line in done.stdout.decode().splitlines():
        pid, sha = line.split()
        ids[sha] = pid
    return ids


# ------------------------------------------------------------------------------------ SZZ


def production_code(path: str) -> bool:
    suffix = Path(path).suffix.lower()
    return suffix in CODE_EXTENSIONS and not GENERATED.search(path) and not TEST_PATH.search(path)


def deleted_lines(repo: Path, sha: str, parent: str) -> dict[str, list[tuple[int, str]]]:
    """Per old path: (line number, text) of the lines the commit deletes or modifies, ignoring
    whitespace; production code only; blank, comment and version lines left out."""
    names = git(repo, "diff-tree", "-r", "--no-renames", "--name-only", parent, sha).split("\n")
    paths = [p for p in names if p and production_code(p)]
    result: dict[str, list[tuple[int, str]]] = {}
    for path in paths:
        try:
            diff = git(
                repo,
                "diff",
                "-w",
                "-U0",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                parent,
                sha,
                "--",
                path,
            )
        except GitError:
            continue  # a blob missing from the partial clone
        old = 0
        for line in diff.splitlines():
            if line.startswith("@@"):
                match = re.match(r"@@ -(\d+)(?:,(\d+))? ", line)
                old = int(match.group(1))
            elif line.startswith("-") and not line.startswith("---"):
                text = line[1:]
                if text.strip() and not COMMENT.match(text) and not VERSION_LINE.search(text):
                    result.setdefault(path, []).append((old, text.strip()))
                old += 1
    return result


def blame(repo: Path, parent: str, path: str, lines: list[int], stop: list[str]) -> dict[int, str]:
    """Line -> commit that last touched it at ``parent`` (``git blame -w``), lines older than
    the ``stop`` releases left out (boundary)."""
    ranges = []
    for n in sorted(set(lines)):
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    args = ["blame", "-w", "--porcelain"]
    for a, b in ranges:
        args += ["-L", f"{a},{b}"]
    args += [parent, *(f"^{s}" for s in stop), "--", path]
    try:
        out = git(repo, *args)
    except GitError:
        return {}
    owners: dict[int, str] = {}
    boundary: set[str] = set()
    current = None
    for line in out.splitlines():
        head = re.match(r"^([0-9a-f]{40}) (\d+) (\d+)", line)
        if head:
            current = head.group(1)
            final = int(head.group(3))
            owners[final] = current
        elif line == "boundary" and current:
            boundary.add(current)
    return {n: sha for n, sha in owners.items() if sha not in boundary}


# -------------------------------------------------------------------------------- analysis


@dataclass
class Failure:
    deployment: str
    restored_by: str
    fix: str
    cause: str
    link: str
    hours: float


def _shipped_on(releases, commits, changes) -> dict[str, list[Tag]]:
    """Change root -> the releases that first ship a commit carrying it."""
    shipped_on: dict[str, list[Tag]] = defaultdict(list)
    for release in releases:
        for sha in release.first_ships:
            if commits[sha].change:
                shipped_on[changes.find(sha)].append(release)
    return shipped_on


def normalised_subject(subject: str) -> str:
    text = TRAILING_PRS.sub("", subject).lower()
    text = re.sub(r"\[[^\]]*\]|\((?:v?\d+\.\d+(?:\.\w+)?)\)", " ", text)
    text = re.sub(r"\b(?:in|for|to|on) v?\d+\.\d+\b|\b(?:backport|port)\b:?", " ", text)
    return " ".join(text.split())


def assign_roles(repo, releases, commits, changes, index, start) -> dict[str, tuple[str, str]]:
    """Each release's role (counted / backport / empty) and why, in time order."""
    roles: dict[str, tuple[str, str]] = {}
    by_line: dict[tuple, list[Tag]] = defaultdict(list)
    for release in releases:
        by_line[release.line].append(release)
    recent_lines: dict[str, dict[tuple, datetime]] = defaultdict(dict)  # prefix -> line -> last
    shipped_on = _shipped_on(releases, commits, changes)
    for release in releases:
        prefix = release.prefix
        # the newest line still released (a release within a year): saleor's 2018.x CalVer
        # tags are numerically "newer" than 3.23 but long dead
        alive = [
            line
            for line, last in recent_lines[prefix].items()
            if release.at - last <= timedelta(days=365)
        ]
        older = max(alive) if alive else None
        recent_lines[prefix][release.line] = release.at
        if not any(commits[s].change for s in release.first_ships):
            roles[release.name] = (
                "empty",
                "only release-mechanics commits, merges or empty commits new",
            )
            continue
        previous = [
            r for r in by_line[release.line] if r.version < release.version and r.at <= release.at
        ]
        if (
            release.at < start - timedelta(days=30)
            or older is None
            or release.line >= older
            or release.micro == 0
            or not previous
        ):
            roles[release.name] = ("counted", "")
            continue
        base = max(previous, key=lambda r: r.version)
        new = git(repo, "rev-list", release.sha, f"^{base.sha}").split()
        new = [s for s in new if s in commits and commits[s].change]
        how: dict[str, int] = defaultdict(int)
        unmatched = []
        for sha in new:
            root = changes.find(sha)
            later = [
                r
                for r in shipped_on.get(root, ())
                if r.line[0] == prefix
                and r.line > release.line
                and r.at <= release.at + timedelta(days=1)
            ]
            if not later:
                unmatched.append(sha)
                continue
            how[_evidence(sha, root, later, commits, changes, index)] += 1
        if new and not unmatched:
            roles[release.name] = (
                "backport",
                ", ".join(f"{n} by {k}" for k, n in sorted(how.items())),
            )
        else:
            why = ""
            if new:
                why = (
                    f"{len(unmatched)} of {len(new)} new changes not on a newer line, "
                    f"e.g. {unmatched[0][:10]} {commits[unmatched[0]].subject[:60]}"
                )
            roles[release.name] = ("counted", why)
    return roles


def _evidence(sha, root, later, commits, changes, index) -> str:
    """How a backport's commit is linked to its twin on a newer line, strongest first."""
    commit = commits[sha]
    twins = [
        s for r in later for s in r.first_ships if commits[s].change and changes.find(s) == root
    ]
    if sha in twins:
        return "same commit"
    if commit.pr and any(commits[s].pr == commit.pr for s in twins):
        return "PR number"
    if PORT_OF.search(commit.body) or any(PORT_OF.search(commits[s].body) for s in twins):
        return "PR named in the description"
    sources = {index.find(c) for c in CHERRY.findall(commit.body)}
    if sources & set(twins) or any(
        sha in {index.find(c) for c in CHERRY.findall(commits[s].body)} for s in twins
    ):
        return "cherry-pick trailer"
    pid = changes.patch_id.get(sha)
    if pid and any(changes.patch_id.get(t) == pid for t in twins):
        return "patch id"
    return "same subject"


def default_branch(repo: Path) -> str:
    head = git(repo, "symbolic-ref", "-q", "refs/remotes/origin/HEAD", check=False).strip()
    if head:
        return head.removeprefix("refs/remotes/")
    for name in ("main", "master"):
        if git(repo, "rev-parse", "-q", "--verify", f"refs/heads/{name}", check=False).strip():
            return name
    return "HEAD"


def analyse(repo: Path, window_end: datetime | None, months: int, days: int) -> dict:
    branch = default_branch(repo)
    tip_time = utc(git(repo, "log", "-1", "--format=%ct", branch).strip())
    end = window_end or tip_time
    start = months_before(end, months)
    hotfix = timedelta(days=days)
    tags = read_tags(repo)
    in_window = [t for t in tags if start <= t.at <= end]
    releases = [t for t in tags if t.kind == "release" and t.at <= end]
    commits = read_commits(repo, sorted({t.sha for t in tags} | {branch}))
    index = ShaIndex(commits)

    # first ships: the earliest release whose history holds the commit (claims in time order)
    shipped_by: dict[str, Tag] = {}
    for release in releases:
        stack = [release.sha]
        while stack:
            sha = stack.pop()
            if sha in shipped_by or sha not in commits:
                continue
            shipped_by[sha] = release
            release.first_ships.append(sha)
            stack.extend(commits[sha].parents)

    # change identity: PR number, cherry-pick source, patch id (for the commits that matter)
    changes = Changes()
    for commit in commits.values():
        if commit.pr:
            changes.union(commit.sha, f"pr:{commit.pr}")
        for source in CHERRY.findall(commit.body):
            full = index.find(source)
            if full:
                changes.union(commit.sha, full)
        for hash_mark, named in PORT_OF.findall(commit.body):
            if hash_mark or (named.isdigit() and len(named) <= 6):
                changes.union(commit.sha, f"pr:{named}")
            elif full := index.find(named):
                changes.union(commit.sha, full)
    recent = [r for r in releases if r.at >= start - timedelta(days=90)]
    relevant = [s for r in recent for s in r.first_ships if commits[s].change]
    for sha, pid in patch_ids(repo, relevant).items():
        changes.union(sha, f"pid:{pid}")
        changes.patch_id[sha] = pid

    # release roles: backport / empty / counted, in time order
    roles = assign_roles(repo, releases, commits, changes, index, start)
    for release in releases:
        release.role, release.why = roles[release.name]
    # the same, when a same subject (PR numbers and line markers aside) also names one change:
    # per-line pull requests of one fix or one dependency bump, no trailer, patches differ
    loose = Changes()
    loose.parent = dict(changes.parent)
    loose.patch_id = changes.patch_id
    for sha in {s for r in releases if r.at >= start for s in r.first_ships}:
        key = normalised_subject(commits[sha].subject)
        if commits[sha].change and len(key) >= 20:
            loose.union(sha, f"subject:{key}")
    loose_roles = assign_roles(repo, releases, commits, loose, index, start)
    shipped_on = _shipped_on(releases, commits, changes)

    counted = [r for r in releases if r.role == "counted"]
    counted_in_window = [r for r in counted if start <= r.at <= end]

    # a change first shipped in a backport belongs to the counted release that first shipped it
    def deployment_of(sha: str) -> Tag | None:
        release = shipped_by.get(sha)
        if release is None:
            return None
        if release.role == "counted":
            return release
        candidates = [r for r in shipped_on.get(changes.find(sha), ()) if r.role == "counted"]
        return min(candidates, key=lambda r: r.at) if candidates else None

    failures: list[Failure] = []
    seen: set[tuple[str, str, str]] = set()
    restorers = [r for r in releases if start <= r.at <= end + hotfix]
    szz_fixes = blamed = lines_blamed = lines_recent = 0
    unlinked: list[str] = []  # recent causes that are no failure, for the hand check
    for restorer in restorers:
        candidates = [d for d in counted_in_window if d.at < restorer.at <= d.at + hotfix]
        if not candidates:
            continue
        earliest = min(d.at for d in candidates)
        newest_of_line: dict[tuple, Tag] = {}  # the releases before: their lines' newest
        for r in releases:
            if r.at < earliest:
                newest_of_line[r.line] = r
        stop = sorted({r.sha for r in newest_of_line.values()})
        for sha in restorer.first_ships:
            commit = commits[sha]
            if commit.merge or commit.mechanics:
                continue
            links: list[tuple[str, str]] = []  # (cause sha, how)
            for target in REVERT.findall(commit.body):
                full = index.find(target)
                if full and "This reverts commit" not in commits[full].body:
                    links.append((full, f'revert: "This reverts commit {target[:10]}"'))
            if not links and FIX.search(commit.subject) and not DEPENDENCY.search(commit.subject):
                szz_fixes += 1
                parent = commit.parents[0] if commit.parents else None
                shipped = shipped_by.get(parent) if parent else None
                if parent is None or (shipped is not None and shipped.at < earliest):
                    continue  # everything it could blame shipped before any candidate
                for path, lines in deleted_lines(repo, sha, parent).items():
                    owners = blame(repo, parent, path, [n for n, _ in lines], stop)
                    text = dict(lines)
                    blamed += 1
                    lines_blamed += len(lines)
                    lines_recent += len(owners)
                    for n, owner in sorted(owners.items()):
                        links.append((owner, f"SZZ: {path}:{n} `{text.get(n, '')[:50]}`"))
            for cause, how in links:
                failed = deployment_of(cause)
                if failed is None or failed not in candidates or failed is restorer:
                    first = shipped_by.get(cause)
                    unlinked.append(
                        f"{restorer.name} {sha[:10]} <- {cause[:10]} first shipped "
                        f"in {first.name if first else 'no release'} "
                        f"({failed.name if failed else '-'}) {how[:60]}"
                    )
                    continue
                key = (failed.name, changes.find(sha), cause)
                if key in seen:
                    continue
                seen.add(key)
                failures.append(
                    Failure(
                        failed.name,
                        restorer.name,
                        f"{sha[:10]} {commit.subject[:70]}",
                        f"{cause[:10]} {commits[cause].subject[:70]}"
                        if cause in commits
                        else cause,
                        how,
                        (restorer.at - failed.at).total_seconds() / 3600,
                    )
                )

    lead = []
    per_release = {}
    for release in counted_in_window:
        ages = [
            (release.at - commits[s].author).total_seconds() / 3600
            for s in release.first_ships
            if commits[s].change
        ]
        lead += ages
        if ages:
            per_release[release.name] = statistics.median(ages)

    weeks = (end - start).total_seconds() / (7 * 86400)
    by_line: dict[tuple, list[Tag]] = defaultdict(list)
    for release in releases:
        by_line[release.line].append(release)
    lines = []
    for line, members in sorted(by_line.items(), key=lambda kv: kv[0]):
        pre = [t for t in tags if t.kind == "pre-release" and t.line == line]
        hit = [r for r in members if start <= r.at <= end]
        if not hit and not [p for p in pre if start <= p.at <= end] and members[-1].at < start:
            continue
        lines.append(
            {
                "line": line_name(line),
                "releases": len(members),
                "pre_releases": len(pre),
                "first": iso(members[0].at),
                "last": iso(members[-1].at),
                "released_in_window": bool(hit),
                "releases_in_window": len(hit),
                "counted_in_window": sum(r.role == "counted" for r in hit),
                "backports_in_window": sum(r.role == "backport" for r in hit),
            }
        )
    failed_names = sorted({f.deployment for f in failures})
    recovery = {}  # failed deployment -> hours to the first release that shipped a fix
    for f in failures:
        recovery[f.deployment] = min(recovery.get(f.deployment, f.hours), f.hours)
    events: list[list[Tag]] = []  # counted releases of several lines within an hour: one event
    for release in sorted(counted_in_window, key=lambda r: r.at):
        if events and release.at - events[-1][-1].at <= timedelta(hours=1):
            events[-1].append(release)
        else:
            events.append([release])
    loose_counted = [
        r for r in releases if start <= r.at <= end and loose_roles[r.name][0] == "counted"
    ]
    loose_backports = [
        r.name for r in releases if start <= r.at <= end and loose_roles[r.name][0] == "backport"
    ]
    return {
        "repository": str(repo),
        "branch": branch,
        "newest_commit": iso(tip_time),
        "window": [iso(start), iso(end)],
        "weeks": round(weeks, 2),
        "tags": {
            "in_window": [
                {
                    "name": t.name,
                    "at": iso(t.at),
                    "kind": t.kind,
                    "reason": t.reason,
                    "line": line_name(t.line) if t.line else "",
                    "role": t.role,
                    "why": t.why,
                }
                for t in in_window
            ],
            "not_versions_anywhere": [
                (t.name, t.reason) for t in tags if t.kind == "not a version"
            ],
        },
        "lines": lines,
        "counted": [r.name for r in counted_in_window],
        "backports": [r.name for r in releases if start <= r.at <= end and r.role == "backport"],
        "empty": [r.name for r in releases if start <= r.at <= end and r.role == "empty"],
        "deployments_per_week": round(len(counted_in_window) / weeks, 3),
        "release_events": len(events),
        "release_days": len({r.at.date() for r in counted_in_window}),
        "with_same_subject": {
            "counted": len(loose_counted),
            "per_week": round(len(loose_counted) / weeks, 3),
            "backports": loose_backports,
            "why": {n: loose_roles[n][1] for n in loose_backports},
        },
        "failures": [f.__dict__ for f in failures],
        "failed_deployments": failed_names,
        "recovery_hours_median": round(statistics.median(recovery.values()), 1)
        if recovery
        else None,
        "change_fail_rate": round(len(failed_names) / len(counted_in_window), 3)
        if counted_in_window
        else None,
        "szz": {
            "fix_commits_examined": szz_fixes,
            "files_blamed": blamed,
            "lines_blamed": lines_blamed,
            "lines_on_recent_changes": lines_recent,
            "recent_causes_not_failures": unlinked,
        },
        "lead_time_hours": {
            "median": round(statistics.median(lead), 1) if lead else None,
            "commits": len(lead),
            "median_of_release_medians": round(statistics.median(per_release.values()), 1)
            if per_release
            else None,
        },
        "_tags": tags,
        "_commits": commits,
        "_changes": changes,
        "_shipped_on": shipped_on,
    }


# ------------------------------------------------------------------------ old-rule pairs


def _reading(commit: Commit, files: list[str], release: Tag, result: dict) -> str:
    """A first reading of a commit between two tags, for the hand check to confirm."""
    marks = []
    root = result["_changes"].find(commit.sha)
    newer = sorted(
        {
            r.name
            for r in result["_shipped_on"].get(root, ())
            if r.line[0] == release.line[0]
            and r.line > release.line
            and r.at <= release.at + timedelta(days=1)
        }
    )
    if newer:
        marks.append(f"also on {', '.join(newer[:2])}")
    if (
        DEPENDENCY.search(commit.subject)
        or DEPENDENCY_WORDS.search(commit.subject)
        or (files and all(DEPENDENCY_FILES.search(f) for f in files))
    ):
        marks.append("dependency")
    if REVERT.search(commit.body):
        marks.append("revert")
    elif FIX.search(commit.subject):
        marks.append("fix")
    if re.match(r"(?i)feat\b|add\b|introduce\b|allow\b|support\b|implement\b", commit.subject):
        marks.append("feature?")
    if files and all(
        re.search(r"(?:^|/)(?:\.github|docs?)/|\.md$|AGENTS|CLAUDE", f) for f in files
    ):
        marks.append("ci/docs")
    return ", ".join(marks)


def old_rule_pairs(repo: Path, result: dict, days: int) -> list[dict]:
    """Pairs (earlier, later) the old tag-spacing rule flags: ``later`` is the next release of
    the same major.minor, a patch, within ``days`` of ``earlier``; both in the window."""
    start, end = (
        datetime.strptime(x, "%Y-%m-%d %H:%M").replace(tzinfo=UTC) for x in result["window"]
    )
    tags: list[Tag] = result["_tags"]
    commits: dict[str, Commit] = result["_commits"]
    releases = [t for t in tags if t.kind == "release" and start <= t.at <= end]
    by_line = defaultdict(list)
    for release in releases:
        by_line[release.line].append(release)
    pairs = []
    for _, members in sorted(by_line.items()):
        members.sort(key=lambda r: r.version)
        for earlier, later in itertools.pairwise(members):
            if later.micro == 0 or not timedelta(0) < later.at - earlier.at <= timedelta(days):
                continue
            between = git(repo, "rev-list", "--no-merges", later.sha, f"^{earlier.sha}").split()
            rows = []
            for sha in between:
                commit = commits.get(sha)
                if commit is None:
                    continue
                files = git(repo, "diff-tree", "-r", "--no-commit-id", "--name-only", sha).split()
                rows.append(
                    {
                        "sha": sha[:10],
                        "subject": commit.subject,
                        "files": files,
                        "mechanics": commit.mechanics or commit.empty,
                        "reading": _reading(commit, files, later, result),
                    }
                )
            pairs.append(
                {
                    "earlier": earlier.name,
                    "later": later.name,
                    "days": round((later.at - earlier.at).total_seconds() / 86400, 1),
                    "later_role": later.role,
                    "commits": rows,
                }
            )
    return pairs


# -------------------------------------------------------------------------------- output


def report(result: dict, pairs: list[dict] | None) -> None:
    print(
        f"{result['repository']}: default branch {result['branch']}, newest commit "
        f"{result['newest_commit']} UTC"
    )
    print(f"window {result['window'][0]} .. {result['window'][1]} UTC ({result['weeks']} weeks)")
    print("\ntags in the window:")
    for t in result["tags"]["in_window"]:
        extra = t["reason"] or (t["role"] + (f" ({t['why']})" if t["why"] else ""))
        print(f"  {t['name']:<24} {t['at']}  {t['kind']:<13} {t['line']:<8} {extra}")
    print("\nnot a version (whole history):")
    for name, reason in result["tags"]["not_versions_anywhere"]:
        print(f"  {name:<32} {reason}")
    print("\nrelease lines (releases over the whole history; counts in the window):")
    print(
        "  line      releases  pre  first             last              in window  counted"
        "  backports"
    )
    for line in result["lines"]:
        print(
            f"  {line['line']:<9} {line['releases']:>8} {line['pre_releases']:>4}  "
            f"{line['first']}  {line['last']}  {line['released_in_window']!s:<9}  "
            f"{line['counted_in_window']:>7}  {line['backports_in_window']:>9}"
        )
    print(
        f"\ncounted releases: {len(result['counted'])} = "
        f"{result['deployments_per_week']} per week; backports: {len(result['backports'])} "
        f"({', '.join(result['backports'])}); empty: {len(result['empty'])}"
    )
    print(
        f"  as release events (counted releases within an hour of each other once): "
        f"{result['release_events']}; release days: {result['release_days']}"
    )
    loose = result["with_same_subject"]
    print(
        f"  if the same subject also named one change: {loose['counted']} counted "
        f"({loose['per_week']} per week), {len(loose['backports'])} backports"
    )
    szz = result["szz"]
    print(
        f"failures: {len(result['failed_deployments'])} failed deployments "
        f"(change fail rate {result['change_fail_rate']}, recovery median "
        f"{result['recovery_hours_median']} h); SZZ blamed "
        f"{szz['lines_blamed']} lines in {szz['files_blamed']} files of "
        f"{szz['fix_commits_examined']} fix commits, {szz['lines_on_recent_changes']} on changes "
        "shipped in the 7 days before"
    )
    grouped: dict[str, list[dict]] = defaultdict(list)
    for f in result["failures"]:
        grouped[f["deployment"]].append(f)
    for name, links in grouped.items():  # one line per link: fix <- cause [how]
        first = links[0]
        print(f"  {name} failed, restored by {first['restored_by']} ({first['hours']:.0f} h):")
        for link in sorted(links, key=lambda f: not f["link"].startswith("revert")):
            print(f"      {link['fix']} <- {link['cause']} [{link['link']}]")
    lead = result["lead_time_hours"]
    if lead["median"] is not None:
        print(
            f"lead time: median {lead['median']} h = {lead['median'] / 24:.1f} days over "
            f"{lead['commits']} commits (median of release medians "
            f"{lead['median_of_release_medians']} h)"
        )
    else:
        print("lead time: no counted release in the window")
    if pairs is not None:
        print(f"\nold rule: {len(pairs)} 'hotfix' pairs")
        for pair in pairs:
            print(
                f"  {pair['earlier']} -> {pair['later']} ({pair['days']} d, later is "
                f"{pair['later_role']})"
            )
            for row in pair["commits"]:
                mark = "  [mechanics]" if row["mechanics"] else f"  [{row['reading']}]"
                print(f"      {row['sha']} {row['subject'][:90]}{mark}")
                if not row["mechanics"]:
                    print(
                        f"          {', '.join(row['files'][:6])}"
                        f"{' ...' if len(row['files']) > 6 else ''}"
                    )


def selftest() -> int:
    """Build a small repository whose figures are known by hand and check the script on it.

    Two lines (1.0, 1.1); 1.1.0 ships "Add foo", 1.1.1 two days later fixes its line (SZZ);
    1.0.1 cherry-picks 1.1.2's "Fix bar (#12)" (a backport); 1.1.4 reverts 1.1.3's "Add baz";
    a pre-release and a non-release tag. Expected: 6 counted releases, backport 1.0.1, failed
    1.1.0 (SZZ, 48 h) and 1.1.3 (revert, 72 h); "Fix bar" fixes a line of 1.0.0 (11 days
    before): no failure.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dora-selftest-") as tmp:
        repo = Path(tmp)

        def run(*args: str, day: int = 1, hour: int = 12) -> str:
            when = f"2026-01-{day:02d}T{hour:02d}:00:00Z"
            env = {**ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
            done = subprocess.run(
                ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                cwd=repo,
                env=env,
                capture_output=True,
                check=True,
            )
            return done.stdout.decode().strip()

        def commit(day: int, message: str, files: dict[str, str | None], *body: str) -> str:
            for name, text in files.items():
                if text is None:
                    run("rm", "-q", name, day=day)
                else:
                    (repo / name).write_text(text)
                    run("add", name, day=day)
            extra = [arg for line in body for arg in ("-m", line)]
            run("commit", "-q", "-m", message, *extra, day=day)
            return run("rev-parse", "HEAD")

        def release(day: int, version: str, hour: int = 12) -> None:
            commit(day, f"Release {version}", {"version.py": f'__version__ = "{version}"\n'})
            run("tag", version, day=day, hour=hour)

        base = "def bar():\n    return 1\n\n\ndef main():\n    return bar()\n"
        foo = "\n\ndef foo():\n    x = 1\n    return x\n"
        run("init", "-q", "-b", "main")
        commit(1, "initial", {"app.py": base, "version.py": '__version__ = "1.0.0"\n'})
        run("tag", "1.0.0", day=1)
        run("branch", "v1.0", day=1)
        commit(3, "Add foo (#5)", {"app.py": base + foo})
        release(3, "1.1.0")
        commit(
            5,
            "fix: foo returns the right value (#6)",
            {"app.py": base + foo.replace("x = 1", "x = 2")},
        )
        release(5, "1.1.1")
        fixed = base.replace("return 1", "return 10") + foo.replace("x = 1", "x = 2")
        bar = commit(12, "Fix bar (#12)", {"app.py": fixed})
        release(12, "1.1.2")
        run("checkout", "-q", "v1.0", day=12)
        run("cherry-pick", "-x", bar, day=12, hour=13)
        run(
            "commit",
            "-q",
            "--amend",
            "-m",
            "Fix bar (#12) (#13)",
            "-m",
            f"(cherry picked from commit {bar})",
            day=12,
            hour=13,
        )
        release(12, "1.0.1", hour=14)
        run("checkout", "-q", "main", day=12)
        baz = commit(20, "Add baz (#20)", {"baz.py": "def baz():\n    return 3\n"})
        release(20, "1.1.3")
        commit(22, 'Revert "Add baz (#20)"', {"baz.py": None}, f"This reverts commit {baz}.")
        release(23, "1.1.4")
        commit(25, "work", {"app.py": fixed + "# more\n"})
        run("tag", "oidc-bug-fix", day=25)
        run("tag", "1.2.0rc1", day=25)
        result = analyse(repo, None, 6, 7)

    kinds = {t["name"]: t["kind"] for t in result["tags"]["in_window"]}
    checks = {
        "counted": (result["counted"], ["1.0.0", "1.1.0", "1.1.1", "1.1.2", "1.1.3", "1.1.4"]),
        "backports": (result["backports"], ["1.0.1"]),
        "failed": (result["failed_deployments"], ["1.1.0", "1.1.3"]),
        "links": (sorted(f["link"].split(":")[0] for f in result["failures"]), ["SZZ", "revert"]),
        "recovery h": (sorted(round(f["hours"]) for f in result["failures"]), [48, 72]),
        "kinds": ((kinds["1.2.0rc1"], kinds["oidc-bug-fix"]), ("pre-release", "not a version")),
    }
    failed = [name for name, (got, want) in checks.items() if got != want]
    for name, (got, want) in checks.items():
        print(
            f"{'ok  ' if got == want else 'FAIL'} {name}: {got}"
            + ("" if got == want else f" (expected {want})")
        )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path, nargs="?")
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="check the rules on a repository built here, whose figures are known by hand",
    )
    parser.add_argument("--window-end", help="ISO date or time (UTC unless it says)")
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--days", type=int, default=7, help="hotfix window in days")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--pairs", action="store_true", help="list the old rule's hotfix pairs")
    args = parser.parse_args(argv)
    if args.selftest:
        return selftest()
    if args.repo is None:
        parser.error("REPO is required (or --selftest)")
    end = None
    if args.window_end:
        try:
            end = datetime.fromisoformat(args.window_end)
        except ValueError:
            parser.error(f"--window-end: not an ISO date: {args.window_end!r}")
        end = end if end.tzinfo else end.replace(tzinfo=UTC)
        end = end.astimezone(UTC)
    if not (args.repo / ".git").exists() and not (args.repo / "HEAD").exists():
        parser.error(f"not a git repository: {args.repo}")
    try:
        result = analyse(args.repo, end, args.months, args.days)
        pairs = old_rule_pairs(args.repo, result, args.days) if args.pairs else None
    except GitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    report(result, pairs)
    if args.json:
        public = {k: v for k, v in result.items() if not k.startswith("_")}
        if pairs is not None:
            public["old_rule_pairs"] = pairs
        args.json.write_text(json.dumps(public, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
