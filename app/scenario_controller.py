"""Connects the Scenario panel to the store: the scenarios saved with the assessment on screen
are listed in the panel, and its Save / Save as / Delete are kept (``Store.scenarios``), so
they survive a restart and reach ``readiness report`` and the PDF.

The shown assessment's id is the session's when it ran or loaded it; otherwise it is found as
the PDF finds its past assessments (``app.pdf.past_assessments``): the stored assessment of the
same folder (the store's key: the root, or the sub-folder assessed), head commit and time. One
that is not
stored (a report opened from a file, a ``--no-save`` run) has nowhere to keep scenarios: the
panel says so instead of saving.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject

from analysis.assessment import Assessment
from analysis.decisions.scenario import Scenario, ScenarioError
from app.session import AssessmentSession
from app.store import StoreError
from widgets.scenario_panel import ScenarioPanel

NOT_STORED = "This assessment is not in the store: scenarios can be played, not saved."


def _naive_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


class ScenarioController(QObject):
    def __init__(
        self, session: AssessmentSession, panel: ScenarioPanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.context = session.context
        self.panel = panel
        self.assessment_id: int | None = None
        panel.scenario_saved.connect(self.save)
        panel.scenario_deleted.connect(self.delete)
        session.assessment_changed.connect(self.show_assessment)

    def show_assessment(self, assessment: Assessment) -> None:
        """List the scenarios kept with ``assessment`` (none when it is not stored)."""
        known = self.session.assessment_id if assessment is self.session.assessment else None
        self.assessment_id = known if known is not None else self.stored_id(assessment)
        self.refresh()

    def stored_id(self, assessment: Assessment) -> int | None:
        repo = assessment.repository
        try:
            when = _naive_utc(repo.analyzed_at)
            rows = self.context.store.assessments(repo.folder)
        except (StoreError, ValueError) as exc:
            self.panel.show_message(str(exc), error=True)
            return None
        return next((r.id for r in rows if r.head == repo.head and r.analyzed_at == when), None)

    def refresh(self) -> None:
        if self.assessment_id is None:
            self.panel.set_scenarios([])
            self.panel.show_message(NOT_STORED)
            return
        try:
            saved = self.context.store.scenarios.list(self.assessment_id)
        except StoreError as exc:
            self.panel.show_message(str(exc), error=True)
            return
        scenarios, problems = [], []
        for row in saved:
            try:
                scenarios.append(row.scenario())
            except ScenarioError as exc:  # a lever renamed or re-ranged since it was saved
                problems.append(f"{row.name}: {exc}")
        self.panel.set_scenarios(scenarios)
        self.panel.show_message(
            "Not offered (no longer valid): " + "; ".join(problems) if problems else "",
            error=bool(problems),
        )

    def save(self, scenario: Scenario, replace: bool) -> None:
        if self.assessment_id is None:
            self.panel.show_message(NOT_STORED, error=True)
            return
        try:
            self.context.store.scenarios.save(self.assessment_id, scenario, replace=replace)
        except StoreError as exc:  # a taken name (Save as), a bad name, the database
            self.panel.show_message(str(exc), error=True)
            return
        self.refresh()
        self.panel.choose(scenario.name)
        self.panel.show_message(f"Saved scenario {scenario.name!r} with this assessment.")

    def delete(self, name: str) -> None:
        if self.assessment_id is None:
            return
        try:
            self.context.store.scenarios.delete(self.assessment_id, name)
        except StoreError as exc:
            self.panel.show_message(str(exc), error=True)
            return
        self.refresh()
        self.panel.show_message(f"Deleted scenario {name!r}.")
