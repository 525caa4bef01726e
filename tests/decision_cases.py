"""Assessments built from their section dataclasses, for the advice engine's table-driven tests.

Three cases from the issue: the article's fintech monolith (Django, lead time 12 days, weekly
deploys, 30% change failure, 35% rework, a coupled hot payments component), a healthy small
service, and a tiny untested Python 2 codebase with (almost) no history. Every figure is set
here by hand, so the expected advice can be reasoned out from the model file.
"""

from __future__ import annotations

import copy

from analysis.architecture.components import Component
from analysis.architecture.cycles import Cycle, CycleBreaker
from analysis.architecture.section import ArchitectureSection, ComponentImport, Modularity
from analysis.architecture.shared_models import SharedModels
from analysis.architecture.stack import Evidence, LayerStatus, StackItem
from analysis.assessment import Assessment, CodeSection, RepositoryInfo
from analysis.code.duplication import DuplicationReport
from analysis.code.results import FileMetrics, FunctionMetrics, code_totals
from analysis.debt import DebtReport, ScopeDebt, debt_ratio, rating, top_level_package
from analysis.decisions import TeamProfile
from analysis.dora import levels as lv
from analysis.dora.results import DeployDays, DoraReport, LeadTime, Recovery
from analysis.history.results import (
    FileHistory,
    FixShare,
    HistorySection,
    Hotspot,
    KnowledgeLoss,
    MonthlyPoint,
    TruckFactorResult,
    Window,
)
from analysis.runtime.section import CodeNeed, RequiredMinimum, RuntimeSection
from analysis.runtime.targets import PIN, VersionTarget

COST_PER_LINE = 30


def module(path: str, sloc: int, mi: float, complexities=(3, 4), status: str = "ok"):
    functions = [
        FunctionMetrics(f"f{i}", 10 * i + 1, 10 * i + 9, "function", c)
        for i, c in enumerate(complexities)
    ]
    return FileMetrics(
        path=path,
        status=status,
        loc=sloc + 10,
        lloc=sloc,
        sloc=sloc,
        comments=5,
        multi=0,
        blank=5,
        single_comments=5,
        mi=mi if status == "ok" else None,
        cc_total=sum(complexities) if status == "ok" else None,
        functions=functions if status == "ok" else [],
    )


def debt_report(files: list[FileMetrics], minutes: dict[str, int]) -> DebtReport:
    """Debt with ``minutes`` of remediation per file (SonarQube ratio = min / (30 x ncloc))."""
    rated = [f for f in files if f.status == "ok"]
    by_file = []
    for f in rated:
        m = minutes.get(f.path, 0)
        ratio = debt_ratio(m, f.sloc, COST_PER_LINE)
        by_file.append(
            ScopeDebt(f.path, f.sloc, m, ratio, rating(ratio), package=top_level_package(f.path))
        )
    packages: dict[str, list[ScopeDebt]] = {}
    for entry in by_file:
        packages.setdefault(entry.package, []).append(entry)
    by_package = []
    for name, members in packages.items():
        ncloc = sum(f.ncloc for f in members)
        m = sum(f.remediation_minutes for f in members)
        ratio = debt_ratio(m, ncloc, COST_PER_LINE)
        by_package.append(ScopeDebt(name, ncloc, m, ratio, rating(ratio), len(members)))
    ncloc = sum(f.ncloc for f in by_file)
    total = sum(f.remediation_minutes for f in by_file)
    ratio = debt_ratio(total, ncloc, COST_PER_LINE)
    return DebtReport(
        remediation_minutes=total,
        ratio=ratio,
        rating=rating(ratio),
        ncloc=ncloc,
        cost_per_line_minutes=COST_PER_LINE,
        rating_grid=(0.05, 0.10, 0.20, 0.50),
        files=len(rated),
        excluded_files=len(files) - len(rated),
        target_versions=("3.12", "3.13"),
        target_versions_source="default",
        by_file=by_file,
        by_package=by_package,
    )


