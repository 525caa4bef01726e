"""The one way this product runs git: hardened against the repository it reads.

A repository under analysis is untrusted. Its ``.git/config`` can name programs that git runs on
its own: ``core.fsmonitor`` (run by ``git ls-files``/``status``), hooks, external diff and
textconv drivers, pagers, credential helpers, ssh commands and proxies, signature verifiers.
Every call here

* overrides those settings on the command line (command-line ``-c`` beats every config file),
* runs only read-only plumbing from :data:`READ_ONLY_COMMANDS` (no command that runs hooks:
  commit, checkout, merge, rebase, am, push, fetch, gc ...),
* scrubs ``GIT_*`` variables that could redirect git or name programs, never prompts, takes no
  optional locks (so reading never writes the index), and uses no replace refs.

git's own "dubious ownership" protection (``safe.directory``) is respected, not bypassed: it is
reported to the user as a clear error.

Every process runs through GitPython's command object, hardened (:mod:`analysis.git_command`):
the ``-c`` overrides are its persistent git options, the forced variables its environment, and
output is streamed from ``execute(..., as_process=True)``. :func:`open_repo` gives a GitPython
``Repo`` on the same command object, and :func:`read_blobs` reads many blobs through its one
long-lived ``cat-file --batch``.

Discovery and refs stay on ``rev-parse`` / ``for-each-ref`` run through that command object
rather than ``Repo``'s Python readers (measured by ``benchmarks/git_layer.py``, 2026-12-04):

* discovery: ``git.Repo(path)`` is faster than one ``rev-parse`` (0.2 ms against 1.4-3.9 ms)
  but skips git's ``safe.directory`` check (it opens a repository git refuses as another
  user's) and finds the repository from ``GIT_DIR`` / ``GIT_OBJECT_DIRECTORY`` /
  ``GIT_WORK_TREE`` of the process environment, which this module scrubs; correctness wins.
* refs: the tags as :mod:`analysis.dora.git_refs` needs them (type, target, tagger and commit
  dates) plus the branches took 9.2x the time of ``for-each-ref`` on flask (69 tags: 37.8 ms
  against 4.1 ms), 14x on requests, and 18-63x on saleor (1,647 tags: 1.9-2.1 s against
  33-104 ms, two runs): each tag's object is a round trip on ``cat-file``, where
  ``for-each-ref`` answers in one pass.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Generator, Iterable, Mapping, Sequence
from pathlib import Path

from analysis.errors import GitCommandFailed, GitUnavailable

#: Subcommands this product may run: read-only plumbing that never runs hooks.
READ_ONLY_COMMANDS = frozenset(
    {
        "rev-parse",
        "check-attr",
        "ls-files",
        "ls-tree",
        "log",
        "rev-list",
        "cat-file",
        "for-each-ref",
        "show-ref",
        "symbolic-ref",
        "diff-tree",
        "merge-base",
        "describe",
        "version",
        "blame",
    }
)

_NULL = os.devnull

#: Commands that can produce diffs: external diff drivers and textconv filters named by the
#: repository's attributes and config would run for them, so both are always switched off
#: (``git blame`` runs textconv filters unless told not to).
_DIFF_COMMANDS = frozenset({"log", "diff-tree", "blame"})
_DIFF_SAFETY = ("--no-ext-diff", "--no-textconv")

#: ``-c`` overrides applied to every call; each neutralises a repository-controlled program.
HARDENING: tuple[str, ...] = tuple(
    arg
    for setting in (
        "core.fsmonitor=false",
        f"core.hooksPath={_NULL}",
        "core.pager=cat",
        "core.editor=false",
        "core.askPass=",
        "core.sshCommand=false",
        "core.gitProxy=",
        "core.alternateRefsCommand=",
        "core.untrackedCache=false",
        "diff.external=",
        "credential.helper=",
        "protocol.allow=never",
        "log.showSignature=false",
        "gpg.program=false",
        "gc.auto=0",
        "maintenance.auto=false",
        "submodule.recurse=false",
        "fetch.recurseSubmodules=false",
        "color.ui=false",
        "log.decorate=false",
        "i18n.logOutputEncoding=UTF-8",
        # .mailmap: only the repository's own (git reads the checked-out .mailmap without
        # following a symlink, then the one committed at HEAD); a mailmap.file or
        # mailmap.blob set in the repository's config could name any file on this machine
        # or another blob, and would change names without changing the cache fingerprint
        "mailmap.file=",
        "mailmap.blob=HEAD:.mailmap",
    )
    for arg in ("-c", setting)
)

# Environment variables that would redirect git to other objects/config or name programs.
_SCRUBBED_PREFIXES = ("GIT_",)
_KEPT_GIT_VARS = frozenset({"GIT_EXEC_PATH"})
_FORCED_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_ASKPASS": "false",
    "SSH_ASKPASS": "false",
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_ALLOW_PROTOCOL": "",
    "LC_ALL": "C",
    "LANGUAGE": "C",
    # never fetch missing objects of a partial clone from its promisor remote while reading
    "GIT_NO_LAZY_FETCH": "1",
}


def git_executable() -> str:
    """The git binary on PATH, or :class:`GitUnavailable` with an instruction."""
    exe = shutil.which("git")
    if exe is None:
        raise GitUnavailable(
            "git was not found on PATH; install git (https://git-scm.com) and try again"
        )
    return exe


def safe_environment() -> dict[str, str]:
    """The caller's environment without ``GIT_*`` redirections, with prompts and locks off."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_SCRUBBED_PREFIXES) or key in _KEPT_GIT_VARS
    }
    env.update(_FORCED_ENV)
    return env


