"""Independent check of the truck factor on real repositories (issue 12, items 4 and 5).

    python benchmarks/audit_knowledge.py REPO [REPO ...] [--product] [--json OUT]

Written for the audit, without the product's history code (no ``analysis.history`` import in
:func:`audit`): it reads ``git log`` itself, merges identities with the same rules written
anew, computes Avelino et al.'s degree of authorship and greedy truck factor, and prints the
truck factor (source files with and without tests), the developers removed, the files each
orphans and the identity merges. ``--product`` runs the product's history phase on the same
repository three times (every file "production"; this script's roles; the product's own file
roles) for the table in the issue note.

What it reads and computes (every choice stated, so a difference can be traced):

* ``git log --date-order -M --name-status`` of HEAD, authors through the repository's own
  .mailmap only (``%aN``/``%aE`` with ``mailmap.file`` and ``mailmap.blob`` set by us). On a
  partial clone git stops at a missing blob (rename detection reads blobs): the commit it was
  diffing is re-read with ``--no-renames`` (needs no blob) and the walk goes on with the
  commits not read yet. Merges show no files (git's default), bots' commits are left out.
* Files follow renames oldest first: ``R old new`` moves ``old``'s history to ``new``; a file
  deleted and added again at the same path keeps its history (as Avelino et al.'s tool keys
  files by path).
* DOA (Avelino et al., ICPC 2016, eq. 1): ``3.293 + 1.098 FA + 0.164 DL - 0.321 ln(1 + AC)``;
  FA = 1 for the author of the file's first ``A``; DL = the developer's later ``A``/``M``/``R``
  entries; AC = everyone else's; ``D`` entries count for nobody (the tool's ``log.awk`` keeps
  only A, M and R). Author: DOA / best DOA of the file > 0.75 and DOA >= 3.293.
* Greedy truck factor: while at least half of the files have an author, remove the developer
  who authors the most files (ties: name); the figure is how many were removed. The tool's
  default (``PrunedGreedyTruckFactor``, 10%) then drops removed developers who author fewer
  than 10% of the first one's files: printed as ``pruned``.
* Source files (the rule of this script, in the spirit of linguist's language files): files
  at HEAD whose extension is a programming or markup language in :data:`CODE_EXTENSIONS` (so
  no catalogue, data, config or text file), not under a documentation, example, vendored,
  migration or hidden folder (:data:`NOT_SOURCE_DIRS`) nor a top-level ``scripts``/``tools``
  folder, not minified or generated (:data:`GENERATED`). A source file is a
  test when a folder is named ``tests``/``test``/``testing``/``__tests__``/``e2e`` or its name
  is ``test_*``, ``*_test``, ``*_tests``, ``conftest.py``, ``*.test.*`` or ``*.spec.*``.
* Identities: .mailmap (git), then the same e-mail, then the same full name (two words or
  more), then a GitHub no-reply address (``ID+login@`` or ``login@users.noreply.github.com``)
  with identities whose name or e-mail local part is that login, or the same login or ID.
  E-mails that single out nobody never merge (no ``@``, a placeholder or role local part,
  ``@localhost``), nor do names such as ``root`` or ``Your Name``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath

GIT_SETTINGS = (
    "-c", "mailmap.file=",
    "-c", "mailmap.blob=HEAD:.mailmap",
    "-c", "core.fsmonitor=false",
    "-c", "diff.renameLimit=0",
)  # fmt: skip
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}

CODE_EXTENSIONS = frozenset({
    ".py", ".pyi", ".pyx", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".vue", ".svelte",
    ".html", ".htm", ".jinja", ".jinja2", ".j2", ".css", ".scss", ".sass", ".less", ".sh",
    ".bash", ".go", ".rs", ".java", ".kt", ".rb", ".php", ".c", ".h", ".cc", ".cpp", ".hpp",
    ".cs", ".swift", ".lua", ".pl",
})  # fmt: skip
NOT_SOURCE_DIRS = frozenset({
    "docs", "doc", "documentation", "examples", "example", "samples", "migrations", "vendor",
    "vendored", "third_party", "third-party", "node_modules", "bower_components",
})  # fmt: skip
TOOLING_TOP_DIRS = frozenset({"scripts", "tools"})  # only at the top: netbox/scripts is an app
GENERATED = re.compile(r"(\.min\.(js|css)$|_pb2(_grpc)?\.py$|\.generated\.|(^|/)generated/)")
TEST_DIRS = frozenset(["tests", "test", "testing", "__tests__", "e2e"])
TEST_NAME = re.compile(r"(^test_|_tests?\.[^.]+$|^conftest\.py$|\.(test|spec)\.[^.]+$)")

BOT = re.compile(r"\[bot\]|dependabot|renovate|github-actions|pre-commit-ci", re.IGNORECASE)
PLACEHOLDER_LOCALS = frozenset({
    "root", "admin", "administrator", "noreply", "no-reply", "no_reply", "donotreply",
    "do-not-reply", "nobody", "none", "null", "unknown", "anonymous", "user", "you",
    "your.email", "your_email", "youremail", "yourname", "email", "mail", "test", "dev",
    "developer", "git", "github", "ubuntu", "vagrant", "info", "support", "team",
})  # fmt: skip
SHARED_NAMES = frozenset({
    "root", "admin", "administrator", "unknown", "anonymous", "nobody", "none", "user",
    "your name", "yourname", "name", "you", "test", "dev", "developer", "git", "github",
    "ubuntu", "vagrant", "(no author)", "no author",
})  # fmt: skip
NOREPLY = re.compile(r"^(?:(\d+)\+)?([a-z0-9][a-z0-9-]*)@users\.noreply\.github\.com$")

DOA_AUTHOR_NORMALISED = 0.75
DOA_AUTHOR_ABSOLUTE = 3.293
ORPHANS_SHOWN = 10


# ----------------------------------------------------------------------------- source files
def role(path: str) -> str:
    """This script's rule (see the module doc): "production", "test" or "other"."""
    pure = PurePosixPath(path)
    folders = [part.lower() for part in pure.parts[:-1]]
    if pure.suffix.lower() not in CODE_EXTENSIONS or GENERATED.search(path):
        return "other"
    if any(part.startswith(".") or part in NOT_SOURCE_DIRS for part in folders):
        return "other"
    if folders and folders[0] in TOOLING_TOP_DIRS:
        return "other"
    if any(part in TEST_DIRS for part in folders) or TEST_NAME.search(pure.name.lower()):
        return "test"
    return "production"


