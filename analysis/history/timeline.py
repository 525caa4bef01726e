"""The history as the metrics see it: oldest first, renames followed, bots and excludes out.

Built once per assessment from the parsed commits (newest first, as git prints them):

* **Rename following.** Walking from the newest commit back, a rename ``old -> new`` makes
  every older change of ``old`` count for the file's current path. An older, unrelated file
  that once had the new name keeps a separate identity. Concurrent edits of the old name on
  another branch that are *newer* than the rename keep the old name (the walk is by date).
* **Left out:** commits by bot authors (dependabot, renovate, ...: automation, not engineering
  work), a shallow clone's boundary commit (git shows its whole tree as added), files matching
  the exclude globs (vendored, generated, migrations), files that are not code (``counted``:
  by their role, analysis.roles: translations, docs, data, config, generated ... as CodeScene
  and Avelino et al. measure code only), and submodules (a gitlink's "1 line changed" is a
  pointer move, not code).
* **Developers** are people, not identities: names and e-mails of one person are merged
  (.mailmap, same e-mail, same full name, GitHub login; :mod:`analysis.history.identities`)
  before any figure counts authors.
* **Times** are author times (when the work was done). A time before 1980 or more than a day
  after the assessment is implausible (a broken clock): such a commit still counts for files
  and knowledge, but not in the time window, the monthly series or rework ages.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from analysis.history.commits import Commit
from analysis.history.identities import Identities, Identity, merge_identities
from analysis.history.options import HistoryOptions

EARLIEST_PLAUSIBLE = 315_532_800  # 1980-01-01T00:00:00Z
FUTURE_SLACK = 86_400


@dataclass(slots=True)
class Step:
    """One commit that counts: who, when, and its file changes as (file id, added, deleted)."""

    sha: str
    time: int
    developer: int
    plausible: bool
    fix: bool
    files: list[tuple[int, int | None, int | None]]


@dataclass
class Timeline:
    steps: list[Step] = field(default_factory=list)  # oldest first
    paths: list[str] = field(default_factory=list)  # file id -> current path (identity)
    developers: list[str] = field(default_factory=list)  # developer id -> name
    identities: Identities = field(default_factory=Identities)  # who is who
    alive: set[int] = field(default_factory=set)  # file ids in the tip tree, not excluded
    binary: set[int] = field(default_factory=set)  # files git diffed as binary
    commits: int = 0  # commits read (bots and boundary included)
    bot_commits: int = 0
    boundary_commits: int = 0
    implausible: int = 0  # commits with a 1970-style or future timestamp
    merges: int = 0
    non_utf8: int = 0
    counts_missing: int = 0
    start: int | None = None  # earliest plausible author time
    end: int | None = None  # latest plausible author time


def build_timeline(
    commits: list[Commit],
    options: HistoryOptions,
    current_paths: set[str],
    submodule_paths: Collection[str] = frozenset(),
    now: float | None = None,
    counted: Callable[[str], bool] | None = None,
    mailmapped: dict[Identity, dict[Identity, int]] | None = None,
) -> Timeline:
    """Resolve identities, filter, and order oldest first (see the module doc).

    ``mailmapped``: the raw identities .mailmap replaced, per identity git printed (listed as
    merges; see :func:`analysis.history.identities.merge_identities`).
    """
    latest = int(now if now is not None else time.time()) + FUTURE_SLACK
    spec = options.exclude_spec()
    fix_regex = options.fix_regex()
    line = Timeline(commits=len(commits))
    bots: dict[tuple[str, str], bool] = {}
    people: dict[Identity, int] = {}
    for commit in commits:
        if commit.shallow_boundary:
            continue
        key = (commit.author_name, commit.author_email)
        bot = bots.get(key)
        if bot is None:
            bot = bots[key] = options.is_bot(*key)
        if not bot:
            people[key] = people.get(key, 0) + 1
    line.identities = merge_identities(people, mailmapped)
    name_of = line.identities.developer
    alias: dict[str, str] = {}
    alias_get = alias.get
    ids: dict[str, int] = {}  # identity -> file id, -1 when excluded
    ids_get = ids.get
    developer_ids: dict[str, int] = {}
    reused = 0
    steps: list[Step] = []
    landed: list[int] = []

    for commit in commits:  # newest first
        line.merges += commit.is_merge
        line.non_utf8 += commit.non_utf8
        line.counts_missing += commit.counts_missing
        if commit.shallow_boundary:
            line.boundary_commits += 1
            continue
        files: list[tuple[int, int | None, int | None]] = []
        for path, added, deleted, old_path, binary in commit.changes:
            identity = alias_get(path, path)
            if old_path is not None and old_path != path:
                alias[old_path] = identity
                # an older file that had the new name is a different file
                reused += 1
                alias[path] = f"{path}\0{reused}"
            file_id = ids_get(identity)
            if file_id is None:
                visible = identity.split("\0", 1)[0]
                if (
                    visible in submodule_paths
                    or spec.match_file(visible)
                    or (counted is not None and not counted(visible))
                ):
                    file_id = ids[identity] = -1
                else:
                    file_id = ids[identity] = len(line.paths)
                    line.paths.append(identity)
            if file_id < 0:
                continue
            if binary:
                line.binary.add(file_id)
            files.append((file_id, added, deleted))
        key = (commit.author_name, commit.author_email)
        if bots[key]:
            line.bot_commits += 1
            continue
        name = name_of[key]
        developer = developer_ids.get(name)
        if developer is None:
            developer = developer_ids[name] = len(line.developers)
            line.developers.append(name)
        moment = commit.author_seconds
        plausible = EARLIEST_PLAUSIBLE <= moment <= latest
        if plausible:
            line.start = moment if line.start is None else min(line.start, moment)
            line.end = moment if line.end is None else max(line.end, moment)
        else:
            line.implausible += 1
        fix = bool(fix_regex.search(commit.message)) if fix_regex is not None else False
        steps.append(Step(commit.sha, moment, developer, plausible, fix, files))
        landed.append(commit.committer_seconds)

    # Oldest first by committer time, ties in git's topological order (parents first): a full
    # pass and an incremental one (new commits in front of cached ones) give the same order.
    order = sorted(range(len(steps)), key=lambda i: (landed[i], -i))
    line.steps = [steps[i] for i in order]
    line.alive = {ids[path] for path in current_paths if ids.get(path, -1) >= 0}
    return line
