"""Versions a project tests on in CI: tox envlist, GitHub Actions matrices and setup-python,
GitLab CI images (with variables and ``parallel: matrix`` expanded).
"""

from __future__ import annotations

import configparser
import itertools
import re
from typing import Any

from analysis.project_files import ProjectFiles
from analysis.runtime.manifests import ini_option_line
from analysis.runtime.targets import CI, Conflict, VersionTarget
from analysis.runtime.targets_deploy import python_image_version, substitute
from analysis.yaml_documents import Scalar, line_of, yaml_files

_TOX_FACTOR = re.compile(r"^(?:py(\d)(\d+)|(?:py)?(\d)\.(\d+))(t?)$")
_BASEPYTHON = re.compile(r"python(\d\.\d+t?)")
_SETUP_ACTIONS = ("actions/setup-python", "astral-sh/setup-uv", "conda-incubator/setup-miniconda")
#: top-level keys of .gitlab-ci.yml that are settings, not jobs (GitLab CI/CD YAML reference)
GITLAB_KEYWORDS = frozenset(
    {
        "stages",
        "variables",
        "include",
        "default",
        "workflow",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
    }
)
#: ...and GitLab Pages' job, which publishes a site: never where tests run
_GITLAB_RESERVED = GITLAB_KEYWORDS | {"pages"}
_MAX_COMBINATIONS = 64


def _expand_braces(item: str) -> list[str]:
    """tox's generative names: ``py{38,39}-django{42,50}`` -> four names."""
    match = re.search(r"\{([^{}]*)\}", item)
    if not match:
        return [item]
    head, tail = item[: match.start()], item[match.end() :]
    out: list[str] = []
    for choice in match.group(1).split(","):
        out.extend(_expand_braces(head + choice.strip() + tail))
    return out


def _split_envlist(value: str) -> list[str]:
    items, depth, current = [], 0, ""
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char in ",\n" and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [i for i in items if i and not i.startswith("#")]


def tox_versions(envlist: str) -> list[str]:
    versions: list[str] = []
    for item in _split_envlist(envlist):
        for name in _expand_braces(item):
            for factor in name.split("-"):
                match = _TOX_FACTOR.match(factor.strip())
                if match:
                    major = match.group(1) or match.group(3)
                    minor = match.group(2) or match.group(4)
                    version = f"{major}.{minor}{match.group(5)}"
                    if version not in versions:
                        versions.append(version)
    return versions


def tox_targets(files: ProjectFiles, problems: list) -> list[VersionTarget]:
    out = []
    for path in files.matching("tox.ini"):
        text = files.text(path)
        if text is None:
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text)
        except configparser.Error as exc:
            problems.append((path, f"is not a valid INI file: {exc.message}"))
            continue
        for option in ("envlist", "env_list"):
            if parser.has_option("tox", option):
                line = ini_option_line(text, "tox", option)
                for version in tox_versions(parser.get("tox", option)):
                    out.append(VersionTarget(version, "tox envlist", f"{path}:{line}", CI))
        for section in parser.sections():
            if section.startswith("testenv") and parser.has_option(section, "basepython"):
                match = _BASEPYTHON.search(parser.get(section, "basepython"))
                if match:
                    line = ini_option_line(text, section, "basepython")
                    out.append(
                        VersionTarget(
                            match.group(1), f"tox [{section}] basepython", f"{path}:{line}", CI
                        )
                    )
    return out


def _python_key(key: Any) -> bool:
    lowered = str(key).lower()
    return "python" in lowered or lowered in ("py", "pyver")


def _scalars(value: Any) -> list[Scalar]:
    if isinstance(value, Scalar):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, Scalar)]
    return []


def _record_version(out: list, conflicts: list, value: Scalar, source: str, path: str) -> None:
    text = str(value).strip()
    if not text or "${{" in text:
        return  # an expression (matrix or env value): the matrix itself is recorded
    location = f"{path}:{value.line}"
    for piece in text.split("\n"):
        piece = piece.strip()
        if piece:
            out.append(VersionTarget(piece, source, location, CI))
    if value.plain and value.is_number and value.as_yaml_reads_it() != text:
        conflicts.append(
            Conflict(
                f"{source} {text} is an unquoted YAML number: the workflow reads it as "
                f'{value.as_yaml_reads_it()}, not {text}; quote it ("{text}")',
                [location],
            )
        )


