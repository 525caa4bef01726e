"""Which of the four delivery models a repository's files show, with the lines that show it.

Evidence, read as text (nothing runs):

- template: cookiecutter or copier configuration (``cookiecutter.json``, ``copier.yml``,
  ``{{cookiecutter.*}}`` folders, ``hooks/post_gen_project.py``), a README that says "use this
  template", a deploy job that skips this repository (``if: github.repository != ...``: it runs
  in the projects made from it), or Python code that is mostly examples (file roles);
- the team deploys it: a deploy job (:mod:`analysis.delivery_model.ci_jobs`), platform files
  (Procfile, Heroku ``app.json``, ``fly.toml``, ``render.yaml``, App Engine ``app.yaml``,
  ``serverless.yml``, ``Dockerrun.aws.json``, Helm ``Chart.yaml``, ``kustomization.yaml``,
  Kubernetes manifests), a Dockerfile that builds what is deployed
  (:mod:`analysis.runtime.images`) or a compose file outside a Dev Container;
- released for others to install: release tags with published images, installers or an
  installation kit for an application (systemd units, ``install.sh``/``upgrade.sh``,
  web-server configurations, a Django ``manage.py``);
- published package: a build backend (``[build-system]``, ``setup.py``) with a job that
  publishes it or release tags.

Decision, first that holds: template; a service when the team deploys it (a deploy job or
platform files), or ships a container without publishing images on release; a packaged
application when it is released with images, installers or an installation kit; a library
when it is a published package; otherwise a service, said to be the default.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from analysis.delivery_model.ci_jobs import (
    BUILDS_INSTALLER,
    DEPLOYS,
    PUBLISHES_IMAGE,
    PUBLISHES_PACKAGE,
    CiJob,
)
from analysis.delivery_model.kinds import (
    LIBRARY,
    PACKAGED_APPLICATION,
    SERVICE,
    TEMPLATE,
    DeliveryModel,
)
from analysis.project_files import ProjectFiles, line_of, section_line
from analysis.runtime.images import ships
from analysis.runtime.set_aside import Roles, every_file_production
from analysis.runtime.targets_deploy import DOCKERFILES

_TEMPLATE_FILES = (
    "cookiecutter.json",
    "copier.yml",
    "copier.yaml",
    "hooks/post_gen_project.py",
    "hooks/pre_gen_project.py",
)
_PLATFORM_FILES = {
    "Procfile": "Procfile (Heroku, Dokku, buildpacks)",
    "fly.toml": "fly.toml (Fly.io)",
    "render.yaml": "render.yaml (Render)",
    "serverless.yml": "serverless.yml (Serverless Framework)",
    "serverless.yaml": "serverless.yaml (Serverless Framework)",
    "zappa_settings.json": "zappa_settings.json (AWS Lambda)",
    "Dockerrun.aws.json": "Dockerrun.aws.json (AWS Elastic Beanstalk)",
    "Chart.yaml": "Chart.yaml (Helm chart)",
    "kustomization.yaml": "kustomization.yaml (Kubernetes)",
    "skaffold.yaml": "skaffold.yaml (Kubernetes)",
    ".platform.app.yaml": ".platform.app.yaml (Platform.sh)",
}
_COMPOSE = ("docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml")
_KUBERNETES = re.compile(r"^kind:\s*(Deployment|StatefulSet|DaemonSet|CronJob)\s*$", re.M)
_HEROKU_APP = re.compile(r'"(?:buildpacks|formation|stack)"\s*:')
_APP_ENGINE = re.compile(r"^runtime:\s*python", re.M)
_README = ("README.md", "README.rst", "README.txt", "README")
_USE_THIS_TEMPLATE = re.compile(r"use this template", re.IGNORECASE)
_KIT_SCRIPTS = ("install.sh", "upgrade.sh", "install.ps1")
_WEB_SERVER = re.compile(r"^(?:nginx|apache|httpd|uwsgi|gunicorn)[\w.-]*\.(?:conf|ini|py)$")
_SYSTEMD = re.compile(r"^\[Service\]\s*$", re.M)
_BUILD_BACKEND = re.compile(r"^\s*build-backend\s*=\s*[\"']([^\"']+)", re.M)
_INSTALLER_FILES = ("*.spec", "snapcraft.yaml", "*.iss", "*.wxs", "*.nsi")
_NOT_SHIPPED = {"test", "docs", "example", "tooling"}
_EXAMPLE_SHARE = 0.5
_SHOWN = 3


def _root(path: str) -> bool:
    return "/" not in path


def _first(items: Sequence[str], what: str) -> list[str]:
    """The first few lines of evidence, with the count of the rest."""
    shown = list(items[:_SHOWN])
    if len(items) > _SHOWN:
        shown.append(f"... and {len(items) - _SHOWN} more {what}")
    return shown


def template_evidence(files: ProjectFiles, jobs: list[CiJob], roles: Roles) -> list[str]:
    found = []
    for path in files.paths():
        if path in _TEMPLATE_FILES:
            found.append(f"{path}: a project generator's configuration or hook")
        elif "{{cookiecutter." in path or "{{ cookiecutter." in path:
            found.append(f"{path}: a cookiecutter template folder")
            break
    for name in _README:
        text = files.text(name) if name in files else None
        if text and _USE_THIS_TEMPLATE.search(text):
            line = next(
                n for n, row in enumerate(text.split("\n"), 1) if _USE_THIS_TEMPLATE.search(row)
            )
            found.append(f"{name}:{line}: tells readers to 'use this template'")
            break
    for job in jobs:
        if job.skipped_here and DEPLOYS in job.does:
            found.append(f"{job.skipped_here}: the deploy job runs only in projects made from it")
    python = [p for p in files.paths() if p.endswith(".py")]
    examples = [p for p in python if roles(p) == "example"]
    if python and len(examples) / len(python) >= _EXAMPLE_SHARE:
        found.append(f"{len(examples)} of {len(python)} Python files are examples")
    return found


def deploy_evidence(files: ProjectFiles, jobs: list[CiJob]) -> list[str]:
    """The team deploys it: deploy jobs and platform files."""
    found = [
        f"{job.does[DEPLOYS]} (job {job.name!r})"
        for job in jobs
        if DEPLOYS in job.does and not job.skipped_here
    ]
    found = _first(found, "deploy jobs")
    for path in files.paths():
        name = posixpath.basename(path)
        if name in _PLATFORM_FILES and not path.startswith(".devcontainer/"):
            found.append(f"{path}: {_PLATFORM_FILES[name]}")
        elif name == "app.json" and _root(path) and _HEROKU_APP.search(files.text(path) or ""):
            found.append(f"{path}: app.json (Heroku)")
        elif name in ("app.yaml", "app.yml") and _APP_ENGINE.search(files.text(path) or ""):
            found.append(f"{path}: app.yaml (Google App Engine)")
        elif name.endswith((".yaml", ".yml")) and re.search(
            r"(?:^|/)(?:k8s|kubernetes|deploy|deployment|manifests|helm)/", path
        ):
            match = _KUBERNETES.search(files.text(path) or "")
            if match:
                line = (files.text(path) or "")[: match.start()].count("\n") + 1
                found.append(f"{path}:{line}: Kubernetes {match.group(1)}")
    return found


def container_evidence(files: ProjectFiles, roles: Roles) -> list[str]:
    """It ships a container: Dockerfiles of what is deployed, compose files."""
    found = []
    for path in files.matching(*DOCKERFILES):
        if ships(path, roles):
            found.append(f"{path}: Dockerfile")
    for path in files.matching(*_COMPOSE):
        if ".devcontainer/" not in path and roles(path) not in _NOT_SHIPPED:
            found.append(f"{path}: compose file")
    return _first(found, "container files")


def kit_evidence(files: ProjectFiles, roles: Roles) -> list[str]:
    """An installation kit for an application others run: service units, install scripts,
    web-server configurations, a Django project."""
    found = []
    for path in files.paths():
        name = posixpath.basename(path)
        if roles(path) in _NOT_SHIPPED:
            continue
        if name.endswith(".service") and _SYSTEMD.search(files.text(path) or ""):
            found.append(f"{path}: a systemd service unit")
        elif name in _KIT_SCRIPTS and path.count("/") <= 1:
            found.append(f"{path}: an install or upgrade script")
        elif _WEB_SERVER.match(name) and path.count("/") <= 1:
            found.append(f"{path}: a web-server configuration")
        elif name == "manage.py" and path.count("/") <= 1:
            text = files.text(path) or ""
            if "DJANGO_SETTINGS_MODULE" in text:
                found.append(f"{path}: a Django project's manage.py")
    for path in files.matching(*_INSTALLER_FILES):
        if roles(path) not in _NOT_SHIPPED:
            found.append(f"{path}: an installer definition")
    return _first(found, "installation files")


def package_evidence(files: ProjectFiles) -> list[str]:
    """A build backend: the repository builds a distribution."""
    for path in ("pyproject.toml", "setup.py", "setup.cfg"):
        if path not in files:
            continue
        text = files.text(path) or ""
        if path == "pyproject.toml":
            match = _BUILD_BACKEND.search(text)
            if match:
                start = section_line(text, "[build-system]")
                line = line_of(text, "build-backend", start)
                return [f"{path}:{line}: build backend {match.group(1)}"]
        elif path == "setup.py" and "setup(" in text:
            return [f"{path}:{line_of(text, 'setup(')}: setuptools setup()"]
    return []


def detect_delivery_model(
    files: ProjectFiles,
    jobs: list[CiJob],
    release_tags: Sequence[str],
    roles: Roles | None = None,
) -> DeliveryModel:
    """The delivery model the files show (``release_tags``: tag names, oldest first)."""
    roles = roles or every_file_production
    tags = []
    if release_tags:
        count = len(release_tags)
        tags = [f"{count:,} release tag{'s' if count != 1 else ''} (latest {release_tags[-1]})"]

    def jobs_that(purpose: str) -> list[str]:
        lines = [
            f"{j.does[purpose]} (job {j.name!r})"
            for j in jobs
            if purpose in j.does and not j.skipped_here
        ]
        return _first(lines, "jobs")

    template = template_evidence(files, jobs, roles)
    if template:
        return DeliveryModel(TEMPLATE, template, detected=TEMPLATE)
    deploys = deploy_evidence(files, jobs)
    containers = container_evidence(files, roles)
    images = jobs_that(PUBLISHES_IMAGE)
    if deploys:
        return DeliveryModel(SERVICE, deploys + containers + tags, detected=SERVICE)
    if containers and not (tags and images):
        return DeliveryModel(SERVICE, containers + tags, detected=SERVICE)
    shipped = images + jobs_that(BUILDS_INSTALLER) + kit_evidence(files, roles)
    publishes = jobs_that(PUBLISHES_PACKAGE)
    if tags and shipped:
        evidence = tags + shipped + publishes + containers
        return DeliveryModel(PACKAGED_APPLICATION, evidence, detected=PACKAGED_APPLICATION)
    package = package_evidence(files)
    if package and (publishes or tags):
        nothing = (
            "no deployment of its own (no Dockerfile, compose, Kubernetes, Procfile or deploy job)"
        )
        evidence = package + publishes + tags + [nothing]
        return DeliveryModel(LIBRARY, evidence, detected=LIBRARY)
    said = (
        "nothing shows how it is delivered (no deploy, release, publish or template files): "
        "read as a service, the default; set delivery_model in the team file if it is not"
    )
    return DeliveryModel(SERVICE, [said, *package, *tags], detected=SERVICE)
