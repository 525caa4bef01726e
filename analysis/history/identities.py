"""One developer per person, whatever names and e-mails they committed under.

Every per-author figure (truck factor, knowledge loss, main developer, fragmentation, authors
per file, active authors per month) counts developers, so a person with two identities must be
one developer. The rules, in this order (each merge is listed in the report with its rule):

1. ``mailmap``: the repository's .mailmap, applied by git itself (``%aN``/``%aE``, git's own
   semantics, gitmailmap(5)); only the repository's own file, see :data:`analysis.git.HARDENING`.
2. ``email``: the same e-mail address, case-insensitive (Avelino et al.'s tool,
   aserg-ufmg/Truck-Factor ``NewAliasHandler``, keys a developer by e-mail).
3. ``name``: the same full name (two words or more), case-insensitive, spaces collapsed
   (code-maat groups by ``%aN``; the same tool unifies identities that share a name). A
   single word is not enough: it is often a first name shared by different people (saleor
   has two people committing as "Jakub", with different e-mails); a login-like single word
   still joins through rule 4.
4. ``github_login``: a GitHub no-reply address, ``ID+login@users.noreply.github.com`` (since
   2017) or ``login@users.noreply.github.com`` (older), is the account ``login`` (GitHub docs,
   "Setting your commit email address"): it joins identities whose name or e-mail local part is
   that login, and other no-reply addresses of the same login or the same account ID.

Merges are transitive (union-find): "IKarbowiak <work address>" and "Iga Karbowiak <no-reply
address of IKarbowiak>" are one developer through the login.

Generic e-mails and names never merge anyone: they are shared by unrelated people.
:data:`GENERIC_LOCAL_PARTS` holds placeholders and role accounts (``noreply@github.com`` is
GitHub's web-flow committer; ``you@example.com`` is the address git's own error message
suggests; ``root@host`` is whoever had root there); an address at ``localhost`` names no
machine; a value with no ``@`` (``unknown``, an empty e-mail) is no address.
:data:`GENERIC_NAMES` holds names that several people commit under (``root``, ``Your Name``
from git's hint, ``unknown``). Such an identity keeps its other, specific links.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from analysis.history.results import Alias, IdentityGroup

MAILMAP = "mailmap"
EMAIL = "email"
NAME = "name"
GITHUB_LOGIN = "github_login"
RULES = (MAILMAP, EMAIL, NAME, GITHUB_LOGIN)

#: Local parts shared by unrelated people: placeholders, role and service accounts.
GENERIC_LOCAL_PARTS = frozenset(
    {
        "root",
        "admin",
        "administrator",
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "nobody",
        "none",
        "null",
        "unknown",
        "anonymous",
        "user",
        "you",
        "your.email",
        "your_email",
        "youremail",
        "yourname",
        "email",
        "mail",
        "test",
        "dev",
        "developer",
        "git",
        "github",
        "ubuntu",
        "vagrant",
        "info",
        "support",
        "team",
    }
)

#: Domains that say nothing about who wrote a commit.
GENERIC_DOMAINS = frozenset({"localhost", "localhost.localdomain", "localdomain"})

#: Names several people commit under (compared case-insensitively, spaces collapsed).
GENERIC_NAMES = frozenset(
    {
        "root",
        "admin",
        "administrator",
        "unknown",
        "anonymous",
        "nobody",
        "none",
        "user",
        "your name",
        "yourname",
        "name",
        "you",
        "test",
        "dev",
        "developer",
        "git",
        "github",
        "ubuntu",
        "vagrant",
        "(no author)",
        "no author",
    }
)

_NOREPLY = re.compile(
    r"^(?:(?P<id>\d+)\+)?(?P<login>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)@users\.noreply\.github\.com$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")

Identity = tuple[str, str]  # (name, email) as git prints them through .mailmap


def normal_name(name: str) -> str:
    return _SPACES.sub(" ", name).strip().casefold()


def generic_name(name: str) -> bool:
    key = normal_name(name)
    return key in GENERIC_NAMES or len(key) < 2 or not any(c.isalnum() for c in key)


def full_name(name: str) -> bool:
    """A name of two words or more that is not generic: enough to merge on by itself."""
    return " " in normal_name(name) and not generic_name(name)


def normal_email(email: str) -> str:
    return email.strip().casefold()


def generic_email(email: str) -> bool:
    """True for an e-mail that does not single out a person (see the module doc)."""
    local, at, domain = normal_email(email).rpartition("@")
    if not at or not local or not domain:
        return True
    return local in GENERIC_LOCAL_PARTS or domain in GENERIC_DOMAINS


def github_account(email: str) -> tuple[str, str | None] | None:
    """(login casefolded, account id or None) of a GitHub no-reply address, else None."""
    match = _NOREPLY.match(email.strip())
    if match is None:
        return None
    return match.group("login").casefold(), match.group("id")


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


@dataclass
class Identities:
    """Who is who: the developer name of each identity, and the merged groups."""

    developer: dict[Identity, str] = field(default_factory=dict)
    groups: list[IdentityGroup] = field(default_factory=list)  # only people with aliases

    def name_of(self, name: str, email: str) -> str:
        return self.developer.get((name, email)) or name or email


def _display(identity: Identity) -> str:
    return identity[0] or identity[1]


def _primary(members: list[Identity], commits: Mapping[Identity, int]) -> Identity:
    """The identity whose name stands for the person: a full name ("Iga Karbowiak", with a
    space) before a login-like one, then the most commits, then alphabetical."""
    return min(
        members,
        key=lambda i: (
            " " not in i[0].strip() or generic_name(i[0]),
            -commits.get(i, 0),
            _display(i).casefold(),
            i,
        ),
    )


def merge_identities(
    commits: Mapping[Identity, int],
    mailmapped: Mapping[Identity, Mapping[Identity, int]] | None = None,
) -> Identities:
    """Merge ``commits`` (identity -> commit count) by the rules of the module doc.

    ``mailmapped``: for an identity git printed through .mailmap, the raw identities it
    replaced and their commit counts (listed as ``mailmap`` aliases, nothing more to merge).
    """
    mailmapped = mailmapped or {}
    people = sorted(commits, key=lambda i: (i[0], i[1]))
    index = {identity: n for n, identity in enumerate(people)}
    links = _UnionFind(len(people))
    edges: list[tuple[int, int, str]] = []

    def join(members: list[int], rule: str) -> None:
        for other in members[1:]:
            if links.union(members[0], other):
                edges.append((members[0], other, rule))

    by_email: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    by_local: dict[str, list[int]] = {}
    by_login: dict[str, list[int]] = {}
    by_account: dict[str, list[int]] = {}
    accounts: list[tuple[int, str]] = []
    for n, (name, email) in enumerate(people):
        account = github_account(email)
        if not generic_email(email):
            by_email.setdefault(normal_email(email), []).append(n)
            if account is None:
                by_local.setdefault(normal_email(email).rpartition("@")[0], []).append(n)
        if not generic_name(name):
            by_name.setdefault(normal_name(name), []).append(n)
        if account is not None:
            login, number = account
            by_login.setdefault(login, []).append(n)
            if number is not None:
                by_account.setdefault(number, []).append(n)
            accounts.append((n, login))
    for members in by_email.values():
        join(members, EMAIL)
    for key, members in by_name.items():
        if " " in key:  # a full name; single words join only through a login (rule 4)
            join(members, NAME)
    for members in [*by_login.values(), *by_account.values()]:
        join(members, GITHUB_LOGIN)
    for n, login in accounts:
        if login in GENERIC_NAMES:
            continue
        join([n, *by_name.get(login, []), *by_local.get(login, [])], GITHUB_LOGIN)

    groups: dict[int, list[int]] = {}
    for n in range(len(people)):
        groups.setdefault(links.find(n), []).append(n)
    adjacent: dict[int, list[tuple[int, str]]] = {}
    for a, b, rule in edges:
        adjacent.setdefault(a, []).append((b, rule))
        adjacent.setdefault(b, []).append((a, rule))

    result = Identities()
    chosen: dict[int, Identity] = {}
    for root, members in groups.items():
        chosen[root] = _primary([people[n] for n in members], commits)
    alike = Counter(_display(identity).casefold() for identity in chosen.values())
    taken = {name for name, count in alike.items() if count > 1}
    for root, members in groups.items():
        primary = chosen[root]
        developer = _display(primary)
        if developer.casefold() in taken:  # two people named alike ("root"): keep apart
            developer = f"{developer} <{primary[1]}>" if primary[0] else developer
        for n in members:
            result.developer[people[n]] = developer
        aliases = _aliases(index[primary], adjacent, people, commits)
        for identity in [people[n] for n in members]:
            for raw, count in sorted(mailmapped.get(identity, {}).items()):
                if raw != identity:
                    aliases.append(Alias(raw[0], raw[1], count, MAILMAP))
        if aliases:
            result.groups.append(
                IdentityGroup(
                    developer=developer,
                    email=primary[1],
                    commits=sum(commits.get(people[n], 0) for n in members),
                    aliases=aliases,
                )
            )
    result.groups.sort(key=lambda g: (-g.commits, g.developer))
    return result


def _aliases(
    start: int,
    adjacent: Mapping[int, list[tuple[int, str]]],
    people: list[Identity],
    commits: Mapping[Identity, int],
) -> list[Alias]:
    """The group's other identities, each with the rule of the link that reached it."""
    found: list[Alias] = []
    seen = {start}
    queue = [start]
    while queue:
        here = queue.pop(0)
        for there, rule in sorted(adjacent.get(here, []), key=lambda e: people[e[0]]):
            if there in seen:
                continue
            seen.add(there)
            queue.append(there)
            name, email = people[there]
            found.append(Alias(name, email, commits.get(people[there], 0), rule))
    return found
