"""Tags, the default branch and names in imported logs, read through :mod:`analysis.git`.

Each is one read-only git call: ``for-each-ref`` for tags and branches, ``cat-file
--batch-check`` (names on stdin, so a name can never become an option) to turn the refs and
abbreviated shas of a deployment or incident log into commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from analysis import git
from analysis.dora.records import BranchTip, TagRecord

_TAG_FORMAT = (
    "%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)"
    "%00%(taggerdate:iso-strict)%00%(committerdate:iso-strict)%00%(*committerdate:iso-strict)"
)
#: Branch names tried, in order, when there is no remote default branch.
USUAL_DEFAULT_BRANCHES = ("main", "master", "trunk", "develop")


def _time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_tags(root: Path | str) -> list[TagRecord]:
    """Every tag that names a commit (directly, or through annotated tags), sorted by date.

    Tags of trees and blobs are left out: they cannot be deployments.
    """
    out = git.run(root, "for-each-ref", f"--format={_TAG_FORMAT}", "refs/tags").stdout
    tags: list[TagRecord] = []
    nested: dict[str, datetime] = {}
    for line in out.decode("utf-8", "replace").splitlines():
        fields = line.split("\0")
        if len(fields) != 8:
            continue
        ref, kind, sha, peeled_kind, peeled, tagger, committer, peeled_committer = fields
        name = ref.removeprefix("refs/tags/")
        if kind == "commit":
            when = _time(committer)
            if when is not None:
                tags.append(TagRecord(name, sha, when, annotated=False))
        elif kind == "tag" and peeled_kind == "commit":
            when = _time(tagger) or _time(peeled_committer)
            if when is not None:
                tags.append(TagRecord(name, peeled, when, annotated=True))
        elif kind == "tag" and peeled_kind == "tag":  # a tag of a tag: peel it fully below
            when = _time(tagger)
            if when is not None:
                nested[name] = when
    if nested:
        resolved = resolve_names(root, [f"refs/tags/{n}" for n in nested])
        for name, when in nested.items():
            target = resolved.get(f"refs/tags/{name}")
            if target:
                tags.append(TagRecord(name, target, when, annotated=True))
    tags.sort(key=lambda t: (t.date, t.name))
    return tags


def default_branch(root: Path | str) -> BranchTip:
    """The branch deployments are cut from: origin's default, else main/master/..., else HEAD."""
    out = git.run(
        root,
        "for-each-ref",
        "--format=%(refname)%00%(objectname)%00%(symref)",
        "refs/heads",
        "refs/remotes",
    ).stdout.decode("utf-8", "replace")
    refs: dict[str, tuple[str, str]] = {}
    for line in out.splitlines():
        fields = line.split("\0")
        if len(fields) == 3:
            refs[fields[0]] = (fields[1], fields[2])
    for remote in ("origin", "upstream"):
        head = refs.get(f"refs/remotes/{remote}/HEAD")
        if head and head[1]:
            name = head[1].removeprefix("refs/remotes/")
            return BranchTip(name, head[0], f"{remote}'s default branch ({remote}/HEAD)")
    for name in USUAL_DEFAULT_BRANCHES:
        local = refs.get(f"refs/heads/{name}")
        if local:
            return BranchTip(name, local[0], f"no remote default branch; local '{name}'")
    sha = git.output(root, "rev-parse", "--verify", "HEAD^{commit}").strip()
    branch = git.run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    name = branch.stdout.decode("utf-8", "replace").strip() or "HEAD"
    return BranchTip(name, sha, "no main/master branch; the checked-out branch")


def resolve_names(root: Path | str, names: Iterable[str]) -> dict[str, str | None]:
    """Commit sha of each name (ref, tag, full or abbreviated sha); None when git has none."""
    wanted = sorted({n for n in names if n and "\n" not in n and "\0" not in n})
    if not wanted:
        return {}
    data = "".join(f"{n}^{{commit}}\n" for n in wanted).encode()
    out = git.run(
        root, "cat-file", "--batch-check=%(objectname) %(objecttype)", input_bytes=data
    ).stdout.decode("utf-8", "replace")
    lines = out.splitlines()
    resolved: dict[str, str | None] = {}
    for name, line in zip(wanted, lines, strict=False):
        sha, _, kind = line.partition(" ")
        resolved[name] = sha if kind == "commit" and len(sha) in (40, 64) else None
    return resolved
