"""The Python of the image a Dockerfile builds: its final stage, not every ``FROM``.

A multi-stage Dockerfile builds with one image and ships another; what runs is the last stage
(Docker's documentation, "Multi-stage builds": the final ``FROM`` is the image produced unless
``--target`` says otherwise). A stage built ``FROM`` an earlier stage inherits that stage's
image. ``ARG`` defaults are substituted as Docker does.

Dockerfiles that do not build what is deployed are left out: those of a Dev Container
(``.devcontainer/``, the Development Containers specification's folder), those named for
development, tests or documentation (``Dockerfile.dev``, ``test.Dockerfile``,
``Dockerfile.playwright``), and those whose role (from the caller) is test, docs, example or
tooling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.project_files import ProjectFiles
from analysis.runtime.set_aside import Roles, every_file_production
from analysis.runtime.targets_deploy import DOCKERFILES, from_instructions, python_image_version

_NOT_SHIPPED_ROLES = {"test", "docs", "example", "tooling"}
_DEV_FOLDERS = (".devcontainer/",)
#: the part of a Dockerfile's name beside "Dockerfile" that says it is not the shipped image
_DEV_NAME = re.compile(
    r"(?:^|[._-])(?:dev|devel|development|local|test|tests|testing|ci|docs?|e2e|playwright"
    r"|cypress|lint|debug)(?:$|[._-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BuiltImage:
    """The final stage of one Dockerfile: its ``FROM`` line and the Python it provides."""

    path: str
    line: int
    image: str  # as written after substitution, e.g. "python:3.12-slim"
    version: str | None  # "3.12"; None when the final image names no Python version

    @property
    def evidence(self) -> str:
        what = f"Python {self.version}" if self.version else "no Python version named"
        return f"{self.path}:{self.line}: FROM {self.image} (final stage: {what})"


def ships(path: str, roles: Roles | None = None) -> bool:
    """Whether a Dockerfile at ``path`` may build what is deployed (see the module docstring)."""
    if path.startswith(_DEV_FOLDERS) or "/.devcontainer/" in path:
        return False
    name = path.rsplit("/", 1)[-1]
    rest = re.sub(r"(?i)dockerfile|containerfile", "", name)
    if rest and _DEV_NAME.search(rest):
        return False
    return (roles or every_file_production)(path) not in _NOT_SHIPPED_ROLES


def final_stage(path: str, text: str) -> BuiltImage | None:
    """The last ``FROM`` of a Dockerfile, followed through stage names to a real image."""
    stages: dict[str, tuple[str, str | None]] = {}  # stage name -> (image, version)
    last: BuiltImage | None = None
    for number, words, image in from_instructions(text):
        if image.lower() in stages:
            image, version = stages[image.lower()]
        else:
            version = python_image_version(image)
            version = None if version == "latest" else version
        if len(words) >= 3 and words[1].upper() == "AS":
            stages[words[2].lower()] = (image, version)
        last = BuiltImage(path, number, image, version)
    return last


def shipped_images(files: ProjectFiles, roles: Roles | None = None) -> list[BuiltImage]:
    """The final stage of every Dockerfile that may build what is deployed, the repository's
    root ``Dockerfile`` first, then by path."""
    found = []
    for path in files.matching(*DOCKERFILES):
        if not ships(path, roles):
            continue
        text = files.text(path)
        image = final_stage(path, text) if text is not None else None
        if image is not None:
            found.append(image)
    found.sort(key=lambda i: (i.path.count("/") > 0, i.path))
    return found
