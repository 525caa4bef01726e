"""Module-level functions for worker-pool tests (spawned workers import them by name)."""

import os
import time


def square(x: int) -> int:
    return x * x


def slow_on_minus_one(x: int) -> int:
    if x == -1:
        time.sleep(120)
    return x


def die_on_seven(x: int) -> int:
    if x == 7:
        os._exit(3)
    if x == 8:
        raise ValueError("bad item 8")
    return x


def sleep_each(x: float) -> float:
    time.sleep(x)
    return x


def allocate_megabytes(megabytes: int) -> int:
    """Hold ``megabytes`` of memory (touched, so it is resident), then answer its size."""
    block = bytearray(megabytes * 1024 * 1024)
    block[::4096] = b"\1" * len(block[::4096])
    return len(block) // (1024 * 1024)


def address_space_limit(_item: object) -> int:
    """The soft RLIMIT_AS of this worker (-1: none)."""
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]