# ----------------------------------------------------------------------------- git
def git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "--no-pager", "-C", str(repo), *GIT_SETTINGS, *args],
        input=stdin,
        capture_output=True,
        env=ENV,
        check=False,
    )


def head_files(repo: Path) -> list[str]:
    out = git(repo, "ls-tree", "-r", "-z", "--full-tree", "HEAD").stdout
    files = []
    for entry in out.split(b"\0"):
        meta, _, name = entry.partition(b"\t")
        if name and not meta.startswith(b"160000"):
            files.append(name.decode("utf-8", "backslashreplace"))
    return files


def _parse(data: bytes) -> list[dict]:
    """Records of ``--format=%x1e...`` plus ``-z --name-status`` output."""
    commits: list[dict] = []
    tokens = data.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        if token.startswith(b"\x1e"):
            sha, name, email = token[1:].decode("utf-8", "replace").split("\x1f")
            commits.append({"sha": sha, "name": name, "email": email, "files": []})
        elif token and commits:
            status = token.decode("ascii", "replace")
            if status[0] in "RC":
                old, new = tokens[i], tokens[i + 1]
                i += 2
                commits[-1]["files"].append(
                    (
                        status[0],
                        old.decode("utf-8", "backslashreplace"),
                        new.decode("utf-8", "backslashreplace"),
                    )
                )
            else:
                path = tokens[i].decode("utf-8", "backslashreplace")
                i += 1
                commits[-1]["files"].append((status[0], None, path))
    return commits