def _checked(args: Sequence[str]) -> None:
    if not args or args[0] not in READ_ONLY_COMMANDS:
        raise ValueError(f"git {args[0] if args else ''!s} is not an allowed read-only command")


def _hardened_argv(
    command, args: Sequence[str], config: Mapping[str, str] | None = None
) -> list[str]:
    """``git <hardening> [-c key=value for config] args`` (``config``: the caller's own
    settings for this one call, after the hardening, so they cannot loosen it)."""
    from analysis.git_command import argv

    safety = _DIFF_SAFETY if args[0] in _DIFF_COMMANDS else ()
    full = argv(command, args[0], [*safety, *args[1:]])
    if config:
        at = len(full) - len(args) - len(safety)  # where the subcommand is
        extra = [arg for key, value in config.items() for arg in ("-c", f"{key}={value}")]
        full[at:at] = extra
    return full


def command(repo: Path | str | None):
    """GitPython's ``Git`` command object for ``repo``, hardened (:mod:`analysis.git_command`)."""
    from analysis.git_command import hardened_git

    git_executable()
    return hardened_git(repo)


def command_line(repo: Path | str, args: Sequence[str]) -> list[str]:
    """The full, hardened argv for ``git args`` in ``repo``; refuses non-read-only commands."""
    _checked(args)
    return _hardened_argv(command(repo), args)


def _failure(args: Sequence[str], returncode: int, stderr: bytes) -> GitCommandFailed:
    text = stderr.decode("utf-8", "replace").strip()
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "dubious ownership" in text:
        first = (
            "git refuses this repository because it is owned by another user "
            "(git's safe.directory protection); add it with "
            "'git config --global --add safe.directory <path>' if you trust it"
        )
    error = GitCommandFailed(first or f"git {args[0]} failed with exit code {returncode}")
    error.returncode = returncode
    error.stderr = text
    return error


def _spawn_failed(exc: BaseException) -> GitUnavailable:
    return GitUnavailable(f"could not run git: {exc}")