def github_targets(files: ProjectFiles, problems: list, conflicts: list) -> list[VersionTarget]:
    out: list[VersionTarget] = []
    workflows = (".github/workflows/*.yml", ".github/workflows/*.yaml")
    for path, document in yaml_files(files, workflows, problems):
        jobs = document.get("jobs") if isinstance(document, dict) else None
        if not isinstance(jobs, dict):
            continue
        for job in jobs.values():
            if isinstance(job, dict):
                _github_job(job, path, out, conflicts)
    return out


def job_targets(job: dict, path: str) -> list[VersionTarget]:
    """The Python versions one GitHub Actions job runs: matrix, container, setup actions."""
    out: list[VersionTarget] = []
    _github_job(job, path, out, [])
    return out


def _github_job(job: dict, path: str, out: list, conflicts: list) -> None:
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    if isinstance(matrix, dict):
        for key, values in matrix.items():
            if _python_key(key):
                for value in _scalars(values):
                    _record_version(out, conflicts, value, f"GitHub Actions matrix {key}", path)
            elif key == "include" and isinstance(values, list):
                for entry in values:
                    if not isinstance(entry, dict):
                        continue
                    for inner, value in entry.items():
                        if _python_key(inner):
                            for scalar in _scalars(value):
                                _record_version(
                                    out,
                                    conflicts,
                                    scalar,
                                    f"GitHub Actions matrix include {inner}",
                                    path,
                                )
    container = job.get("container")
    image = container.get("image") if isinstance(container, dict) else container
    if isinstance(image, Scalar):
        version = python_image_version(str(image))
        if version and "${{" not in image:
            out.append(
                VersionTarget(
                    version, f"GitHub Actions container {image}", f"{path}:{image.line}", CI
                )
            )
    steps = job.get("steps")
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict):
            continue
        uses = str(step.get("uses", ""))
        if not uses.startswith(_SETUP_ACTIONS):
            continue
        inputs = step.get("with")
        if isinstance(inputs, dict):
            for value in _scalars(inputs.get("python-version")):
                _record_version(out, conflicts, value, f"{uses.split('@')[0]} python-version", path)


def _variables(mapping: Any) -> dict[str, str]:
    if not isinstance(mapping, dict):
        return {}
    out = {}
    for key, value in mapping.items():
        if isinstance(value, dict):
            value = value.get("value")
        if isinstance(value, Scalar):
            out[str(key)] = str(value)
    return out


def _matrix_combinations(job: dict) -> list[dict[str, str]]:
    parallel = job.get("parallel")
    matrix = parallel.get("matrix") if isinstance(parallel, dict) else None
    if not isinstance(matrix, list):
        return [{}]
    combinations: list[dict[str, str]] = []
    for entry in matrix:
        if not isinstance(entry, dict):
            continue
        keys = [str(k) for k in entry]
        choices = [[str(v) for v in _scalars(entry[k])] or [""] for k in entry]
        for values in itertools.islice(itertools.product(*choices), _MAX_COMBINATIONS):
            combinations.append(dict(zip(keys, values, strict=True)))
    return combinations or [{}]


def _image_name(value: Any) -> Scalar | None:
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, Scalar) else None


def gitlab_targets(files: ProjectFiles, problems: list) -> list[VersionTarget]:
    out: list[VersionTarget] = []
    for path, document in yaml_files(files, (".gitlab-ci.yml",), problems):
        if not isinstance(document, dict):
            continue
        variables = _variables(document.get("variables"))
        default = document.get("default")
        base_image = _image_name(document.get("image")) or (
            _image_name(default.get("image")) if isinstance(default, dict) else None
        )
        # the top-level image on its own, then each job (YAML mappings: keys and values unchecked)
        jobs: list[dict[Any, Any]] = [{}] + [
            job
            for name, job in document.items()
            if str(name) not in _GITLAB_RESERVED and isinstance(job, dict)
        ]
        seen: set[tuple[str, int]] = set()
        for job in jobs:
            image = _image_name(job.get("image")) or base_image
            if image is None:
                continue
            job_vars = {**variables, **_variables(job.get("variables"))}
            for combination in _matrix_combinations(job):
                expanded = substitute(str(image), {**job_vars, **combination})
                version = python_image_version(expanded)
                key = (version or "", line_of(image))
                if version and "$" not in expanded and key not in seen:
                    seen.add(key)
                    out.append(
                        VersionTarget(
                            version,
                            f"GitLab CI image {expanded}",
                            f"{path}:{line_of(image)}",
                            CI,
                        )
                    )
    return out
