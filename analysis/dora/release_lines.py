"""Which tags are releases, and the release lines they belong to.

A tag is read in three steps:

1. split into an optional prefix (a monorepo component, ``api-v1.2.3``, ``web/1.4.0``,
   ``@scope/pkg@2.0.0``; generic words like ``release-`` or ``v`` are no component) and a
   version with an optional suffix;
2. the version is parsed with :mod:`packaging` (PEP 440, which also reads SemVer pre-releases
   such as ``1.0.0-rc.1`` and ``3.0.0-a.10``, and post-releases such as ``v1.0.3-r1``); a
   suffix PEP 440 does not know is read by word: pre-release words (``snapshot``, ``preview``,
   ``nightly``, ...), maintenance-line markers (``2.2.x``), fix words (``-hotfix``);
3. a tag that reads as a release must also match the user's release or fix pattern.

Pre-releases (``is_prerelease``: a, b, rc, dev) never reach production and are listed apart;
tags with no version (``oidc-bug-fix``, ``deploy-test``), single numbers, maintenance-line
markers and tags of demo or test environments are non-release tags. Each reading carries its
reason, in words.

A release line is the component plus ``major.minor`` (``3.22``; CalVer ``2026.08``): the unit
maintainers patch. Sources: PEP 440 (https://peps.python.org/pep-0440/), SemVer 2.0.0
(https://semver.org), CalVer (https://calver.org).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

RELEASE, PRE_RELEASE, NON_RELEASE = "release", "pre-release", "non-release"

#: prefix (anything up to a separator before the version), an optional "v", the version, a suffix
_SPLIT = re.compile(
    r"^(?P<prefix>.*?(?:[-_/@]|(?<=[a-z])(?=v\d)))??v?(?P<core>\d+(?:\.\d+)*)(?P<suffix>.*)$",
    re.IGNORECASE | re.ASCII,  # ASCII digits only: PEP 440 reads no other
)
#: prefixes that name no component: ``release-1.2``, ``version/1.2``, ``tags/v1``
_GENERIC_PREFIX = re.compile(r"(?i)^(?:release|releases|rel|version|ver|tag|tags|stable)?$")
#: prefixes of tags that mark a non-production environment, not a release
_ENVIRONMENT_PREFIX = re.compile(
    r"(?i)^(?:demo|test|testing|staging|stage|dev|develop|sandbox|preview|qa|uat|nightly|canary)$"
)
_PRE_WORDS = re.compile(
    r"(?i)(?:^|[-_.+])(?:snapshot|preview|pre|nightly|canary|next|insiders|m\d+|milestone\d*|"
    r"alpha|beta|rc|dev|ea|exp|experimental|test)(?:$|[-_.\d])"
)
#: a date with dashes or underscores (``2024-03-01``): a calendar version written another way
_DATE = re.compile(r"(?<!\d)(20\d\d)[-_](\d\d)[-_](\d\d)(?!\d)", re.ASCII)
#: prefixes that say the tag is a fix release (``hotfix-2024-03-01``, ``fix/1.2.3``)
_FIX_PREFIX = re.compile(r"(?i)^(?:hot-?fix|fix|patch)$")
_LINE_MARKER = re.compile(r"(?i)^[.-]x$")
_FINAL_WORDS = re.compile(r"(?i)^[-_.](?:final|ga|release|stable|lts)$")


@dataclass(frozen=True)
class ReleaseTag:
    """How one tag reads: kind, version, release line and why."""

    name: str
    kind: str  # RELEASE | PRE_RELEASE | NON_RELEASE
    reason: str
    version: Version | None = None
    component: str = ""  # monorepo prefix ("api"), "" for the whole repository
    fix: bool = False  # the tag also matches the fix pattern (v1.2.4-hotfix)

    @property
    def line(self) -> str | None:
        """``"3.22"``, ``"api 1.4"``; None for a tag with no version."""
        if self.version is None:
            return None
        release = (*self.version.release, 0)
        text = f"{release[0]}.{release[1]}"
        return f"{self.component} {text}" if self.component else text

    @property
    def line_key(self) -> tuple[str, int, int] | None:
        """What orders lines of one component: newer lines have larger keys."""
        if self.version is None:
            return None
        release = (*self.version.release, 0)
        return (self.component, release[0], release[1])

    @property
    def calver(self) -> bool:
        """A calendar version (``2026.08.11``, ``24.03``): the major is a year."""
        return self.version is not None and (
            2000 <= self.version.major <= 2100 or 10 <= self.version.major <= 99
        )


def _component(prefix: str) -> str:
    prefix = prefix.rstrip("-_/@").lstrip("@")
    return "" if _GENERIC_PREFIX.match(prefix) or _FIX_PREFIX.match(prefix) else prefix


def read_tag(name: str, release=None, fix=None) -> ReleaseTag:
    """How ``name`` reads; ``release`` and ``fix`` are the compiled user patterns (None: any
    tag that reads as a release is one).

    >>> read_tag("3.23.26-rc.0").kind, read_tag("3.23.26-rc.0").line
    ('pre-release', '3.23')
    >>> read_tag("oidc-bug-fix").kind
    'non-release'
    >>> read_tag("api-v1.2.3").line
    'api 1.2'
    """
    normalized = _DATE.sub(r"\1.\2.\3", name, count=1)
    match = _SPLIT.match(normalized)
    if match is None:
        return ReleaseTag(name, NON_RELEASE, "no version number in the name")
    prefix, core, suffix = match.group("prefix") or "", match.group("core"), match.group("suffix")
    component = _component(prefix)
    prefix_fix = bool(_FIX_PREFIX.match(prefix.rstrip("-_/@")))
    if component and _ENVIRONMENT_PREFIX.match(component):
        return ReleaseTag(name, NON_RELEASE, f"a tag of the {component} environment, not a release")
    if "." not in core:
        return ReleaseTag(name, NON_RELEASE, "a single number is not read as a release version")
    if _LINE_MARKER.match(suffix):
        return ReleaseTag(name, NON_RELEASE, "marks a maintenance line (.x), not a release")
    version, is_fix = _parse(core, suffix)
    if version is None:
        labelled = _labelled_pre_release(core, suffix)
        if labelled is not None:
            return ReleaseTag(
                name, PRE_RELEASE, _pre_reason(labelled) + " with a label", labelled, component
            )
        if _PRE_WORDS.search(suffix):
            word = suffix.strip("-_.+")
            return ReleaseTag(name, PRE_RELEASE, f"pre-release ({word})", None, component)
        return ReleaseTag(
            name,
            NON_RELEASE,
            f"the version is followed by '{suffix[:20]}', which is no release marker",
        )
    if version.is_prerelease:
        return ReleaseTag(name, PRE_RELEASE, _pre_reason(version), version, component)
    fix_match = bool(fix.search(name)) if fix is not None else False
    matches = release is None or bool(release.search(name) or release.search(normalized))
    if not matches and not fix_match:
        return ReleaseTag(
            name, NON_RELEASE, "does not match the release pattern", version, component
        )
    is_fix = is_fix or fix_match or prefix_fix
    return ReleaseTag(name, RELEASE, "release", version, component, fix=is_fix)


def _parse(core: str, suffix: str) -> tuple[Version | None, bool]:
    """The version of ``core + suffix``, or of ``core`` when the suffix is a release or fix
    word; and whether the suffix is a fix word."""
    try:
        return Version(core + suffix), False
    except InvalidVersion:
        pass
    if _FINAL_WORDS.match(suffix):
        return Version(core), False
    if re.match(r"(?i)^[-_.](?:hot-?fix|fix|patch)[-_.]?\d*$", suffix):
        return Version(core), True
    return None, False


def _labelled_pre_release(core: str, suffix: str) -> Version | None:
    """``3.0.0-a.30.1``, ``3.9.0a0-qa-simple-taxes``: a pre-release version with a label after
    it (the longest start of the suffix that PEP 440 reads as a pre-release)."""
    for end in range(len(suffix) - 1, 0, -1):
        if suffix[end] not in "-_.+":
            continue
        try:
            version = Version(core + suffix[:end])
        except InvalidVersion:
            continue
        return version if version.is_prerelease else None
    return None


def _pre_reason(version: Version) -> str:
    if version.pre is None:  # a pre-release without a/b/rc is a development release
        return "pre-release (development release)"
    kind = {"a": "alpha", "b": "beta", "rc": "release candidate"}.get(version.pre[0], "pre")
    return f"pre-release ({kind})"
