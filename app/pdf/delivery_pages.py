"""The PDF's delivery (DORA) pages: the five figures beside the article's table, the release
lines, each counted failure with its evidence (the release that fixed it, the fixing commit, the
change it fixed, how they were linked), the tags set aside, and the warnings a reader must see
first: a window ending at a stale clone's newest commit, failures guessed from tag spacing, and
tags that measure release cadence rather than production deployments."""

from __future__ import annotations

from analysis.assessment import Assessment
from analysis.comparison import duration_text, percent_text
from analysis.dora.evidence_wording import (
    cadence_text,
    commit_text,
    failures_text,
    method_of,
    method_tip,
    method_words,
    stale_window_text,
    unit,
)
from analysis.dora.levels import ARTICLE_TABLE, METRIC_LABELS, NOT_ENOUGH, article_table
from analysis.dora.results import DoraReport, FailureEntry
from analysis.dora.wording import count
from app.pdf.markup import (
    BAD,
    GOOD,
    LEVEL_COLOURS,
    VERDICT_COLOURS,
    WARN,
    WARN_BG,
    WARN_BORDER,
    ChartSet,
    coloured,
    heading,
    muted,
    para,
    table,
    text,
)

#: Failures listed one line each; the rest are counted ("and N more").
FAILURES_SHOWN = 15
#: Release lines listed, newest first; older ones are counted.
LINES_SHOWN = 8
#: Set-aside tags named in the sentence under the release lines.
SET_ASIDE_NAMED = 8
SUBJECT_CHARS = 64


def warning_box(html: str) -> str:
    """A full-width tinted box: what the reader must know before reading the figures."""
    return (
        f"<table width='100%' border='1' cellspacing='0' cellpadding='6' "
        f"style='border-collapse: collapse; border-color:{WARN_BORDER}; margin-bottom:6px'>"
        f"<tr><td bgcolor='{WARN_BG}'>{coloured(html, WARN)}</td></tr></table>"
    )


def _dora_value(dora: DoraReport, key: str) -> str:
    noun = unit(dora)
    if key == "lead_time":
        if dora.lead_time_reason:
            return dora.lead_time_reason
        median = dora.lead_time_hours.median
        return "–" if median is None else f"{duration_text(median)} (n={dora.lead_time_hours.n})"
    if key == "deployment_frequency":
        return f"{dora.deployments_per_week:.2f} a week ({count(dora.deployments, noun)})"
    if key == "change_fail_rate":
        rate = dora.change_fail_rate
        if rate is None:
            return "–"
        guess = ", guessed from tag spacing" if dora.failure_method == "tag-spacing" else ""
        return f"{percent_text(rate)} ({dora.failed_deployments} failed{guess})"
    if key == "recovery_time":
        median = dora.recovery_hours.median
        return "–" if median is None else f"{duration_text(median)} (n={dora.recovery_hours.n})"
    rate = dora.rework_rate
    return "–" if rate is None else f"{percent_text(rate)} ({dora.unplanned_deployments} unplanned)"


def _figures(dora: DoraReport) -> str:
    rows = []
    for key in (*ARTICLE_TABLE, "rework_rate"):
        level = "" if key == "lead_time" and dora.lead_time_reason else dora.levels.get(key, "")
        verdict = dora.article_verdicts.get(key, "") if level else ""
        healthy, high_debt = article_table(dora.reads_as == "releases").get(
            key, ("no threshold", "no threshold")
        )
        label = METRIC_LABELS[key]
        if unit(dora) == "release":
            label = label.replace("Deployment", "Release").replace("deployment", "release")
        rows.append(
            [
                text(label),
                text(_dora_value(dora, key)),
                coloured(text(level or "–"), LEVEL_COLOURS.get(level), bold=True),
                text(healthy),
                text(high_debt),
                coloured(text(verdict or "–"), VERDICT_COLOURS.get(verdict), bold=True),
            ]
        )
    return table(
        ("Metric", "This system", "DORA level", "Healthy", "High-debt", "Article's verdict"),
        rows,
        widths=(20, 25, 12, 13, 15, 15),
    )