def dora_report(
    lead_days: float,
    per_week: float,
    cfr: float,
    recovery_hours: float,
    rework_rate: float,
    deployments: int,
    deploy_days_per_week: float,
) -> DoraReport:
    """A 26-week window's figures, with levels and verdicts as the DORA engine derives them."""
    lead_hours = lead_days * 24
    bucket = lv.fourkeys_bucket(deploy_days_per_week, deploy_days_per_week * 4)
    failed = round(cfr * deployments)
    return DoraReport(
        window={"start": "2024-01-01T00:00:00+00:00", "end": "2024-07-01T00:00:00+00:00",
                "months": 6},
        deployment_source={"kind": "tags", "label": "Release tags", "setting": "auto",
                           "reason": "test", "detail": "", "notes": []},
        failure_source={"used": ["revert"], "counts": {}, "notes": []},
        deployments=deployments,
        failed_deployments=failed,
        lead_time_hours=LeadTime(lead_hours, lead_hours, lead_hours, deployments * 3),
        deployments_per_week=per_week,
        change_fail_rate=cfr,
        recovery_hours=Recovery(recovery_hours, max(failed, 5), 0),
        rework_rate=rework_rate,
        levels={
            "lead_time": lv.lead_time_level(lead_hours),
            "deployment_frequency": lv.deployment_frequency_level(
                deploy_days_per_week, deploy_days_per_week * 4
            ),
            "change_fail_rate": lv.change_fail_level(cfr),
            "recovery_time": lv.recovery_level(recovery_hours),
        },
        article_verdicts={
            "lead_time": lv.lead_time_verdict(lead_hours),
            "deployment_frequency": lv.deployment_frequency_verdict(bucket),
            "change_fail_rate": lv.change_fail_verdict(cfr),
            "recovery_time": lv.recovery_verdict(recovery_hours),
        },
        quick_check=None,
        monthly=[],
        deployments_per_day=per_week / 7,
        deploy_days=DeployDays(deploy_days_per_week, deploy_days_per_week * 4, 26, 6, bucket),
    )  # fmt: skip


def history(
    commits: int,
    hotspots: list[tuple[str, int]],
    rework: float | None,
    truck: int | None,
    lost: float | None,
    fix: float | None,
    authors: int,
    files: list[FileMetrics],
) -> HistorySection:
    spots = [Hotspot(path, revisions, 10, "cc", 100, 0.5) for path, revisions in hotspots]
    return HistorySection(
        window=Window(12, "2023-07-01T00:00:00+00:00", "2024-07-01T00:00:00+00:00",
                      min(commits, 400)),
        commits=commits,
        partial=False,
        files=[
            FileHistory(f.path, 5, 2, 50, 10, None, None, 12.0, "Developer 1", 0.8, 0.3)
            for f in files
        ],
        hotspots=spots,
        truck_factor=TruckFactorResult(truck, ["Developer 1"] if truck else [], len(files)),
        knowledge_loss=KnowledgeLoss(6, lost),
        rework_share=rework,
        fix_share=FixShare(fix, fix),
        monthly=[
            MonthlyPoint(f"2024-0{m}", 40, 2000, fix, rework, authors) for m in (4, 5, 6)
        ],
        ref="main",
    )  # fmt: skip


def component(name, kind, modules, sloc, ca, ce, in_cycle=False) -> Component:
    total = ca + ce
    instability = round(ce / total, 4) if total else None
    distance = None if instability is None else round(abs(instability - 1), 4)
    return Component(name, kind, modules, sloc, 0, 0, ca, ce, instability, 0.0, distance, in_cycle)


def layers(present: list[str]) -> list[LayerStatus]:
    names = ("core system", "AI services", "communication", "data")
    return [LayerStatus(n, "present" if n in present else "missing", [], "test") for n in names]


def stack(names: list[str]) -> list[StackItem]:
    layer = {"Django": "core system", "FastAPI": "AI services", "Redis": "communication",
             "PostgreSQL": "data", "Celery": "communication"}  # fmt: skip
    return [
        StackItem(n, layer.get(n, "core system"), [Evidence("dependency", "requirements.txt:1", n)])
        for n in names
    ]


def info(name: str, files: int) -> RepositoryInfo:
    return RepositoryInfo(
        path=f"/repos/{name}", name=name, head="0" * 40, branch="main", scope="",
        analyzed_at="2024-07-01T00:00:00+00:00", tracked_files=files,
    )  # fmt: skip


# ---------------------------------------------------------------------------------- fintech

