"""The application keeps the Scenario panel's scenarios with the assessment on screen: Save as
stores it, a taken name is refused in one line, it is listed again after a restart, Delete
removes it (app/scenario_controller.py over the store's scenarios section)."""

from __future__ import annotations

import pytest

pytest.importorskip("app.store.scenarios", reason="the store's scenarios section (issue 15)")

from app.context import ApplicationContext
from app.settings import Settings


def test_scenarios_are_kept_with_the_assessment(make_window, qtbot, database_url, git_repo):
    git_repo.write("app/__init__.py", "")
    git_repo.write("app/core.py", "def f():\n    return 1\n")
    git_repo.commit()
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    window = make_window(context)
    assert window.open_repository(str(git_repo.root))
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        window.run_action.trigger()
    decisions = window.view.decisions_panel
    window.view.tabs.setCurrentWidget(decisions)  # the window feeds a tab when it is shown
    panel = decisions.scenario
    assessment_id = window.history_model.row_object(0).id
    assert window.scenario_controller.assessment_id == assessment_id
    panel.editors["debt_ratio"].spin.setValue(3)  # 3 %
    panel.name.setText("Less debt")
    panel.save_as_button.click()
    (saved,) = context.store.scenarios.list(assessment_id)
    assert (saved.name, saved.settings, saved.origin) == ("Less debt", {"debt_ratio": 0.03}, "team")
    assert panel.choice.currentData() == "Less debt"
    panel.save_as_button.click()  # the name is taken: refused, said in one line
    assert "Less debt" in panel.message.text()
    assert len(context.store.scenarios.list(assessment_id)) == 1
    window.runner.shutdown()

    # a restart: another window on the same database lists it with the assessment
    again = make_window()
    again.show_stored(assessment_id)
    qtbot.waitUntil(lambda: again.view.assessment is not None, timeout=10_000)
    again.view.tabs.setCurrentWidget(again.view.decisions_panel)
    panel = again.view.decisions_panel.scenario
    index = panel.choice.findData("Less debt")
    assert index >= 0
    panel.choice.setCurrentIndex(index)
    panel.choice.activated.emit(index)
    assert panel.settings() == {"debt_ratio": 0.03}
    panel.delete_button.click()
    assert again.context.store.scenarios.list(assessment_id) == []
    assert panel.choice.findData("Less debt") < 0
    again.runner.shutdown()
