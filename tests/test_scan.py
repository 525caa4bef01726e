"""Which files are analyzed: tracked files only, odd paths, and clear errors for bad input."""

from __future__ import annotations

import os

import pytest
from gitrepo import GitRepo

from analysis.errors import NotAGitRepository, PathNotFound, RepositoryWithoutCommits
from analysis.scan import open_repository, tracked_files


def test_only_tracked_files_honouring_gitignore(git_repo):
    git_repo.write(".gitignore", "build/\n*.log\n")
    git_repo.write("src/app.py", "x = 1\n")
    git_repo.write("build/generated.py", "y = 2\n")
    git_repo.write("debug.log", "noise\n")
    git_repo.commit()
    git_repo.write("untracked.py", "z = 3\n")
    repo = open_repository(git_repo.root)
    paths = [f.path for f in tracked_files(repo)]
    assert paths == [".gitignore", "src/app.py"]
    assert repo.head == git_repo.head()
    assert repo.branch == "main"


def test_odd_paths_are_listed_exactly(git_repo):
    names = ["with space.py", 'quote"d.py', "ünïcode/módulo.py", "new\nline.py", "-dash.py"]
    for name in names:
        git_repo.write(name, "pass\n")
    git_repo.commit()
    paths = sorted(f.path for f in tracked_files(open_repository(git_repo.root)))
    assert paths == sorted(names)


@pytest.mark.skipif(os.name != "posix", reason="non-UTF-8 file names are a POSIX matter")
def test_non_utf8_file_name_is_shown_and_still_readable(git_repo):
    raw = os.fsencode(git_repo.root) + b"/caf\xe9.py"
    with open(raw, "wb") as handle:
        handle.write(b"x = 1\n")
    git_repo.commit()
    (item,) = tracked_files(open_repository(git_repo.root))
    assert item.path == "caf\\xe9.py"
    assert os.path.exists(os.path.join(git_repo.root, item.fs_path))


def test_missing_path(tmp_path):
    with pytest.raises(PathNotFound, match="does not exist"):
        open_repository(tmp_path / "nowhere")


def test_not_a_repository(tmp_path):
    (tmp_path / "plain").mkdir()
    with pytest.raises(NotAGitRepository, match="not a git repository"):
        open_repository(tmp_path / "plain")


def test_a_file_is_not_a_repository(tmp_path):
    (tmp_path / "f.py").write_text("x = 1\n")
    with pytest.raises(NotAGitRepository, match="is a file"):
        open_repository(tmp_path / "f.py")


def test_repository_without_commits(git_repo):
    with pytest.raises(RepositoryWithoutCommits, match="no commits"):
        open_repository(git_repo.root)


def test_bare_repository_is_explained(tmp_path):
    source = GitRepo.init(tmp_path / "src")
    source.write("a.py", "x = 1\n")
    source.commit()
    source.git("clone", "-q", "--bare", str(source.root), str(tmp_path / "bare.git"))
    with pytest.raises(NotAGitRepository, match="bare repository"):
        open_repository(tmp_path / "bare.git")


def test_subfolder_scopes_the_analysis(git_repo):
    git_repo.write("service/api.py", "x = 1\n")
    git_repo.write("tools/script.py", "y = 2\n")
    git_repo.commit()
    repo = open_repository(git_repo.root / "service")
    assert repo.root == git_repo.root.resolve()
    assert repo.scope == "service"
    assert [f.path for f in tracked_files(repo)] == ["service/api.py"]


def test_detached_head_is_noted(git_repo):
    git_repo.write("a.py", "x = 1\n")
    first = git_repo.commit()
    git_repo.write("a.py", "x = 2\n")
    git_repo.commit()
    git_repo.git("checkout", "-q", "--detach", first)
    repo = open_repository(git_repo.root)
    assert repo.branch is None and repo.head == first
    assert any("detached" in note for note in repo.notes)


def test_symlinks_and_submodule_modes(git_repo):
    git_repo.write("real.py", "x = 1\n")
    os.symlink("real.py", git_repo.root / "link.py")
    git_repo.commit()
    files = {f.path: f for f in tracked_files(open_repository(git_repo.root))}
    assert files["link.py"].is_symlink and not files["real.py"].is_symlink
