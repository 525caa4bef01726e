"""What the PDF needs from the assessment store: the previous assessment of the same repository
(for before/after), the headline figures of all earlier ones (for the trend chart), and the
scenarios with the later assessments (for the scenarios page)."""

from __future__ import annotations

from datetime import UTC, datetime

from analysis.assessment import Assessment
from analysis.headline import headline
from app.pdf.export import PastAssessments
from app.store import Store, StoreError


def _naive_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def past_assessments_of(
    store: Store | None, assessment: Assessment, settings=None
) -> PastAssessments:
    """The stored assessments of the repository made before this one (the newest of them is
    the "previous"), and the scenarios page (the article's targets, the saved scenarios, the
    later assessments); an unreadable store gives a PDF without them, not an error."""
    past, stored_id = _earlier(store, assessment)
    from app.whatif_cli import pdf_scenario_table  # the CLI's table, the same figures

    past.scenarios = pdf_scenario_table(store, stored_id, assessment, settings)
    return past


def _earlier(store: Store | None, assessment: Assessment) -> tuple[PastAssessments, int | None]:
    if store is None:
        return PastAssessments(headlines=[headline(assessment)]), None
    try:
        rows = store.assessments(assessment.repository.folder)
        when = _naive_utc(assessment.repository.analyzed_at)
    except (StoreError, ValueError):
        return PastAssessments(headlines=[headline(assessment)]), None
    head = assessment.repository.head
    this = next((i for i, r in enumerate(rows) if r.head == head and r.analyzed_at == when), None)
    stored_id = rows[this].id if this is not None else None
    if this is None:  # not stored (--no-save): everything stored up to its time came before
        earlier = [r for r in rows if r.analyzed_at <= when]
    else:  # rows are newest first (time, then id): the ones after it came before
        earlier = rows[this + 1 :]
    kept = [(r, r.headline) for r in earlier if r.headline is not None]
    headlines = [h for _, h in reversed(kept)] + [headline(assessment)]
    if not kept:
        return PastAssessments(headlines=headlines), stored_id
    previous, previous_headline = kept[0]
    stamp = previous.analyzed_at.replace(tzinfo=UTC).strftime("%Y-%m-%d %H:%M UTC")
    label = f"assessment #{previous.id} of {stamp}, commit {previous.head[:10]}"
    return PastAssessments(previous_headline, label, headlines), stored_id
