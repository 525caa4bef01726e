"""Technical debt (SQALE remediation model, as SonarQube applies it): rules, issues, ratio, rating.

``assess_debt(files, duplication, settings)`` checks the rule table
(``resources/debt_rules.toml``, with the user's overrides) against the measured files and sums
the remediation minutes per file, per top-level package and for the repository.
"""

from analysis.debt.issues import DebtIssue
from analysis.debt.rules import DebtRule
from analysis.debt.summary import (
    DebtReport,
    DebtSettings,
    ScopeDebt,
    assess_debt,
    debt_ratio,
    rating,
    top_level_package,
)

__all__ = [
    "DebtIssue",
    "DebtReport",
    "DebtRule",
    "DebtSettings",
    "ScopeDebt",
    "assess_debt",
    "debt_ratio",
    "rating",
    "top_level_package",
]
