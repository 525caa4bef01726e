"""The GUI thread never parses Python: an assessment run from the window parses off it."""

from __future__ import annotations

import ast
import threading

from app.context import ApplicationContext
from app.settings import Settings


def test_no_python_is_parsed_on_the_gui_thread(
    make_window, qtbot, database_url, git_repo, monkeypatch
):
    for i in range(5):
        git_repo.write(f"m{i}.py", f"def f(x):\n    return x + {i}\n")
    git_repo.commit()
    callers: list[str] = []
    real_parse = ast.parse

    def recording_parse(*args, **kwargs):
        callers.append(threading.current_thread().name)
        return real_parse(*args, **kwargs)

    # the files are measured in worker processes; anything parsed in this process is recorded
    monkeypatch.setattr(ast, "parse", recording_parse)
    window = make_window(
        ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    )
    try:
        assert window.open_repository(str(git_repo.root))
        with qtbot.waitSignal(window.run_finished, timeout=60_000) as blocker:
            window.run_action.trigger()
        assert blocker.args == ["succeeded"]
        assert window.view.model.rowCount() == 5
        window.view.table.selectRow(0)  # the function table fills from stored results
        assert window.view.functions.model.rowCount() == 1
    finally:
        window.runner.shutdown()
    assert threading.main_thread().name not in callers
