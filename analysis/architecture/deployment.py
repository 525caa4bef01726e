"""How a project is deployed, from its files: Dockerfiles, docker-compose services, Kubernetes
manifests, and service URLs in ``.env`` files and compose environments.

Kubernetes manifests are recognised by their ``apiVersion:`` and ``kind:`` lines rather than
parsed, so Helm templates (YAML with ``{{ }}`` placeholders) count too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.architecture.module_walk import STACK_STRING
from analysis.project_files import ProjectFiles
from analysis.runtime.targets_deploy import DOCKERFILES
from analysis.yaml_documents import Scalar, yaml_files

COMPOSE_FILES = ("docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml")
ENV_FILES = (".env", ".env.*", "*.env")
_K8S_KIND = re.compile(r"^kind:\s*[\"']?([A-Za-z]+)", re.MULTILINE)
_K8S_API = re.compile(r"^apiVersion:\s*\S+", re.MULTILINE)
_K8S_IMAGE = re.compile(r"^\s*-?\s*image:\s*[\"']?([^\s\"'{}]+)", re.MULTILINE)
_MAX_MANIFESTS = 3000
_MAX_MANIFEST_BYTES = 1024 * 1024


@dataclass
class ComposeService:
    name: str
    location: str
    image: str = ""
    build: bool = False
    command: str = ""
    urls: list[tuple[str, str]] = field(default_factory=list)  # (location, url)


@dataclass
class Manifest:
    location: str
    kinds: list[str]
    images: list[tuple[str, str]]  # (location, image)


@dataclass
class Deployment:
    dockerfiles: list[str] = field(default_factory=list)
    services: list[ComposeService] = field(default_factory=list)
    manifests: list[Manifest] = field(default_factory=list)
    env_urls: list[tuple[str, str]] = field(default_factory=list)  # (location, url)


def _text(value) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value if isinstance(v, str))
    return str(value) if isinstance(value, str) else ""


def _environment(value, path: str) -> list[tuple[str, str]]:
    """Service URLs among a compose service's ``environment`` (mapping or ``KEY=value`` list)."""
    values: list[Scalar] = []
    if isinstance(value, dict):
        values = [v for v in value.values() if isinstance(v, Scalar)]
    elif isinstance(value, list):
        for entry in value:
            if isinstance(entry, Scalar) and "=" in entry:
                values.append(Scalar(entry.split("=", 1)[1], entry.line, entry.tag, entry.plain))
    urls = []
    for item in values:
        text = str(item).strip().strip("\"'")
        if STACK_STRING.match(text):
            urls.append((f"{path}:{item.line}", text))
    return urls


def _compose(files: ProjectFiles, problems: list) -> list[ComposeService]:
    services = []
    for path, document in yaml_files(files, COMPOSE_FILES, problems):
        table = document.get("services") if isinstance(document, dict) else None
        if not isinstance(table, dict):
            continue
        for name, spec in table.items():
            if not isinstance(spec, dict):
                continue
            line = getattr(name, "line", 1)
            services.append(
                ComposeService(
                    str(name),
                    f"{path}:{line}",
                    _text(spec.get("image")),
                    "build" in spec,
                    _text(spec.get("command")) + " " + _text(spec.get("entrypoint")),
                    _environment(spec.get("environment"), path),
                )
            )
    return services


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _manifests(files: ProjectFiles) -> list[Manifest]:
    found: list[Manifest] = []
    skip = (".github/", ".gitlab-ci")
    compose = set(files.matching(*COMPOSE_FILES))
    candidates = [
        p for p in files.matching("*.yml", "*.yaml") if not p.startswith(skip) and p not in compose
    ][:_MAX_MANIFESTS]
    for path in candidates:
        text = files.text(path, _MAX_MANIFEST_BYTES)
        if not text or not _K8S_API.search(text):
            continue
        kinds = sorted(set(_K8S_KIND.findall(text)))
        if not kinds:
            continue
        images = [
            (f"{path}:{_line_at(text, m.start())}", m.group(1)) for m in _K8S_IMAGE.finditer(text)
        ]
        first = _K8S_API.search(text)
        found.append(
            Manifest(f"{path}:{_line_at(text, first.start() if first else 0)}", kinds, images)
        )
    return found


def _env_urls(files: ProjectFiles) -> list[tuple[str, str]]:
    urls = []
    for path in files.matching(*ENV_FILES):
        text = files.text(path, _MAX_MANIFEST_BYTES) or ""
        for number, line in enumerate(text.split("\n"), 1):
            key, sep, value = line.partition("=")
            if not sep or key.strip().startswith("#"):
                continue
            value = value.strip().strip("\"'")
            if STACK_STRING.match(value):
                urls.append((f"{path}:{number}", value))
    return urls


def deployment(files: ProjectFiles, problems: list) -> Deployment:
    return Deployment(
        dockerfiles=files.matching(*DOCKERFILES),
        services=_compose(files, problems),
        manifests=_manifests(files),
        env_urls=_env_urls(files),
    )
