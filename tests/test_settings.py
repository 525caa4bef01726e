"""The settings file: versioned, migrated, validated on load, and never rewritten with data lost."""

from __future__ import annotations

import json

from app.settings import SCHEMA_VERSION, Settings, load_settings, save_settings


def _write(path, data) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_defaults_when_there_is_no_file(tmp_path):
    settings = load_settings(tmp_path / "settings.json")
    assert settings == Settings() and settings.problems == []


def test_a_file_without_version_is_migrated_and_its_original_kept(tmp_path):
    path = tmp_path / "settings.json"
    _write(path, {"workers": 2, "theme": "dark", "history": {"rework_days": 14}})
    settings = load_settings(path)
    assert (settings.workers, settings.theme) == (2, "dark")
    assert settings.problems == [] and settings.migrated_from == 1
    original = path.read_bytes()
    settings.theme = "light"
    save_settings(settings, path)
    assert (tmp_path / "settings.json.v1").read_bytes() == original
    written = json.loads(path.read_text())
    assert written["schema_version"] == SCHEMA_VERSION
    assert written["theme"] == "light" and written["history"] == {"rework_days": 14}
    again = load_settings(path)
    assert again.migrated_from is None and again.theme == "light"


def test_wrong_types_and_ranges_are_reported_once_with_the_key(tmp_path):
    path = tmp_path / "settings.json"
    _write(
        path,
        {
            "schema_version": SCHEMA_VERSION,
            "workers": "four",
            "file_budget_seconds": -1,
            "theme": "purple",
            "target_python_versions": ["3.12", 3],
            "hourly_cost": 95,
            "currency": "EUR",
        },
    )
    settings = load_settings(path)
    assert settings.workers is None and settings.file_budget_seconds == 20.0
    assert settings.theme == "system" and settings.target_python_versions is None
    assert (settings.hourly_cost, settings.currency) == (95, "EUR")  # the good ones stay
    text = "\n".join(settings.problems)
    assert len(settings.problems) == 4
    for key in ("workers", "file_budget_seconds", "theme", "target_python_versions"):
        assert key in text
    # reading the options does not add problems (no side effect)
    settings.analysis_options()
    settings.analysis_options()
    assert len(settings.problems) == 4


def test_unknown_keys_and_wrong_values_survive_a_save(tmp_path):
    path = tmp_path / "settings.json"
    _write(
        path,
        {"schema_version": SCHEMA_VERSION, "future_option": [1, 2], "workers": "four", "theme": 3},
    )
    settings = load_settings(path)
    assert any("future_option" in p for p in settings.problems)
    settings.theme = "dark"  # the user sets one of the wrong ones, not the other
    save_settings(settings, path)
    written = json.loads(path.read_text())
    assert written["future_option"] == [1, 2]
    assert written["workers"] == "four"  # kept: not set since
    assert written["theme"] == "dark"  # the user's new value wins


def test_a_newer_file_is_read_and_its_version_kept(tmp_path):
    path = tmp_path / "settings.json"
    _write(path, {"schema_version": SCHEMA_VERSION + 1, "workers": 3, "new_thing": True})
    settings = load_settings(path)
    assert settings.workers == 3
    assert "newer Readiness Advisor" in settings.problems[0]
    save_settings(settings, path)
    written = json.loads(path.read_text())
    assert written["schema_version"] == SCHEMA_VERSION + 1 and written["new_thing"] is True


def test_bad_duplication_values_fall_back_once(tmp_path):
    path = tmp_path / "settings.json"
    _write(path, {"schema_version": SCHEMA_VERSION, "duplication_min_tokens": 1})
    settings = load_settings(path)
    problems = list(settings.problems)
    assert len(problems) == 1 and "duplication_min_tokens must be from 2" in problems[0]
    options = settings.analysis_options()
    assert options.duplication == Settings().duplication()
    assert settings.problems == problems
