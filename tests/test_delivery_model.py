"""The delivery model (service, packaged application, library, template/example): detected with
its evidence, overridable in the team file, and the advice that follows from it.

Each repository is built here with the files that decide its kind; the expected kind, evidence
lines and versions are read off those files by hand.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from readiness_repos import assess_in_process, project_files

from analysis.assessment import Options, run
from analysis.decisions import TeamProfile, TeamProfileError, decide, load_team_profile
from analysis.delivery_model import (
    CARVE_OUTS_DO_NOT_APPLY,
    LIBRARY,
    PACKAGED_APPLICATION,
    SERVICE,
    TEMPLATE,
    assess_delivery_model,
    ci_jobs,
    delivery_reads_as,
)
from analysis.delivery_model.ci_jobs import DEPLOYS, DEPLOYS_DOCS, TESTS, shown
from analysis.report import from_report, to_report
from resources import resource_path

LIBRARY_PYPROJECT = """[build-system]
requires = ["flit_core>=3.11,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "lib"
version = "1.0"
requires-python = ">=3.10"
"""
LIBRARY_TESTS = """name: tests
on: [push, pull_request]
jobs:
  tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ['3.10', '3.11', '3.12', '3.13', '3.14', 'pypy-3.11', '3.15-dev']
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
      - run: python -m pytest
"""
PUBLISH = """name: publish
on:
  push:
    tags: ['*']
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
"""
LIBRARY_FILES = {
    "pyproject.toml": LIBRARY_PYPROJECT,
    ".github/workflows/tests.yml": LIBRARY_TESTS,
    ".github/workflows/publish.yml": PUBLISH,
    "src/lib/__init__.py": "def pairs(xs):\n    return list(zip(xs, xs, strict=True))\n",
    "tests/test_lib.py": "from lib import pairs\n\n\ndef test_pairs():\n    assert pairs([1])\n",
}


def _build(git_repo, files: dict[str, str], tags: tuple[str, ...] = ()) -> None:
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    for tag in tags:
        git_repo.git("tag", tag)


def _model(git_repo):
    return assess_delivery_model(project_files(git_repo))


def test_a_library_is_read_at_its_supported_range_without_a_runtime_cap(git_repo):
    _build(git_repo, LIBRARY_FILES, tags=("1.0.0",))
    model = _model(git_repo)
    assert model.kind == LIBRARY and model.source == "detected"
    assert model.evidence == [
        "pyproject.toml:3: build backend flit_core.buildapi",
        ".github/workflows/publish.yml:11: uses pypa/gh-action-pypi-publish (job 'publish')",
        "1 release tag (latest 1.0.0)",
        "no deployment of its own (no Dockerfile, compose, Kubernetes, Procfile or deploy job)",
    ]
    assert delivery_reads_as(model.kind) == "releases"

    result = run(git_repo.root, Options(workers=1))
    assert result.repository.delivery_model.kind == LIBRARY
    runs = result.runtime.runs_on
    # by hand: the matrix without PyPy and the 3.15 pre-release, inside >=3.10
    assert runs.tested.versions == ["3.10", "3.11", "3.12", "3.13", "3.14"]
    assert runs.supported.versions == ["3.10", "3.11", "3.12", "3.13", "3.14"]
    assert (runs.version, runs.basis) == ("3.14", "supported range")
    decisions = result.decisions
    assert decisions.inputs["runtime_version"].provenance == "not applicable"
    assert decisions.inputs["supported_python"].value == 314
    runtime = next(s for s in decisions.readiness.subscores if s.name == "runtime")
    assert "supported_python" in [m.input for m in runtime.metrics]
    assert "runtime_version" not in runtime.missing  # not applicable: not "unmeasured"
    assert "runtime_version" not in [m.metric for m in decisions.refactor_vs_rewrite.missing]
    assert "runtime-before-3.11" not in [c.id for c in decisions.readiness.caps]
    assert decisions.strangler_plan == [] and decisions.keep_in_core == []
    assert CARVE_OUTS_DO_NOT_APPLY in decisions.notes
    assert decisions.strangler_note == CARVE_OUTS_DO_NOT_APPLY  # what the plan views show

    # a library whose newest supported Python is 3.9 is a risk, never the runtime cap
    old = decide(result, what_if={"supported_python": 309})
    assert "The library supports Python up to 3.9 only" in old.top_risks[0].sentence
    assert "runtime-before-3.11" not in [c.id for c in old.readiness.caps]

    # read as a service instead (the team says so), the same files give the lowest supported
    # version, 3.10, and the cap applies: the kind, not the files, changed the advice
    as_service = decide(result, TeamProfile(delivery_model=SERVICE))
    assert as_service.inputs["runtime_version"].value == 310
    assert "runtime-before-3.11" in [c.id for c in as_service.readiness.caps]


def test_the_library_report_validates_and_round_trips(git_repo):
    _build(git_repo, LIBRARY_FILES, tags=("1.0.0",))
    report = to_report(run(git_repo.root, Options(workers=1)))
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    model = report["repository"]["delivery_model"]
    assert (model["kind"], model["source"], model["detected"]) == (LIBRARY, "detected", LIBRARY)
    assert report["runtime"]["runs_on"]["basis"] == "supported range"
    assert to_report(from_report(json.loads(json.dumps(report)))) == report


SERVICE_FILES = {
    "Dockerfile": "FROM python:3.12 AS build\nRUN pip wheel .\nFROM python:3.12-slim\n",
    ".devcontainer/Dockerfile": "FROM python:3.10\n",
    ".github/workflows/tests.yml": LIBRARY_TESTS,  # tested on 3.10-3.14: not what it runs on
    "pyproject.toml": LIBRARY_PYPROJECT,
    "shop/__init__.py": "",
    "shop/orders.py": "class Order:\n    pass\n",
}


def test_a_service_runs_on_its_image_not_on_the_lowest_version_ci_tests(git_repo):
    _build(git_repo, SERVICE_FILES)
    model = _model(git_repo)
    assert model.kind == SERVICE
    assert model.evidence == ["Dockerfile: Dockerfile"]
    result = run(git_repo.root, Options(workers=1))
    runtime_version = result.decisions.inputs["runtime_version"]
    assert runtime_version.value == 312  # the image's final stage; CI starts at 3.10
    assert runtime_version.location == (
        "Dockerfile:3: FROM python:3.12-slim (final stage: Python 3.12)"
    )
    assert result.decisions.inputs["supported_python"].provenance == "not applicable"
    runtime = next(s for s in result.decisions.readiness.subscores if s.name == "runtime")
    assert runtime.missing == [] and runtime.score is not None
    assert "runtime-before-3.11" not in [c.id for c in result.decisions.readiness.caps]


def test_the_team_file_sets_the_delivery_model(git_repo, tmp_path):
    _build(git_repo, SERVICE_FILES)
    team_file = tmp_path / "team.toml"
    team_file.write_text('team_size = 4\ndelivery_model = "Library"\n', encoding="utf-8")
    team = load_team_profile(team_file)
    assert (team.delivery_model, team.delivery_model_source) == (LIBRARY, "team file")
    result = run(git_repo.root, Options(workers=1, team=team))
    model = result.repository.delivery_model
    assert (model.kind, model.source, model.detected) == (LIBRARY, "team file", SERVICE)
    assert model.evidence[0] == "set to library in the team file; the files show a service"
    assert result.runtime.runs_on.basis == "supported range"
    assert result.decisions.strangler_plan == []
    # without the override the stored detection comes back
    assert decide(result, TeamProfile()).inputs["runtime_version"].value == 312

    team_file.write_text('delivery_model = "microservice"\n', encoding="utf-8")
    with pytest.raises(TeamProfileError, match=r"team\.toml: delivery_model must be one of"):
        load_team_profile(team_file)


TEMPLATE_DEPLOY = """name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    if: github.repository != 'acme/service-template'
    runs-on: ubuntu-latest
    steps:
      - run: kubectl apply -f k8s/
"""


def test_a_template_is_told_by_its_generator_and_its_guarded_deploy_job(git_repo):
    _build(
        git_repo,
        {
            "README.md": "# Acme Service Template\n\nClick **Use this template** to start.\n",
            "hooks/post_gen_project.py": "print('generated')\n",
            ".github/workflows/deploy.yml": TEMPLATE_DEPLOY,
            "backend/Dockerfile": "FROM python:3.13-slim\n",
            "backend/app/main.py": "app = None\n",
        },
    )
    model = _model(git_repo)
    assert model.kind == TEMPLATE
    assert model.evidence == [
        "hooks/post_gen_project.py: a project generator's configuration or hook",
        "README.md:3: tells readers to 'use this template'",
        ".github/workflows/deploy.yml:7: if: github.repository != 'acme/service-template': "
        "the deploy job runs only in projects made from it",
    ]
    runtime, _architecture, _problems = assess_in_process(git_repo, delivery_kind=TEMPLATE)
    assert (runtime.runs_on.version, runtime.runs_on.basis) == ("3.13", "deployed")


PACKAGED_FILES = {
    "pyproject.toml": LIBRARY_PYPROJECT.replace(">=3.10", ">=3.12"),
    ".github/workflows/publish.yml": PUBLISH,
    "contrib/app.service": "[Unit]\nDescription=App\n\n[Service]\nExecStart=/opt/app/run\n",
    "upgrade.sh": "#!/bin/sh\npython3 -m venv venv\n",
    "app/manage.py": (
        "import os\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n"
    ),
    "app/settings.py": "INSTALLED_APPS = []\n",
}


def test_an_application_others_install_is_a_packaged_application(git_repo):
    _build(git_repo, PACKAGED_FILES, tags=("v1.0.0", "v1.1.0"))
    model = _model(git_repo)
    assert model.kind == PACKAGED_APPLICATION
    assert model.evidence[:4] == [
        "2 release tags (latest v1.1.0)",
        "app/manage.py: a Django project's manage.py",
        "contrib/app.service: a systemd service unit",
        "upgrade.sh: an install or upgrade script",
    ]
    runtime, _architecture, _problems = assess_in_process(
        git_repo, delivery_kind=PACKAGED_APPLICATION
    )
    # no image: its users run any version >=3.12 admits, the oldest counts
    assert (runtime.runs_on.version, runtime.runs_on.basis) == ("3.12", "lowest supported")
    # the same files without the installation kit are a library
    for path in ("contrib/app.service", "upgrade.sh", "app/manage.py"):
        git_repo.git("rm", "-q", path)
    git_repo.commit()
    assert _model(git_repo).kind == LIBRARY


def test_nothing_to_go_on_reads_as_a_service_and_says_so(git_repo):
    _build(git_repo, {"app.py": "print('hi')\n"})
    model = _model(git_repo)
    assert model.kind == SERVICE
    assert model.evidence[0].startswith("nothing shows how it is delivered")


CI_JOBS = """name: ci
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version-file: .python-version
      - run: ruff check .
  docs:
    runs-on: ubuntu-latest
    steps:
      - name: Deploy docs
        uses: actions/deploy-pages@v4
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version-file: .python-version
      - run: |
          pip install tox
          tox -e py
"""


def test_ci_jobs_say_what_they_do_from_their_commands(git_repo):
    _build(git_repo, {".github/workflows/ci.yml": CI_JOBS, ".python-version": "3.13\n"})
    jobs = {job.name: job for job in ci_jobs(project_files(git_repo))}
    assert jobs["lint"].does == {}  # ruff is not a test run
    assert DEPLOYS_DOCS in jobs["docs"].does and DEPLOYS not in jobs["docs"].does
    # "pip install tox" (line 23) installs; "tox -e py" (line 24) runs the tests
    assert jobs["test"].does == {TESTS: ".github/workflows/ci.yml:24: tox -e py"}
    assert [t.version for t in jobs["test"].versions] == ["3.13"]  # from .python-version
    # untrusted text is kept short and printable (a terminal escape cannot pass through)
    assert shown("make\x1b[31m  test\n  now") == "make?[31m test now"
    assert len(shown("x" * 500)) == 80
