"""CSV import of deployment and incident logs: encodings, times, errors, duplicates, mapping."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from dora_data import utc, write_csv

from analysis.dora.csv_import import import_log, preview_log
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS, LogImportFailed

HEADER = ["deployed_at", "commit", "environment", "status", "service"]


def _rows(count: int) -> list[list[str]]:
    return [
        [f"2024-03-{day:02d}T12:00:00+00:00", f"{day:040x}", "production", "success", "api"]
        for day in range(1, count + 1)
    ]


def test_a_bad_row_at_line_7_imports_nothing_and_says_where(tmp_path):
    rows = _rows(8)
    rows[5][0] = "yesterday"  # data row 6 = line 7 (line 1 is the header)
    path = write_csv(tmp_path / "deploys.csv", HEADER, rows)
    with pytest.raises(LogImportFailed) as caught:
        import_log(path, DEPLOYMENTS)
    (error,) = caught.value.errors
    assert (error.line, error.column, error.value) == (7, "deployed_at", "yesterday")
    assert (
        str(error) == "line 7, column deployed_at: 'yesterday' is not an ISO 8601 time "
        "(e.g. 2024-03-01T14:05:00+01:00)"
    )
    assert str(caught.value).startswith("deploys.csv: nothing imported: line 7, column")


def test_errors_are_listed_per_cell_with_a_total(tmp_path):
    rows = _rows(4)
    rows[0][1] = ""  # line 2: required sha missing
    rows[2][1] = "not a sha"  # line 4: spaces
    rows.append(["2024-03-09T00:00:00Z", "abc", "production", "success", "api", "extra"])
    path = write_csv(tmp_path / "d.csv", HEADER, rows)
    with pytest.raises(LogImportFailed) as caught:
        import_log(path, DEPLOYMENTS)
    assert [(e.line, e.column) for e in caught.value.errors] == [
        (2, "commit"),
        (4, "commit"),
        (6, ""),
    ]
    assert "(and 2 more errors)" in str(caught.value)


def test_mixed_offsets_z_and_naive_local_times(tmp_path):
    path = write_csv(
        tmp_path / "d.csv",
        ["Deployed At", "SHA"],
        [
            ["2024-03-01T12:00:00+02:00", "a" * 40],
            ["2024-03-01T12:00:00Z", "b" * 40],
            ["2024-03-01 12:00", "c" * 40],  # naive: Berlin (UTC+1 in March) -> 11:00 UTC
        ],
    )
    log = import_log(path, DEPLOYMENTS, local_zone=ZoneInfo("Europe/Berlin"))
    assert [r.deployed_at for r in log.records] == [
        utc(2024, 3, 1, 10),
        utc(2024, 3, 1, 12),
        utc(2024, 3, 1, 11),
    ]
    assert log.naive_times == 1
    assert log.notes == [
        "1 time had no UTC offset and was taken as local time (Europe/Berlin), first on line 4"
    ]
    assert log.mapping["deployed_at"] == "Deployed At" and log.mapping["ref"] == "SHA"


def test_utf8_bom_and_cp1252_and_utf16(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(
        b"\xef\xbb\xbfdeployed_at,sha,service\r\n2024-03-01T00:00:00Z,abc1234,Z\xc3\xbcrich\r\n"
    )
    log = import_log(bom, DEPLOYMENTS)
    assert log.encoding == "UTF-8" and log.records[0].service == "Zürich"
    assert log.mapping["deployed_at"] == "deployed_at"  # the BOM is not part of the header

    latin = tmp_path / "excel.csv"
    latin.write_bytes(
        "deployed_at;sha;service\r\n2024-03-01T00:00:00Z;abc1234;Zürich €\r\n".encode("cp1252")
    )
    log = import_log(latin, DEPLOYMENTS)
    assert log.encoding == "Windows-1252" and log.records[0].service == "Zürich €"

    wide = tmp_path / "wide.csv"
    wide.write_bytes("deployed_at\tsha\n2024-03-01T00:00:00Z\tabc1234\n".encode("utf-16"))
    assert import_log(wide, DEPLOYMENTS).encoding == "UTF-16"


def test_undecodable_bytes_name_their_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"deployed_at,sha\n2024-03-01T00:00:00Z,abc1234\nx\x81y,abc\n")
    with pytest.raises(LogImportFailed) as caught:
        import_log(path, DEPLOYMENTS)
    assert caught.value.errors[0].line == 3 and "UTF-8 or Windows-1252" in str(caught.value)


def test_duplicates_are_dropped_and_counted(tmp_path):
    rows = _rows(3)
    path = write_csv(tmp_path / "d.csv", HEADER, [*rows, rows[0], rows[2]])
    log = import_log(path, DEPLOYMENTS)
    assert len(log.records) == 3 and log.duplicates == 2
    assert log.summary() == "3 deployments, 2 duplicate rows dropped"

    # The same incident id twice with the same values is a duplicate; with other values, an error.
    header = ["opened_at", "resolved_at", "incident_id"]
    same = ["2024-03-01T00:00:00Z", "2024-03-01T01:00:00Z", "INC-1"]
    path = write_csv(tmp_path / "i.csv", header, [same, same])
    assert import_log(path, INCIDENTS).duplicates == 1
    path = write_csv(tmp_path / "j.csv", header, [same, [same[0], "", "INC-1"]])
    with pytest.raises(
        LogImportFailed,
        match="line 3, column incident_id: 'INC-1' repeats the id on line 2 with different values",
    ):
        import_log(path, INCIDENTS)


def test_incident_checks_and_missing_required_column(tmp_path):
    path = write_csv(
        tmp_path / "i.csv",
        ["created", "closed"],
        [["2024-03-02T00:00:00Z", "2024-03-01T00:00:00Z"]],
    )
    with pytest.raises(LogImportFailed, match=r"line 2, column closed: .* is before opened_at"):
        import_log(path, INCIDENTS)
    path = write_csv(tmp_path / "n.csv", ["when", "what"], [["2024-03-01T00:00:00Z", "abc"]])
    with pytest.raises(LogImportFailed, match="line 1, column deployed_at: has no column"):
        import_log(path, DEPLOYMENTS)
    # ...which the user fixes by mapping the columns by hand
    log = import_log(path, DEPLOYMENTS, mapping={"deployed_at": "when", "ref": "what"})
    assert log.records[0].ref == "abc"


def test_preview_shows_headers_mapping_and_first_rows(tmp_path):
    path = write_csv(
        tmp_path / "d.csv", ["Finished At", "Revision", "Env", "App"], _rows(30), delimiter=";"
    )
    preview = preview_log(path, DEPLOYMENTS, limit=5)
    assert preview.headers == ["Finished At", "Revision", "Env", "App"]
    assert preview.mapping == {
        "deployed_at": "Finished At",
        "ref": "Revision",
        "environment": "Env",
        "status": None,
        "service": "App",
        "deployment_id": None,
    }
    assert len(preview.rows) == 5 and preview.delimiter == ";" and preview.missing == []
    assert preview_log(path, INCIDENTS).missing == ["opened_at"]