def read_log(repo: Path) -> tuple[list[dict], int]:
    """Commits newest first (date order) with name-status entries; and how many commits were
    re-read without rename detection because a blob is missing."""
    fmt = "--format=%x1e%H%x1f%aN%x1f%aE"
    base = ["log", "-z", fmt, "--name-status", "--root", "--date-order", "--no-ext-diff"]
    order = git(repo, "rev-list", "--date-order", "HEAD").stdout.decode().split()
    found: dict[str, dict] = {}
    pending = order
    without_renames = 0
    first = True
    while pending:
        if first:
            done = git(repo, *base, "-M", "HEAD")
            first = False
        else:
            stdin = "".join(f"{sha}\n" for sha in pending).encode()
            done = git(repo, *base, "-M", "--no-walk=unsorted", "--stdin", stdin=stdin)
        parsed = _parse(done.stdout)
        if done.returncode == 0:
            found.update((c["sha"], c) for c in parsed)
            break
        # the last commit printed may be incomplete: read it again without renames
        complete, broken = parsed[:-1], (parsed[-1]["sha"] if parsed else pending[0])
        found.update((c["sha"], c) for c in complete)
        again = git(repo, "log", "-z", fmt, "--name-status", "--root", "--no-renames", "-1", broken)
        if again.returncode != 0:
            raise RuntimeError(again.stderr.decode(errors="replace").strip())
        found.update((c["sha"], c) for c in _parse(again.stdout))
        without_renames += 1
        pending = [sha for sha in pending if sha not in found]
    return [found[sha] for sha in order if sha in found], without_renames


# ----------------------------------------------------------------------------- identities
def _generic_email(email: str) -> bool:
    local, at, domain = email.strip().lower().rpartition("@")
    return not (at and local and domain) or local in PLACEHOLDER_LOCALS or "localhost" in domain


def _name_key(name: str) -> str:
    return " ".join(name.split()).lower()


def merge_people(counts: Counter) -> tuple[dict[tuple, int], list[dict]]:
    """identity -> person number, and the merges (person name, identities, rule of each)."""
    people: list[set] = []
    owner: dict[tuple, int] = {}
    rule_of: dict[tuple, str] = {}

    def link(group: list[tuple], rule: str) -> None:
        if len(group) < 2:
            return
        for identity in group:
            if identity not in owner:
                owner[identity] = len(people)
                people.append({identity})
        target = min(owner[i] for i in group)
        for identity in group:
            number = owner[identity]
            if number == target:
                continue
            for member in people[number]:
                owner[member] = target
                rule_of.setdefault(member, rule)
            people[target] |= people[number]
            people[number] = set()

    identities = sorted(counts)
    by_email, by_name, by_local, by_login, by_id = (defaultdict(list) for _ in range(5))
    for identity in identities:
        name, email = identity
        low = email.strip().lower()
        account = NOREPLY.match(low)
        if not _generic_email(email):
            by_email[low].append(identity)
            if account is None:
                by_local[low.rpartition("@")[0]].append(identity)
        key = _name_key(name)
        if " " in key and key not in SHARED_NAMES:
            by_name[key].append(identity)
        if account is not None:
            by_login[account.group(2)].append(identity)
            if account.group(1):
                by_id[account.group(1)].append(identity)
    for group in by_email.values():
        link(group, "email")
    for group in by_name.values():
        link(group, "name")
    for login, group in by_login.items():
        if login in SHARED_NAMES:
            continue
        named = [i for i in identities if i[0].strip().lower() == login]
        link(group + named + by_local.get(login, []), "github_login")
    for group in by_id.values():
        link(group, "github_login")
    for identity in identities:  # everyone else is a person of their own
        if identity not in owner:
            owner[identity] = len(people)
            people.append({identity})
    merges = []
    for members in people:
        if len(members) < 2:
            continue
        full = [m for m in members if " " in m[0].strip()] or list(members)
        head = max(full, key=lambda m: (counts[m], m))
        merges.append(
            {
                "developer": head[0] or head[1],
                "identities": sorted(
                    (
                        {"name": m[0], "email": m[1], "commits": counts[m], "rule": rule_of.get(m)}
                        for m in members
                    ),
                    key=lambda m: -m["commits"],
                ),
            }
        )
    return owner, merges


