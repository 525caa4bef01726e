"""GitPython's command object, held to this product's git hardening (:mod:`analysis.git`).

:class:`HardenedGit` is a ``git.cmd.Git`` whose every process carries

* the persistent options ``--no-pager --no-replace-objects -C <repo> -c ...`` of
  :data:`analysis.git.HARDENING`, set once with ``set_persistent_git_options`` (GitPython puts
  them in front of every subcommand it builds, its own ``cat-file --batch`` included);
* the forced variables of :func:`analysis.git.safe_environment` through its environment API
  (``update_environment``). GitPython has no API to *remove* an inherited variable: ``execute``
  starts from ``os.environ.copy()`` (git/cmd.py, ``Git.execute``), so a ``GIT_DIR`` or
  ``GIT_CONFIG_PARAMETERS`` of the caller would reach git. Each process it starts goes through
  the module-level ``git.cmd.safer_popen``; :func:`_install_spawn_hook` wraps it so that a
  process started by a :class:`HardenedGit` gets exactly the scrubbed environment (and, for a
  stream, stderr in a file instead of a pipe that a chatty git could fill while we read stdout).
  Processes of a plain ``git.Git`` pass through unchanged.

:class:`HardenedRepo` is a ``git.Repo`` whose ``GitCommandWrapperType`` is :class:`HardenedGit`,
so its object database (``repo.odb``: one long-lived ``cat-file --batch``) runs hardened too.

GitPython is imported lazily (:func:`gitpython`): ``import git`` costs start-up time, and at import
it runs ``git version`` through a plain ``git.Git`` (``git/__init__.py`` calls ``refresh()``,
which calls ``Git().version()``) with the caller's environment and none of our options. We do not
let that process start: the import runs with ``GIT_PYTHON_GIT_EXECUTABLE`` naming a path that does
not exist and ``GIT_PYTHON_REFRESH=quiet``, so the probe fails to spawn anything, and then
``HardenedGit.refresh(git_executable())`` runs the ``git version`` probe through the hardened
command (``refresh`` calls ``cls().version()``). The plain ``git.Git`` class is left pointing at the
missing path, so any plain GitPython call in this process fails instead of running unhardened.
``tests/test_git_layer.py`` records every spawned command line and checks this. If another module
imported GitPython first, its import-time probe has already run; it is ``git version`` (no
repository is opened: git reads no repository config for it), never a program a repository names.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_LOCK = threading.RLock()
_LOADED: dict[str, Any] = {}

#: The keyword that marks a process started by a :class:`HardenedGit` on its way to Popen.
_MARK = "readiness_hardened"


class _Spawn:
    """What the Popen hook applies to one hardened process."""

    __slots__ = ("env", "stderr")

    def __init__(self, env: dict[str, str], stderr: Any = None) -> None:
        self.env = env
        self.stderr = stderr


def _hooked_popen(original):
    def safer_popen(command, *args, **kwargs):
        spawn = kwargs.pop(_MARK, None)
        if spawn is None:
            return original(command, *args, **kwargs)
        kwargs["env"] = dict(spawn.env)
        if spawn.stderr is not None:
            kwargs["stderr"] = spawn.stderr
        # looked up at call time (not GitPython's import-time alias) so a test can record it
        return subprocess.Popen(command, *args, **kwargs)

    safer_popen.readiness_hook = True
    return safer_popen


def _install_spawn_hook(cmd_module) -> None:
    if not getattr(cmd_module.safer_popen, "readiness_hook", False):
        cmd_module.safer_popen = _hooked_popen(cmd_module.safer_popen)


def gitpython():
    """The ``git`` package (GitPython), imported once with its import-time probe disarmed."""
    with _LOCK:
        if "git" in _LOADED:
            return _LOADED["git"]
        from analysis.git import git_executable

        exe = git_executable()
        saved = {
            key: os.environ.get(key) for key in ("GIT_PYTHON_GIT_EXECUTABLE", "GIT_PYTHON_REFRESH")
        }
        first_import = "git" not in sys.modules
        # an empty folder only we can write to: the probe's "git" in it cannot exist
        empty = tempfile.mkdtemp(prefix="readiness-no-git-") if first_import else ""
        if first_import:
            os.environ["GIT_PYTHON_GIT_EXECUTABLE"] = os.path.join(empty, "git")
            os.environ["GIT_PYTHON_REFRESH"] = "quiet"
        try:
            import git
            import git.cmd
        finally:
            if first_import:
                os.rmdir(empty)
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value
        _install_spawn_hook(git.cmd)
        classes = _define_classes(git)
        classes["HardenedGit"].refresh(exe)
        _LOADED.update(classes, git=git)
        return git


def _define_classes(git) -> dict[str, type]:
    from analysis.git import _FORCED_ENV, HARDENING, safe_environment

    settings = [HARDENING[i + 1] for i in range(0, len(HARDENING), 2)]

    class HardenedGit(git.cmd.Git):
        """``git.cmd.Git`` with the product's hardening on every process it starts."""

        def __init__(self, working_dir: str | os.PathLike[str] | None = None) -> None:
            super().__init__(working_dir)
            options: dict[str, Any] = {"no_pager": True, "no_replace_objects": True}
            if working_dir is not None:
                options["C"] = str(working_dir)
            options["c"] = settings
            self.set_persistent_git_options(**options)
            self.update_environment(**_FORCED_ENV)

        @property
        def persistent_options(self) -> list[str]:
            """The options in front of every subcommand (``--no-pager ... -c ...``)."""
            return list(self._persistent_git_options)

        def execute(self, command, istream=None, *, stderr_file: Any = None, **kwargs):
            options = self._persistent_git_options
            if isinstance(command, str) or list(command[1 : 1 + len(options)]) != options:
                raise ValueError("a git command line without the hardening options is refused")
            # GitPython's Repo copies GIT_DIR / GIT_COMMON_DIR / GIT_OBJECT_DIRECTORY from the
            # caller's environment into this environment (git/repo/base.py, Repo.__init__);
            # no GIT_* variable but the forced ones reaches git: ``-C`` names the repository.
            env = safe_environment()
            env.update({k: v for k, v in self._environment.items() if not k.startswith("GIT_")})
            env.update(_FORCED_ENV)
            kwargs[_MARK] = _Spawn(env, stderr_file)
            return super().execute(command, istream, **kwargs)

    class HardenedRepo(git.Repo):
        """``git.Repo`` whose every git process is a :class:`HardenedGit`.

        ``Repo.__init__`` finds the repository in Python from ``GIT_DIR``, ``GIT_WORK_TREE``,
        ``GIT_COMMON_DIR`` and ``GIT_OBJECT_DIRECTORY`` of the process environment
        (git/repo/base.py and ``is_git_dir`` in git/repo/fun.py: with a ``GIT_OBJECT_DIRECTORY``
        set elsewhere it rejects a valid repository) and skips git's ``safe.directory`` check.
        So it is not run: the locations come from a hardened ``rev-parse``
        (:func:`analysis.git.open_repo`) and the attributes it would set are set from them.
        """

        GitCommandWrapperType = HardenedGit

        def __init__(self, git_dir: str, common_dir: str, work_tree: str | None) -> None:
            self.git_dir = git_dir
            self._common_dir = common_dir
            self._working_tree_dir = work_tree
            self._bare = work_tree is None
            self.working_dir = work_tree or git_dir
            self.git = HardenedGit(self.working_dir)
            self.odb = git.db.GitCmdObjectDB(os.path.join(common_dir, "objects"), self.git)

    return {"HardenedGit": HardenedGit, "HardenedRepo": HardenedRepo}


def spawn_errors() -> tuple[type[BaseException], ...]:
    """What starting a git process can raise (git missing or not executable)."""
    git = gitpython()
    return (OSError, git.exc.GitCommandNotFound)


def hardened_git_class():
    gitpython()
    return _LOADED["HardenedGit"]


def hardened_repo_class():
    gitpython()
    return _LOADED["HardenedRepo"]


def hardened_git(repo: Path | str | None) -> Any:
    """A :class:`HardenedGit` for ``repo`` (``-C repo`` among its persistent options)."""
    return hardened_git_class()(repo)


def executable() -> str:
    """The git binary the hardened command runs (resolved by ``HardenedGit.refresh``)."""
    return str(hardened_git_class().GIT_PYTHON_GIT_EXECUTABLE)


def argv(command: Any, subcommand: str, args: Sequence[str]) -> list[str]:
    """``git <persistent options> subcommand args`` as :class:`HardenedGit` builds it."""
    return [executable(), *command.persistent_options, subcommand, *args]


__all__ = [
    "argv",
    "executable",
    "gitpython",
    "hardened_git",
    "hardened_git_class",
    "hardened_repo_class",
    "spawn_errors",
]
