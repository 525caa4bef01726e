"""All declared Python versions of a project, and the conflicts between them and the code.

A conflict is reported when a range admits no version another range admits, when a pinned,
tested or classified version lies outside a declared range, when deployment pins disagree, or
when a declaration admits a version older than the code's minimum (vermin).
"""

from __future__ import annotations

from analysis.project_files import ProjectFiles
from analysis.runtime.manifests import Manifests
from analysis.runtime.section import MATRIX_VERSIONS
from analysis.runtime.targets import (
    CI,
    CLASSIFIER,
    PIN,
    REQUIRES,
    Conflict,
    VersionTarget,
    packaging_targets,
)
from analysis.runtime.targets_ci import github_targets, gitlab_targets, tox_targets
from analysis.runtime.targets_deploy import (
    conda_targets,
    dockerfile_targets,
    python_version_file_targets,
)
from analysis.runtime.versions import (
    allowed_minors,
    describe_minors,
    minor_of,
    minor_text,
)

_KIND_VERB = {PIN: "runs", CI: "tests", CLASSIFIER: "lists"}


def declared_targets(
    files: ProjectFiles, manifests: Manifests
) -> tuple[list[VersionTarget], list[Conflict], list[tuple[str, str]]]:
    """Every declaration, in a stable order, with YAML mis-declarations as conflicts."""
    problems: list[tuple[str, str]] = []
    conflicts: list[Conflict] = []
    targets, packaging_problems = packaging_targets(manifests)
    problems += packaging_problems
    targets += python_version_file_targets(files)
    targets += dockerfile_targets(files)
    targets += conda_targets(files, problems)
    targets += tox_targets(files, problems)
    targets += github_targets(files, problems, conflicts)
    targets += gitlab_targets(files, problems)
    return targets, conflicts, problems


def _label(target: VersionTarget) -> str:
    return f"{target.source} {target.version} ({target.location})"


def find_conflicts(
    targets: list[VersionTarget], minimum: str | None, minimum_reason: str = ""
) -> list[Conflict]:
    conflicts: list[Conflict] = []
    ranges = [(t, allowed_minors(t.specifiers)) for t in targets if t.kind == REQUIRES]
    ranges = [(t, allowed) for t, allowed in ranges if t.specifiers]
    if len(ranges) > 1:
        common = set.intersection(*(allowed for _, allowed in ranges))
        if not common:
            conflicts.append(
                Conflict(
                    "declared version ranges admit no common version: "
                    + "; ".join(f"{_label(t)} admits {describe_minors(a)}" for t, a in ranges),
                    [t.location for t, _ in ranges],
                )
            )
    for target in targets:
        minor = minor_of(target.version)
        if target.kind == REQUIRES or minor is None:
            continue
        for declared, allowed in ranges:
            if minor not in allowed:
                conflicts.append(
                    Conflict(
                        f"{_label(target)} {_KIND_VERB[target.kind]} Python {minor_text(minor)}, "
                        f"outside {declared.source} {declared.version} ({declared.location})",
                        [target.location, declared.location],
                    )
                )
    pins = [t for t in targets if t.kind == PIN and minor_of(t.version)]
    pinned = {minor_of(t.version) for t in pins}
    if len(pinned) > 1:
        conflicts.append(
            Conflict(
                "deployment and environment pins disagree: " + "; ".join(map(_label, pins)),
                [t.location for t in pins],
            )
        )
    if minimum:
        needed = minor_of(minimum)
        because = f" ({minimum_reason})" if minimum_reason else ""
        for target in targets:
            minor = minor_of(target.version)
            if target.kind in (PIN, CI) and minor and needed and minor < needed:
                conflicts.append(
                    Conflict(
                        f"{_label(target)} {_KIND_VERB[target.kind]} Python {minor_text(minor)}, "
                        f"but the code needs {minimum}{because}",
                        [target.location],
                    )
                )
        for declared, allowed in ranges:
            older = {m for m in allowed if m[0] == 3 and needed and m < needed}
            if older:
                conflicts.append(
                    Conflict(
                        f"{_label(declared)} admits {describe_minors(older)}, "
                        f"but the code needs {minimum}{because}",
                        [declared.location],
                    )
                )
    return conflicts


def targeted_versions(targets: list[VersionTarget]) -> tuple[str, ...]:
    """The CPython minor versions ("3.12") the project says it runs on, newest last.

    Concrete versions a deployment pins, CI tests or a classifier lists, plus every version of
    the compatibility matrix its ``requires-python`` range admits (pip would install there).
    Empty when nothing is declared.
    """
    minors: set[tuple[int, int]] = set()
    matrix = {minor_of(v) for v in MATRIX_VERSIONS if not v.endswith("t")}
    for target in targets:
        if target.kind == REQUIRES:
            try:
                minors |= allowed_minors(target.specifiers) & matrix
            except ValueError:
                continue
        else:
            minor = minor_of(target.version)
            if minor is not None:
                minors.add(minor)
    return tuple(minor_text(m) for m in sorted(minors) if m[0] == 3)