# ----------------------------------------------------------------------------- authorship
def authorship(commits: list[dict], owner: dict[tuple, int]) -> dict[str, dict]:
    """Per current path: first author and each person's deliveries (oldest commit first)."""
    files: dict[str, dict] = {}
    for commit in reversed(commits):
        person = owner.get((commit["name"], commit["email"]))
        if person is None:  # a bot
            continue
        for status, old, path in commit["files"]:
            if status == "R":
                record = files.pop(old, None) or {"first": None, "deliveries": Counter()}
                files[path] = record
                record["deliveries"][person] += 1
                continue
            if status == "D":
                continue
            record = files.setdefault(path, {"first": None, "deliveries": Counter()})
            if status == "A" and record["first"] is None:
                record["first"] = person
            else:
                record["deliveries"][person] += 1
    return files


def doa_authors(record: dict) -> set[int]:
    deliveries = record["deliveries"]
    total = sum(deliveries.values())
    people = set(deliveries) | ({record["first"]} if record["first"] is not None else set())
    doa = {}
    for person in people:
        own = deliveries.get(person, 0)
        first = 1 if person == record["first"] else 0
        doa[person] = 3.293 + 1.098 * first + 0.164 * own - 0.321 * math.log(1 + total - own)
    best = max(doa.values(), default=0)
    return {
        p
        for p, value in doa.items()
        if best > 0 and value / best > DOA_AUTHOR_NORMALISED and value >= DOA_AUTHOR_ABSOLUTE
    }


def greedy(authors: dict[str, set[int]], names: dict[int, str], changes: Counter) -> dict:
    """Avelino et al.'s greedy truck factor with the orphaned files of each removal."""
    total = len(authors)
    by_person: dict[int, set[str]] = defaultdict(set)
    for path, people in authors.items():
        for person in people:
            by_person[person].add(path)
    left = {path: len(people) for path, people in authors.items()}
    covered = sum(1 for n in left.values() if n)
    removed, orphans = [], []
    while by_person and total and covered / total >= 0.5:
        top = min(by_person, key=lambda p: (-len(by_person[p]), names[p]))
        lost = []
        for path in by_person.pop(top):
            left[path] -= 1
            if left[path] == 0:
                lost.append(path)
        covered -= len(lost)
        removed.append(top)
        lost.sort(key=lambda p: (-changes[p], p))
        orphans.append({"developer": names[top], "count": len(lost), "files": lost[:ORPHANS_SHOWN]})
    sizes = {p: sum(1 for a in authors.values() if p in a) for p in removed}
    biggest = max(sizes.values(), default=0)
    pruned = [p for p in removed if sizes[p] / biggest >= 0.1] if biggest else []
    return {
        "value": len(removed) if total else None,
        "developers": [names[p] for p in removed],
        "files": total,
        "orphaned": orphans,
        "pruned": len(pruned),
    }


