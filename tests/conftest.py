"""Test setup: Qt offscreen, a private data folder, and builders for real git repositories."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from gitrepo import GitRepo


@pytest.fixture(autouse=True, scope="session")
def _private_home(tmp_path_factory):
    """Never touch the developer's real settings, history or logs."""
    home = tmp_path_factory.mktemp("readiness-home")
    previous = os.environ.get("READINESS_ADVISOR_HOME")
    os.environ["READINESS_ADVISOR_HOME"] = str(home)
    yield home
    if previous is None:
        os.environ.pop("READINESS_ADVISOR_HOME", None)
    else:
        os.environ["READINESS_ADVISOR_HOME"] = previous


@pytest.fixture
def git_repo(tmp_path) -> GitRepo:
    """An empty repository (``git init``) in a temporary folder."""
    return GitRepo.init(tmp_path / "repo")


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"
