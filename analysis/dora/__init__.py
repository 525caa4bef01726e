"""Delivery performance (DORA): deployments and failures from git, imported logs and the
team's answers, turned into the five DORA metrics with levels and their provenance.

Pure Python, no Qt. The engine (:func:`analysis.dora.engine.compute_dora`) takes plain commit
records (:class:`analysis.dora.records.DoraCommit`), tags and the user's inputs; the phase
(:func:`analysis.dora.phase.assess_delivery`) reads those from git for
:func:`analysis.assessment.run`. Definitions: dora.dev guides; levels: Apache DevLake's ranges
built on the DORA 2023 report; see ``/docs`` of each module for the exact source of a formula.
"""
