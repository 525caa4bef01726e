"""How the delivery evidence reads in the Delivery tab, the PDF and the CLI: what the figures
count (deployments or releases), how each failure was linked to its cause (in words, with the
method's source), one line per failure, the stale-clone window and a lead time not measured.

Plain text; callers escape it for HTML. The methods are :data:`analysis.dora.results.LINK_METHODS`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from analysis.dora.results import DoraReport, FailureEntry
from analysis.dora.wording import count, duration

#: method -> (in a few words, what it is and where the rule comes from)
METHOD_WORDS: dict[str, tuple[str, str]] = {
    "incident": (
        "incident log",
        "An imported incident log names this deployment (by commit or id), or the incident "
        "opened after it and it was the latest production deployment (Apache DevLake's rule).",
    ),
    "rollback": (
        "rolled back",
        "The imported deployment log records this deployment as rolled back; the next "
        "deployment restored service.",
    ),
    "revert": (
        "revert",
        "The fix is a revert: git revert writes 'This reverts commit <sha>.' into its message, "
        "naming the change it undoes, which first shipped in the failed deployment.",
    ),
    "fixes-trailer": (
        "Fixes: trailer",
        "The fix's message carries a 'Fixes: <sha>' or 'Refs: <sha>' trailer naming the change "
        "it fixes (the Linux kernel's convention, Documentation/process/submitting-patches.rst).",
    ),
    "pr-reference": (
        "pull request named",
        "The fix's message names the pull request (#N) that brought the change it fixes.",
    ),
    "szz": (
        "SZZ (blame)",
        "SZZ (Sliwerski, Zimmermann, Zeller, 'When do changes induce fixes?', MSR 2005, as "
        "PyDriller implements it): the lines the fix deleted or changed, blamed at the fix's "
        "parent, were last touched by this change. Whitespace, comments, formatting-only and "
        "version-bump lines are ignored.",
    ),
    "fix-tag": (
        "fix tag",
        "A tag matching the fix pattern (hotfix, fix, patch) followed this deployment on its "
        "release line.",
    ),
    "tag-spacing": (
        "tag spacing (a guess)",
        "Fallback, not evidence: a patch release of the same line within the hotfix window is "
        "taken as a hotfix of the release before it. Used only when blame is impossible "
        "(shallow or partial history); routine patch releases read as failures this way.",
    ),
}
#: The failure kinds of reports written before failures carried a method.
_OLD_KINDS = {
    "incident": "incident",
    "revert": "revert",
    "hotfix": "tag-spacing",
    "fix_tag": "fix-tag",
    "rollback": "rollback",
}
SUBJECT_CHARS = 60


def method_of(failure: FailureEntry) -> str:
    """The failure's link method; for an older report, the method its kind stands for."""
    return failure.method or _OLD_KINDS.get(failure.kind, "")


def method_words(method: str) -> str:
    return METHOD_WORDS.get(method, (method or "not said", ""))[0]


def method_tip(method: str) -> str:
    return METHOD_WORDS.get(method, ("", "How this failure was linked was not recorded."))[1]


def short_sha(sha: str | None) -> str:
    return (sha or "")[:10]


def clipped(text: str, limit: int = SUBJECT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def commit_text(sha: str | None, subject: str, limit: int = SUBJECT_CHARS) -> str:
    """``a1b2c3d4e5 fix(checkout): handle a missing address`` (subject clipped), or ""."""
    if not sha:
        return ""
    return f"{short_sha(sha)} {clipped(subject, limit)}".rstrip()


def _tags_are_releases(dora: DoraReport) -> bool:
    return dora.reads_as == "releases" and dora.deployment_source.get("kind") == "tags"


def unit(dora: DoraReport) -> str:
    """What one counted item is: "release" when release tags of a library or a packaged
    application are counted (release cadence), else "deployment"."""
    return "release" if _tags_are_releases(dora) else "deployment"


def cadence_text(dora: DoraReport) -> str:
    """Why a library's or packaged application's figures are releases (or, read from its
    default branch, neither), or "" for a service."""
    if dora.reads_as != "releases":
        return ""
    kind = dora.delivery_kind or "a released package"
    article = "an" if kind[:1] in "aeiou" else "a"
    if not _tags_are_releases(dora):
        source = str(dora.deployment_source.get("label", "")).lower() or "another source"
        return (
            f"Delivered as {article} {kind}, but the figures come from {source}, not release "
            "tags (too few fall in the window). Its users deploy it: read these as the pace of "
            "changes reaching the branch, not as releases or production deployments."
        )
    return (
        f"Delivered as {article} {kind}: tags measure release cadence, not production "
        "deployments (its users deploy it). Deployment frequency reads as releases per week; "
        "a failed release is one a later release had to fix."
    )


def stale_window_text(dora: DoraReport, short: bool = False) -> str:
    """The stale-clone warning when the window ends at the newest commit, else ""."""
    window = dora.window
    if window.get("ends_at") != "newest commit":
        return ""
    newest = str(window.get("newest_commit") or window.get("end") or "")[:10]
    age = window.get("clone_age_days")
    old = f"is {age:.0f} days old" if isinstance(age, int | float) else "is not up to date"
    if short:
        return f"The window ends at the newest commit ({newest}): this clone {old} (git fetch)."
    return (
        f"The window ends at the newest commit ({newest}), not today: this clone {old}. "
        "Run git fetch (or pull) to bring it up to date; until then the figures describe the "
        f"{window.get('months', '')} months before {newest}."
    )


def failures_text(dora: DoraReport) -> str:
    """How many deployments failed, and by how many fixes (a deployment can need several)."""
    counted = [f for f in dora.failures if f.counted]
    failed = len({f.deployment for f in counted})
    text = count(failed, f"failed {unit(dora)}")
    if len(counted) != failed:
        text += f", shown by {count(len(counted), 'fix', 'fixes')}"
    return text


def methods_text(dora: DoraReport) -> str:
    """How the counted failures were linked, most used first: "5 by revert, 3 by SZZ (blame)"."""
    methods = Counter(method_words(method_of(f)) for f in dora.failures if f.counted)
    return ", ".join(f"{n} by {words}" for words, n in methods.most_common())


def lead_time_text(dora: DoraReport) -> str:
    """The median lead time, or why it is not measured (never a made-up 0)."""
    if dora.lead_time_reason:
        return dora.lead_time_reason
    return duration(dora.lead_time_hours.median)


def failure_line(failure: FailureEntry, names: Mapping[str, str] | None = None) -> str:
    """One line of evidence: what failed, what fixed it, how they are linked, recovery time."""
    names = names or {}

    def named(key: str | None) -> str:
        return names.get(key or "", key or "")

    method = method_of(failure)
    parts = [f"{named(failure.deployment)} failed"]
    if failure.restored_by:
        parts.append(f"fixed in {named(failure.restored_by)}")
    elif failure.restored_at:
        parts.append("resolved")
    else:
        parts.append("not restored yet")
    line = ", ".join(parts)
    fix = commit_text(failure.fix_commit, failure.fix_subject)
    fixed = commit_text(failure.fixed_commit, failure.fixed_subject)
    if fix:
        line += f" by {fix}"
    if fixed:
        line += f", which {'reverts' if method == 'revert' else 'fixes'} {fixed}"
    elif not fix and failure.evidence:
        line += f" ({clipped(failure.evidence, 80)})"
    line += f"; linked by {method_words(method)}"
    if failure.recovery_hours is not None:
        line += f"; recovered in {duration(failure.recovery_hours)}"
    return line + ("" if failure.counted else " (not counted)")
