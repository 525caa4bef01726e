"""The Python a system runs on: what deploys it, not the lowest version a CI matrix tests.

Four readings, each with the lines that give it:

- deployed: the final stage of the image it ships (:mod:`analysis.runtime.images`), Heroku's
  ``runtime.txt``, the Python of a CI job that deploys it or builds its image;
- pinned: ``.python-version``, Pipfile's ``python_version``, a conda environment;
- tested: the CPython versions its CI runs the tests on (jobs that run pytest, tox, ``manage.py
  test`` ..., :mod:`analysis.delivery_model.ci_jobs`); PyPy and pre-releases left out;
- supported: the versions it declares (``requires-python``) and tests, up to the newest
  released CPython of the matrix: a library's range.

What the system runs on depends on its delivery model (:func:`reading_for`): a service (or a
template's service) runs what deploys it, else its pin, else the one version it tests, else the
oldest version it admits; a packaged application's users run any supported version, so the
oldest counts unless it ships an image; a library has no runtime of its own, its readiness is
its supported range, read at its newest version (a library that supports 3.10-3.14 does not
run on 3.10).
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis.delivery_model.ci_jobs import (
    DEPLOYS,
    PUBLISHES_IMAGE,
    TESTS,
    CiJob,
)
from analysis.delivery_model.kinds import LIBRARY, PACKAGED_APPLICATION
from analysis.project_files import ProjectFiles
from analysis.runtime.images import shipped_images
from analysis.runtime.section import (
    DEPLOYED,
    LOWEST_SUPPORTED,
    MATRIX_VERSIONS,
    PINNED,
    SUPPORTED,
    TESTED,
    RunsOn,
    VersionEvidence,
)
from analysis.runtime.set_aside import Roles, Tested
from analysis.runtime.targets import CLASSIFIER, PIN, REQUIRES, VersionTarget
from analysis.runtime.versions import allowed_minors, concrete, describe_minors, minor_text

#: the newest released CPython: versions past it are pre-releases (3.15-dev)
NEWEST_RELEASED = max(tuple(int(p) for p in v.split(".")) for v in MATRIX_VERSIONS if "t" not in v)
_PRERELEASE = ("-dev", "-alpha", "-beta", "-rc")
_ENVIRONMENT_PINS = (".python-version", "Pipfile", "conda")


def cpython_minor(text: str) -> tuple[int, int] | None:
    """(3, 12) for "3.12", "3.12.4", "3.14t"; None for PyPy, "3.x", pre-releases ("3.15-dev")."""
    text = str(text).strip().lower()
    if "pypy" in text or any(mark in text for mark in _PRERELEASE):
        return None
    parsed = concrete(text)
    if parsed is None or len(parsed[0]) < 2 or parsed[0][0] != 3:
        return None
    return parsed[0][0], parsed[0][1]


def _text(minors) -> list[str]:
    return [minor_text(m) for m in sorted(minors)]


def _add(found: dict, minor, evidence: str) -> None:
    if minor is not None and minor not in found:
        found[minor] = evidence


def tested_versions(jobs: list[CiJob]) -> VersionEvidence:
    """CPython versions the CI's test jobs run on, the first line naming each."""
    found: dict[tuple[int, int], str] = {}
    for job in jobs:
        if TESTS not in job.does or job.skipped_here:
            continue
        for target in job.versions:
            line = f"{target.location}: {target.source} {target.version} ({job.does[TESTS]})"
            _add(found, cpython_minor(target.version), line)
    return VersionEvidence(_text(found), [found[m] for m in sorted(found)])


def lowest_tested(tested: VersionEvidence) -> Tested | None:
    if not tested.versions:
        return None
    location = tested.evidence[0].split(": ", 1)[0]
    return Tested(tested.versions[0], location)


def deployed_versions(
    files: ProjectFiles, targets: list[VersionTarget], jobs: list[CiJob], roles: Roles | None
) -> VersionEvidence:
    """What deploys it, in order: the images it ships, runtime.txt, the Python of jobs that
    deploy it or publish its image."""
    versions: list[str] = []
    evidence: list[str] = []

    def add(version: str | None, line: str) -> None:
        minor = cpython_minor(version) if version else None
        if minor is not None:
            if minor_text(minor) not in versions:
                versions.append(minor_text(minor))
            evidence.append(line)

    for image in shipped_images(files, roles):
        add(image.version, image.evidence)
    for target in targets:
        if target.source == "runtime.txt":
            add(target.version, f"{target.location}: runtime.txt python-{target.version}")
    for job in jobs:
        purposes = [p for p in (DEPLOYS, PUBLISHES_IMAGE) if p in job.does]
        if not purposes or job.skipped_here:
            continue
        for target in job.versions:
            add(
                target.version,
                f"{target.location}: {target.source} {target.version} in the job that "
                f"{purposes[0]} ({job.does[purposes[0]]})",
            )
    return VersionEvidence(versions, evidence)


