"""DORA performance levels and the article's healthy / high-debt verdicts.

Levels: Apache DevLake's ranges built on the DORA 2023 report (metrics reference, section 4):

| level  | deployment frequency          | lead time       | change fail rate | recovery     |
| Elite  | median >= 5 deploy days/week  | < 1 day         | <= 5%            | < 1 hour     |
| High   | median >= 1 deploy day/week   | < 1 week        | <= 10%           | < 1 day      |
| Medium | median >= 1 deploy day/month  | < 1 month (30 d)| <= 15%           | < 1 week     |
| Low    | less                          | longer          | > 15%            | longer       |

fourkeys' deployment-frequency bucket: "daily" if the median week has >= 3 deploy days,
"weekly" if it has one, "monthly" if the median month has one, else "yearly".

The article's table (healthy vs high-debt system): lead time < 3 days vs 10-15+ days; deploys
daily vs weekly or less; change failure rate < 10% vs 20-40%; recovery < 1 hour vs hours or
days. Its worked example lands at 3 days and calls that the healthy outcome, so the lead-time
bound is taken as inclusive (<= 3 days). Figures between the two columns are "in between".
Rework rate has neither a DORA level nor an article threshold.
"""

from __future__ import annotations

ELITE, HIGH, MEDIUM, LOW = "Elite", "High", "Medium", "Low"
NOT_ENOUGH = "not enough data"
HEALTHY, BETWEEN, HIGH_DEBT = "healthy", "in between", "high-debt"

HOUR, DAY, WEEK, MONTH = 1.0, 24.0, 168.0, 720.0

METRICS = ("lead_time", "deployment_frequency", "change_fail_rate", "recovery_time")
METRIC_LABELS = {
    "lead_time": "Change lead time",
    "deployment_frequency": "Deployment frequency",
    "change_fail_rate": "Change fail rate",
    "recovery_time": "Failed deployment recovery time",
    "rework_rate": "Deployment rework rate",
}
#: The article's table, for display: (healthy, high-debt).
ARTICLE_TABLE = {
    "lead_time": ("< 3 days", "10-15+ days"),
    "deployment_frequency": ("daily", "weekly or less"),
    "change_fail_rate": ("< 10%", "20-40%"),
    "recovery_time": ("< 1 hour", "hours or days"),
}
LEVEL_THRESHOLDS = {
    "lead_time": "Elite < 1 day · High < 1 week · Medium < 1 month · Low longer",
    "deployment_frequency": "Elite: median week has >= 5 deploy days · High: >= 1 · "
    "Medium: median month has >= 1 · Low: less",
    "change_fail_rate": "Elite <= 5% · High <= 10% · Medium <= 15% · Low > 15%",
    "recovery_time": "Elite < 1 hour · High < 1 day · Medium < 1 week · Low longer",
}


def _ladder(value: float, limits: tuple[float, float, float], inclusive: bool = False) -> str:
    for level, limit in zip((ELITE, HIGH, MEDIUM), limits, strict=True):
        if value < limit or (inclusive and value == limit):
            return level
    return LOW


def lead_time_level(hours: float) -> str:
    return _ladder(hours, (DAY, WEEK, MONTH))


def recovery_level(hours: float) -> str:
    return _ladder(hours, (HOUR, DAY, WEEK))


def change_fail_level(rate: float) -> str:
    return _ladder(rate, (0.05, 0.10, 0.15), inclusive=True)


def deployment_frequency_level(days_per_week: float, days_per_month: float) -> str:
    """DevLake: median deploy days per week (>= 5 Elite, >= 1 High), else per month (>= 1)."""
    if days_per_week >= 5:
        return ELITE
    if days_per_week >= 1:
        return HIGH
    return MEDIUM if days_per_month >= 1 else LOW


def fourkeys_bucket(days_per_week: float, days_per_month: float) -> str:
    if days_per_week >= 3:
        return "daily"
    if days_per_week >= 1:
        return "weekly"
    return "monthly" if days_per_month >= 1 else "yearly"


def lead_time_verdict(hours: float) -> str:
    if hours <= 3 * DAY:
        return HEALTHY
    return HIGH_DEBT if hours >= 10 * DAY else BETWEEN


def deployment_frequency_verdict(bucket: str) -> str:
    return HEALTHY if bucket == "daily" else HIGH_DEBT


#: Release cadence of software others install (a library, a packaged application), in releases
#: a week: the article's "daily deploys" does not apply to it. Model choice, the same as the
#: readiness model's releases_per_week: monthly or more often is healthy; less than once a
#: quarter is what the OpenSSF Scorecard "Maintained" check reads as unmaintained (90 days).
MONTHLY_RELEASES, QUARTERLY_RELEASES = 0.23, 0.077


#: The deployment-frequency row of the table for software others install.
RELEASE_CADENCE_ROW = ("monthly or more often (release cadence)", "less than once a quarter")


def article_table(releases: bool = False) -> dict[str, tuple[str, str]]:
    """:data:`ARTICLE_TABLE`, with the release-cadence row when the figures count releases."""
    if not releases:
        return dict(ARTICLE_TABLE)
    return {**ARTICLE_TABLE, "deployment_frequency": RELEASE_CADENCE_ROW}


def release_cadence_verdict(per_week: float) -> str:
    if per_week >= MONTHLY_RELEASES:
        return HEALTHY
    return BETWEEN if per_week >= QUARTERLY_RELEASES else HIGH_DEBT


def change_fail_verdict(rate: float) -> str:
    if rate < 0.10:
        return HEALTHY
    return HIGH_DEBT if rate >= 0.20 else BETWEEN


def recovery_verdict(hours: float) -> str:
    return HEALTHY if hours < HOUR else HIGH_DEBT
