"""What-if scenarios (issue 15): every input the team controls as an editor, and the advice
recomputed at each edit: score, grade, caps, both verdicts, the money and both decision maps,
beside the advice as measured (the article's before/after table, with the CTO's own plan).

The expensive facts of the assessment are computed once per shown assessment, team and model
(:class:`analysis.decisions.advisor.Advisor`); an edit calls ``Advisor.decide(settings)`` and
``decision_map`` only. Scenarios are named; Save / Save as / Delete are signals the application
stores (``app.scenario_controller``); the article's targets are offered as a ready-made one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from analysis.decisions.advisor import Advisor
from analysis.decisions.result import Decisions
from analysis.decisions.scenario import Lever, Scenario, article_scenario
from widgets import palette
from widgets.decision_map import DecisionMap
from widgets.lever_editor import LeverEditor
from widgets.literal_text import literal_tooltip
from widgets.map_text import caveat_of
from widgets.scenario_comparison import VERDICTS, comparison_html
from widgets.verdict_contributions import VerdictContributions

MEASURED = "measured"
ARTICLE = "article"


class ScenarioPanel(QWidget):
    #: Save: (Scenario, replace) — replace=True overwrites the scenario of that name
    scenario_saved = Signal(object, bool)
    #: Delete: the scenario's name
    scenario_deleted = Signal(str)
    #: after each recompute: the scenario's Decisions (the measured advice when nothing is edited)
    recomputed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.advisor: Advisor | None = None
        self.labels: dict[str, str] = {}
        self.base: Decisions | None = None
        self.decisions: Decisions | None = None
        self.article: Scenario | None = None
        self.saved: list[Scenario] = []
        self.editors: dict[str, LeverEditor] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split)
        split.addWidget(self._build_editors())
        split.addWidget(self._build_results())
        split.setStretchFactor(1, 1)
        split.setSizes([470, 810])
        self._update_actions()

    # ------------------------------------------------------------------ construction
    def _build_editors(self) -> QWidget:
        side = QWidget()
        box = QVBoxLayout(side)
        box.setContentsMargins(0, 0, 4, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario"))
        self.choice = QComboBox()
        self.choice.setToolTip(
            "The measured state, the article's targets (a ready-made scenario) or a scenario "
            "saved with this assessment: choosing one fills the editors."
        )
        self.choice.activated.connect(self._chosen)
        top.addWidget(self.choice, 1)
        box.addLayout(top)
        names = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name of the scenario")
        self.name.setToolTip("The name the scenario is saved under")
        self.name.textChanged.connect(self._update_actions)
        names.addWidget(self.name, 1)
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save the values under this name (replaces the scenario)")
        self.save_button.clicked.connect(lambda: self._save(replace=True))
        self.save_as_button = QPushButton("Save &as")
        self.save_as_button.setToolTip("Save the values as a new scenario under this name")
        self.save_as_button.clicked.connect(lambda: self._save(replace=False))
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setToolTip("Delete the chosen saved scenario")
        self.delete_button.clicked.connect(self._delete)
        for button in (self.save_button, self.save_as_button, self.delete_button):
            names.addWidget(button)
        box.addLayout(names)
        self.reset_all = QPushButton("Reset all to measured")
        self.reset_all.clicked.connect(self.reset)
        box.addWidget(self.reset_all)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.grid_host)
        box.addWidget(scroll, 1)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        self.note = QLabel(
            "Bold: a value the scenario changes. Beside each box: the value measured (or given "
            "by the team, or the model's default)."
        )
        self.note.setWordWrap(True)
        palette.style(self.note, "color: {muted};")
        box.addWidget(self.note)
        return side

    def _build_results(self) -> QWidget:
        """The comparison and the charts in one scrolling column (at 1280 x 800 the charts
        need more height than the window has; at 1920 x 1080 everything shows)."""
        host = QWidget()
        box = QVBoxLayout(host)
        box.setContentsMargins(4, 0, 4, 0)
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setToolTip(
            "The advice as measured beside the scenario's: the same decide() with the "
            "scenario's values in place of the measured ones (resources/readiness_model.toml)."
        )
        box.addWidget(self.summary)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.maps: dict[str, DecisionMap] = {}
        self.contributions: dict[str, VerdictContributions] = {}
        for column, (which, title) in enumerate(VERDICTS):
            self.maps[which] = DecisionMap(title)
            self.maps[which].plot.setMinimumHeight(250)  # readable; the column scrolls
            self.contributions[which] = VerdictContributions()
            self.contributions[which].plot.setMinimumHeight(125)
            for chart in (self.maps[which].plot, self.contributions[which].plot):
                # the charts share the height there is (a plot's own size hint is 640 x 480,
                # which pushed the bars below the window at 1920 x 1080)
                chart.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
            grid.addWidget(self.maps[which], 0, column)
            grid.addWidget(self.contributions[which], 1, column)
        grid.setRowStretch(0, 2)
        grid.setRowStretch(1, 1)
        box.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(host)
        return scroll

    # ------------------------------------------------------------------ inputs
    def set_advisor(self, advisor: Advisor, labels: dict[str, str] | None = None) -> None:
        """The assessment shown (built once per assessment, team and model by the caller).

        The same assessment again (the team's answers or the theme changed) keeps the values
        being played; another assessment starts from its measured state."""
        same = self.advisor is not None and advisor.assessment is self.advisor.assessment
        kept = self.settings() if same else {}
        self.advisor = advisor
        self.labels = dict(labels or {})
        self.base = advisor.base
        # the article's targets the system does not meet yet (as the table and the CLI offer them)
        self.article = article_scenario(advisor.delivery.kind, advisor.current)
        self._build_rows(advisor.levers())
        for key, editor in self.editors.items():
            editor.current = advisor.current(key)
            editor.measured.setText(editor.text_of(editor.current))
            editor.show(kept.get(key, editor.current), edited=key in kept)
        if not same:
            self._fill_choice(MEASURED)
            self.name.clear()
            self._hold_heights(reset=True)
        self.recompute()

    def theme_changed(self) -> None:
        """The comparison's colours follow the theme (palette.restyle calls it)."""
        self.summary.setText(self._summary_html(self.settings()))

    def set_scenarios(self, scenarios: list[Scenario]) -> None:
        """The scenarios saved with this assessment (the application's store)."""
        chosen = self.choice.currentData()
        self.saved = list(scenarios)
        self._fill_choice(chosen)

    def show_message(self, text: str, error: bool = False) -> None:
        """A line under the scenario's actions: saved, deleted, or why not (one line)."""
        role = "bad" if error else "muted"
        self.message.setText(text)
        palette.style(self.message, f"color: {{{role}}};")

    def settings(self) -> dict[str, float]:
        """The scenario: every edited lever and its value (in the lever's own unit)."""
        return {k: e.value() for k, e in self.editors.items() if e.edited}

    def apply_scenario(self, scenario: Scenario) -> None:
        """Fill the editors with ``scenario`` (levers it does not set stay as measured)."""
        for key, editor in self.editors.items():
            if key in scenario.settings:
                editor.show(scenario.settings[key], edited=True)
            else:
                editor.show(editor.current, edited=False)
        if scenario.origin != ARTICLE:
            self.name.setText(scenario.name)
        self.recompute()

    def reset(self) -> None:
        for editor in self.editors.values():
            editor.show(editor.current, edited=False)
        self.choice.setCurrentIndex(max(0, self.choice.findData(MEASURED)))
        self.recompute()

    # ------------------------------------------------------------------ editing
    def _build_rows(self, levers: list[Lever]) -> None:
        if [lever.key for lever in levers] == list(self.editors):
            return  # same levers: keep the rows (the values are refilled)
        for editor in self.editors.values():
            for widget in (editor.label, editor.spin, editor.measured, editor.reset):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.editors = {}
        head = QLabel("<b>Input</b>")
        self.grid.addWidget(head, 0, 0)
        self.grid.addWidget(QLabel("<b>Scenario</b>"), 0, 1)
        self.grid.addWidget(QLabel("<b>Now</b>"), 0, 2)
        for row, lever in enumerate(levers, start=1):
            editor = LeverEditor(lever, self._edited, self._reset_one)
            self.editors[lever.key] = editor
            self.grid.addWidget(editor.label, row, 0)
            self.grid.addWidget(editor.spin, row, 1)
            self.grid.addWidget(editor.measured, row, 2)
            self.grid.addWidget(editor.reset, row, 3)
        self.grid.setRowStretch(len(levers) + 1, 1)

    def _edited(self, editor: LeverEditor) -> None:
        editor.set_edited(True)
        self.recompute()

    def _reset_one(self, editor: LeverEditor) -> None:
        editor.show(editor.current, edited=False)
        self.recompute()

    def recompute(self) -> None:
        """The scenario's advice and maps (``Advisor.decide``), then the repaint."""
        if self.advisor is None:
            return
        settings = self.settings()
        self.decisions = (
            self.advisor.decide(settings, self.name.text().strip()) if settings else self.base
        )
        for which, _title in VERDICTS:
            verdict = getattr(self.decisions, which)
            data = verdict.map  # the Advisor draws the maps with the advice
            self.maps[which].show_map(
                data, self.labels, "scenario" if settings else "now", caveat_of(verdict)
            )
            self.contributions[which].show_verdict(verdict, self.labels)
        self.summary.setText(self._summary_html(settings))
        self._hold_heights()
        self._update_actions()
        self.recomputed.emit(self.decisions)

    def _texts(self) -> list[QLabel]:
        found = [self.summary]
        for which, _title in VERDICTS:
            found += [self.maps[which].heading, self.maps[which].legend]
            found.append(self.contributions[which].heading)
        return found

    def _hold_heights(self, reset: bool = False) -> None:
        """Texts above the charts only grow while a scenario is played: a verdict's name one
        line shorter would move every chart below it, and re-laying four charts out costs more
        than the advice (the repaint of an edit went from ~25 to ~80 ms)."""
        for label in self._texts():
            if reset:
                label.setMinimumHeight(0)
                label.setProperty("heldText", None)
            elif label.width() > 0 and label.property("heldText") != (label.text(), label.width()):
                # laying rich text out costs ~0.5 ms a label: only when it changed
                label.setProperty("heldText", (label.text(), label.width()))
                height = label.heightForWidth(label.width())
                if height > label.minimumHeight():
                    label.setMinimumHeight(height)

    # ------------------------------------------------------------------ summary
    def _summary_html(self, settings: dict[str, float]) -> str:
        if self.base is None or self.decisions is None:
            return ""
        changed = "; ".join(
            f"{self.editors[k].lever.label} {self.editors[k].text_of(v)}"
            for k, v in settings.items()
        )
        return comparison_html(self.base, self.decisions, changed)

    # ------------------------------------------------------------------ scenarios
    def _fill_choice(self, chosen) -> None:
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem("As measured", MEASURED)
        if self.article is not None:
            self.choice.addItem("The article's targets (the article's scenario)", ARTICLE)
            self.choice.setItemData(
                1, literal_tooltip(self.article.note or "The article's before/after targets"),
                Qt.ItemDataRole.ToolTipRole,
            )  # fmt: skip
        for scenario in self.saved:
            self.choice.addItem(f"Saved: {scenario.name}", scenario.name)
        index = self.choice.findData(chosen)
        self.choice.setCurrentIndex(max(0, index))
        self.choice.blockSignals(False)
        self._update_actions()

    def choose(self, name: str) -> None:
        """Show ``name`` as the chosen scenario (after a save: the values are already in)."""
        index = self.choice.findData(name)
        if index >= 0:
            self.choice.setCurrentIndex(index)
        self._update_actions()

    def scenario_named(self, name) -> Scenario | None:
        if name == ARTICLE:
            return self.article
        return next((s for s in self.saved if s.name == name), None)

    def _chosen(self, index: int) -> None:
        data = self.choice.itemData(index)
        if data == MEASURED:
            self.reset()
            return
        scenario = self.scenario_named(data)
        if scenario is not None:
            self.apply_scenario(scenario)

    def current_scenario(self) -> Scenario:
        """The editors' values as a scenario named by the name box."""
        settings = self.settings()
        article = self.article
        if (
            article is None
            or self.choice.currentData() != ARTICLE
            or settings != dict(article.settings)
        ):
            article = None  # edited (or another choice): the team's own scenario
        origin = ARTICLE if article is not None else "team"
        name = self.name.text().strip() or (article.name if article is not None else "")
        return Scenario(name=name, settings=settings, origin=origin)

    def _save(self, replace: bool) -> None:
        scenario = self.current_scenario()
        if not scenario.name or not scenario.settings:
            return
        self.scenario_saved.emit(scenario, replace)

    def _delete(self) -> None:
        data = self.choice.currentData()
        if data in (MEASURED, ARTICLE) or data is None:
            return
        self.scenario_deleted.emit(str(data))

    def _update_actions(self, *_args) -> None:
        named = bool(self.name.text().strip())
        edited = bool(self.editors) and any(e.edited for e in self.editors.values())
        self.save_button.setEnabled(named and edited)
        self.save_as_button.setEnabled(named and edited)
        self.delete_button.setEnabled(self.choice.currentData() not in (MEASURED, ARTICLE, None))
        self.reset_all.setEnabled(edited)
