"""What makes two commits the same change: the pull request they came from, or a cherry-pick.

A change merged on the default branch and cherry-picked onto release branches gets a new sha on
each branch. Three marks say they are one change, as GitHub and ``git cherry-pick -x`` write
them:

* the pull-request numbers GitHub appends to a squash or rebase merge's subject ("Add X (#123)";
  a backport PR keeps the original's number and adds its own: "Add X (#123) (#130)"), and the
  "Merge pull request #123 from ..." subject of a merge commit;
* the trailer ``git cherry-pick -x`` writes: "(cherry picked from commit <sha>)";
* the subject without its pull-request numbers and release-line labels ("[3.22] Add X",
  "chore: bump django 5.2.17 (3.22)"): maintainers who open one pull request per line keep the
  subject and get new numbers. Only copies within :data:`COPY_HORIZON` of each other count, so
  a generic subject ("Update dependencies") a year apart is two changes.

``git patch-id`` is not used: on saleor, 2 of the 4 copies of #19446 have different patch ids
(the context lines differ per branch) while their subjects match, and computing patch ids means
one diff per commit (about 0.5 s for the 360 candidate commits of saleor's window, most of the
DORA phase's time budget).
"""

from __future__ import annotations

import re
from datetime import timedelta

#: "(#123)" groups at the end of a subject, as GitHub's squash and rebase merges write them.
_TRAILING_PRS = re.compile(r"(?:\s*\(#(\d{1,7})\))+\s*$")
_ONE_PR = re.compile(r"\(#(\d{1,7})\)")
_MERGE_PR = re.compile(r"^Merge pull request #(\d{1,7}) from ")
_CHERRY_PICK = re.compile(r"\(cherry picked from commit ([0-9a-fA-F]{7,64})\)")


def pr_numbers(subject: str) -> tuple[int, ...]:
    """Pull-request numbers a commit's subject carries, oldest first.

    >>> pr_numbers("Serialize MPTT tree writes (#19668) (#19685)")
    (19668, 19685)
    >>> pr_numbers("Merge pull request #42 from someone/branch")
    (42,)
    >>> pr_numbers("Fix #12 in the middle of a subject")
    ()
    """
    merge = _MERGE_PR.match(subject)
    if merge:
        return (int(merge.group(1)),)
    tail = _TRAILING_PRS.search(subject)
    if tail is None:
        return ()
    return tuple(int(n) for n in _ONE_PR.findall(tail.group(0)))


def cherry_picked_from(message: str) -> tuple[str, ...]:
    """Shas named by ``git cherry-pick -x`` trailers, lower case."""
    return tuple(sha.lower() for sha in _CHERRY_PICK.findall(message))


#: Copies of one change land within this time of each other (saleor backports within days).
COPY_HORIZON = timedelta(days=60)
_LINE_LABEL = re.compile(r"\[[^\]]{1,30}\]|\((?:v?\d+\.\d+(?:\.x)?|backport)\)", re.IGNORECASE)
_BACKPORT_PREFIX = re.compile(r"(?i)^(?:backport|cherry-pick)(?:\s+to\s+[\w./-]+)?\s*:?\s*")


def subject_key(subject: str) -> str | None:
    """The subject as every copy of the change carries it: pull-request numbers, line labels
    and a "Backport:" prefix removed, lower case; None when fewer than three words remain.

    >>> subject_key("[3.22] Add unique tie-breaker to default ordering (#19562)")
    'add unique tie-breaker to default ordering'
    >>> subject_key("chore: bump django 5.2.17 (3.22) (#19602)")
    'chore: bump django 5.2.17'
    """
    text = _TRAILING_PRS.sub("", subject)
    text = _BACKPORT_PREFIX.sub("", _LINE_LABEL.sub(" ", text))
    words = text.lower().split()
    return " ".join(words) if len(words) >= 3 else None


def change_keys(subject: str, body: str) -> frozenset[str]:
    """Keys shared by every copy of a change: ``pr:<n>`` for its first pull request,
    ``sha:<sha>`` for each commit it was cherry-picked from, ``subject:<text>``.

    Only the first (original) pull request of a subject is a key: a backport PR's own number is
    new to the backport, while the original's number is what the copies share.
    """
    keys = set()
    numbers = pr_numbers(subject) if "#" in subject else ()
    if numbers:
        keys.add(f"pr:{numbers[0]}")
    if "cherry picked" in body:
        keys.update(f"sha:{sha}" for sha in cherry_picked_from(body))
    text = subject_key(subject)
    if text:
        keys.add(f"subject:{text}")
    return frozenset(keys)


#: Commits that cut a release rather than change the product: "Release 3.22.67 (#19687)",
#: "Bump version to 2.1.0", "chore(release): 1.4.0", "Prepare release 4.2", "Update changelog".
_RELEASE_MECHANICS = re.compile(
    r"(?i)^(?:(?:chore|build|release)(?:\([\w.-]*\))?!?:\s*)?"
    r"(?:release|releasing|version bump|bump(?:ed)? (?:the )?version|bump to v?\d|"
    r"prepare (?:for )?(?:the )?(?:next )?release|update (?:the )?changelog|changelog|"
    r"v?\d+\.\d+(?:\.\d+)*$)"
    r"(?:\b|$)"
)


def is_release_mechanics(subject: str) -> bool:
    """The commit that cuts a release (version number, changelog): no change to the product.

    >>> is_release_mechanics("Release 3.22.67 (#19687)")
    True
    >>> is_release_mechanics("Released views are cached now")
    False
    """
    match = _RELEASE_MECHANICS.match(subject)
    if match is None:
        return False
    word = match.group(0).lower().rstrip()
    return not (word.endswith("release") and subject[match.end() : match.end() + 1].isalpha())
