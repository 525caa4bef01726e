"""Which commits are fixes, and which change a fix's message names: evidence for failures.

A deployment failed when a later one ships a fix for a change it shipped (DORA: a change that
needs a hotfix or rollback). Two readings of a commit message feed that link:

* :func:`is_fix`: the message says the commit fixes something (the keyword approach of
  Mockus and Votta 2000 that SZZ, Sliwerski, Zimmermann and Zeller 2005, start from: "fix",
  "bug", conventional commits' ``fix:``, hotfix, regression, and ``git revert``'s messages).
  It is deliberately generous: a documentation or test fix counts here; SZZ
  (:mod:`analysis.dora.szz`) then only follows the code lines the fix changed.
* :func:`referenced_changes`: the change a message names, strongest evidence first read by the
  engine: a ``Fixes: <sha>`` trailer (the Linux kernel's ``Fixes: 1234abcd5678 ("subject")``,
  Documentation/process/submitting-patches.rst) and pull-request references that name the
  change fixed ("Fixes #123", "regression from #123", "follow-up to #123", "revert #123").
  GitHub issues and pull requests share one number space, so a ``pr`` reference is only a link
  when a commit of the history carries that number
  (:func:`analysis.dora.change_identity.pr_numbers`); that check is the caller's.

``git revert``'s own "This reverts commit <sha>." is read by :mod:`analysis.dora.failures`; it
makes :func:`is_fix` true but is not repeated here. Messages are untrusted text: only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: Words that say a commit fixes something, whole words only: "prefix", "fixture", "debug",
#: "FIXME", "bug_report" do not count. "quickfix" and "bugfix" are fixes written as one word.
_FIX_WORD = re.compile(
    r"(?<!\w)(?:fix|fixes|fixed|fixing|bug|bugs|bugfix|bugfixes|hotfix|hotfixes|quickfix"
    r"|regression|regressions)(?!\w)",
    re.IGNORECASE,
)
#: ``git revert``'s subject ("Revert "X"") and body, a hand-written "Revert X", "reverts #12".
_REVERT = re.compile(
    r"^\s*revert\b|\bThis reverts commit [0-9a-fA-F]{7,64}"
    r"|\brevert(?:s|ed)?\s+(?:commit\s+[0-9a-fA-F]{7,64}|#\d)",
    re.IGNORECASE,
)

#: A commit id written in a message: 7 to 64 hex digits, on word boundaries.
_HEX = r"[0-9a-fA-F]{7,64}"
_PR_LIST = r"#\d{1,7}(?:\s*(?:,|and|&)\s*#\d{1,7})*"
#: Phrases that name the change a commit fixes; each is followed by ``#N`` or a commit id.
_LEAD_INS = (
    r"fix(?:es|ed)?",
    r"refs?",
    r"references?",
    r"revert(?:s|ed)?",
    r"regression\s+(?:from|in|introduced\s+(?:in|by)|caused\s+by)",
    r"(?:introduced|caused|broken|broke)\s+(?:in|by)",
    r"follow[\s-]?up\s+(?:to|of|for|on|from)",
)
_LEAD = r"(?<![\w-])(?:" + "|".join(_LEAD_INS) + r")"
#: ``Fixes #12`` / ``regression from #12, #13`` / ``follow-up to #12``.
_PR_REFERENCE = re.compile(_LEAD + r"\s*:?\s*(" + _PR_LIST + r")", re.IGNORECASE)
#: ``Fixes: 1234abcd5678 ("subject")`` / ``Refs 1234abc`` / ``reverts commit 1234abc``.
_SHA_REFERENCE = re.compile(
    _LEAD + r"\s*:?\s*(?:commit\s+)?(" + _HEX + r")(?![\w-])(?:\s*\(\"[^\n]*?\"\))?",
    re.IGNORECASE,
)
#: In a fix's subject, "after #N" names the change that broke it ("Fix precommit after #18524").
_AFTER_PR = re.compile(r"(?<![\w-])after\s+(" + _PR_LIST + r")", re.IGNORECASE)
_NUMBER = re.compile(r"#(\d{1,7})")


@dataclass(frozen=True)
class Reference:
    """A change named by a fix's message: a commit id (``sha``, lower case, possibly
    abbreviated) or a pull-request number (``pr``, digits), with the words that named it."""

    kind: Literal["sha", "pr"]
    value: str
    text: str


def is_fix(subject: str, body: str = "") -> bool:
    """True when the message says the commit fixes something, or reverts a commit.

    >>> is_fix("fix(checkout): crash when delivery is assigned (#19495)", "")
    True
    >>> is_fix("Split fixtures in the Permission module (#16880)", "")
    False
    >>> is_fix('Revert "Fix style"', "This reverts commit 0123abc.")
    True
    """
    message = f"{subject}\n{body}"
    return bool(_FIX_WORD.search(message) or _REVERT.search(message))


def _plausible_sha(text: str) -> bool:
    """A hex word that is likely a commit id: an English word of hex letters ("defaced")
    has no digit, a bare number of fewer than 12 digits is more likely a ticket."""
    has_digit = any(c.isdigit() for c in text)
    has_letter = any(not c.isdigit() for c in text)
    return has_digit and (has_letter or len(text) >= 12)


def referenced_changes(subject: str, body: str = "") -> list[Reference]:
    """Changes the message names as the one fixed, reverted or followed up, in message order.

    >>> referenced_changes("Fix precommit after #18524 (#18532)", "")
    [Reference(kind='pr', value='18524', text='after #18524')]
    >>> [r.value for r in referenced_changes("x", 'Fixes: 54a4f0239f2e ("mm: fix it")')]
    ['54a4f0239f2e']
    >>> referenced_changes("Add X (#123)", "Closes #7")
    []
    """
    found: list[tuple[int, Reference]] = []
    seen: set[tuple[str, str]] = set()

    def add(position: int, kind: Literal["sha", "pr"], value: str, text: str) -> None:
        if (kind, value) not in seen:
            seen.add((kind, value))
            found.append((position, Reference(kind, value, " ".join(text.split()))))

    message = f"{subject}\n{body}"
    for match in _SHA_REFERENCE.finditer(message):
        if _plausible_sha(match.group(1)):
            add(match.start(), "sha", match.group(1).lower(), match.group(0))
    patterns = [_PR_REFERENCE, _AFTER_PR] if is_fix(subject) else [_PR_REFERENCE]
    for pattern in patterns:
        searched = message if pattern is _PR_REFERENCE else subject
        for match in pattern.finditer(searched):
            for number in _NUMBER.findall(match.group(1)):
                add(match.start(), "pr", str(int(number)), match.group(0))
    found.sort(key=lambda item: item[0])
    return [reference for _, reference in found]
