"""DORA inputs kept with the repository in the store: logs, settings and Quick Check answers."""

from __future__ import annotations

from dora_data import utc, write_csv

from analysis.dora.csv_import import import_log
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS
from analysis.dora.quick_check import QuickCheckAnswers
from analysis.dora.settings import DoraSettings
from app.store import open_store


def test_logs_are_stored_replaced_and_reloaded(store_url, tmp_path):
    store = open_store(store_url)
    path = "/repos/shop"
    deploys = import_log(
        write_csv(
            tmp_path / "d.csv",
            ["deployed_at", "sha", "env"],
            [
                ["2024-03-01T10:00:00+02:00", "abc1234", "production"],
                ["2024-03-02T10:00:00Z", "def5678", "staging"],
            ],
        ),
        DEPLOYMENTS,
    )
    incidents = import_log(
        write_csv(
            tmp_path / "i.csv",
            ["opened_at", "resolved_at"],
            [
                ["2024-03-01T12:00:00Z", ""],
            ],
        ),
        INCIDENTS,
    )
    store.delivery.save_log(path, deploys)
    store.delivery.save_log(path, incidents)
    inputs = store.delivery.inputs(path)
    assert inputs.deployment_log.records == deploys.records  # times come back aware, in UTC
    assert inputs.deployment_log.records[0].deployed_at == utc(2024, 3, 1, 8)
    assert inputs.deployment_log.mapping == deploys.mapping
    assert inputs.incident_log.records == incidents.records
    assert inputs.incident_log.records[0].resolved_at is None

    again = import_log(
        write_csv(
            tmp_path / "d2.csv",
            ["deployed_at", "sha"],
            [
                ["2024-04-01T00:00:00Z", "fff0000"],
            ],
        ),
        DEPLOYMENTS,
    )
    store.delivery.save_log(path, again)
    reloaded = store.delivery.logs(path)
    assert reloaded[DEPLOYMENTS].file_name == "d2.csv"
    assert [r.ref for r in reloaded[DEPLOYMENTS].records] == ["fff0000"]
    store.delivery.delete_log(path, INCIDENTS)
    assert set(store.delivery.logs(path)) == {DEPLOYMENTS}
    store.close()


def test_preferences_round_trip(store_url):
    store = open_store(store_url)
    path = "/repos/shop"
    assert store.delivery.preferences(path) == (DoraSettings(), None)
    settings = DoraSettings(
        deployment_source="tags",
        release_pattern=r"^rel-\d+$",
        window_months=3,
        window_end=utc(2024, 6, 1),
    )
    store.delivery.save_preferences(path, settings=settings)
    store.delivery.save_preferences(path, quick_check=QuickCheckAnswers(4, 5, 5, 15, 10))
    assert store.delivery.preferences(path) == (settings, QuickCheckAnswers(4, 5, 5, 15, 10))
    store.delivery.save_preferences(path, clear_quick_check=True)
    assert store.delivery.inputs(path).quick_check is None
    assert store.delivery.inputs(path).settings == settings
    store.close()


def test_stored_settings_are_read_leniently():
    settings = DoraSettings.from_dict(
        {
            "release_pattern": "((",
            "window_months": "six",
            "hotfix_days": 3,
            "window_end": "garbage",
            "x": 1,
        }
    )
    assert settings == DoraSettings(hotfix_days=3)