def pinned_versions(targets: list[VersionTarget]) -> VersionEvidence:
    found: dict[tuple[int, int], str] = {}
    for target in targets:
        if target.kind == PIN and target.source.startswith(_ENVIRONMENT_PINS):
            line = f"{target.location}: {target.source} {target.version}"
            _add(found, cpython_minor(target.version), line)
    return VersionEvidence(_text(found), [found[m] for m in sorted(found)])


def supported_versions(targets: list[VersionTarget], tested: VersionEvidence) -> VersionEvidence:
    """The versions it declares and tests, up to the newest released CPython."""
    released = {(3, minor) for minor in range(0, NEWEST_RELEASED[1] + 1)}
    allowed, evidence = set(released), []
    for target in targets:
        if target.kind == REQUIRES and target.specifiers:
            try:
                allowed &= allowed_minors(target.specifiers)
            except ValueError:
                continue
            evidence.append(f"{target.location}: {target.source} {target.version}")
    tested_minors = _minors(tested.versions)
    listed = _minors(t.version for t in targets if t.kind == CLASSIFIER)
    if tested_minors:
        chosen = tested_minors & allowed or tested_minors
        evidence.append(f"tested in CI on {describe_minors(tested_minors)}")
    elif listed:
        chosen = listed & allowed or listed
        evidence.append(f"classifiers list {describe_minors(listed)}")
    elif evidence:
        chosen = allowed
    else:
        chosen = set()
    return VersionEvidence(_text(chosen & released), evidence)


def _minors(versions: Iterable[str]) -> set[tuple[int, int]]:
    """The CPython minors among ``versions`` (texts that name none are left out)."""
    return {minor for v in versions if (minor := cpython_minor(v)) is not None}


def reading_for(runs_on: RunsOn, kind: str) -> tuple[str | None, str, list[str]]:
    """(version, basis, evidence): what ``kind`` of system runs on, from the four readings."""
    supported = runs_on.supported
    span = describe_minors(_minors(supported.versions))
    if kind == LIBRARY:
        if not supported.versions:
            return None, SUPPORTED, ["a library: no supported range is declared or tested"]
        said = (
            f"a library runs on its users' interpreters: it supports {span}, "
            f"read at its newest, {supported.versions[-1]}"
        )
        return supported.versions[-1], SUPPORTED, [said, *supported.evidence]
    if runs_on.deployed.versions:
        evidence = list(runs_on.deployed.evidence)
        if len(runs_on.deployed.versions) > 1:
            evidence.insert(0, f"what deploys it names {', '.join(runs_on.deployed.versions)}")
        return runs_on.deployed.versions[0], DEPLOYED, evidence
    oldest = (
        f"nothing that deploys it names a version: the oldest it supports ({span}) counts"
        if supported.versions
        else ""
    )
    if kind == PACKAGED_APPLICATION and supported.versions:
        said = f"its users run it on any version it supports ({span}): the oldest counts"
        return supported.versions[0], LOWEST_SUPPORTED, [said, *supported.evidence]
    if runs_on.pinned.versions:
        return runs_on.pinned.versions[0], PINNED, list(runs_on.pinned.evidence)
    if len(runs_on.tested.versions) == 1:
        return runs_on.tested.versions[0], TESTED, list(runs_on.tested.evidence)
    if supported.versions:
        return supported.versions[0], LOWEST_SUPPORTED, [oldest, *supported.evidence]
    return None, "", []


def runs_on(
    files: ProjectFiles,
    targets: list[VersionTarget],
    jobs: list[CiJob],
    kind: str,
    roles: Roles | None = None,
) -> RunsOn:
    """The four readings, and the one for ``kind``."""
    tested = tested_versions(jobs)
    found = RunsOn(
        deployed=deployed_versions(files, targets, jobs, roles),
        pinned=pinned_versions(targets),
        tested=tested,
        supported=supported_versions(targets, tested),
    )
    found.version, found.basis, found.evidence = reading_for(found, kind)
    return found
