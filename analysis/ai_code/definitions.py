"""The definitions shown beside the AI-assisted code signals, each with its source."""

from __future__ import annotations

UNDERCOUNT = (
    "Trailers undercount AI use: only tools that commit for the developer (agents, and "
    "assistants set to sign their commits) write a Co-authored-by or Generated-by trailer; "
    "code typed with inline completion or pasted from a chat window carries none. Commits "
    "without a trailer are not 'human-only' commits."
)


def definitions(churn_days: int) -> dict[str, str]:
    """Measure -> its definition and source, for the report, the tab and the PDF."""
    return {
        "ai_trailer_commits": (
            "Non-merge commits whose final trailer paragraph (git interpret-trailers) names an "
            "AI tool in a Co-authored-by, Generated-by or Assisted-by trailer; the tools and "
            "patterns are listed in resources/data/ai_tools.json. " + UNDERCOUNT
        ),
        "copy_paste_lines": (
            "Added code lines inside a run of at least 5 consecutive lines that already exists "
            "in the repository or is added twice in the same commit (GitClear, 'AI Copilot "
            "Code Quality', 2025). Compared with white space stripped, blank lines skipped, "
            "runs of under 40 characters ignored; 'already in the repository' means added "
            "earlier in the measured window (code older than the window is not indexed)."
        ),
        "moved_lines": (
            "Added code lines whose text is removed elsewhere in the same commit: code moved, "
            "not written (GitClear's 'moved' operation). Lines under 4 characters ignored."
        ),
        "churned_lines": (
            f"Added code lines changed or deleted within {churn_days} days of being authored "
            "(GitClear's churn, 'Coding on Copilot', 2024: 14 days), counted against the "
            "quarter that wrote them. Lines of the last "
            f"{churn_days} days cannot be churned yet."
        ),
        "coupling": (
            "Sum of coupling of the files changed in the quarter (code-maat's sum-of-coupling: "
            "for each commit of at most 30 code files, each file gains the number of other files "
            "changed with it); per commit: that sum divided by the commits that changed code."
        ),
        "duplication_density": (
            "Share of the non-blank code lines at a quarter's end (the last commit before it "
            "ended, read from its blobs) that lie in a run of 5 consecutive lines occurring at "
            "least twice in the code then (runs of under 40 characters ignored; files over "
            "512 KiB left out): GitClear's duplicated blocks, on the snapshot."
        ),
        "code_files": (
            "Lines count in production and test code files only (analysis.roles): docs, "
            "configuration, data, generated, vendored and migration files are left out."
        ),
    }
