"""Connects the Decisions panel to the session: the panel shows the session's advice (its
advisor, with the repository's team profile and the settings' model) and sends team answers
back to it; the session keeps them with the repository and publishes the re-advised assessment.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.session import AssessmentSession
from widgets.decisions_panel import DecisionsPanel


class DecisionsController(QObject):
    def __init__(
        self, session: AssessmentSession, panel: DecisionsPanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.panel = panel
        panel.set_advisor_source(session.advisor_of)
        panel.team_applied.connect(session.set_team)
        session.problem.connect(panel.show_error)
