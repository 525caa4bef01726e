"""Behavioural analysis of a repository's history: one streamed ``git log`` pass, incremental.

Debt shows in behaviour (rework, files that keep changing, files that change together, code
only one person knows) before it shows in a metric. This package reads the history with a
single streamed ``git log --numstat`` (:mod:`.gitlog`) into :class:`.commits.Commit` records,
keeps them in the result cache so a re-assessment reads only new commits (:mod:`.reader`,
:mod:`.store`), and measures: per-file change history, hotspots, code-maat temporal coupling and
sum of coupling, ownership, fragmentation, truck factor and knowledge loss, rework, fix share
and monthly trends (:mod:`.mining` assembles them).
"""