def audit(path) -> dict:
    """Truck factor of the repository at ``path`` computed independently (module doc)."""
    repo = Path(path)
    commits, without_renames = read_log(repo)
    humans = [c for c in commits if not BOT.search(f"{c['name']} <{c['email']}>")]
    counts = Counter((c["name"], c["email"]) for c in humans)
    owner, merges = merge_people(counts)
    names: dict[int, str] = {}
    for person in set(owner.values()):
        members = [i for i in counts if owner[i] == person]
        full = [m for m in members if " " in m[0].strip()] or members
        head = max(full, key=lambda m: (counts[m], m))
        names[person] = head[0] or head[1]
    clash = Counter(n.lower() for n in names.values())
    for person, name in names.items():
        if clash[name.lower()] > 1:
            members = [i for i in counts if owner[i] == person]
            names[person] = f"{name} <{max(members, key=lambda m: counts[m])[1]}>"
    history = authorship(humans, owner)
    changes = Counter()
    for path, record in history.items():
        changes[path] = sum(record["deliveries"].values()) + (record["first"] is not None)
    roles = {p: role(p) for p in head_files(repo)}
    source = {p: doa_authors(history[p]) for p, r in roles.items() if r != "other" and p in history}
    production = {p: a for p, a in source.items() if roles[p] == "production"}
    return {
        "repository": repo.name,
        "commits": len(commits),
        "bot_commits": len(commits) - len(humans),
        "read_without_renames": without_renames,
        "identities": len(counts),
        "developers": len(names),
        "source_files": {
            "production": sum(r == "production" for r in roles.values()),
            "test": sum(r == "test" for r in roles.values()),
            "other": sum(r == "other" for r in roles.values()),
        },
        "truck_factor": greedy(source, names, changes),
        "truck_factor_without_tests": greedy(production, names, changes),
        "merges": sorted(merges, key=lambda m: -sum(i["commits"] for i in m["identities"])),
    }


# ----------------------------------------------------------------------------- the product
def product(path, roles: str) -> dict:
    """The product's history phase on ``path`` (imported here only, never by :func:`audit`).

    ``roles``: "none" (every file production, the phase alone), "script" (this script's rule,
    to compare like with like) or "product" (the product's classification of the files).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from analysis.history.mining import mine_history
    from analysis.history.options import HistoryOptions
    from analysis.roles import classify_files
    from analysis.roles.model import FileRoles, RoleDecision
    from analysis.scan import open_repository, tracked_files

    repo = open_repository(path)
    given = None
    if roles == "script":
        # "other" is not code; any non-code role will do
        given = FileRoles(
            fallback=lambda p: RoleDecision(role(p).replace("other", "docs"), "audit")
        )
    elif roles == "product":
        given = classify_files(repo, tracked_files(repo))
    outcome = mine_history(repo, HistoryOptions(), roles=given)
    truck = outcome.section.truck_factor
    inner = truck.without_tests
    return {
        "value": truck.value,
        "developers": truck.developers,
        "files": truck.files,
        "without_tests": None if inner is None else [inner.value, inner.developers, inner.files],
        "identity_groups": len(outcome.section.identities),
    }


def _print(result: dict) -> None:
    truck, alone = result["truck_factor"], result["truck_factor_without_tests"]
    print(f"== {result['repository']}: {result['commits']} commits ({result['bot_commits']} bots)")
    print(
        f"   {result['identities']} identities -> {result['developers']} developers; "
        f"source files {result['source_files']}; "
        f"{result['read_without_renames']} commits read without renames (missing blobs)"
    )
    for label, figure in (("with tests", truck), ("without tests", alone)):
        print(
            f"   truck factor {label}: {figure['value']} over {figure['files']} files "
            f"(pruned as the tool's default: {figure['pruned']}): {', '.join(figure['developers'])}"
        )
    for item in truck["orphaned"]:
        print(f"     {item['developer']} orphans {item['count']}: {', '.join(item['files'][:3])}")
    for merge in result["merges"]:
        parts = [
            f"{i['name']} <{i['email']}> [{i['rule'] or 'first'}]" for i in merge["identities"]
        ]
        print(f"   merged {merge['developer']}: {'; '.join(parts)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--product", action="store_true", help="also run the product's phase")
    parser.add_argument("--json", type=Path, help="write every result here")
    args = parser.parse_args(argv)
    results = []
    for repo in args.repos:
        result = audit(repo)
        _print(result)
        if args.product:
            for kind in ("none", "script", "product"):
                try:
                    result[f"product_roles_{kind}"] = product(repo, kind)
                except Exception as exc:  # the product's failure is a finding of the audit
                    result[f"product_roles_{kind}"] = {"error": f"{type(exc).__name__}: {exc}"}
                print(f"   product, roles {kind}: {result[f'product_roles_{kind}']}")
        results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
