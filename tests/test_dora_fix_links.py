"""Fix commits recognised by message, and the changes their messages name (real subjects)."""

from __future__ import annotations

import doctest

import pytest

from analysis.dora import fix_links
from analysis.dora.fix_links import Reference, is_fix, referenced_changes

#: Real subjects from saleor (S) and netbox (N) ``git log --all``, with the answer a reader gives.
SUBJECTS = [
    ("S", "fix(clearorders): crash when checkout delivery is assigned (#19495)", True),
    ("S", "fix: move all risky usages of set_password() (#18890)", True),
    ("S", "Fix DB locks - never-evaluated `select_for_update` querysets (#19615)", True),
    ("S", "Fix gift promotion calculation (#18592) (#18599)", True),
    (
        "S",
        "Fixed a problem where version number in pyproject.toml and uv.lock wouldn't get "
        "updated during a release (#18841)",
        True,
    ),
    ("S", "quickfix for created resolver in productvariant (#10072)", True),
    ("S", "CheckoutDeliveryMethodUpdate C&C bugfixes (#16003)", True),
    ("S", "Fix date timezone bug", True),
    ("S", "fixing the bug with suggested approach", True),
    ("S", 'Revert "Fix fetching available collection points (#16624)" (#16680)', True),
    ("S", "Revert adding attributeValue.referencedObject (#18024)", True),
    ("S", "Fix CVE-2026-48744", True),
    ("S", "Improve the bug report template", True),  # a word, not a code fix: SZZ filters it
    ("S", "fix(tests): slow tests caused by pytest-socket (#19294)", True),  # test-only: counted
    ("N", "Fixes #10181: Restore MultiPartParser (regression from #10031)", True),
    ("N", "Fixes #3895: Elevations filter regression", True),
    ("N", "Bugfixes", True),
    ("N", "9856 fix tests / remove debug code", True),
    ("N", "Closes #12622: Fix assigning VLAN without site to Prefix (#12784)", True),
    ("N", "Revert #9735 & #9696", True),
    ("S", "Split fixtures in the Permission module (#16880)", False),
    ("S", "Use already established fixture", False),
    ("S", "Delete debug print", False),
    ("S", "Require ALLOWED_CLIENT_HOSTS with DEBUG=False", False),
    ("S", "Use saleor- prefix", False),
    ("S", "Add phone prefixes", False),
    ("S", "Update .github/ISSUE_TEMPLATE/bug_report.yaml", False),
    ("N", "Added counts to Prefix/VLAN status filters", False),
    ("N", "remove debug line", False),
    ("N", "Adapt form tests to work without fixture data", False),
    (
        "N",
        "Closes #11675: Add support for specifying import/export route targets during VRF "
        "bulk import",
        False,
    ),
    ("N", "Merge pull request #4303 from kobayashi/4274-prefix-schema", False),
]


@pytest.mark.parametrize(("repo", "subject", "expected"), SUBJECTS)
def test_fix_commits_recognised_by_their_subject(repo, subject, expected):
    assert is_fix(subject, "") is expected, f"{repo}: {subject}"


def test_the_body_counts_too():
    # git revert's body; a conventional subject without fix words, fixed in the body
    assert is_fix("Undo the cache change", "This reverts commit 4f2a9c1e0b.\n")
    assert is_fix("Checkout: tidy", "This reverts #14329 because it broke totals")
    assert not is_fix("Checkout: tidy", "Moves fixtures and debug settings.")


#: Messages from netbox (N) and saleor (S) (real subjects; where the subject is short, like
#: "Fix checkout", a real body line under it) and the references a reader finds in them.
MESSAGES = [
    ("N", "Fix regression from #14329 (#21759)", "", [("pr", "14329")]),
    (
        "N",
        "Fix broken cookie paths when BASE_PATH is set (introduced in #10706) (#10856)",
        "",
        [("pr", "10706")],
    ),
    (
        "N",
        "Fixes #9843: Fix rendering of custom field values (regression from #9647)",
        "",
        [("pr", "9843"), ("pr", "9647")],
    ),
    ("N", "Revert #9735 & #9696", "", [("pr", "9735"), ("pr", "9696")]),
    ("N", "Fix regression from ddff193 causing invalid selections", "", [("sha", "ddff193")]),
    (
        "N",
        "Restore 'brief' parameter (regression from a292ff5cc089626d75bc96b4805ae5bc510e2fb3)",
        "",
        [("sha", "a292ff5cc089626d75bc96b4805ae5bc510e2fb3")],
    ),
    (
        "N",
        "Move TreeNodeMultipleChoiceFilter tests to utilities (follow-up to #3616)",
        "",
        [("pr", "3616")],
    ),
    ("N", "Follow-up from #2781", "", [("pr", "2781")]),
    ("S", "Fix precommit after #18524 (#18532)", "", [("pr", "18524")]),
    (
        "S",
        "Test for deleting a draft order and a fix for issues caused by #13952 (#13963)",
        "",
        [("pr", "13952")],
    ),
    (
        "S",
        "Fix the build",
        "The issue was introduced in d4d2f1e12b0e8e7272c5710383800b35b779a1a6",
        [("sha", "d4d2f1e12b0e8e7272c5710383800b35b779a1a6")],
    ),
    ("S", "Fix checkout", "Fixes #18680", [("pr", "18680")]),
    # the commit's own PR number, a backport's origin, an issue closed and CVE ids name nothing
    ("S", "Fix gift promotion calculation (#18592) (#18599)", "", []),
    ("S", "Bump django", "Fixes CVE-2023-36053 -- Prevented potential ReDoS", []),
    ("S", "Port the fix", "Ported from #19360 to target 3.23.", []),
    ("N", "Closes #11039: List parent prefixes under IP range view", "", []),
    ("N", "Add X", "Refs: facade and decade are words", []),  # hex letters, no digit: a word
    ("N", "Add X", "Fixes 1234567", []),  # a bare short number is a ticket, not a commit
    ("N", "Add X", "after #12 we tidy up", []),  # "after #N" counts only in a fix's subject
    ("N", "Tidy up the API after #12 (#14)", "", []),  # ... not in any other subject
]


@pytest.mark.parametrize(("repo", "subject", "body", "expected"), MESSAGES)
def test_references_that_name_the_fixed_change(repo, subject, body, expected):
    found = referenced_changes(subject, body)
    assert [(r.kind, r.value) for r in found] == expected, f"{repo}: {subject}"


def test_kernel_style_fixes_trailer_with_its_subject():
    body = (
        "The lock was taken twice.\n\n"
        'Fixes: 54a4f0239f2e ("KVM: MMU: make kvm_mmu_zap_page() return the number")\n'
        "Refs: 0123ABCD4567\n"
        "Signed-off-by: A Person <a@example.com>\n"
    )
    assert referenced_changes("kvm: fix double lock", body) == [
        Reference(
            "sha",
            "54a4f0239f2e",
            'Fixes: 54a4f0239f2e ("KVM: MMU: make kvm_mmu_zap_page() return the number")',
        ),
        Reference("sha", "0123abcd4567", "Refs: 0123ABCD4567"),
    ]


def test_a_reference_named_twice_is_listed_once():
    assert referenced_changes("Fix #12", "Fixes #12\nrefs #12, #13") == [
        Reference("pr", "12", "Fix #12"),
        Reference("pr", "13", "refs #12, #13"),
    ]


def test_module_examples_hold():
    failures, tried = doctest.testmod(fix_links)
    assert tried >= 6 and failures == 0
