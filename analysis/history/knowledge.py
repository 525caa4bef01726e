"""Knowledge risk: degree of authorship, truck factor, and knowledge loss.

Truck factor follows Avelino, Passos, Hora, Valente, "A Novel Approach for Estimating Truck
Factors" (ICPC 2016) and their tool (aserg-ufmg/Truck-Factor):

* degree of authorship ``DOA = 3.293 + 1.098 FA + 0.164 DL - 0.321 ln(1 + AC)``; FA = 1 for the
  developer who created the file; DL = their later changes to it (the creating commit is FA,
  not a delivery, as in the tool's ``DOACalculator``); AC = later changes by everyone else;
* a developer is an author of a file when their DOA normalised by the file's highest DOA is
  > 0.75 and their DOA >= 3.293;
* greedy truck factor: while at least half of the files still have an author, remove the
  developer who authors the most files; the truck factor is the number removed
  (``GreedyTruckFactor``: stop when coverage < 50%). Ties go to the alphabetically first name.

Files counted: source files only, as the tool does (it keeps the files GitHub linguist counts
as a language: no documentation, vendored, generated or data files). Here that is the files
whose role (:mod:`analysis.roles`) is ``production`` or ``test``, with a second figure over
``production`` alone. Each removed developer "orphans" the files that lose their last author
when they leave, after those removed before them.

Knowledge loss: files whose main developer (most added lines) has made no commit at all for
``inactive_months`` before the end of the history: nobody active holds most of that code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from analysis.history.file_history import MONTH_SECONDS, FileRecord

DOA_BASE = 3.293
DOA_FIRST_AUTHORSHIP = 1.098
DOA_DELIVERIES = 0.164
DOA_ACCEPTANCES = 0.321
AUTHOR_NORMALISED = 0.75
COVERAGE = 0.5


def degree_of_authorship(first_author: bool, deliveries: int, others: int) -> float:
    """Avelino et al. 2016, equation 1."""
    return (
        DOA_BASE
        + DOA_FIRST_AUTHORSHIP * first_author
        + DOA_DELIVERIES * deliveries
        - DOA_ACCEPTANCES * math.log(1 + others)
    )


def file_authors(record: FileRecord) -> set[int]:
    """Developers who are authors of this file by normalised and absolute DOA."""
    if not record.revisions_by:
        return set()
    total_deliveries = record.revisions - 1
    doa = {}
    for developer, revisions in record.revisions_by.items():
        first = developer == record.creator
        deliveries = revisions - first
        doa[developer] = degree_of_authorship(first, deliveries, total_deliveries - deliveries)
    best = max(doa.values())
    if best <= 0:
        return set()
    return {d for d, v in doa.items() if v / best > AUTHOR_NORMALISED and v >= DOA_BASE}


#: Roles whose files are source code for knowledge figures (Avelino et al.: linguist's files;
#: analysis.roles.CODE_ROLES), and the production-only figure's.
PRODUCTION = "production"
SOURCE_ROLES = (PRODUCTION, "test")
WITHOUT_TESTS = (PRODUCTION,)


@dataclass
class TruckFactor:
    value: int
    developers: list[int] = field(default_factory=list)  # removed, in order
    files: int = 0  # files considered
    coverage: list[float] = field(default_factory=list)  # share with an author, per step
    orphaned: list[list[int]] = field(default_factory=list)  # per removed developer: file ids


def truck_factor(authors_by_file: dict[int, set[int]], names: list[str]) -> TruckFactor:
    """Greedy truck factor over ``file id -> authors`` (every listed file counts).

    ``orphaned[k]`` are the files whose last remaining author is the k-th developer removed.
    """
    files = len(authors_by_file)
    result = TruckFactor(0, files=files)
    if not files:
        return result
    authored: dict[int, set[int]] = {}
    remaining: dict[int, int] = {}
    for file_id, developers in authors_by_file.items():
        remaining[file_id] = len(developers)
        for developer in developers:
            authored.setdefault(developer, set()).add(file_id)
    covered = sum(1 for count in remaining.values() if count)
    while authored:
        coverage = covered / files
        result.coverage.append(round(coverage, 4))
        if coverage < COVERAGE:
            break
        top = min(authored, key=lambda d: (-len(authored[d]), names[d], d))
        lost = []
        for file_id in authored.pop(top):
            remaining[file_id] -= 1
            if not remaining[file_id]:
                lost.append(file_id)
        covered -= len(lost)
        result.developers.append(top)
        result.orphaned.append(sorted(lost))
    result.value = len(result.developers)
    return result


def knowledge_loss(
    main_developers: dict[int, int],
    last_commit: dict[int, int],
    end: int | None,
    inactive_months: int,
) -> list[int]:
    """File ids whose main developer's last commit is ``inactive_months`` before ``end``."""
    if end is None:
        return []
    cutoff = end - inactive_months * MONTH_SECONDS
    return sorted(
        file_id
        for file_id, developer in main_developers.items()
        if last_commit.get(developer, -1) < cutoff
    )
