"""What one assessment measured: :class:`Assessment` and its repository and code sections.

The other sections are each phase package's own result types (``analysis.dora.results``,
``analysis.history.results`` ...); this module only gathers them. Serialise an assessment with
:func:`analysis.report.to_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.ai_adoption.results import AIAdoption
from analysis.ai_code.results import AICodeSection
from analysis.architecture.section import ArchitectureSection
from analysis.code.duplication import DuplicationReport
from analysis.code.results import CodeTotals, FileMetrics
from analysis.debt import DebtReport
from analysis.delivery_model import DeliveryModel
from analysis.dora.results import DoraReport
from analysis.findings import Finding
from analysis.history.results import HistorySection
from analysis.roles import FileRoles
from analysis.runtime.section import RuntimeSection
from analysis.scan import assessed_folder
from analysis.version import TOOL_NAME, __version__

if TYPE_CHECKING:  # the advice reads an Assessment: its type is named here, not imported
    from analysis.decisions import Decisions


@dataclass
class RepositoryInfo:
    path: str
    name: str
    head: str
    branch: str | None
    scope: str
    analyzed_at: str  # ISO 8601, UTC
    tracked_files: int
    partial: bool = False  # some figure is incomplete: see ``partial_figures``
    warnings: list[Finding] = field(default_factory=list)
    phase_seconds: dict[str, float] = field(default_factory=dict)  # wall clock per phase
    partial_figures: list[str] = field(default_factory=list)  # e.g. "code health", "history"
    #: service, packaged application, library or template/example, with its evidence
    delivery_model: DeliveryModel | None = None

    @property
    def folder(self) -> str:
        """The folder assessed (the store's key): the root, or the sub-folder in scope."""
        return assessed_folder(self.path, self.scope)

    @property
    def title(self) -> str:
        """The repository's name, with the sub-folder in scope."""
        return f"{self.name}/{self.scope}" if self.scope else self.name


@dataclass
class CodeSection:
    files: list[FileMetrics]
    totals: CodeTotals


@dataclass
class Assessment:
    """Everything one run measured. Serialise with :func:`analysis.report.to_report`."""

    repository: RepositoryInfo
    code: CodeSection
    duration_seconds: float = 0.0
    dora: DoraReport | None = None
    runtime: RuntimeSection | None = None  # None in reports written before the section existed
    architecture: ArchitectureSection | None = None
    history: HistorySection | None = None
    tool_name: str = TOOL_NAME
    tool_version: str = __version__
    duplication: DuplicationReport | None = None
    debt: DebtReport | None = None
    decisions: Decisions | None = None  # the advice (analysis.decisions.decide)
    roles: FileRoles | None = None  # what each tracked file is (analysis.roles)
    #: the team's AI-adoption readiness, DORA's AI capabilities (analysis.ai_adoption)
    ai_adoption: AIAdoption | None = None
    ai_code: AICodeSection | None = None  # AI-assisted code signals (analysis.ai_code)