def _release_lines(dora: DoraReport) -> str:
    if not dora.release_lines and not dora.set_aside_tags:
        return ""
    parts = ["<h2>Release lines</h2>"]
    lines = dora.release_lines
    if lines:
        rows = [
            [
                f"<b>{text(line.line)}</b> (current)" if line.current else text(line.line),
                str(line.releases),
                str(line.backports),
                str(line.pre_releases),
                text((line.first or "")[:10]),
                text((line.last or "")[:10]),
                "yes" if line.maintained else muted("no", "8.5pt"),
            ]
            for line in lines[:LINES_SHOWN]
        ]
        parts.append(
            table(
                ("Line", "Releases", "Backports", "Pre-releases", "First release",
                 "Last release", "Released in the window"),
                rows,
                widths=(16, 11, 11, 12, 15, 15, 20),
            )
        )  # fmt: skip
        older = len(lines) - LINES_SHOWN
        more = f" and {count(older, 'older line')} not listed" if older > 0 else ""
        parts.append(
            para(
                muted(
                    f"Releases: counted, they ship new changes. Backports: patches on an older "
                    f"line that carry only changes already shipped on a newer line; listed, "
                    f"counted once where the change first shipped. Pre-releases are never "
                    f"counted{text(more)}."
                )
            )
        )
    aside = dora.set_aside_tags
    if aside:
        pre = [t for t in aside if t.kind == "pre-release"]
        other = [t for t in aside if t.kind != "pre-release"]
        said = []
        if pre:
            said.append(
                f"{count(len(pre), 'pre-release')}, listed and never counted: "
                + _named([text(t.name) for t in pre])
            )
        if other:
            said.append(
                f"{count(len(other), 'tag')} that {'is' if len(other) == 1 else 'are'} no "
                "release, never a deployment: "
                + _named([f"{text(t.name)} ({text(t.reason)})" for t in other])
            )
        parts.append(para("Tags set aside in the window: " + "; ".join(said) + "."))
    return "".join(parts)


def _named(names: list[str]) -> str:
    """The first few names, then how many more."""
    shown = ", ".join(names[:SET_ASIDE_NAMED])
    rest = len(names) - SET_ASIDE_NAMED
    return shown + (f" and {rest} more" if rest > 0 else "")


def _failure_row(failure: FailureEntry, names: dict[str, str]) -> list[str]:
    def named(key: str | None) -> str:
        return text(names.get(key or "", key or ""))

    method = method_of(failure)
    restored = named(failure.restored_by) or ("resolved" if failure.restored_at else "not yet")
    fix = commit_text(failure.fix_commit, failure.fix_subject, SUBJECT_CHARS)
    fixed = commit_text(failure.fixed_commit, failure.fixed_subject, SUBJECT_CHARS)
    evidence = (
        f"{text(fix)}<br>{muted('fixes ' if method != 'revert' else 'reverts ', '7.5pt')}"
        f"{text(fixed)}"
        if fix and fixed
        else text(fix or failure.evidence)
    )
    return [
        f"<b>{named(failure.deployment)}</b>",
        restored,
        evidence,
        text(method_words(method)),
        text(duration_text(failure.recovery_hours) if failure.recovery_hours is not None else "–"),
    ]


def _failures(dora: DoraReport) -> str:
    noun = unit(dora)
    counted = [f for f in dora.failures if f.counted]
    parts = [f"<h2>Failed {noun}s and their evidence</h2>"]
    if dora.failure_method == "tag-spacing":
        parts.append(
            warning_box(
                "<b>Failures are a fallback guess from tag spacing, not linked evidence.</b> "
                "A patch release of the same line within the hotfix window is taken as a hotfix "
                "of the release before it, because the history could not be blamed (shallow or "
                "partial clone). Routine patch releases read as failures this way: treat the "
                "change fail rate and recovery time as an upper bound."
            )
        )
    if not counted:
        parts.append(para(f"No failed {noun} in the window."))
        return "".join(parts)
    names = {d.id: d.name for d in dora.deployment_list}
    parts.append(para(f"{text(failures_text(dora))}, newest first:"))
    newest = sorted(counted, key=lambda f: f.restored_at or "", reverse=True)
    rows = [_failure_row(f, names) for f in newest[:FAILURES_SHOWN]]
    parts.append(
        table(
            (f"Failed {noun}", "Fixed in", "Fix commit and the change it fixed", "Linked by",
             "Recovery"),
            rows,
            widths=(13, 11, 52, 14, 10),
            size="7.5pt",
        )
    )  # fmt: skip
    rest = len(counted) - FAILURES_SHOWN
    if rest > 0:
        more = count(rest, "more fix", "more fixes")
        parts.append(para(muted(f"… and {more} (the JSON report lists them all).")))
    used = dict.fromkeys(method_of(f) for f in counted)
    legend = " ".join(f"<b>{text(method_words(m))}</b>: {text(method_tip(m))}" for m in used)
    parts.append(para(muted(legend, "7.5pt")))
    return "".join(parts)


