"""Which Python versions a project says it targets, each with the file and line that says so.

Packaging metadata (this module): PEP 621 ``requires-python`` and classifiers, Poetry's
``python`` dependency and classifiers, setup.cfg, setup.py (read as a syntax tree), Pipfile.
Deployment pins and CI matrices: :mod:`analysis.runtime.targets_deploy`,
:mod:`analysis.runtime.targets_ci`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from analysis.project_files import line_of, section_line
from analysis.runtime.manifests import Manifests, ini_list, ini_option_line
from analysis.runtime.versions import poetry_to_pep440

#: kind of evidence: what the declaration means for the versions the project can run on
REQUIRES = "requires"  # an installable range (pip refuses other versions)
CLASSIFIER = "classifier"  # a version the authors say they support
PIN = "pin"  # the interpreter a deployment or developer environment uses
CI = "ci"  # a version the continuous integration tests on
KINDS = (REQUIRES, CLASSIFIER, PIN, CI)

_CLASSIFIER_PREFIX = "Programming Language :: Python :: "


@dataclass
class VersionTarget:
    """One declaration: ``version`` as written (``>=3.9``, ``3.11``, ``3.13t``), where, kind."""

    version: str
    source: str
    location: str  # "path:line"
    kind: str = PIN
    #: PEP 440 alternatives for a range (Poetry ``||`` gives several); empty for a concrete version
    specifiers: list[str] = field(default_factory=list, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "source": self.source,
            "location": self.location,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VersionTarget:
        target = cls(data["version"], data["source"], data["location"], data.get("kind", PIN))
        if target.kind == REQUIRES:
            target.specifiers = specifiers_of(target.version)
        return target


@dataclass
class Conflict:
    """Two declarations that cannot both hold, or one that does not say what it means."""

    message: str
    locations: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message, "locations": list(self.locations)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conflict:
        return cls(data["message"], list(data.get("locations", [])))


def specifiers_of(text: str) -> list[str]:
    """PEP 440 alternatives of a range as declared (PEP 440 or Poetry syntax); [] if invalid."""
    try:
        SpecifierSet(text)
        return [text]
    except InvalidSpecifier:
        pass
    try:
        alternatives = poetry_to_pep440(text)
        for alternative in alternatives:
            SpecifierSet(alternative)
        return alternatives
    except (InvalidSpecifier, ValueError):
        return []


def _classifier_versions(classifiers: Any) -> list[str]:
    versions: list[str] = []
    if not isinstance(classifiers, list):
        return versions
    for classifier in classifiers:
        if not isinstance(classifier, str) or not classifier.startswith(_CLASSIFIER_PREFIX):
            continue
        tail = classifier[len(_CLASSIFIER_PREFIX) :].strip()
        parts = tail.split(".")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            versions.append(tail)
    return versions


def _range(
    out: list[VersionTarget], problems: list, text: Any, source: str, path: str, line: int
) -> None:
    if not isinstance(text, str) or not text.strip():
        return
    specifiers = specifiers_of(text.strip())
    if not specifiers:
        problems.append((path, f"{source} {text!r} is not a valid version specifier"))
        return
    out.append(VersionTarget(text.strip(), source, f"{path}:{line}", REQUIRES, specifiers))


def _classifiers(out: list[VersionTarget], classifiers: Any, source: str, path: str, text: str):
    for version in _classifier_versions(classifiers):
        line = line_of(text, f"{_CLASSIFIER_PREFIX}{version}")
        out.append(VersionTarget(version, source, f"{path}:{line}", CLASSIFIER))


def packaging_targets(manifests: Manifests) -> tuple[list[VersionTarget], list]:
    """Targets declared in pyproject.toml, setup.cfg, setup.py and Pipfile files."""
    out: list[VersionTarget] = []
    problems: list[tuple[str, str]] = []
    for manifest in manifests.pyprojects:
        path, data, text = manifest.path, manifest.data, manifest.text
        project = data.get("project")
        if isinstance(project, dict):
            start = section_line(text, "[project]")
            line = line_of(text, "requires-python", start)
            _range(out, problems, project.get("requires-python"), "requires-python", path, line)
            _classifiers(out, project.get("classifiers"), "classifier", path, text)
        poetry = data.get("tool", {}).get("poetry") if isinstance(data.get("tool"), dict) else None
        if isinstance(poetry, dict):
            deps = poetry.get("dependencies")
            if isinstance(deps, dict) and "python" in deps:
                start = section_line(text, "[tool.poetry.dependencies]")
                line = line_of(text, "python", start)
                _range(out, problems, deps["python"], "Poetry python", path, line)
            _classifiers(out, poetry.get("classifiers"), "Poetry classifier", path, text)
    for manifest in manifests.setup_cfgs:
        parser, path, text = manifest.data, manifest.path, manifest.text
        if parser.has_option("options", "python_requires"):
            line = ini_option_line(text, "options", "python_requires")
            value = parser.get("options", "python_requires")
            _range(out, problems, value, "setup.cfg python_requires", path, line)
        if parser.has_option("metadata", "classifiers"):
            classifiers = ini_list(parser.get("metadata", "classifiers"), ",")
            _classifiers(out, classifiers, "setup.cfg classifier", path, text)
    for manifest in manifests.setup_pys:
        call, path = manifest.data, manifest.path
        if "python_requires" in call.keywords:
            value, line = call.keywords["python_requires"]
            _range(out, problems, value, "setup.py python_requires", path, line)
        if "classifiers" in call.keywords:
            _classifiers(
                out, call.keywords["classifiers"][0], "setup.py classifier", path, manifest.text
            )
    for manifest in manifests.pipfiles:
        requires = manifest.data.get("requires")
        if not isinstance(requires, dict):
            continue
        start = section_line(manifest.text, "[requires]")
        for key in ("python_full_version", "python_version"):
            value = requires.get(key)
            if isinstance(value, str) and value.strip():
                line = line_of(manifest.text, key, start)
                out.append(
                    VersionTarget(value.strip(), f"Pipfile {key}", f"{manifest.path}:{line}", PIN)
                )
                break
    return out, problems
