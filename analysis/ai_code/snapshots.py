"""Duplication density of the code at quarter ends, read from the blobs of those commits.

For each quarter of the line window, the last commit of the history before the quarter ended
(the tip for the quarter still running) is listed with ``git ls-tree -r`` and its code files
(production and test roles) are read with one ``git cat-file --batch``, nothing checked out.
Each blob's runs of 5 consecutive non-blank lines (white space stripped, runs of under 40
characters ignored: the copy/paste rule of :mod:`analysis.ai_code.ledger`) are hashed once and
kept in the result cache by blob id, so a quarter end shares the unchanged files of the one
before, and a warm run reads no blob. **Duplication density** is the share of non-blank code
lines of the snapshot inside a run that occurs at least twice in it (in one file or across
files): GitClear's "duplicated code blocks" measured on the snapshot instead of the additions.
Blobs over :data:`MAX_BLOB_BYTES` and blobs missing from a partial clone are left out.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from analysis import git
from analysis.cache import ResultCache
from analysis.partial_clone import known_missing_blobs, without_missing
from analysis.progress import CancelCheck, check_cancel

NAMESPACE = "ai_code_blob_runs"
VERSION = b"2"  # 2: CRC-32 line hashes
RUN = 5
MIN_RUN_CHARS = 40
MAX_BLOB_BYTES = 512 * 1024
BATCH = 400
_PRIME = np.uint64(1099511628211)  # FNV's 64-bit prime: mixes the five line hashes in order


def blob_runs(data: bytes) -> tuple[int, np.ndarray]:
    """(non-blank lines, one uint64 per 5-line run: 0 when the run is under 40 characters)."""
    kept = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    kept = [line for line in kept if line]
    if len(kept) < RUN:
        return len(kept), np.zeros(0, dtype=np.uint64)
    # CRC-32 of each line: 3.4x quicker than an 8-byte BLAKE2b per line (saleor: 0.08 s
    # against 0.27 s for 2,000 files). A 32-bit line hash is enough here: two runs match
    # falsely only if all five of their lines collide (or their 64-bit mix does)
    lines = np.fromiter(map(zlib.crc32, map(str.encode, kept)), dtype=np.uint64, count=len(kept))
    lengths = np.array([len(t) for t in kept], dtype=np.int64)
    count = len(kept) - RUN + 1
    runs = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(RUN):
            runs = runs * _PRIME + lines[offset : offset + count]
    sums = np.convolve(lengths, np.ones(RUN, dtype=np.int64), mode="valid")
    runs[sums < MIN_RUN_CHARS] = 0
    return len(kept), runs


def _pack(lines: int, runs: np.ndarray) -> bytes:
    return struct.pack("<I", lines) + runs.astype("<u8").tobytes()


def _unpack(value: bytes) -> tuple[int, np.ndarray]:
    return struct.unpack("<I", value[:4])[0], np.frombuffer(value[4:], dtype="<u8")


def _tree(repo: Path, commit: str, scope: str, is_code: Callable[[str], bool]) -> list[str]:
    """Blob ids of the code files of ``commit``'s tree (within ``scope``)."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if scope:
        args += ["--", f":(top,literal){scope}"]
    out = git.run(repo, *args, timeout=None).stdout
    blobs = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        head, _, path = entry.partition(b"\t")
        parts = head.split()
        if len(parts) == 3 and parts[1] == b"blob" and is_code(path.decode("utf-8", "replace")):
            blobs.append(parts[2].decode("ascii"))
    return blobs


def _read_blobs(repo: Path, shas: list[str]) -> dict[str, bytes | None]:
    """Contents of ``shas`` (None: missing, or over the size bound)."""
    if not shas:  # (a warm run: every blob's runs cached; no walk for the missing ones)
        return {}
    found: dict[str, bytes | None] = {sha: None for sha in known_missing_blobs(repo) & set(shas)}
    shas = without_missing(repo, shas)  # cat-file would die on one (analysis.partial_clone)
    for start in range(0, len(shas), BATCH):
        batch = shas[start : start + BATCH]
        stdin = "".join(f"{sha}\n" for sha in batch).encode()
        out = git.run(repo, "cat-file", "--batch", input_bytes=stdin, timeout=None).stdout
        at = 0
        while at < len(out):
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3:  # "<sha> missing"
                found[header[0].decode("ascii", "replace")] = None
                continue
            size = int(header[2])
            body = out[at : at + size]
            at += size + 1
            found[header[0].decode("ascii")] = body if size <= MAX_BLOB_BYTES else None
    return found


def duplication_density(
    repo: Path,
    commits: Iterable[tuple[str, str]],
    scope: str,
    is_code: Callable[[str], bool],
    cache: ResultCache,
    cancel: CancelCheck,
) -> dict[str, float | None]:
    """Quarter -> duplication density of its end commit, for ``(quarter, commit)`` pairs."""
    runs: dict[str, tuple[int, np.ndarray] | None] = {}
    density: dict[str, float | None] = {}
    for quarter, commit in commits:
        check_cancel(cancel)
        blobs = _tree(repo, commit, scope, is_code)
        wanted = [b for b in dict.fromkeys(blobs) if b not in runs]
        keys = {sha: sha + VERSION.decode() for sha in wanted}
        kept = cache.get_many(NAMESPACE, keys.values())
        for sha in wanted:
            value = kept.get(keys[sha])
            if value is not None:
                runs[sha] = _unpack(value)
        missing = [sha for sha in wanted if sha not in runs]
        fresh: dict[str, bytes] = {}
        for sha, data in _read_blobs(repo, missing).items():
            if data is None:
                runs[sha] = None
                continue
            runs[sha] = blob_runs(data)
            fresh[keys[sha]] = _pack(*runs[sha])  # type: ignore[misc]
        if fresh:
            cache.put_many(NAMESPACE, fresh)
        files = [runs[b] for b in blobs if runs.get(b) is not None]
        total = sum(lines for lines, _ in files)  # type: ignore[misc]
        if not total:
            density[quarter] = None
            continue
        # one sort of the snapshot's runs: a run is repeated when its hash occurs twice
        arrays = [file_runs for _, file_runs in files]  # type: ignore[misc]
        every = np.concatenate(arrays) if arrays else np.zeros(0, np.uint64)
        repeated = np.zeros(len(every), dtype=bool)
        if len(every):
            _, inverse, counts = np.unique(every, return_inverse=True, return_counts=True)
            repeated = (counts[inverse.reshape(-1)] > 1) & (every != 0)
        covered, at = 0, 0
        ones = np.ones(RUN, dtype=np.int64)
        for lines, file_runs in files:  # type: ignore[misc]
            hit = repeated[at : at + len(file_runs)]
            at += len(file_runs)
            if hit.any():
                covered += int((np.convolve(hit.astype(np.int64), ones)[:lines] > 0).sum())
        density[quarter] = round(covered / total, 4)
    return density
