"""Output files (app.output_files): a FIFO, a device node, a symlink, ``-`` and a folder are
each written as what they are, never replaced; a read-only or full folder fails in one line
and keeps the old file; SIGTERM and SIGINT leave no temporary; old temporaries are removed."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fault_folders import character_device, fill, full_filesystem, read_only

from app.cli import main
from app.output_files import OutputError, write_output
from app.store import open_store

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX special files")


def _repo(git_repo):
    git_repo.write(
        "svc/api.py", "def handler(req):\n    if req:\n        return 200\n    return 400\n"
    )
    git_repo.commit()
    return git_repo


def _assess(git_repo, *extra: str) -> int:
    return main(["assess", str(git_repo.root), "--no-save", "-q", "--workers", "1", *extra])


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("readiness: ")
    return lines[0]


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@posix_only
def test_a_fifo_is_written_into_not_replaced(git_repo, tmp_path, capsys):
    _repo(git_repo)
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    code = _assess(git_repo, "--json", str(fifo))
    thread.join(timeout=10)
    if thread.is_alive():  # nothing was written into it: release the reader
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout=5)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and json.loads(received[0])["code"]["files"][0]["path"] == "svc/api.py"
    assert _temporaries(tmp_path) == []


@posix_only
def test_a_symlink_is_followed_and_its_target_replaced(git_repo, tmp_path, capsys):
    _repo(git_repo)
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("stale", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(Path("reports") / "real.json")
    code = _assess(git_repo, "--json", str(link))
    assert code == 0, capsys.readouterr().err
    assert link.is_symlink() and os.readlink(link) == os.path.join("reports", "real.json")
    assert json.loads(real.read_text(encoding="utf-8"))["schema_version"] == 1
    assert _temporaries(tmp_path) == [] and _temporaries(real.parent) == []
    # a link whose target does not exist yet: the target is made, the link stays
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to("made.json")
    write_output(b"{}\n", dangling)
    assert dangling.is_symlink() and (tmp_path / "made.json").read_bytes() == b"{}\n"


@posix_only
def test_a_device_node_is_written_into_not_replaced(git_repo, tmp_path, capsys):
    """A stand-in for /dev/null made in the test's folder, never the real /dev: as root the
    old writer replaced the node with a regular file."""
    _repo(git_repo)
    null = character_device(tmp_path / "null", 1, 3)
    code = _assess(git_repo, "--json", str(null), "--pdf", str(null))
    assert code == 0, capsys.readouterr().err
    info = os.lstat(null)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert _temporaries(tmp_path) == []


def test_dash_is_standard_output_and_the_summary_moves_to_stderr(git_repo, tmp_path, capsys,
                                                                 monkeypatch):  # fmt: skip
    _repo(git_repo)
    monkeypatch.chdir(tmp_path)
    code = _assess(git_repo, "--json", "-")
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert json.loads(captured.out)["code"]["files"][0]["path"] == "svc/api.py"
    assert "Production code" in captured.err
    assert not (tmp_path / "-").exists()
    # a PDF is binary: '-' is refused before the work, in one line
    assert _assess(git_repo, "--pdf", "-") == 2
    captured = capsys.readouterr()
    assert "only for --json" in _one_error_line(captured.err) and captured.out == ""


def test_report_json_dash_prints_only_the_json(git_repo, tmp_path, capsys, monkeypatch):
    _repo(git_repo)
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["assess", str(git_repo.root), "-q", "--workers", "1", "--db", url]) == 0
    capsys.readouterr()
    assert main(["report", "1", "--db", url, "--json", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["repository"]["head"] == git_repo.head()
    assert not (tmp_path / "-").exists()


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="no /dev/fd on this system")
def test_a_link_to_standard_output_is_standard_output(git_repo, tmp_path):
    """``--json /dev/fd/1`` (as ``/dev/stdout``) with standard output redirected to a file:
    the file holds the JSON whole; the summary goes to stderr instead of overwriting it."""
    _repo(git_repo)
    captured = tmp_path / "stdout.txt"
    with open(captured, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "assess", str(git_repo.root), "--no-save", "-q",
             "--workers", "1", "--json", "/dev/fd/1"],
            stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(captured.read_text(encoding="utf-8"))
    assert report["code"]["files"][0]["path"] == "svc/api.py"
    assert "Production code" in done.stderr


def test_a_folder_is_refused_in_one_line_before_the_work(git_repo, tmp_path, capsys):
    _repo(git_repo)
    folder = tmp_path / "out"
    folder.mkdir()
    for option in ("--json", "--pdf"):
        assert _assess(git_repo, option, str(folder)) == 2
        captured = capsys.readouterr()
        assert "is a folder" in _one_error_line(captured.err)
        assert captured.out == ""  # refused before the analysis: no summary
        assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_read_only_folder_fails_before_the_work_and_stores_nothing(git_repo, tmp_path,
                                                                     capsys):  # fmt: skip
    _repo(git_repo)
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "report.json").write_text("old", encoding="utf-8")
    database_url = f"sqlite:///{tmp_path / 'store.db'}"
    with read_only(folder):
        code = main(["assess", str(git_repo.root), "-q", "--workers", "1", "--db", database_url,
                     "--json", str(folder / "report.json")])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    line = _one_error_line(captured.err)
    assert str(folder / "report.json") in line and ("read-only" in line or "permission" in line)
    assert captured.out == ""
    assert (folder / "report.json").read_text(encoding="utf-8") == "old"
    assert _temporaries(folder) == []


def test_a_full_disk_keeps_the_old_file_and_the_stored_assessment(git_repo, tmp_path, capsys):
    _repo(git_repo)
    database_url = f"sqlite:///{tmp_path / 'store.db'}"
    with full_filesystem(tmp_path / "full") as folder:
        target = folder / "report.json"
        target.write_text("old", encoding="utf-8")
        fill(folder)
        with pytest.raises(OSError):
            write_output(b"x" * 100_000, target)
        assert target.read_text(encoding="utf-8") == "old" and _temporaries(folder) == []
        code = main(["assess", str(git_repo.root), "-q", "--workers", "1", "--db", database_url,
                     "--json", str(target)])  # fmt: skip
        captured = capsys.readouterr()
        assert code == 2
        assert "No space left on device" in _one_error_line(captured.err)
        assert target.read_text(encoding="utf-8") == "old" and _temporaries(folder) == []
    assert "Stored as        assessment #1" in captured.out
    assert len(open_store(database_url).assessments(str(git_repo.root.resolve()))) == 1


@posix_only
def test_a_device_that_fails_the_write_keeps_the_stored_assessment(git_repo, tmp_path, capsys):
    """A stand-in for /dev/full (every write: ENOSPC): the JSON cannot be written after the
    work; the assessment is stored all the same and the exit status says it (2, one line)."""
    _repo(git_repo)
    full = character_device(tmp_path / "full", 1, 7)
    database_url = f"sqlite:///{tmp_path / 'store.db'}"
    code = main(["assess", str(git_repo.root), "-q", "--workers", "1", "--db", database_url,
                 "--json", str(full)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    assert "No space left on device" in _one_error_line(captured.err)
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert len(open_store(database_url).assessments(str(git_repo.root.resolve()))) == 1


def test_an_old_temporary_is_removed_on_the_next_run(git_repo, tmp_path, capsys):
    _repo(git_repo)
    day_and_more = time.time() - 25 * 3600
    old = tmp_path / ".report.json.k3x_9q2a.tmp"
    fresh = tmp_path / ".report.json.ab12cd34.tmp"  # may belong to a run writing right now
    others = [
        tmp_path / ".report.json.short.tmp",  # not mkstemp's 8 characters
        tmp_path / ".other.json.k3x_9q2a.tmp",  # another target's
        tmp_path / "report.json.k3x_9q2a.tmp",  # no leading dot
    ]
    for path in (old, fresh, *others):
        path.write_text("partial", encoding="utf-8")
        if path is not fresh:
            os.utime(path, (day_and_more, day_and_more))
    assert _assess(git_repo, "--json", str(tmp_path / "report.json")) == 0, capsys.readouterr()
    assert not old.exists()
    assert fresh.exists() and all(path.exists() for path in others)
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["schema_version"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_reports_get_ordinary_permissions(tmp_path):
    """Atomic writes go through mkstemp (0600); the report must end up as open() would make
    it: 0666 minus the umask, or the mode of the file it replaces."""
    old = os.umask(0o022)
    try:
        fresh = write_output(b"{}", tmp_path / "new.json").path
        assert fresh.stat().st_mode & 0o777 == 0o644
        existing = tmp_path / "kept.json"
        existing.write_bytes(b"old")
        existing.chmod(0o640)
        write_output(b"new", existing)
        assert existing.stat().st_mode & 0o777 == 0o640 and existing.read_bytes() == b"new"
    finally:
        os.umask(old)


def test_refusals_are_one_line_output_errors(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_output(b"x", tmp_path / "folder")
    with pytest.raises(OutputError, match="only for --json"):
        write_output(b"x", "-")
    loop = tmp_path / "loop.json"
    loop.symlink_to("loop.json")
    with pytest.raises(OutputError, match="symbolic links"):
        write_output(b"x", loop)
    assert loop.is_symlink()


_SLOW_DISK = """
import os, sys, time
from pathlib import Path
marker = Path(sys.argv[1])
def slow_fsync(fd):  # a disk that takes its time: the signal lands while the temporary exists
    marker.write_text("writing")
    time.sleep(60)
os.fsync = slow_fsync
from app.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "status", "message"), [
    (signal.SIGTERM, 143, "readiness: terminated (SIGTERM)"),
    (signal.SIGINT, 130, "readiness: interrupted"),
])  # fmt: skip
def test_a_signal_while_writing_leaves_no_temporary(git_repo, tmp_path, signum, status, message):
    _repo(git_repo)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("old", encoding="utf-8")
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_DISK, str(marker), "assess", str(git_repo.root),
         "--no-save", "-q", "--workers", "1", "--json", str(out / "report.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), process.communicate(timeout=5)
        assert len(_temporaries(out)) == 1  # the write is under way
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == status, stderr
    assert stderr.strip().splitlines()[-1] == message
    assert "Traceback" not in stderr
    assert _temporaries(out) == []
    assert (out / "report.json").read_text(encoding="utf-8") == "old"