FINTECH_FILES = [
    module("shop/settings.py", 400, 60),
    module("shop/urls.py", 120, 70),
    module("payments/models.py", 4000, 12, (25, 31, 18)),
    module("payments/services.py", 9000, 8, (42, 35, 28, 12)),
    module("payments/views.py", 5000, 15, (22, 19)),
    module("orders/models.py", 6000, 25, (16, 9)),
    module("orders/views.py", 7000, 30, (12, 8)),
    module("accounts/models.py", 5000, 35, (8, 6)),
    module("accounts/views.py", 6000, 38, (9, 5)),
    module("catalog/models.py", 8000, 55, (4, 3)),
    module("catalog/views.py", 6000, 60, (5, 4)),
    module("reports/queries.py", 3000, 40, (11, 7)),
    module("tests/test_payments.py", 900, 60),
    module("tests/test_orders.py", 700, 62),
    module("manage.py", 20, 80),
]
FINTECH_DEBT_MINUTES = {
    "payments/models.py": 24_000,  # 4,000 lines: ratio 20%
    "payments/services.py": 81_000,  # 30%
    "payments/views.py": 30_000,  # 20%
    "orders/models.py": 18_000,  # 10%
    "orders/views.py": 10_500,  # 5%
    "accounts/models.py": 6_000,
    "accounts/views.py": 5_400,
    "catalog/models.py": 4_800,
    "catalog/views.py": 3_600,
    "reports/queries.py": 9_000,  # 10%
}
FINTECH_HOTSPOTS = [
    ("payments/services.py", 140),
    ("payments/models.py", 90),
    ("payments/views.py", 60),
    ("orders/views.py", 40),
    ("orders/models.py", 30),
    ("accounts/views.py", 12),
    ("accounts/models.py", 8),
    ("reports/queries.py", 15),
    ("catalog/views.py", 4),
    ("catalog/models.py", 3),
    ("tests/test_payments.py", 30),
    ("shop/settings.py", 10),
]
FINTECH_TEAM = TeamProfile(
    team_size=12,
    cost_per_engineer=150_000,
    currency="EUR",
    rework_share=0.35,
    ai_budget=500_000,
    ai_timeline_months=12,
    teams_per_deployment=3,
    senior_engineers=0,
)


def fintech() -> Assessment:
    files = copy.deepcopy(FINTECH_FILES)
    components = [
        component("payments", "django_app", 4, 18000, 14, 9, in_cycle=True),
        component("orders", "django_app", 3, 13000, 8, 6, in_cycle=True),
        component("accounts", "django_app", 3, 11000, 6, 3, in_cycle=True),
        component("catalog", "django_app", 3, 14000, 5, 0),
        component("reports", "django_app", 2, 3000, 0, 4),
        component("shop", "package", 3, 520, 1, 5),
        component("tests", "package", 3, 1600, 0, 6),
        component("manage", "module", 1, 20, 0, 0),
    ]
    architecture = ArchitectureSection(
        components=components,
        component_imports=[
            ComponentImport("orders", "payments", 6),
            ComponentImport("accounts", "payments", 4),
            ComponentImport("reports", "payments", 3),
            ComponentImport("payments", "orders", 5),
            ComponentImport("payments", "accounts", 4),
            ComponentImport("orders", "accounts", 3),
            ComponentImport("accounts", "orders", 2),
            ComponentImport("orders", "catalog", 5),
            ComponentImport("reports", "orders", 2),
        ],
        cycles=[Cycle(["accounts", "orders", "payments"], 24, ["orders", "payments", "orders"])],
        cycle_breakers=[
            CycleBreaker(
                "payments.services",
                "orders.models",
                "payments",
                "orders",
                ["payments/services.py:12"],
                "from orders.models import Order",
            ),
            CycleBreaker(
                "payments.models",
                "accounts.models",
                "payments",
                "accounts",
                ["payments/models.py:5"],
                "from accounts.models import Account",
            ),
        ],
        modularity=Modularity(
            modules=22,
            components=8,
            internal_imports=60,
            cross_component_imports=34,
            cross_component_share=round(34 / 60, 4),
            components_in_cycles=3,
            largest_cycle=3,
        ),
        stack=stack(["Django", "PostgreSQL", "Celery", "Redis"]),
        layers=layers(["core system", "communication", "data"]),
        shared_models=[
            SharedModels(
                "payments.models",
                "payments",
                ["accounts", "orders", "reports"],
                9,
                ["orders/models.py:3", "reports/queries.py:2"],
            ),
            SharedModels("orders.models", "orders", ["payments"], 2, ["payments/services.py:12"]),
        ],
    )
    runtime = RuntimeSection(
        targets=[VersionTarget("3.9", "Dockerfile FROM python:3.9", "Dockerfile:1", PIN)]
    )
    return Assessment(
        repository=info("fintech", 400),
        code=CodeSection(files, code_totals(files)),
        dora=dora_report(12, 1.0, 0.30, 30, 0.20, 26, 1.0),
        runtime=runtime,
        architecture=architecture,
        history=history(4200, FINTECH_HOTSPOTS, 0.35, 2, 0.25, 0.32, 14, files),
        duplication=DuplicationReport(duplicated_lines=3600, lines=60_000, density=6.0, files=15),
        debt=debt_report(files, FINTECH_DEBT_MINUTES),
    )


