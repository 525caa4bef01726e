"""The team profile form: what the team tells the advice, each field's default shown beside it.

A field left at "not given" uses the default the advice resolved for it (from the history, the
settings, or the model's assumption), and the form says which. "Apply" hands the profile over;
the application keeps it with the repository and the advice recomputes at once.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from analysis.decisions import TeamProfile
from analysis.decisions.team import ResolvedTeam
from widgets import palette
from widgets.ai_capabilities_form import AICapabilitiesForm

NOT_GIVEN = "not given"
CURRENCIES = (
    "",
    "USD",
    "EUR",
    "GBP",
    "CHF",
    "CAD",
    "AUD",
    "JPY",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "INR",
)
FIELDS = {
    "team_size": (
        "Engineers on the team",
        "People who work on this system. Default: the most monthly active authors in the "
        "last three months of history.",
    ),
    "cost_per_engineer": (
        "Loaded cost per engineer",
        "Salary plus overhead, tools and office, per year or per hour. Prices rework and the "
        "technical debt (the debt tab uses it too). Default: the hourly_cost setting, else the "
        "model's assumed 100 an hour.",
    ),
    "rework_share": (
        "Time on rework / unplanned work",
        "The team's own estimate of the share of engineering time spent on rework, debugging "
        "and working around legacy constraints. The article: at 30-40% the system is "
        "constrained. Not given: the measured share (lines rewritten within 21 days) is used.",
    ),
    "ai_budget": (
        "Planned AI budget",
        "What the AI programme will cost; the advice shows the share at risk from rework.",
    ),
    "ai_timeline_months": ("AI timeline (months)", "How long the AI programme runs."),
    "teams_per_deployment": (
        "Teams that coordinate a deployment",
        "How many teams must coordinate to ship one change. 3 or more points to an "
        "architectural constraint (the article's table).",
    ),
    "senior_engineers": (
        "Architects / senior engineers available",
        "People who can lead a refactor. None available favours an architectural partner.",
    ),
}


def _spin(minimum: int, maximum: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setSpecialValueText(NOT_GIVEN)
    box.setSuffix(suffix)
    box.setValue(minimum)
    return box


def _money() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-1, 1e10)
    box.setDecimals(0)
    box.setSingleStep(1000)
    box.setGroupSeparatorShown(True)
    box.setSpecialValueText(NOT_GIVEN)
    box.setValue(-1)
    return box


class TeamForm(QWidget):
    #: the user applied a profile (a TeamProfile)
    profile_applied = Signal(object)
    #: any field changed (valid or not; see ``problem``)
    profile_changed = Signal()

    def __init__(self, parent=None, with_buttons: bool = True) -> None:
        """``with_buttons=False``: the form alone, for an owner that keeps the profile itself."""
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.intro = intro = QLabel(
            "What the repository cannot tell. Fields left at <i>not given</i> use the default "
            "shown beside them, and the advice marks every figure that rests on a default."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.team_size = _spin(0, 100_000)
        self.cost = _money()
        self.cost.setSingleStep(1000)
        self.period = QComboBox()
        self.period.addItem("a year", "year")
        self.period.addItem("an hour", "hour")
        self.currency = QComboBox()
        currency_edit = QLineEdit()  # the combo box is editable with this line edit
        currency_edit.setPlaceholderText(NOT_GIVEN)
        self.currency.setLineEdit(currency_edit)
        self.currency.addItems(CURRENCIES)
        self.currency.setToolTip("ISO 4217 code of the amounts (USD, EUR, ...)")
        self.currency.setMinimumWidth(self.fontMetrics().horizontalAdvance(NOT_GIVEN) + 48)
        self.rework = _spin(-1, 100, " %")
        self.budget = _money()
        self.timeline = _spin(0, 240, " months")
        self.teams = _spin(0, 1000)
        self.seniors = _spin(-1, 100_000)
        cost_row = QHBoxLayout()
        cost_row.addWidget(self.cost, 2)
        cost_row.addWidget(self.period, 1)
        cost_row.addWidget(self.currency, 1)
        widgets: dict[str, QWidget | QHBoxLayout] = {
            "team_size": self.team_size,
            "cost_per_engineer": cost_row,
            "rework_share": self.rework,
            "ai_budget": self.budget,
            "ai_timeline_months": self.timeline,
            "teams_per_deployment": self.teams,
            "senior_engineers": self.seniors,
        }
        self.defaults: dict[str, QLabel] = {}
        for name, widget in widgets.items():
            title, tip = FIELDS[name]
            default = QLabel("")
            palette.style(default, "color: {muted}; font-style: italic;")
            default.setWordWrap(True)
            row = QHBoxLayout()
            if isinstance(widget, QHBoxLayout):
                row.addLayout(widget, 3)
                buddy: QWidget = self.cost  # the cost row: its amount
            else:
                widget.setToolTip(tip)
                row.addWidget(widget, 3)
                buddy = widget
            row.addWidget(default, 4)
            label = QLabel(f"{title}:")
            label.setToolTip(tip)
            label.setBuddy(buddy)
            form.addRow(label, row)
            self.defaults[name] = default
        self.cost.setToolTip(FIELDS["cost_per_engineer"][1])
        layout.addLayout(form)
        # DORA's AI capabilities the repository cannot show, folded away until asked for
        self.ai_toggle = QPushButton("Answer DORA's &AI capabilities questions…")
        self.ai_toggle.setCheckable(True)
        self.ai_toggle.setToolTip(
            "The DORA AI Capabilities Model's questions for a clear AI stance, data, "
            "AI-accessible internal data, user focus and the platform (the AI adoption tab)"
        )
        self.ai_form = AICapabilitiesForm()
        self.ai_form.hide()
        self.ai_toggle.toggled.connect(self.ai_form.setVisible)
        layout.addWidget(self.ai_toggle)
        layout.addWidget(self.ai_form, 1)
        self.problem = QLabel("")
        palette.style(self.problem, "color: {bad};")
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("&Apply and keep with this repository")
        self.apply_button.setToolTip(
            "Recompute the advice with these answers (no new analysis) and keep them for later runs"
        )
        self.clear_button = QPushButton("&Clear answers")
        self.clear_button.setToolTip("Back to the defaults for every field")
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        if not with_buttons:
            self.apply_button.hide()
            self.clear_button.hide()
        self.apply_button.clicked.connect(self._apply)
        self.clear_button.clicked.connect(self._clear)
        for box in (self.team_size, self.rework, self.timeline, self.teams, self.seniors):
            box.valueChanged.connect(self._check)
        for amount in (self.cost, self.budget):
            amount.valueChanged.connect(self._check)
        self.currency.currentTextChanged.connect(self._check)
        self.ai_form.answers_changed.connect(self._check)
        self.period.currentIndexChanged.connect(self._check)

    def profile(self) -> TeamProfile:
        def whole(box: QSpinBox) -> int | None:
            return None if box.value() == box.minimum() else box.value()

        def amount(box: QDoubleSpinBox) -> float | None:
            return None if box.value() < 0 else box.value()

        rework = whole(self.rework)
        kept = getattr(self, "_kept", TeamProfile())  # what this form does not edit
        return TeamProfile(
            delivery_model=kept.delivery_model,
            delivery_model_source=kept.delivery_model_source,
            industry=kept.industry,  # picked in the Delivery tab (Against the industry)
            organisation_size=kept.organisation_size,
            benchmark_edition=kept.benchmark_edition,
            team_size=whole(self.team_size),
            cost_per_engineer=amount(self.cost),
            cost_period=self.period.currentData(),
            currency=self.currency.currentText().strip().upper() or None,
            rework_share=None if rework is None else rework / 100,
            ai_budget=amount(self.budget),
            ai_timeline_months=whole(self.timeline),
            teams_per_deployment=whole(self.teams),
            senior_engineers=whole(self.seniors),
            ai_capabilities=self.ai_form.answers() or None,
        )

    def set_profile(self, profile: TeamProfile) -> None:
        self._kept = profile

        def put(box, value, empty) -> None:
            box.blockSignals(True)
            box.setValue(empty if value is None else value)
            box.blockSignals(False)

        put(self.team_size, profile.team_size, 0)
        put(self.cost, profile.cost_per_engineer, -1)
        self.period.setCurrentIndex(max(0, self.period.findData(profile.cost_period)))
        self.currency.blockSignals(True)
        self.currency.setCurrentText(profile.currency or "")
        self.currency.blockSignals(False)
        put(
            self.rework,
            None if profile.rework_share is None else round(profile.rework_share * 100),
            -1,
        )
        put(self.budget, profile.ai_budget, -1)
        put(self.timeline, profile.ai_timeline_months, 0)
        put(self.teams, profile.teams_per_deployment, 0)
        put(self.seniors, profile.senior_engineers, -1)
        self.ai_form.blockSignals(True)
        self.ai_form.set_answers(profile.ai_capabilities)
        self.ai_form.blockSignals(False)
        self._check()

    def show_resolved(self, team: ResolvedTeam) -> None:
        """Beside each field not given, the default the advice used and where it came from."""
        currency = team.currency.value

        def text(value, source: str) -> str:
            return f"{value} — {source}" if value is not None else source

        shown = {
            "team_size": text(team.team_size.value, team.team_size.source),
            "cost_per_engineer": text(
                f"{team.yearly_cost.value:,.0f} {currency} a year "
                f"({team.hourly_cost.value:,.2f}/h)",
                team.hourly_cost.source,
            ),
            "rework_share": "not given: the measured share is used",
            "ai_budget": "not given: no budget at risk is computed",
            "ai_timeline_months": text(
                team.ai_timeline_months.value, team.ai_timeline_months.source
            ),
            "teams_per_deployment": text(
                team.teams_per_deployment.value, team.teams_per_deployment.source
            ),
            "senior_engineers": "not given: the staffing rule on it is left out",
        }
        given = set(self.profile().given())
        for name, label in self.defaults.items():
            label.setText("" if name in given else shown[name])

    def _check(self) -> None:
        problems = self.profile().problems()
        self.problem.setText(problems[0] if problems else "")
        self.apply_button.setEnabled(not problems)
        self.profile_changed.emit()

    def _apply(self) -> None:
        profile = self.profile()
        if not profile.problems():
            self.profile_applied.emit(profile)

    def _clear(self) -> None:
        self.set_profile(TeamProfile())
        self.profile_applied.emit(TeamProfile())
