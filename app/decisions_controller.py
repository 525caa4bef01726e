"""Connects the Decisions panel to the application: the advice model from the settings, each
repository's team profile from the store, and team answers saved back to it."""

from __future__ import annotations

from PySide6.QtCore import QObject

from analysis.decisions import TeamProfile, load_model
from app.context import ApplicationContext
from app.store import StoreError
from widgets.decisions_panel import DecisionsPanel


class DecisionsController(QObject):
    def __init__(
        self, context: ApplicationContext, panel: DecisionsPanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.panel = panel
        settings = context.settings
        model, problems = load_model(
            settings.readiness_model, settings.hourly_cost, settings.currency
        )
        panel.set_team_source(self.team_of)
        panel.set_model(model, problems)
        panel.team_saved.connect(self.save)

    def team_of(self, path: str) -> TeamProfile:
        try:
            return self.context.store.team.load(path)
        except StoreError as exc:
            self.panel.show_error(str(exc))
            return TeamProfile()

    def save(self, path: str, profile: TeamProfile) -> None:
        try:
            self.context.store.team.save(path, profile)
        except StoreError as exc:
            self.panel.show_error(str(exc))
