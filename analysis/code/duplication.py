"""Duplicated code across all Python files: clone groups and the duplicated-lines density.

What counts (SonarQube's CPD defaults for languages without a Java-style statement chunker,
``sonar.cpd.*.minimumTokens`` 100 and ``minimumLines`` 10): a block of at least ``min_tokens``
successive tokens of the token stream (:mod:`analysis.code.clone_tokens`; comments and line
breaks ignored) that occurs more than once, within a file or across files, and spans at least
``min_lines`` lines (first line of its first token to last line of its last token).

Two figures from the same streams, side by side in the report:

* ``density`` (and the groups, the per-file ``duplicated_lines``, the debt): copy-and-paste.
  Inside function bodies names and literals are normalized (type-2 clones: logic copied and
  renamed), except literal runs (data displays), which keep their values; outside function
  bodies (imports, declarations, data tables) tokens keep their text, so only exact copies
  count there. A data table is not a clone of another table of the same shape, nor a model's
  declarations of another model's. :mod:`analysis.code.clone_tokens` gives the rule and the
  measurements behind it (production code of netbox 27.3% -> 3.1%, jscpd 2.2%; saleor
  11.9% -> 5.3%, jscpd 1.1%, the rest renamed copies of methods that jscpd cannot see).
* ``cpd_density`` (``cpd_duplicated_lines``, ``cpd_groups``): the raw CPD-style type-2 figure,
  every identifier and literal normalized everywhere (PMD CPD or jscpd with
  ``--ignore-identifiers --ignore-literals``). It counts data tables and declarations of the
  same shape as clones, which is why it is not the headline.

Neither is SonarQube's own figure for Python: its Python sensor adds each token's text and
normalizes nothing (sonar-python ``PythonCpdAnalyzer``), so it finds exact copies only (type
1), like jscpd without options; the product's ``density`` is closest to it, plus renamed copies
of functions. SonarQube's engine also matches whole lines; here blocks are matched at token
granularity.

Duplicated lines and density follow SonarQube's ``DuplicationMeasures``: every line from a
block's first to its last line counts, once however many blocks cover it, and
``density = 100 x duplicated_lines / lines`` where ``lines`` is the number of physical lines
(SonarQube's ``lines`` metric, here radon's LOC) of the files taking part. Files that are not
fully measured (syntax errors, skipped) take no part and are left out of both.

How (linear-ish, never pairwise): a polynomial rolling hash of every window of ``min_tokens``
tokens, computed with numpy over each file; one sort of all window hashes puts equal windows
together ("classes"). A class whose windows all shift by one token into one other class of the
same size continues it ("chains", linked with pointer jumping); a chain is then extended over
neighbouring classes that contain all of its windows, which gives maximal blocks: every group
is a block that cannot grow on either side without losing an occurrence. Each group is checked
token by token (hash collisions are dropped). Copies that overlap inside one file (a pattern
that repeats itself, such as a long list of similar entries) are merged into one fragment, and
a group needs at least two fragments. As in SonarQube, a group whose fragments all lie inside
the fragments of one larger group is not reported (it adds no duplicated line). A block that A
and B share and that C shares in part gives two groups: A-B over the whole block and A-B-C over
the shared part. (When C and D each share a different, overlapping part, the A-B pair over the
whole block has no window of its own and is reported through the A-B-C and A-B-D groups; every
duplicated line is still counted.)
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple

from analysis.code.clone_groups import (
    DEFAULT_EXCLUDE,
    CloneFragment,
    CloneGroup,
    DuplicationReport,
    DuplicationSettings,
    duplicated_lines_by_file,
)
from analysis.code.clone_tokens import TokenStream, unpack
from analysis.code.results import FileMetrics
from analysis.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    check_cancel,
    never_cancel,
    no_progress,
)


class _Numpy:
    """numpy, imported when first used: only finding clones needs it, and its import
    (~0.15 s) was paid by every start-up, a warm run that reuses its figures included."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("numpy"), name)


if TYPE_CHECKING:
    import numpy as np
else:
    np = _Numpy()

