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


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the whole session (tests/postgres.py): skipped where
    there is none, except in CI (env CI, set by .ci/run), where that fails."""
    import postgres

    server = postgres.start_server()
    if isinstance(server, str):
        if postgres.required():
            pytest.fail(f"PostgreSQL is required here (CI): {server}")
        pytest.skip(server)
    yield server
    server.stop()


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A new, empty database on the session's server, as the writer's URL (with password)."""
    name = f"store_{next(_databases)}"
    postgres_server.execute(f"CREATE DATABASE {name}")
    return postgres_server.url(database=name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """The store's URL on each backend: a SQLite file, and a new database on the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_url")
