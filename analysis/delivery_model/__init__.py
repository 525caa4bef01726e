"""How a repository reaches its users: a service the team deploys, an application others
install, a library others import, or a template others copy (:mod:`.kinds`), detected from
its files, CI jobs and release tags (:mod:`.detect`), overridable in the team file and the
wizard. Nothing from the repository runs.
"""

from __future__ import annotations

import re

from analysis.delivery_model.ci_jobs import CiJob, ci_jobs
from analysis.delivery_model.detect import detect_delivery_model
from analysis.delivery_model.kinds import (
    CARVE_OUTS_DO_NOT_APPLY,
    KINDS,
    LIBRARY,
    PACKAGED_APPLICATION,
    SERVICE,
    TEAM_FILE,
    TEMPLATE,
    WIZARD,
    DeliveryModel,
    carve_outs_apply,
    delivery_reads_as,
    parse_kind,
    with_override,
)
from analysis.dora.git_refs import read_tags
from analysis.dora.patterns import DEFAULT_RELEASE_PATTERN
from analysis.dora.release_lines import RELEASE, read_tag
from analysis.errors import GitCommandFailed
from analysis.project_files import ProjectFiles
from analysis.runtime.set_aside import Roles

__all__ = [
    "CARVE_OUTS_DO_NOT_APPLY",
    "KINDS",
    "LIBRARY",
    "PACKAGED_APPLICATION",
    "SERVICE",
    "TEAM_FILE",
    "TEMPLATE",
    "WIZARD",
    "CiJob",
    "DeliveryModel",
    "assess_delivery_model",
    "carve_outs_apply",
    "ci_jobs",
    "delivery_reads_as",
    "detect_delivery_model",
    "parse_kind",
    "release_tag_names",
    "with_override",
]


def release_tag_names(root) -> list[str]:
    """Names of the release tags (as the DORA phase reads them: no pre-releases, no tags
    without a version), oldest first; [] when the tags cannot be read."""
    pattern = re.compile(DEFAULT_RELEASE_PATTERN)
    try:
        return [tag.name for tag in read_tags(root) if read_tag(tag.name, pattern).kind == RELEASE]
    except GitCommandFailed:
        return []


def assess_delivery_model(
    files: ProjectFiles, roles: Roles | None = None, jobs: list[CiJob] | None = None
) -> DeliveryModel:
    """The delivery model of the repository ``files`` belong to, as its files show it."""
    jobs = ci_jobs(files) if jobs is None else jobs
    return detect_delivery_model(files, jobs, release_tag_names(files.repo.root), roles)