__all__ = [
    "DEFAULT_EXCLUDE",
    "CloneFragment",
    "CloneGroup",
    "DuplicationReport",
    "DuplicationSettings",
    "detect_duplication",
    "duplicated_lines_by_file",
    "find_clone_groups",
    "maximal_blocks",
]

#: Odd multiplier of the window hash (mod 2**64); its inverse exists because it is odd.
_BASE = 0x9E3779B97F4A7C15
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)


def detect_duplication(
    files: list[FileMetrics],
    settings: DuplicationSettings | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
) -> DuplicationReport:
    """Find clone groups among fully measured files; sets each file's ``duplicated_lines``."""
    settings = settings or DuplicationSettings()
    progress(Progress("duplication", 0, 3, "reading token streams"))
    paths: list[str] = []
    streams: list[TokenStream] = []
    lines = excluded = 0
    for item in files:
        item.duplicated_lines = None
        if item.status != "ok" or not item.clone_tokens:
            continue
        if settings.excludes(item.path):
            excluded += 1
            continue
        stream = unpack(item.clone_tokens)
        if stream is None:
            continue
        paths.append(item.path)
        streams.append(stream)
        lines += item.loc or 0
    check_cancel(cancel)
    progress(Progress("duplication", 1, 3, f"hashing {sum(map(len, streams)):,} tokens"))
    cpd_groups, repeated = _find_groups(paths, streams, settings, exact_data=False)
    check_cancel(cancel)
    groups, _ = _find_groups(paths, streams, settings, exact_data=True, within=repeated)
    check_cancel(cancel)
    progress(Progress("duplication", 2, 3, f"{len(groups)} clone groups"))
    per_file = duplicated_lines_by_file(groups)
    cpd_duplicated = sum(duplicated_lines_by_file(cpd_groups).values())
    taking_part = set(paths)
    for item in files:
        if item.path in taking_part:
            item.duplicated_lines = per_file.get(item.path, 0)
    duplicated = sum(per_file.values())
    progress(Progress("duplication", 3, 3, f"{duplicated:,} duplicated lines"))
    return DuplicationReport(
        duplicated_lines=duplicated,
        lines=lines,
        density=min(100.0, 100.0 * duplicated / lines) if lines else None,
        cpd_duplicated_lines=cpd_duplicated,
        cpd_density=min(100.0, 100.0 * cpd_duplicated / lines) if lines else None,
        cpd_groups=len(cpd_groups),
        files=len(paths),
        duplicated_files=sum(1 for n in per_file.values() if n),
        excluded_files=excluded,
        min_tokens=settings.min_tokens,
        min_lines=settings.min_lines,
        exclude=list(settings.exclude),
        groups=groups,
    )


def _window_hashes(codes: np.ndarray, width: int, powers, inverse_powers) -> np.ndarray:
    """``h[i] = sum(c[j] * B**(i+width-1-j) for j in i..i+width-1) mod 2**64`` for every i."""
    count = len(codes)
    values = (codes.astype(np.uint64) + np.uint64(1)) * inverse_powers[:count]
    prefix = np.zeros(count + 1, dtype=np.uint64)
    np.cumsum(values, out=prefix[1:])
    return (prefix[width:] - prefix[:-width]) * powers[width - 1 : count]


def _powers(base: int, count: int) -> np.ndarray:
    out = np.empty(max(count, 1), dtype=np.uint64)
    out[0] = 1
    if count > 1:
        np.cumprod(np.full(count - 1, base, dtype=np.uint64), out=out[1:])
    return out


