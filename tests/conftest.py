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


@pytest.fixture
def make_window(qtbot, database_url):
    """``make_window(context=None)``: a main window built as the application builds it (its
    own ApplicationContext unless one is given: one worker, the test's database), registered
    with qtbot, and its background work shut down after the test (napari's make_napari_viewer,
    git-cola's test helper)."""
    from app.context import ApplicationContext
    from app.main_window import MainWindow
    from app.settings import Settings

    made = []

    def make(context=None):
        context = context or ApplicationContext(
            settings=Settings(workers=1), database_url=database_url
        )
        window = MainWindow(context)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.runner.shutdown()
