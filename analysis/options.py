"""How to run an assessment (:class:`Options`); every field has a default a first-time user
can keep. The GUI builds it from the settings file, the CLI from the settings and its flags."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.ai_code.options import AICodeOptions
from analysis.code.duplication import DuplicationSettings
from analysis.debt import DebtSettings
from analysis.decisions.team import TeamProfile
from analysis.dora.settings import DoraInputs
from analysis.history.options import HistoryOptions
from analysis.parallel import DEFAULT_MEMORY_BYTES
from analysis.roles import RoleSettings


@dataclass
class Options:
    """How to run an assessment; every field has a default a first-time user can keep."""

    workers: int | None = None  # worker processes; None = all cores
    file_budget_seconds: float = 20.0  # a file still parsing after this is skipped as too slow
    # memory a worker may add for one file (RLIMIT_AS, where the platform has it); beyond it
    # the file is skipped as too large to analyse. None: no budget
    file_memory_bytes: int | None = DEFAULT_MEMORY_BYTES
    max_file_bytes: int = 5 * 1024 * 1024
    dora: DoraInputs = field(default_factory=DoraInputs)  # deployment source, logs, answers
    duplication: DuplicationSettings = field(default_factory=DuplicationSettings)
    debt: DebtSettings = field(default_factory=DebtSettings)
    history: HistoryOptions = field(default_factory=HistoryOptions)
    ai_code: AICodeOptions = field(default_factory=AICodeOptions)  # analysis.ai_code
    team: TeamProfile = field(default_factory=TeamProfile)  # the team's answers (advice, money)
    readiness_model: dict = field(default_factory=dict)  # overrides of the advice model
    #: the settings' loaded hourly cost and currency (or --hourly-cost): the team profile's
    #: default, resolved once with it (analysis.decisions.team.resolve_team)
    hourly_cost: float | None = None
    currency: str | None = None
    roles: RoleSettings = field(default_factory=RoleSettings)  # the user's file-role globs
    #: reuse a kept run's figures when nothing it reads changed (analysis.reuse); False
    #: measures again (the CLI's --fresh)
    reuse_unchanged: bool = True