def _position(score: float | None, position: str | None) -> str:
    if score is None:
        return "–"
    colour = {"below": BAD, "above": GOOD}.get(position or "")
    return coloured(text(f"{score:.1f} ({position})"), colour)


def industry_benchmark(dora: DoraReport, charts: ChartSet) -> str:
    """Against the industry: the team beside DORA's Quick Check benchmark, with its source."""
    bench = dora.benchmark
    if bench is None:
        return ""
    parts = ["<h2>Against the industry</h2>"]
    parts.append(
        para(
            "The team's Quick Check answers and the figures measured here, on DORA's 0-10 scale "
            "(10 best; change fail rate, rework and stability shown as 10 minus DORA's stored "
            "figure), beside the mean and standard deviation of DORA's Quick Check respondents. "
            "Below or above: outside mean ± one standard deviation. A measured figure is placed "
            "only when its sample is large enough (5 deployments, or 5 restored failures for "
            "the recovery time)."
        )
    )
    for problem in bench.problems:
        parts.append(warning_box(text(problem[:1].upper() + problem[1:]) + "."))
    if "benchmark" in charts:
        parts.append(charts.image("benchmark"))
    for group in bench.groups:
        word = "Industry" if group.group == "industry" else "Organisation size"
        rows = [
            [
                text(m.label),
                _position(m.answered, m.answered_position),
                _position(m.measured, m.measured_position),
                text(f"{m.mean:.1f} ± {m.std:.1f}"),
            ]
            for m in group.metrics
        ]
        parts.append(f"<h3>{text(word)}: {text(group.name)}</h3>")
        parts.append(
            table(
                ("Metric", "Team's answer", "Measured", f"DORA {bench.edition} mean ± sd"),
                rows,
                widths=(40, 20, 20, 20),
            )
        )
    parts.append(para(muted(text(f"Source: {bench.source}."))))
    return "".join(parts)


def delivery(assessment: Assessment, charts: ChartSet) -> str:
    parts = [heading("Delivery performance (DORA)", new_page=True)]
    dora = assessment.dora
    if dora is None:
        return "".join(parts) + para("No delivery figures in this assessment.")
    stale = stale_window_text(dora)
    if stale:
        parts.append(warning_box(f"<b>Stale clone.</b> {text(stale)}"))
    noun = unit(dora)
    window = f"{dora.window.get('start', '')[:10]} to {dora.window.get('end', '')[:10]}"
    source = dora.deployment_source
    parts.append(
        para(
            f"{noun.capitalize()}s counted from <b>{text(source.get('label', ''))}</b> over "
            f"{window} ({dora.window.get('months')} months): {text(source.get('reason', ''))}."
        )
    )
    cadence = cadence_text(dora)
    if cadence:
        parts.append(para(f"<b>Release cadence.</b> {text(cadence)}"))
    parts.append(_figures(dora))
    parts.append(
        para(
            muted(
                "DORA levels as Apache DevLake applies the DORA 2023 report (Elite, High, Medium, "
                f"Low); '{NOT_ENOUGH}' below 5 deployments or restored failures. Healthy and "
                "high-debt: the article's table of a healthy system against one carrying high "
                "technical debt."
            )
        )
    )
    parts.append(_failures(dora))
    parts.append(_release_lines(dora))
    if "dora" in charts:
        parts.append("<h2>Month by month</h2>" + charts.image("dora"))
    parts.append(industry_benchmark(dora, charts))
    notes = [w for w in dora.warnings if not stale or "git fetch" not in w] + dora.notes
    if notes:
        shown = notes[:6]
        parts.append(para(muted(" ".join(text(n[:1].upper() + n[1:]) + "." for n in shown))))
    return "".join(parts)