def run(
    repo: Path | str,
    *args: str,
    check: bool = True,
    timeout: float | None = 120.0,
    input_bytes: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run one read-only git command and return its completed process (bytes output)."""
    _checked(args)
    git_command = command(repo)
    argv = _hardened_argv(git_command, args)
    from analysis.git_command import spawn_errors

    try:
        handle = git_command.execute(
            argv,
            istream=subprocess.PIPE if input_bytes is not None else None,
            as_process=True,
        )
    except spawn_errors() as exc:
        raise _spawn_failed(exc) from exc
    proc = handle.proc
    try:
        out, err = proc.communicate(input=input_bytes, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        proc.communicate()
        raise GitCommandFailed(f"git {args[0]} did not finish within {timeout:.0f} s") from exc
    done = subprocess.CompletedProcess(argv, proc.returncode, out, err)
    if check and done.returncode != 0:
        raise _failure(args, done.returncode, done.stderr)
    return done


def output(repo: Path | str, *args: str, timeout: float | None = 120.0) -> str:
    """Stdout of a read-only git command as text (UTF-8, undecodable bytes replaced)."""
    return run(repo, *args, timeout=timeout).stdout.decode("utf-8", "replace")


def stream(
    repo: Path | str,
    *args: str,
    chunk_size: int = 1 << 16,
    input_bytes: bytes | None = None,
    config: Mapping[str, str] | None = None,
) -> Generator[bytes, None, None]:
    """Yield stdout of a long git command in chunks while git writes it.

    Closing the generator early kills git. A non-zero exit after the output is read raises
    :class:`GitCommandFailed` with git's first error line. ``input_bytes`` is git's stdin
    (e.g. revisions for ``--stdin``), given from a file so that it can never block on a pipe.
    ``config``: ``-c`` settings for this call (e.g. an attributes file).
    """
    _checked(args)
    git_command = command(repo)
    argv = _hardened_argv(git_command, args, config)
    from analysis.git_command import spawn_errors

    # stderr goes to a file, not a pipe: a chatty git must never block on a full stderr pipe
    # while we are still reading stdout.
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as given:
        if input_bytes:
            given.write(input_bytes)
            given.seek(0)
        try:
            handle = git_command.execute(
                argv, istream=given if input_bytes else None, as_process=True, stderr_file=errors
            )
        except spawn_errors() as exc:
            raise _spawn_failed(exc) from exc
        proc = handle.proc
        # a binary pipe with the default buffer size: a BufferedReader, which has read1
        assert isinstance(proc.stdout, io.BufferedReader)
        finished = False
        try:
            while True:
                chunk = proc.stdout.read1(chunk_size)
                if not chunk:
                    break
                yield chunk
            finished = True
        finally:
            if not finished:
                proc.kill()
            proc.stdout.close()
            returncode = proc.wait()
        if returncode != 0:
            errors.seek(0)
            raise _failure(args, returncode, errors.read())


def open_repo(root: Path | str):
    """A GitPython ``Repo`` of ``root`` whose every git process is hardened.

    The git directory is found by ``rev-parse`` through the hardened command first, so git's own
    ``safe.directory`` check applies (``Repo()`` alone does not make it) and its message is ours.
    Close it (``repo.close()``, or ``with open_repo(root) as repo``) to end its ``cat-file``.
    """
    from analysis.git_command import hardened_repo_class

    found = output(
        root,
        "rev-parse",
        "--path-format=absolute",
        "--absolute-git-dir",
        "--git-common-dir",
        "--is-bare-repository",
    ).splitlines()
    git_dir, common_dir, bare = found[0], found[1], found[2] == "true"
    work_tree = None if bare else output(root, "rev-parse", "--show-toplevel").strip()
    return hardened_repo_class()(git_dir, common_dir, work_tree)


def read_blobs(repo, ids: Iterable[str], max_bytes: int | None = None) -> dict[str, bytes]:
    """``blob id -> contents`` read through ``repo``'s one long-lived ``cat-file --batch``.

    Missing objects (a partial clone) and, when ``max_bytes`` is given, blobs larger than it are
    left out; neither stops the reading. Each id is read once however often it is given.
    """
    from analysis.git_command import gitpython
    from analysis.partial_clone import without_missing  # (it runs git through this module)

    gitpython()
    contents: dict[str, bytes] = {}
    odb_git = repo.git  # the command object behind ``repo.odb`` (GitCmdObjectDB), one cat-file
    # a partial clone's cat-file dies on a missing blob, after a long check: never ask for one
    for blob in without_missing(repo, dict.fromkeys(ids)):
        try:
            _sha, _kind, size, data = odb_git.stream_object_data(blob)
        except ValueError:  # "<id> missing": cat-file wrote nothing more for it
            continue
        if max_bytes is not None and size > max_bytes:
            while data.read(1 << 20):  # drain it (and its newline): the next answer starts in step
                pass
            continue
        contents[blob] = data.read()
    return contents
