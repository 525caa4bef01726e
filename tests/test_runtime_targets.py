"""Declared Python versions: one small repository per source of evidence, each with its line."""

from __future__ import annotations

import pytest
from readiness_repos import project_files

from analysis.runtime.declared import declared_targets, find_conflicts
from analysis.runtime.manifests import load_manifests
from analysis.runtime.targets import VersionTarget
from analysis.runtime.targets_ci import tox_versions
from analysis.runtime.versions import allowed_minors, poetry_to_pep440


def _targets(git_repo, files: dict[str, str]):
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    project = project_files(git_repo)
    manifests = load_manifests(project)
    targets, conflicts, problems = declared_targets(project, manifests)
    return (
        [(t.version, t.kind, t.location) for t in targets],
        conflicts,
        manifests.problems + problems,
    )


CASES = {
    "pep621": (
        {
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.9"\nclassifiers = [\n'
            '    "Programming Language :: Python :: 3",\n'
            '    "Programming Language :: Python :: 3.11",\n]\n'
        },
        [(">=3.9", "requires", "pyproject.toml:3"), ("3.11", "classifier", "pyproject.toml:6")],
    ),
    "poetry": (
        {
            "pyproject.toml": '[tool.poetry]\nname = "x"\nclassifiers = ["Programming Language :: '
            'Python :: 3.10"]\n\n[tool.poetry.dependencies]\npython = "^3.10"\nrequests = "*"\n'
        },
        [("^3.10", "requires", "pyproject.toml:6"), ("3.10", "classifier", "pyproject.toml:3")],
    ),
    "setup.cfg": (
        {
            "setup.cfg": "[metadata]\nname = x\nclassifiers =\n"
            "    Programming Language :: Python :: "
            "3.8\n\n[options]\npython_requires = >=3.8\n"
        },
        [(">=3.8", "requires", "setup.cfg:7"), ("3.8", "classifier", "setup.cfg:4")],
    ),
    "setup.py": (
        {
            "setup.py": "from setuptools import setup\nPY = '>=3.7'\nsetup(\n    name='x',\n"
            "    python_requires=PY,\n"
            "    classifiers=['Programming Language :: Python :: 3.7'],\n)\n"
        },
        [(">=3.7", "requires", "setup.py:5"), ("3.7", "classifier", "setup.py:6")],
    ),
    "Pipfile": (
        {"Pipfile": '[packages]\nrequests = "*"\n\n[requires]\npython_version = "3.9"\n'},
        [("3.9", "pin", "Pipfile:5")],
    ),
    ".python-version": ({".python-version": "3.12.4\n"}, [("3.12.4", "pin", ".python-version:1")]),
    "runtime.txt": ({"runtime.txt": "python-3.11.9\n"}, [("3.11.9", "pin", "runtime.txt:1")]),
    "tox.ini": (
        {
            "tox.ini": "[tox]\nenvlist = py{39,310}-django{42,50}, lint\n\n[testenv:lint]\n"
            "basepython = python3.12\n"
        },
        [("3.9", "ci", "tox.ini:2"), ("3.10", "ci", "tox.ini:2"), ("3.12", "ci", "tox.ini:5")],
    ),
    "github": (
        {
            ".github/workflows/test.yml": "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n"
            "        python-version: ['3.11', '3.12']\n        include:\n"
            "          - python-version: '3.13'\n    steps:\n"
            "      - uses: actions/setup-python@v5\n        with:\n"
            "          python-version: ${{ matrix.python-version }}\n  lint:\n    steps:\n"
            "      - uses: actions/setup-python@v5\n        with:\n"
            "          python-version: '3.10'\n"
        },
        [
            ("3.11", "ci", ".github/workflows/test.yml:6"),
            ("3.12", "ci", ".github/workflows/test.yml:6"),
            ("3.13", "ci", ".github/workflows/test.yml:8"),
            ("3.10", "ci", ".github/workflows/test.yml:17"),
        ],
    ),
    "gitlab": (
        {
            ".gitlab-ci.yml": "variables:\n  PY: '3.10'\nimage: python:${PY}-slim\ntest:\n"
            "  script: [pytest]\n"
            "  image: python:$V\n  parallel:\n    matrix:\n      - V: ['3.11', '3.12']\n"
        },
        [
            ("3.10", "ci", ".gitlab-ci.yml:3"),
            ("3.11", "ci", ".gitlab-ci.yml:6"),
            ("3.12", "ci", ".gitlab-ci.yml:6"),
        ],
    ),
    "Dockerfile": (
        {
            "Dockerfile": "ARG PYTHON=3.9\n"
            "FROM --platform=linux/amd64 python:${PYTHON}-slim AS base\n"
            "FROM node:20\nFROM tiangolo/uvicorn-gunicorn-fastapi:python3.11\n"
        },
        [("3.9", "pin", "Dockerfile:2"), ("3.11", "pin", "Dockerfile:4")],
    ),
    "conda": (
        {
            "environment.yml": "name: x\nchannels: [conda-forge]\ndependencies:\n  - numpy\n"
            "  - python=3.10\n  - pip:\n    - requests\n"
        },
        [("3.10", "pin", "environment.yml:5")],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_source_of_version_evidence(git_repo, case):
    files, expected = CASES[case]
    found, _conflicts, problems = _targets(git_repo, files)
    assert problems == []
    assert sorted(found) == sorted(expected)


def test_unquoted_yaml_version_is_reported(git_repo):
    found, conflicts, _ = _targets(
        git_repo,
        {
            ".github/workflows/ci.yml": "jobs:\n  t:\n    strategy:\n      matrix:\n"
            "        python: [3.9, 3.10]\n"
        },
    )
    assert ("3.10", "ci", ".github/workflows/ci.yml:5") in found
    (conflict,) = conflicts
    assert "reads it as 3.1, not 3.10" in conflict.message


def test_setup_py_computed_arguments_are_not_run(git_repo):
    found, _, problems = _targets(
        git_repo,
        {"setup.py": "from setuptools import setup\nsetup(python_requires=open('v').read())\n"},
    )
    assert found == [] and problems == []  # computed at run time: not read, never evaluated


def test_invalid_toml_is_a_problem_not_a_crash(git_repo):
    found, _, problems = _targets(git_repo, {"pyproject.toml": "[project\nrequires-python = 3"})
    assert found == []
    assert problems and problems[0][0] == "pyproject.toml" and "TOML" in problems[0][1]


def _target(version, kind, location="f:1"):
    return VersionTarget.from_dict(
        {"version": version, "source": kind, "location": location, "kind": kind}
    )


def test_conflicts_between_declarations_and_the_code():
    targets = [
        _target(">=3.8,<3.11", "requires", "pyproject.toml:3"),
        _target("^3.11", "requires", "pyproject.toml:9"),  # Poetry: >=3.11,<4
        _target("3.9", "pin", "Dockerfile:1"),
        _target("3.12", "pin", ".python-version:1"),
        _target("3.12", "ci", "ci.yml:5"),
    ]
    messages = [c.message for c in find_conflicts(targets, "3.10", "match at a.py:1")]
    # by hand: the two ranges admit 3.8-3.10 and 3.11+: nothing in common
    assert any("admit no common version" in m for m in messages)
    # pins 3.9 and 3.12 disagree; 3.12 (pin and ci) is outside >=3.8,<3.11; 3.9 is outside ^3.11
    assert any("pins disagree" in m for m in messages)
    assert sum("outside requires" in m for m in messages) == 3
    # the code needs 3.10: the 3.9 pin and the range admitting 3.8-3.9 contradict it
    assert any("Dockerfile:1" in m and "code needs 3.10" in m for m in messages)
    assert any("admits 3.8-3.9, but the code needs 3.10" in m for m in messages)


def test_version_helpers():
    assert poetry_to_pep440("^3.9") == [">=3.9,<4"]
    assert poetry_to_pep440("~3.9") == [">=3.9,<3.10"]
    assert poetry_to_pep440("^0.2.3") == [">=0.2.3,<0.3"]
    assert poetry_to_pep440(">=3.8 || ^3.11") == [">=3.8", ">=3.11,<4"]
    assert allowed_minors([">=3.9.2,<3.12"]) == {(3, 9), (3, 10), (3, 11)}
    assert tox_versions("py3{8,9}, py310-{a,b}, 3.13t, pypy3") == ["3.8", "3.9", "3.10", "3.13t"]
