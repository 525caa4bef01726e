"""The AI-adoption section in a few lines of text (the CLI's summary)."""

from __future__ import annotations

from analysis.ai_adoption.results import AIAdoption

#: the CLI summary's label column width
_LABEL = 17


def _line(label: str, text: str) -> str:
    return f"  {label:<{_LABEL}}{text}"


def summary_lines(section: AIAdoption | None) -> list[str]:
    """The combined readiness with each capability known, and the agent checks met."""
    if section is None:
        return []
    known = [c for c in section.capabilities if c.score is not None]
    if section.readiness is None:
        head = "readiness not known (no DORA AI capability could be scored)"
    else:
        head = (
            f"readiness {section.readiness:.1f}/10 on {section.readiness_basis} of 7 DORA AI "
            "capabilities: " + ", ".join(f"{c.name.lower()} {c.score:.1f}" for c in known)
        )
    lines = [_line("AI adoption", head)]
    batches = section.small_batches.lines_per_commit
    if batches.median is not None:
        lines.append(
            _line(
                "Small batches",
                f"median {batches.median:g} code lines per commit ({batches.bucket}) over "
                f"{batches.commits:,} commits",
            )
        )
    frequency = section.version_control.commit_frequency
    if frequency.bucket:
        lines.append(
            _line(
                "Commit rhythm",
                f"{frequency.bucket} (median of {len(frequency.per_author)} active authors)",
            )
        )
    checks = section.agent_readiness
    if checks:
        missing = [f.title for f in checks if f.ok is False]
        lines.append(
            _line(
                "Agent readiness",
                f"{sum(1 for f in checks if f.ok)} of {len(checks)} checks met"
                + (f"; missing: {', '.join(missing)}" if missing else ""),
            )
        )
    return lines