def _segment_min_max(values: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.minimum.reduceat(values, starts), np.maximum.reduceat(values, starts)


def find_clone_groups(
    paths: list[str],
    streams: list[TokenStream],
    settings: DuplicationSettings,
    *,
    exact_data: bool = True,
) -> list[CloneGroup]:
    """Maximal clone groups among the streams (see the module docstring): with
    ``exact_data`` on the streams' ``exact`` symbols (the density), else on the plain type-2
    codes (the raw CPD-style figure)."""
    return _find_groups(paths, streams, settings, exact_data=exact_data)[0]


def _find_groups(paths, streams, settings, *, exact_data: bool, within=None):
    """The groups and the start positions of the repeated windows (see maximal_blocks)."""
    sizes = np.array([len(s) for s in streams], dtype=np.int64)
    offsets = np.zeros(len(streams) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    if not exact_data:
        columns = [s.codes for s in streams]
    elif within is None:
        columns = [s.exact for s in streams]
    else:  # the symbols of the files that hold a candidate window; no block lies in the others
        holds = np.zeros(len(streams), dtype=bool)
        holds[np.searchsorted(offsets, within, side="right") - 1] = True
        columns = [s.exact if h else s.codes for s, h in zip(streams, holds.tolist(), strict=True)]
    blocks = maximal_blocks(columns, settings.min_tokens, within)
    if blocks is None:
        return [], np.zeros(0, dtype=np.int64)
    groups = _build_groups(*blocks[:4], streams, offsets, paths, settings)
    return groups, blocks.repeated


class Blocks(NamedTuple):
    """What :func:`maximal_blocks` finds (positions are global: files concatenated in order)."""

    tokens: np.ndarray  # each block's length in tokens
    owner: np.ndarray  # the block of each occurrence
    starts: np.ndarray  # where each occurrence starts
    codes: np.ndarray  # the concatenated stream
    repeated: np.ndarray  # sorted starts of every window that occurs more than once


def maximal_blocks(codes_per_file: list[np.ndarray], width: int, within=None) -> Blocks | None:
    """Every maximal repeated block of >= ``width`` tokens and all its occurrences.

    ``tokens[b]`` is block b's length; occurrence i of some block starts at ``starts[i]`` and
    belongs to block ``owner[i]``. ``None`` if nothing repeats. A block found through several
    chains is listed once. ``within`` (sorted global window starts, optional) limits the search
    to those windows: the density's pass looks only where the raw pass found repeats, since
    two windows with equal symbols have equal codes (a symbol's low byte is its code).
    """
    sizes = np.array([len(c) for c in codes_per_file], dtype=np.int64)
    offsets = np.zeros(len(codes_per_file) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    total = int(offsets[-1])
    # numpy >= 2.4 writes its stubs with Python 3.12 generics (PEP 695), which mypy set to 3.11
    # does not read: ndarray.max() loses its no-argument overload. It exists at run time.
    longest = int(sizes.max()) if len(sizes) else 0  # type: ignore[call-overload,unused-ignore]
    if longest < width:
        return None
    powers = _powers(_BASE, longest)
    inverse_powers = _powers(_BASE_INVERSE, longest)
    window_hashes = []
    window_positions = []
    holds = None
    if within is not None:  # hash only the files that hold a candidate window
        holds = np.zeros(len(codes_per_file), dtype=bool)
        holds[np.searchsorted(offsets, within, side="right") - 1] = True
    for index, file_codes in enumerate(codes_per_file):
        if len(file_codes) >= width and (holds is None or holds[index]):
            window_hashes.append(_window_hashes(file_codes, width, powers, inverse_powers))
            start = offsets[index]
            window_positions.append(np.arange(start, start + len(file_codes) - width + 1))
    del powers, inverse_powers
    if not window_hashes:
        return None
    hashes = np.concatenate(window_hashes)
    positions = np.concatenate(window_positions)
    del window_hashes, window_positions
    if within is not None:
        candidate = np.zeros(total + 1, dtype=bool)
        candidate[within] = True
        keep = candidate[positions]
        hashes, positions = hashes[keep], positions[keep]
        del candidate, keep
        if not len(hashes):
            return None

    # Classes: windows with equal hashes (an unstable sort is twice as fast as a stable one
    # here, 0.37 s against 0.70 s for 6M windows; nothing below depends on the members' order).
    order = np.argsort(hashes)
    hashes = hashes[order]
    same = hashes[1:] == hashes[:-1]
    duplicated = np.zeros(len(hashes), dtype=bool)
    duplicated[1:] |= same
    duplicated[:-1] |= same
    chosen = np.flatnonzero(duplicated)
    if not len(chosen):
        return None
    member_pos = positions[order[chosen]]
    repeated = np.sort(member_pos)
    member_hash = hashes[chosen]
    del order, hashes, positions, same, duplicated, chosen
    first = np.empty(len(member_hash), dtype=bool)
    first[0] = True
    first[1:] = member_hash[1:] != member_hash[:-1]
    del member_hash
    class_start = np.flatnonzero(first)
    class_of_member = np.cumsum(first) - 1
    class_size = np.diff(np.append(class_start, len(member_pos)))
    # class of the window at each position; the extra last slot (-1) also serves index -1
    class_at = np.full(total + 1, -1, dtype=np.int32)
    class_at[member_pos] = class_of_member

    # Chains: class c continues class p when every window of p, shifted by one, is in c.
    preceding = _shift_class(class_at, member_pos - 1, class_start, class_size)
    rank, head = _rank_in_chains(preceding)
    chain_length = np.zeros(len(class_start), dtype=np.int64)
    np.maximum.at(chain_length, head, rank + 1)

    heads = np.flatnonzero(preceding < 0)
    head_members = np.flatnonzero(preceding[class_of_member] < 0)
    member_head = class_of_member[head_members]  # grouped by class, classes ascending
    positions_h = member_pos[head_members]
    segment = np.flatnonzero(np.r_[True, member_head[1:] != member_head[:-1]])
    windows = chain_length[heads].copy()
    chains = (class_at, positions_h, segment, heads, rank, head, chain_length, windows)
    left = _extend(*chains, to_right=False)
    right = _extend(*chains, to_right=True)
    windows += left + right
    token_count = windows - 1 + width
    first_start = np.minimum.reduceat(positions_h, segment) - left
    # the same maximal block is reached from several chains: keep one
    _, keep = np.unique(first_start * (total + 1) + token_count, return_index=True)
    member_count = np.diff(np.append(segment, len(positions_h)))[keep]
    owner = np.repeat(np.arange(len(keep)), member_count)
    starts = positions_h[_ranges(segment[keep], member_count)] - left[keep][owner]
    codes = np.concatenate(codes_per_file)
    return Blocks(token_count[keep], owner, starts, codes, repeated)


def _shift_class(class_at, shifted_pos, class_start, class_size) -> np.ndarray:
    """Per class: the class that holds all its windows shifted by one, if exactly that one."""
    neighbour = class_at[shifted_pos]
    low, high = _segment_min_max(neighbour, class_start)
    result = np.where((low == high) & (low >= 0), low, -1)
    found = result >= 0
    result[found] = np.where(class_size[result[found]] == class_size[found], result[found], -1)
    return result


def _rank_in_chains(preceding: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance of every class from the head of its chain, and that head (pointer jumping)."""
    count = len(preceding)
    rank = (preceding >= 0).astype(np.int64)
    head = np.where(preceding >= 0, preceding, np.arange(count))
    pointer = preceding.copy()
    while True:
        linked = np.flatnonzero(pointer >= 0)
        if not len(linked):
            return rank, head
        target = pointer[linked]
        rank[linked] += rank[target]
        head[linked] = head[target]
        pointer[linked] = pointer[target]


def _extend(
    class_at, positions, segment, heads, rank, head, chain_length, windows, *, to_right: bool
) -> np.ndarray:
    """How many windows each chain grows on one side through classes holding all its windows."""
    grown = np.zeros(len(heads), dtype=np.int64)
    active = np.arange(len(heads))
    sizes = np.diff(np.append(segment, len(positions)))
    while len(active):
        members = _ranges(segment[active], sizes[active])
        owner = np.repeat(np.arange(len(active)), sizes[active])
        if to_right:
            probe = positions[members] + windows[active][owner] + grown[active][owner]
        else:
            probe = positions[members] - 1 - grown[active][owner]
            probe = np.where(probe >= 0, probe, -1)
        neighbour = class_at[probe]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        low, high = _segment_min_max(neighbour, starts)
        ok = (low == high) & (low >= 0)
        target = low[ok]
        active = active[ok]
        if to_right:
            grown[active] += chain_length[head[target]] - rank[target]
        else:
            grown[active] += rank[target] + 1
    return grown


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, s + n)`` for every (s, n), vectorized."""
    total = int(sizes.sum())
    steps = np.ones(total, dtype=np.int64)
    boundaries = np.cumsum(sizes)[:-1]
    steps[0] = starts[0]
    steps[boundaries] = starts[1:] - (starts[:-1] + sizes[:-1] - 1)
    return np.cumsum(steps)


def _build_groups(
    tokens, owner, first, codes, streams, offsets, paths, settings
) -> list[CloneGroup]:
    """Check each block token by token, drop short copies, merge overlaps, make groups."""
    last = first + tokens[owner] - 1
    first_line = np.concatenate([s.starts for s in streams])[first]
    last_line = np.concatenate([s.ends for s in streams])[last]
    long_enough = (last_line.astype(np.int64) - first_line + 1) >= settings.min_lines
    file = np.searchsorted(offsets, first, side="right") - 1
    data = codes.tobytes()
    size = codes.itemsize
    copies: dict[int, list[tuple[int, int, int, int, int]]] = defaultdict(list)
    for row in zip(
        owner[long_enough].tolist(),
        file[long_enough].tolist(),
        first[long_enough].tolist(),
        last[long_enough].tolist(),
        first_line[long_enough].tolist(),
        last_line[long_enough].tolist(),
        strict=True,
    ):
        copies[row[0]].append(row[1:])
    found: list[tuple[CloneGroup, list[tuple[int, int, int]]]] = []
    for index, members in copies.items():
        if len(members) < 2:
            continue
        count = int(tokens[index])
        by_content: dict[bytes, list[tuple[int, int, int, int, int]]] = defaultdict(list)
        for member in members:  # a hash collision would put different blocks together
            by_content[data[member[1] * size : (member[1] + count) * size]].append(member)
        for same in by_content.values():
            made = _group(same, count, paths)
            if made is not None:
                found.append(made)
    groups = _without_covered(found)
    groups.sort(key=lambda g: (-g.lines, g.fragments[0].path, g.fragments[0].start_line))
    return groups


def _without_covered(
    found: list[tuple[CloneGroup, list[tuple[int, int, int]]]],
) -> list[CloneGroup]:
    """Drop a group whose every fragment lies inside a fragment of one larger group.

    SonarQube's CPD filter does the same ("a clone group covered by another is not reported"):
    inside a long duplicated block, shorter repeats (a pattern repeating within it) add no
    duplicated line and only clutter the list. Larger = more tokens in its fragments; ties go
    to the group found first.
    """
    size = [sum(last - first + 1 for _, first, last in spans) for _, spans in found]
    by_file: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # first, last, group
    for number, (_, spans) in enumerate(found):
        for file, first, last in spans:
            by_file[file].append((first, last, number))
    for entries in by_file.values():
        entries.sort(key=lambda e: (e[0], -e[1]))
    kept = []
    for number, (group, spans) in enumerate(found):
        candidates: set[int] | None = None
        for file, first, last in spans:
            covering = {
                other
                for start, end, other in by_file[file]
                if start <= first and end >= last and other != number
                and (size[other], -other) > (size[number], -number)
            }  # fmt: skip
            candidates = covering if candidates is None else candidates & covering
            if not candidates:
                break
        if not candidates:
            kept.append(group)
    return kept


def _group(
    copies: list[tuple[int, int, int, int, int]], tokens: int, paths
) -> tuple[CloneGroup, list[tuple[int, int, int]]] | None:
    """Copies ``(file, first token, last token, first line, last line)`` as one group."""
    if len(copies) < 2:
        return None
    copies.sort()
    merged: list[list[int]] = [list(copies[0])]
    for copy in copies[1:]:
        current = merged[-1]
        if copy[0] == current[0] and copy[1] <= current[2]:  # overlaps in the same file
            current[2] = max(current[2], copy[2])
            current[4] = max(current[4], copy[4])
        else:
            merged.append(list(copy))
    if len(merged) < 2:
        return None
    fragments = [CloneFragment(paths[m[0]], m[3], m[4]) for m in merged]
    group = CloneGroup(tokens=tokens, occurrences=len(copies), fragments=fragments)
    return group, [(m[0], m[1], m[2]) for m in merged]
