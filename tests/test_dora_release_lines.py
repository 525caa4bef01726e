"""How tags read: releases, pre-releases and non-release tags, with their release lines.

The names are the tag formats of real repositories (saleor, netbox, flask, requests) and of the
conventions the issue lists (SemVer, PEP 440, CalVer, monorepo prefixes).
"""

from __future__ import annotations

import re

import pytest

from analysis.dora.change_identity import change_keys, is_release_mechanics, pr_numbers
from analysis.dora.patterns import DEFAULT_FIX_PATTERN, DEFAULT_RELEASE_PATTERN
from analysis.dora.release_lines import NON_RELEASE, PRE_RELEASE, RELEASE, read_tag

RELEASE_RE = re.compile(DEFAULT_RELEASE_PATTERN)
FIX_RE = re.compile(DEFAULT_FIX_PATTERN)


@pytest.mark.parametrize(
    ("name", "kind", "line"),
    [
        ("3.22.67", RELEASE, "3.22"),  # saleor
        ("v4.3.1", RELEASE, "4.3"),  # netbox
        ("v1.0.3-r1", RELEASE, "1.0"),  # netbox re-release: PEP 440 post-release
        ("2.0", RELEASE, "2.0"),  # requests, flask
        ("2026.08.11", RELEASE, "2026.8"),  # CalVer
        ("2024-03-01", RELEASE, "2024.3"),  # CalVer with dashes
        ("api-v1.2.3", RELEASE, "api 1.2"),  # monorepo component
        ("web/1.4.0", RELEASE, "web 1.4"),
        ("release-4.0.1", RELEASE, "4.0"),  # a generic prefix names no component
        ("v1.2.4-hotfix", RELEASE, "1.2"),
        ("3.23.26-rc.0", PRE_RELEASE, "3.23"),  # SemVer pre-release, read by PEP 440
        ("3.0.0-a.30.1", PRE_RELEASE, "3.0"),  # saleor: a labelled alpha
        ("3.9.0a0-qa-simple-taxes", PRE_RELEASE, "3.9"),
        ("v2.0-beta1", PRE_RELEASE, "2.0"),  # netbox
        ("2.0.0rc1", PRE_RELEASE, "2.0"),  # flask
        ("v2.34.0.dev1", PRE_RELEASE, "2.34"),  # requests
        ("1.0.0-SNAPSHOT", PRE_RELEASE, None),
        ("oidc-bug-fix", NON_RELEASE, None),  # saleor
        ("deploy-test", NON_RELEASE, None),
        ("dataloader.test", NON_RELEASE, None),
        ("demo/v3.1.0", NON_RELEASE, None),  # saleor: the demo environment
        ("2.2.x", NON_RELEASE, None),  # flask: a maintenance-line marker
        ("3-23-11-refresh", NON_RELEASE, None),
        ("v1.2.3-foo", NON_RELEASE, None),
        ("\u0663.\u0662-final", NON_RELEASE, None),  # Arabic-Indic digits: no PEP 440 version
    ],
)
def test_tags_read_as_releases_pre_releases_or_not(name, kind, line):
    reading = read_tag(name, RELEASE_RE, FIX_RE)
    assert (reading.kind, reading.line if kind != NON_RELEASE else None) == (kind, line)
    assert reading.reason


def test_the_fix_flag_and_the_reason_of_a_non_release_tag():
    assert read_tag("v1.2.4-hotfix", RELEASE_RE, FIX_RE).fix
    assert read_tag("hotfix-2024-03-01", RELEASE_RE, FIX_RE).fix
    assert not read_tag("1.2.4", RELEASE_RE, FIX_RE).fix
    assert read_tag("oidc-bug-fix", RELEASE_RE, FIX_RE).reason == "no version number in the name"
    # a user's release pattern still decides which versioned tags are releases
    strict = re.compile(r"^v\d+\.\d+\.\d+$")
    assert read_tag("4.0.1", strict, re.compile("^$")).kind == NON_RELEASE
    assert read_tag("v4.0.1", strict, re.compile("^$")).kind == RELEASE


def test_newer_lines_order_after_older_ones_and_calver_is_recognised():
    assert read_tag("3.23.0").line_key > read_tag("3.9.5").line_key
    assert read_tag("2026.08.11").calver and not read_tag("3.22.1").calver


def test_change_identity_and_release_mechanics():
    assert pr_numbers("Serialize MPTT tree writes (#19668) (#19685)") == (19668, 19685)
    assert change_keys("Serialize MPTT tree writes (#19668) (#19685)", "") == {
        "pr:19668",
        "subject:serialize mptt tree writes",
    }
    assert change_keys("Fix it", "(cherry picked from commit ABCDEF1234567)") == {
        "sha:abcdef1234567"  # "fix it": too short a subject to name one change
    }
    # saleor opens one pull request per line for dependency bumps: the subject is the copy
    assert change_keys("chore: bump django 5.2.17 (3.22) (#19602)", "") == change_keys(
        "chore: bump django 5.2.17 (3.21) (#19603)", ""
    ) - {"pr:19603"} | {"pr:19602"}
    # saleor's per-line pull requests name their original in the description
    assert "pr:19095" in change_keys(
        "fix(graphql): increase mutation limit to 4 (#19096)", "*Cherry-pick of #19095*"
    )
    assert "pr:3" in change_keys("Add x to y (#5)", "Backport of #3")
    assert "pr:3" not in change_keys("Add x to y (#5)", "Unrelated to #3")
    assert is_release_mechanics("Refresh release 3.23.11")
    assert is_release_mechanics("Release 3.22.67 (#19687)")
    assert is_release_mechanics("chore(release): 1.4.0")
    assert not is_release_mechanics("Released views are cached")
    assert not is_release_mechanics("build(deps): bump petl from 1.7.17 to 1.7.20 (#19659)")
