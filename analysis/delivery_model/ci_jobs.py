"""What each CI job does, read from its commands and actions, with the Python it runs.

A job runs the tests, deploys, builds or publishes a container image, publishes a package,
makes a release or builds an installer; it may do several. GitHub Actions workflows
(``.github/workflows/*.yml``) and GitLab CI (``.gitlab-ci.yml``) are read as YAML text; nothing
runs. A step says what it does by its command (``run``, ``script``: ``pytest``, ``twine
upload``, ``kubectl apply``, ``docker push`` ...) or its action (``uses:
pypa/gh-action-pypi-publish``, ``docker/build-push-action`` with ``push``); a job or step named
"deploy" deploys, unless it deploys documentation (GitHub Pages). A job whose ``if:`` excludes
this repository (``github.repository != 'owner/name'``) does not run here: templates ship such
jobs for the projects made from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from analysis.project_files import ProjectFiles
from analysis.runtime.targets import CI, VersionTarget
from analysis.runtime.targets_ci import GITLAB_KEYWORDS, job_targets
from analysis.runtime.targets_deploy import python_image_version, substitute
from analysis.yaml_documents import Scalar, line_of, yaml_files

TESTS = "runs the tests"
DEPLOYS = "deploys"
BUILDS_IMAGE = "builds an image"
PUBLISHES_IMAGE = "publishes an image"
PUBLISHES_PACKAGE = "publishes a package"
RELEASES = "makes a release"
BUILDS_INSTALLER = "builds an installer"
DEPLOYS_DOCS = "deploys documentation"
WORKFLOWS = (".github/workflows/*.yml", ".github/workflows/*.yaml")

_TEST_COMMAND = re.compile(
    r"(?<![\w./-])(?:pytest|py\.test|tox|nox|unittest|coverage\s+run|manage\.py\s+test"
    r"|django-admin\s+test|hatch\s+test|make\s+(?:test|tests|ci|check)\b|runtests"
    r"|[\w./-]*tests?[-_]?\w*\.(?:sh|py))(?![\w-])",
    re.IGNORECASE,
)
_INSTALL = re.compile(
    r"\b(?:pip3?|uv\s+pip|pipx|uv\s+tool|apt-get|apk|brew|npm|yarn)\s+(?:add|install)\b"
)
_DEPLOY_COMMAND = re.compile(
    r"\b(?:kubectl\s+(?:apply|set\s+image|rollout)|helm\s+(?:upgrade|install)|fly(?:ctl)?\s+deploy"
    r"|gcloud\s+(?:app|run|functions)\s+deploy|eb\s+deploy|(?:serverless|sls)\s+deploy"
    r"|cdk\s+deploy|terraform\s+apply|ansible-playbook|docker\s+stack\s+deploy"
    r"|git\s+push\s+heroku|heroku\s+container:release|aws\s+ecs\s+update-service"
    r"|fastapi\s+deploy|zappa\s+(?:deploy|update)|kamal\s+deploy|caprover\s+deploy)\b",
    re.IGNORECASE,
)
_DOCS_COMMAND = re.compile(r"\b(?:mkdocs\s+gh-deploy|ghp-import)\b", re.IGNORECASE)
_IMAGE_BUILD = re.compile(
    r"\b(?:docker|podman)\s+(?:buildx\s+)?build\b|\bdocker[- ]compose\s+build\b", re.IGNORECASE
)
_IMAGE_PUSH = re.compile(
    r"\b(?:docker|podman)\s+push\b|\bbuildx\s+build\b[^\n]*--push\b", re.IGNORECASE
)
_PACKAGE_PUBLISH = re.compile(
    r"\b(?:twine\s+upload|uv\s+publish|poetry\s+publish|flit\s+publish|hatch\s+publish"
    r"|pdm\s+publish)\b",
    re.IGNORECASE,
)
_RELEASE_COMMAND = re.compile(r"\bgh\s+release\s+create\b", re.IGNORECASE)
_INSTALLER = re.compile(
    r"\b(?:pyinstaller|briefcase\s+(?:build|package|create)|cx_?freeze|py2app|nuitka"
    r"|electron-builder|makensis|dpkg-deb|rpmbuild|snapcraft|flatpak-builder|appimagetool)\b",
    re.IGNORECASE,
)
_ACTIONS = {
    "pypa/gh-action-pypi-publish": PUBLISHES_PACKAGE,
    "redhat-actions/push-to-registry": PUBLISHES_IMAGE,
    "redhat-actions/buildah-build": BUILDS_IMAGE,
    "softprops/action-gh-release": RELEASES,
    "ncipollo/release-action": RELEASES,
    "actions/create-release": RELEASES,
    "actions/deploy-pages": DEPLOYS_DOCS,
    "actions/upload-pages-artifact": DEPLOYS_DOCS,
    "peaceiris/actions-gh-pages": DEPLOYS_DOCS,
    "jamesives/github-pages-deploy-action": DEPLOYS_DOCS,
    "aws-actions/amazon-ecs-deploy-task-definition": DEPLOYS,
    "google-github-actions/deploy-cloudrun": DEPLOYS,
    "google-github-actions/deploy-appengine": DEPLOYS,
    "azure/webapps-deploy": DEPLOYS,
    "azure/k8s-deploy": DEPLOYS,
    "azure/container-apps-deploy-action": DEPLOYS,
    "akhileshns/heroku-deploy": DEPLOYS,
    "superfly/flyctl-actions": DEPLOYS,
    "appleboy/ssh-action": DEPLOYS,
    "bobheadxi/deployments": DEPLOYS,
    "chrnorm/deployment-action": DEPLOYS,
    "digitalocean/app_action": DEPLOYS,
    "cloudflare/wrangler-action": DEPLOYS,
}
_DEPLOY_NAME = re.compile(r"\bdeploy", re.IGNORECASE)
_DOCS_NAME = re.compile(r"\b(?:docs?|documentation|pages|site)\b", re.IGNORECASE)
_TEST_NAME = re.compile(r"^\s*(?:run\s+)?(?:the\s+)?(?:unit\s+|integration\s+)?tests?\b", re.I)
_NOT_HERE = re.compile(r"github\.repository(?:_owner)?\s*!=")
_GITLAB_RESERVED = GITLAB_KEYWORDS
_MAX_TEXT = 80


@dataclass
class CiJob:
    """One CI job: what it does (each with the first line that says so) and the Python it runs."""

    path: str
    name: str
    line: int
    does: dict[str, str] = field(default_factory=dict)  # purpose -> "path:line: evidence"
    versions: list[VersionTarget] = field(default_factory=list)
    skipped_here: str = ""  # the ``if:`` that keeps the job from running in this repository
    on_tags: bool = False  # its workflow runs on tag pushes or published releases

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def record(self, purpose: str, line: int, text: str) -> None:
        if purpose not in self.does:
            self.does[purpose] = f"{self.path}:{line}: {shown(text)}"


def shown(text: Any) -> str:
    """Untrusted text from a CI file as one short printable line (no control characters)."""
    text = " ".join(str(text).split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _commands(job: CiJob, text: Any, line: int) -> None:
    """What a shell command (``run:`` or ``script:``) does, line by line."""
    for offset, raw in enumerate(str(text).split("\n")):
        command = raw.strip()
        if not command or command.startswith("#"):
            continue
        at = line + offset + (1 if "\n" in str(text) else 0)
        installing = bool(_INSTALL.search(command))
        if _DOCS_COMMAND.search(command):
            job.record(DEPLOYS_DOCS, at, command)
        elif _DEPLOY_COMMAND.search(command):
            job.record(DEPLOYS, at, command)
        if _TEST_COMMAND.search(command) and not installing:
            job.record(TESTS, at, command)
        if _IMAGE_BUILD.search(command):
            job.record(BUILDS_IMAGE, at, command)
        if _IMAGE_PUSH.search(command):
            job.record(PUBLISHES_IMAGE, at, command)
        if _PACKAGE_PUBLISH.search(command):
            job.record(PUBLISHES_PACKAGE, at, command)
        if _RELEASE_COMMAND.search(command):
            job.record(RELEASES, at, command)
        if _INSTALLER.search(command) and not installing:
            job.record(BUILDS_INSTALLER, at, command)


def _action(job: CiJob, uses: Scalar, inputs: Any) -> None:
    action = str(uses).split("@", 1)[0].strip().lower()
    at = line_of(uses)
    purpose = _ACTIONS.get(action)
    if purpose:
        job.record(purpose, at, f"uses {action}")
    if action == "docker/build-push-action":
        job.record(BUILDS_IMAGE, at, f"uses {action}")
        push = inputs.get("push") if isinstance(inputs, dict) else None
        if push is not None and str(push).strip().lower() not in ("false", ""):
            job.record(PUBLISHES_IMAGE, line_of(push, at), f"uses {action} with push: {push}")


def _reusable(job: CiJob, uses: Scalar) -> None:
    """A job that calls a reusable workflow: its file name says what it does."""
    name = str(uses).split("@", 1)[0].lower()
    at = line_of(uses)
    if "deploy" in name:
        job.record(DEPLOYS, at, f"uses {uses}")
    if any(w in name for w in ("docker", "image", "container")) and any(
        w in name for w in ("push", "publish")
    ):
        job.record(PUBLISHES_IMAGE, at, f"uses {uses}")
    if "pypi" in name:
        job.record(PUBLISHES_PACKAGE, at, f"uses {uses}")


def _python_version_files(job: dict, path: str, files: ProjectFiles) -> list[VersionTarget]:
    """``python-version-file: .python-version`` in a setup step: the version that file pins."""
    out = []
    steps = job.get("steps")
    for step in steps if isinstance(steps, list) else []:
        inputs = step.get("with") if isinstance(step, dict) else None
        name = inputs.get("python-version-file") if isinstance(inputs, dict) else None
        if not isinstance(name, Scalar):
            continue
        pinned = str(name).strip().removeprefix("./")
        if pinned.rsplit("/", 1)[-1] != ".python-version" or pinned not in files:
            continue
        for value in (files.text(pinned) or "").split("\n"):
            value = value.split("#", 1)[0].strip()
            if value:
                source = f"setup-python python-version-file {pinned}"
                out.append(VersionTarget(value, source, f"{path}:{name.line}", CI))
                break
    return out


def _triggered_by_tags(document: dict) -> bool:
    on = document.get("on", document.get(True))
    if isinstance(on, str):
        return on == "release"
    if isinstance(on, list):
        return "release" in on
    if isinstance(on, dict):
        push = on.get("push")
        return "release" in on or (isinstance(push, dict) and "tags" in push)
    return False


def _github_job(key: Any, job: dict, path: str, on_tags: bool, files: ProjectFiles) -> CiJob:
    name = str(job.get("name") or key)
    found = CiJob(path, name, line_of(key), on_tags=on_tags)
    condition = job.get("if")
    if isinstance(condition, Scalar) and _NOT_HERE.search(condition):
        found.skipped_here = f"{path}:{condition.line}: if: {shown(condition)}"
    if isinstance(job.get("uses"), Scalar):
        _reusable(found, job["uses"])
    steps = job.get("steps")
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict):
            continue
        uses, run, label = step.get("uses"), step.get("run"), step.get("name")
        if isinstance(uses, Scalar):
            _action(found, uses, step.get("with"))
        if isinstance(run, Scalar):
            _commands(found, run, run.line)
            if isinstance(label, Scalar) and _TEST_NAME.match(label):
                found.record(TESTS, label.line, f"step {label}")
        if isinstance(label, Scalar) and _DEPLOY_NAME.search(label):
            docs = _DOCS_NAME.search(label)
            found.record(DEPLOYS_DOCS if docs else DEPLOYS, label.line, f"step {label}")
    if _DEPLOY_NAME.search(name) and DEPLOYS_DOCS not in found.does:
        found.record(
            DEPLOYS_DOCS if _DOCS_NAME.search(name) else DEPLOYS, found.line, f"job {name}"
        )
    found.versions = job_targets(job, path) + _python_version_files(job, path, files)
    return found


def _gitlab_jobs(files: ProjectFiles, problems: list) -> list[CiJob]:
    jobs = []
    for path, document in yaml_files(files, (".gitlab-ci.yml",), problems):
        if not isinstance(document, dict):
            continue
        variables = (
            {str(k): str(v) for k, v in (document.get("variables") or {}).items()}
            if isinstance(document.get("variables"), dict)
            else {}
        )
        for key, job in document.items():
            if (
                str(key) in _GITLAB_RESERVED
                or str(key).startswith(".")
                or not isinstance(job, dict)
            ):
                continue
            found = CiJob(path, str(key), line_of(key))
            only = job.get("only")
            found.on_tags = isinstance(only, list) and "tags" in [str(o) for o in only]
            script = job.get("script")
            for command in script if isinstance(script, list) else [script]:
                if isinstance(command, Scalar):
                    _commands(found, command, command.line)
            environment = job.get("environment")
            if environment is not None and str(key) != "pages":
                found.record(DEPLOYS, line_of(environment, found.line), f"environment {key}")
            if str(key) == "pages":
                found.record(DEPLOYS_DOCS, found.line, "job pages (GitLab Pages)")
            image = job.get("image", document.get("image"))
            image = image.get("name") if isinstance(image, dict) else image
            if isinstance(image, Scalar):
                version = python_image_version(substitute(str(image), variables))
                if version and "$" not in version:
                    found.versions.append(
                        VersionTarget(
                            version, f"GitLab CI image {image}", f"{path}:{image.line}", CI
                        )
                    )
            jobs.append(found)
    return jobs


def ci_jobs(files: ProjectFiles) -> list[CiJob]:
    """Every job of the repository's GitHub Actions workflows and GitLab CI file.

    Unreadable files are skipped here: the runtime phase reports them once
    (:mod:`analysis.runtime.targets_ci` reads the same files).
    """
    problems: list = []
    jobs: list[CiJob] = []
    for path, document in yaml_files(files, WORKFLOWS, problems):
        if not isinstance(document, dict) or not isinstance(document.get("jobs"), dict):
            continue
        on_tags = _triggered_by_tags(document)
        for key, job in document["jobs"].items():
            if isinstance(job, dict):
                jobs.append(_github_job(key, job, path, on_tags, files))
    return jobs + _gitlab_jobs(files, problems)
