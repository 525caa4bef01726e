"""Which tags are releases, which are fixes, which environment is production; release lines.

Every pattern is a user setting (a Python regular expression, searched case-sensitively unless
it says ``(?i)``); :func:`matching_tags` gives the live list a settings dialog shows while the
user edits one. RedGate.Metrics takes releases and fix releases from tag patterns in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.dora.records import TagRecord

#: Tags with a version number (``v1.2.3``, ``1.2``, ``release-4.0.1``, ``app/2.3.0``,
#: ``2024.03.1``, ``2024-03-01``); :func:`analysis.dora.release_lines.read_tag` then sets
#: pre-releases (``-rc1``, ``-beta``) and tags that are no versions apart, each with its reason.
DEFAULT_RELEASE_PATTERN = r"\d+[.-]\d+"
#: Fix releases: ``v1.2.4-hotfix``, ``hotfix-2024-03-01``, ``release-1.2-patch2``, ``fix/1.2.3``.
DEFAULT_FIX_PATTERN = r"(?i)(?:^|[-_/.])(?:hot-?fix|fix|patch)(?:$|[-_/.\d])"
#: Production environments in a deployment log: ``production``, ``prod-eu``, ``PRD``, ``live``;
#: not ``preprod`` or ``non-production``.
DEFAULT_PRODUCTION_PATTERN = r"(?i)^(?:prod|production|prd|live)(?:$|[-_. /])"


class PatternError(ValueError):
    """A pattern the user typed is not a valid regular expression; the text says where."""


def compile_pattern(pattern: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise PatternError(
            f"the {what} pattern is not a valid regular expression{where}: {exc.msg}"
        ) from exc


@dataclass(frozen=True)
class TagMatch:
    tag: TagRecord
    release: bool
    fix: bool


def matching_tags(
    tags: Sequence[TagRecord], release_pattern: str, fix_pattern: str
) -> list[TagMatch]:
    """The tags that count as deployments (release or fix pattern, and a release version: no
    pre-release, no tag without a version), newest first.

    Raises :class:`PatternError` for an invalid pattern, for the dialog to show as is.
    """
    from analysis.dora.release_lines import RELEASE, read_tag

    release = compile_pattern(release_pattern, "release tag")
    fix = compile_pattern(fix_pattern, "fix tag")
    found = []
    for tag in tags:
        reading = read_tag(tag.name, release, fix)
        if reading.kind == RELEASE:
            is_release = release.search(tag.name) is not None
            found.append(TagMatch(tag, is_release, reading.fix))
    found.sort(key=lambda m: (m.tag.date, m.tag.name), reverse=True)
    return found
