"""AI-adoption readiness (DORA AI Capabilities Model): :func:`.measure.measure_ai_adoption`
and its result :class:`.results.AIAdoption`; the team's survey answers in :mod:`.survey`.
(Nothing imported here: a stored report is read back without the measuring code.)"""