# ---------------------------------------------------------------------------------- healthy

HEALTHY_FILES = [
    module("service/api.py", 900, 72),
    module("service/domain.py", 1400, 68, (6, 5, 4)),
    module("service/adapters.py", 700, 75),
    module("service/settings_loader.py", 200, 85),
    module("worker/jobs.py", 800, 70),
    module("tests/test_api.py", 600, 70),
    module("tests/test_domain.py", 700, 70),
    module("tests/test_jobs.py", 300, 72),
    module("tests/conftest.py", 100, 80),
]
HEALTHY_TEAM = TeamProfile(
    team_size=5,
    cost_per_engineer=90,
    cost_period="hour",
    currency="USD",
    rework_share=0.08,
    teams_per_deployment=1,
    senior_engineers=2,
)


def healthy() -> Assessment:
    files = copy.deepcopy(HEALTHY_FILES)
    architecture = ArchitectureSection(
        components=[
            component("service", "package", 4, 3200, 1, 0),
            component("worker", "package", 1, 800, 0, 1),
            component("tests", "package", 4, 1700, 0, 5),
        ],
        component_imports=[ComponentImport("worker", "service", 1)],
        modularity=Modularity(
            modules=9,
            components=3,
            internal_imports=20,
            cross_component_imports=6,
            cross_component_share=0.3,
        ),
        stack=stack(["FastAPI", "Redis", "PostgreSQL"]),
        layers=layers(["core system", "AI services", "communication", "data"]),
    )
    return Assessment(
        repository=info("service", 60),
        code=CodeSection(files, code_totals(files)),
        dora=dora_report(0.5, 8.0, 0.04, 0.5, 0.03, 208, 5.0),
        runtime=RuntimeSection(
            targets=[VersionTarget("3.12", ".python-version", ".python-version:1", PIN)]
        ),
        architecture=architecture,
        history=history(
            620,
            [
                ("service/domain.py", 30),
                ("service/api.py", 25),
                ("worker/jobs.py", 10),
                ("service/adapters.py", 8),
                ("tests/test_api.py", 20),
                ("tests/test_domain.py", 18),
                ("tests/test_jobs.py", 6),
                ("service/settings_loader.py", 3),
                ("tests/conftest.py", 2),
                ("README.md", 4),
            ],
            0.06,
            3,
            0.05,
            0.12,
            5,
            files,
        ),
        duplication=DuplicationReport(duplicated_lines=50, lines=5800, density=0.86, files=9),
        debt=debt_report(files, {"service/domain.py": 600, "worker/jobs.py": 300}),
    )


# ---------------------------------------------------------------------------------- python 2

PY2_FILES = [
    module("legacy/__init__.py", 0, 100, status="syntax_error"),
    module("legacy/billing.py", 320, 0, status="syntax_error"),
    module("legacy/report.py", 260, 0, status="syntax_error"),
    module("legacy/util.py", 150, 0, status="syntax_error"),
    module("run.py", 40, 0, status="syntax_error"),
]


def python2(with_history: bool = True) -> Assessment:
    files = copy.deepcopy(PY2_FILES)
    python2 = [CodeNeed(f.path, 1, "2.7", "print statement") for f in files]
    architecture = ArchitectureSection(
        components=[
            component("legacy", "package", 4, 730, 1, 0),
            component("run", "module", 1, 40, 0, 1),
        ],
        component_imports=[ComponentImport("run", "legacy", 1)],
        modularity=Modularity(modules=5, components=2, internal_imports=4,
                              cross_component_imports=1, cross_component_share=0.25),
        layers=layers(["core system"]),
    )  # fmt: skip
    return Assessment(
        repository=info("legacy", 6),
        code=CodeSection(files, code_totals(files)),
        dora=None,
        runtime=RuntimeSection(required_minimum=RequiredMinimum(python2=python2)),
        architecture=architecture,
        history=history(1, [], None, 1, 0.0, None, 1, files) if with_history else None,
        duplication=DuplicationReport(),
        debt=debt_report(files, {}),
    )
