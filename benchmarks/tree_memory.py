"""Peak resident memory of a process tree, sampled from /proc every 50 ms (shared by the
benchmarks that time work done in several processes)."""

from __future__ import annotations

import os
import resource
import sys
import threading


class TreeMemory:
    """Peak of the summed resident memory of a process (this one by default) and its
    descendants, sampled in a thread; without /proc, the largest single process of this one's
    tree (``getrusage``)."""

    def __init__(self, pid: int | None = None) -> None:
        self.pid = pid if pid is not None else os.getpid()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        found: list[int] = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    found += [int(x) for x in handle.read().split()]
        except OSError:
            pass
        return found

    def _sample(self) -> None:
        while not self._stop.is_set():
            pids, total = [self.pid], 0
            while pids:
                pid = pids.pop()
                total += self._rss(pid)
                pids += self._children(pid)
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> TreeMemory:
        if os.path.exists(f"/proc/{self.pid}/statm"):
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if not self.peak:  # no /proc: the largest single process (KB on Linux, bytes on macOS)
            scale = 1 if sys.platform == "darwin" else 1024
            usage = [
                resource.getrusage(w).ru_maxrss
                for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            ]
            self.peak = max(usage) * scale
