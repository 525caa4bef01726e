"""The wizard's first page: what will be measured, what stays private, how long it takes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

INTRO = """
<p>Answer a few questions, and Readiness Advisor measures whether this system is ready to carry
AI workloads, and what to do first. It takes a few minutes.</p>
<table cellspacing="0" cellpadding="3">
<tr><td><b>Code health</b></td><td>complexity and maintainability (radon), technical debt as
SonarQube rates it, duplicated code</td></tr>
<tr><td><b>History</b></td><td>hotspots (CodeScene), files that change together (code-maat),
knowledge risk and truck factor (Avelino et al.), rework</td></tr>
<tr><td><b>Delivery</b></td><td>the four DORA metrics and rework rate, from release tags,
merges or your CI/CD exports, or from your team's answers</td></tr>
<tr><td><b>Runtime</b></td><td>which Python versions the code can move to (vermin), removed
modules, free-threading</td></tr>
<tr><td><b>Architecture</b></td><td>components, dependency cycles and the stack, against the
four-layer target for AI services</td></tr>
<tr><td><b>Advice</b></td><td>a readiness score, refactor or rewrite, more hands or an
architectural partner, and a strangler-fig plan, each with its evidence</td></tr>
</table>
"""
PRIVACY = """
<p><b>Nothing leaves this machine.</b> The repository is read from its files and its git
history only: its code is never run, imported, built or installed. Results are kept in a local
database so that the next assessment can be compared with this one.</p>
"""
STEPS = """
<p>Next: choose the repositories, tell how deployments are recognised (or answer five
questions instead), describe the team, then let it run.</p>
"""


class WelcomePage(QWizardPage):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTitle("Assess a system's readiness for AI workloads")
        self.setSubTitle("What will be measured, and what stays private.")
        layout = QVBoxLayout(self)
        for text in (INTRO, PRIVACY, STEPS):
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(label)
        layout.addStretch(1)
