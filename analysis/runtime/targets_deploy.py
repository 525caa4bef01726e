"""Interpreters a project pins for running: .python-version, runtime.txt, Dockerfile, conda.

Dockerfiles are read line by line (continuations joined, ``ARG`` defaults substituted); only
``FROM`` lines matter: the official ``python:<tag>`` image, or another image whose tag names
``python3.X`` (e.g. ``tiangolo/uvicorn-gunicorn-fastapi:python3.11``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.project_files import ProjectFiles, continued_lines
from analysis.runtime.targets import PIN, REQUIRES, VersionTarget, specifiers_of
from analysis.runtime.versions import concrete
from analysis.yaml_documents import yaml_files

DOCKERFILES = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile")
CONDA_FILES = ("environment*.yml", "environment*.yaml", "conda*.yml", "conda*.yaml")
_VARIABLE = re.compile(
    r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)"
)
_TAG_PYTHON = re.compile(r"python(\d+\.\d+(?:\.\d+)?t?)")
_CONDA_PYTHON = re.compile(r"^(?:[\w.-]+::)?python(?:\[.*\])?\s*(.*)$")


def substitute(text: str, variables: dict[str, str]) -> str:
    """``$NAME``, ``${NAME}`` and ``${NAME:-default}`` as Dockerfiles and CI files expand them."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        if name in variables:
            return variables[name]
        return match.group(2) or match.group(0)

    return _VARIABLE.sub(replace, text)


def python_image_version(image: str) -> str | None:
    """The Python version an image reference provides, or None when it says none."""
    image = image.split("@", 1)[0].strip()
    name, tag = image, ""
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = image.rsplit(":", 1)
    base = name.rsplit("/", 1)[-1].lower()
    if base == "python":
        if not tag or tag == "latest":
            return "latest"
        parsed = concrete(tag)
        if parsed is None:
            return None
        numbers, threaded = parsed
        return ".".join(str(n) for n in numbers) + ("t" if threaded else "")
    match = _TAG_PYTHON.search(tag.lower())
    return match.group(1) if match else None


def from_instructions(text: str) -> Iterator[tuple[int, list[str], str]]:
    """Each ``FROM`` of a Dockerfile: its line, its words without ``--`` options, and its image
    with the ``ARG`` defaults substituted. Only ARGs before the first FROM can be used in a FROM
    (Docker's reference, "Understand how ARG and FROM interact")."""
    variables: dict[str, str] = {}
    seen_from = False
    for number, raw in continued_lines(text):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "ARG" and not seen_from:
            name, _, default = rest.strip().partition("=")
            if default and name.strip() not in variables:
                variables[name.strip()] = default.strip().strip("\"'")
        elif instruction == "FROM":
            seen_from = True
            words = [w for w in rest.split() if not w.startswith("--")]
            if words:
                yield number, words, substitute(words[0], variables)


def dockerfile_targets(files: ProjectFiles) -> list[VersionTarget]:
    out = []
    for path in files.matching(*DOCKERFILES):
        text = files.text(path)
        if text is None:
            continue
        for number, _words, image in from_instructions(text):
            version = python_image_version(image)
            if version:
                out.append(VersionTarget(version, f"Dockerfile FROM {image}", f"{path}:{number}"))
    return out


def python_version_file_targets(files: ProjectFiles) -> list[VersionTarget]:
    out = []
    for path in files.matching(".python-version"):
        text = files.text(path) or ""
        for number, line in enumerate(text.split("\n"), 1):
            value = line.split("#", 1)[0].strip()
            if value and value != "system":
                out.append(VersionTarget(value, ".python-version", f"{path}:{number}"))
    for path in files.matching("runtime.txt"):
        text = files.text(path) or ""
        for number, line in enumerate(text.split("\n"), 1):
            value = line.strip()
            if value.startswith("python-"):
                out.append(
                    VersionTarget(value[len("python-") :], "runtime.txt", f"{path}:{number}")
                )
    return out


def conda_targets(files: ProjectFiles, problems: list) -> list[VersionTarget]:
    out = []
    for path, document in yaml_files(files, CONDA_FILES, problems):
        deps = document.get("dependencies") if isinstance(document, dict) else None
        if not isinstance(deps, list):
            continue
        for dep in deps:
            if not isinstance(dep, str):
                continue
            match = _CONDA_PYTHON.match(dep.strip())
            if not match:
                continue
            spec = match.group(1).strip()
            location = f"{path}:{getattr(dep, 'line', 1)}"
            if not spec:
                continue
            # conda: "python=3.10" (fuzzy ==3.10.*) and "python 3.10.*" pin a minor version
            pin = spec.lstrip("=").strip().split("=")[0].rstrip(".*").strip()
            if spec.startswith("=") or spec[0].isdigit():
                out.append(VersionTarget(pin, "conda python", location, PIN))
            else:
                specifiers = specifiers_of(spec)
                if specifiers:
                    out.append(VersionTarget(spec, "conda python", location, REQUIRES, specifiers))
    return out
