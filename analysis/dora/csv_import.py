"""Reading a deployment or incident log from CSV: streamed, strict, all or nothing.

* Encoding: UTF-16 when the file starts with its byte-order mark, else UTF-8 (with or without
  BOM), else Windows-1252 (what Excel writes on Western Windows systems).
* Delimiter: comma, semicolon (Excel in many European locales) or tab, read from the header.
* Times: ISO 8601 (``2024-03-01T14:05:00+01:00``, ``...Z``, ``2024-03-01 14:05``); a time
  without an offset is taken as local time and counted in a warning.
* Every bad cell becomes a :class:`RowError` with its line number, column and value; a file
  with any error imports nothing (:class:`LogImportFailed`). Identical rows, or rows repeating
  an id with the same values, are dropped and counted.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TextIO

from analysis.dora.delivery_log import (
    DEPLOYMENTS,
    FIELDS,
    DeploymentRecord,
    ImportedLog,
    IncidentRecord,
    LogField,
    LogImportFailed,
    RowError,
    suggest_mapping,
    unreadable,
)
from analysis.dora.wording import count

MAX_ERRORS = 100  # errors kept for the user; the rest are counted
MAX_TEXT = 255
#: Distinct short values shared between rows (environments, statuses, services, refs): a
#: million-row log repeats a handful of them; beyond this many, values are kept as read.
MAX_SHARED = 65_536


class _Undecodable(Exception):
    """The text cannot be decoded with the encoding tried."""


class _BadCsv(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _encodings(path: Path) -> list[str]:
    try:
        with open(path, "rb") as handle:
            start = handle.read(4)
    except OSError as exc:  # missing, a folder, no permission: one line, nothing imported
        raise unreadable(path, exc) from exc
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    return ["utf-8-sig", "cp1252"]


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows(lines, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the physical line each starts on (a quoted field may span lines)."""
    reader = csv.reader(lines, delimiter=delimiter)
    previous = 0
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            yield start, row
    except UnicodeDecodeError as exc:
        raise _Undecodable() from exc
    except csv.Error as exc:
        raise _BadCsv(previous + 1, str(exc)) from exc


def _open(path: Path, encoding: str) -> tuple[TextIO, str, str]:
    """The text handle positioned after the header, the header line and the delimiter."""
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the caller
    try:
        first = handle.readline()
    except UnicodeDecodeError as exc:
        handle.close()
        raise _Undecodable() from exc
    return handle, first, _delimiter(first)


@dataclass
class LogPreview:
    """What the import dialog shows before importing: headers, mapping, the first rows."""

    kind: str
    headers: list[str]
    mapping: dict[str, str | None]
    rows: list[list[str]]
    encoding: str
    delimiter: str
    missing: list[str]  # required fields with no column


def preview_log(
    path: str | os.PathLike[str],
    kind: str,
    mapping: dict[str, str | None] | None = None,
    limit: int = 20,
) -> LogPreview:
    """Headers, the column mapping (suggested, or ``mapping``) and the first ``limit`` rows."""
    path = Path(path)
    for encoding in _encodings(path):
        try:
            handle, first, delimiter = _open(path, encoding)
        except _Undecodable:
            continue
        with handle:
            headers = next(csv.reader([first], delimiter=delimiter), [])
            rows_reader = _rows(handle, delimiter)
            try:
                rows = [row for _, row in itertools.islice(rows_reader, limit)]
            except _Undecodable:
                continue
            except _BadCsv as exc:
                raise LogImportFailed(
                    path.name, [RowError(exc.line + 1, "", "", str(exc))]
                ) from exc
        chosen = _mapping(headers, kind, mapping)
        missing = [f.name for f in FIELDS[kind] if f.required and not chosen.get(f.name)]
        return LogPreview(kind, headers, chosen, rows, _label(encoding), delimiter, missing)
    raise LogImportFailed(path.name, [_undecodable_error(path)])


def _label(encoding: str) -> str:
    return {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}[encoding]


#: Bytes Windows-1252 leaves undefined: a file holding one is neither UTF-8 nor Windows-1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _undecodable_error(path: Path) -> RowError:
    """The line holding the first byte that is not Windows-1252 text (read in blocks)."""
    line = 1
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            bad = next((i for i, byte in enumerate(block) if byte in _CP1252_UNDEFINED), None)
            if bad is not None:
                line += block.count(b"\n", 0, bad)
                return RowError(
                    line, "", f"0x{block[bad]:02X}", "cannot be read as UTF-8 or Windows-1252 text"
                )
            line += block.count(b"\n")
    return RowError(1, "", "", "cannot be read as UTF-8, UTF-16 or Windows-1252 text")


def _mapping(headers, kind, mapping) -> dict[str, str | None]:
    chosen = suggest_mapping(headers, kind)
    if mapping:
        chosen.update({k: v for k, v in mapping.items() if k in chosen})
    return chosen


def import_log(
    path: str | os.PathLike[str],
    kind: str,
    mapping: dict[str, str | None] | None = None,
    local_zone: tzinfo | None = None,
) -> ImportedLog:
    """Import a whole log or nothing: raises :class:`LogImportFailed` listing bad cells.

    ``mapping`` overrides the suggested canonical-field -> header mapping; ``local_zone`` is the
    zone for times without an offset (default: this computer's local time zone).
    """
    path = Path(path)
    if kind not in FIELDS:
        raise ValueError(f"unknown log kind {kind!r}")
    for encoding in _encodings(path):
        try:
            return _import(path, kind, encoding, mapping, local_zone)
        except _Undecodable:
            continue
    raise LogImportFailed(path.name, [_undecodable_error(path)])


class _Rows:
    """Turns CSV rows into records, collecting errors and dropping duplicates."""

    def __init__(self, kind: str, headers: list[str], columns: dict[str, int], zone):
        self.kind = kind
        self.headers = headers
        self.columns = columns
        self.width = len(headers)
        self.zone = zone
        self.records: list[LogRecord] = []
        self.errors: list[RowError] = []
        self.error_count = 0
        self.duplicates = 0
        self.naive = 0  # times without a UTC offset
        self.first_naive = 0  # the line of the first
        self._seen: set[LogRecord] = set()  # records without an id (compared without their line)
        self._ids: dict[str, LogRecord] = {}  # id -> the first record holding it
        self._shared: dict[str, str] = {}
        self._identity = "deployment_id" if kind == DEPLOYMENTS else "incident_id"

    def error(self, line: int, column: str, value: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(line, column, value, message))

    def add(self, line: int, row: list[str]) -> None:
        if not any(cell.strip() for cell in row):
            return  # blank line
        if len(row) > self.width and any(cell.strip() for cell in row[self.width :]):
            self.error(line, "", "", f"has {len(row)} fields, the header has {self.width}")
            return
        before = self.error_count
        texts: dict[str, str] = {}
        times: dict[str, datetime | None] = {}
        for spec in FIELDS[self.kind]:
            index = self.columns.get(spec.name)
            raw = row[index].strip() if index is not None and index < len(row) else ""
            if spec.kind == "time":
                times[spec.name] = self._moment(line, spec, raw)
            else:
                texts[spec.name] = self._text(line, spec, raw)
        if self.kind != DEPLOYMENTS:
            opened, resolved = times["opened_at"], times["resolved_at"]
            if opened is not None and resolved is not None and resolved < opened:
                cell = row[self.columns["resolved_at"]].strip()
                self.error(line, self._header("resolved_at"), cell, "is before opened_at")
        if self.error_count > before:
            return
        self._keep(line, _record(self.kind, line, texts, times), texts[self._identity])

    def _keep(self, line: int, record: LogRecord, identity: str) -> None:
        """Keep ``record`` unless it repeats an earlier one (records compare without lines)."""
        if identity:
            earlier = self._ids.get(identity)
            if earlier is not None:
                if earlier == record:
                    self.duplicates += 1
                else:
                    self.error(
                        line,
                        self._header(self._identity),
                        identity,
                        f"repeats the id on line {earlier.line} with different values",
                    )
                return
            self._ids[identity] = record
        elif record in self._seen:
            self.duplicates += 1
            return
        else:
            self._seen.add(record)
        self.records.append(record)

    def _header(self, name: str) -> str:
        return self.headers[self.columns[name]]

    def _empty(self, line: int, spec: LogField) -> None:
        if spec.required:
            self.error(line, self._header(spec.name), "", "is empty (a value is required)")

    def _moment(self, line: int, spec: LogField, raw: str) -> datetime | None:
        if not raw:
            self._empty(line, spec)
            return None
        return self._time(line, spec, raw)

    def _text(self, line: int, spec: LogField, raw: str) -> str:
        if not raw:
            self._empty(line, spec)
            return ""
        if len(raw) > MAX_TEXT:
            self.error(line, self._header(spec.name), raw, f"is longer than {MAX_TEXT} characters")
        elif spec.kind == "ref" and any(ch.isspace() or ord(ch) < 32 for ch in raw):
            self.error(
                line,
                self._header(spec.name),
                raw,
                "is not a commit sha or ref (it contains spaces)",
            )
        if spec.name == self._identity:
            return raw  # unique per row: nothing to share
        shared = self._shared.get(raw)
        if shared is None and len(self._shared) < MAX_SHARED:
            self._shared[raw] = shared = raw
        return shared or raw

    def _time(self, line: int, spec: LogField, raw: str) -> datetime | None:
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            self.error(
                line,
                self._header(spec.name),
                raw,
                "is not an ISO 8601 time (e.g. 2024-03-01T14:05:00+01:00)",
            )
            return None
        if moment.tzinfo is None:
            self.naive += 1
            self.first_naive = self.first_naive or line
            moment = moment.replace(tzinfo=self.zone) if self.zone else moment.astimezone()
        return moment.astimezone(UTC)


LogRecord = DeploymentRecord | IncidentRecord


def _record(
    kind: str, line: int, texts: dict[str, str], times: dict[str, datetime | None]
) -> LogRecord:
    """The record of a row whose cells all read (a required time is never None here)."""
    if kind == DEPLOYMENTS:
        return DeploymentRecord(
            line=line,
            deployed_at=_required(times, "deployed_at"),
            ref=texts["ref"],
            environment=texts["environment"],
            status=texts["status"],
            service=texts["service"],
            deployment_id=texts["deployment_id"],
        )
    return IncidentRecord(
        line=line,
        opened_at=_required(times, "opened_at"),
        resolved_at=times["resolved_at"],
        ref=texts["ref"],
        deployment_id=texts["deployment_id"],
        severity=texts["severity"],
        incident_id=texts["incident_id"],
    )


def _required(times: dict[str, datetime | None], name: str) -> datetime:
    moment = times[name]
    if moment is None:  # _Rows.add reports an empty required time and keeps no record
        raise ValueError(f"{name} is required")
    return moment


def _import(path: Path, kind: str, encoding: str, mapping, zone) -> ImportedLog:
    handle, first, delimiter = _open(path, encoding)
    with handle:
        headers = next(csv.reader([first], delimiter=delimiter), [])
        if not any(h.strip() for h in headers):
            raise LogImportFailed(path.name, [RowError(1, "", "", "has no header row")])
        chosen = _mapping(headers, kind, mapping)
        problems = _mapping_problems(headers, kind, chosen)
        if problems:
            raise LogImportFailed(path.name, problems)
        columns = {name: headers.index(header) for name, header in chosen.items() if header}
        rows = _Rows(kind, headers, columns, zone)
        try:
            for line, row in _rows(itertools.chain([first], handle), delimiter):
                if line > 1:
                    rows.add(line, row)
        except _BadCsv as exc:
            rows.error(exc.line, "", "", f"is not valid CSV: {exc}")
    if rows.error_count:
        raise LogImportFailed(path.name, rows.errors, rows.error_count)
    log = ImportedLog(
        kind=kind,
        file_name=path.name,
        records=rows.records,
        encoding=_label(encoding),
        mapping=chosen,
        duplicates=rows.duplicates,
        naive_times=rows.naive,
        imported_at=datetime.now(UTC).replace(microsecond=0),
    )
    if rows.naive:
        zone_name = str(zone) if zone else "this computer's time zone"
        log.notes.append(
            f"{count(rows.naive, 'time')} had no UTC offset and "
            f"{'were' if rows.naive != 1 else 'was'} taken as local time ({zone_name}), "
            f"first on line {rows.first_naive}"
        )
    if rows.duplicates:
        log.notes.append(f"{count(rows.duplicates, 'duplicate row')} dropped")
    return log


def _mapping_problems(headers, kind, chosen) -> list[RowError]:
    problems = []
    for spec in FIELDS[kind]:
        header = chosen.get(spec.name)
        if header is not None and header not in headers:
            problems.append(
                RowError(1, header, "", f"is not a column of this file (mapped to {spec.name})")
            )
        elif header is None and spec.required:
            looked = ", ".join(spec.aliases[:6])
            problems.append(
                RowError(
                    1,
                    spec.name,
                    "",
                    f"has no column (looked for {looked}...; choose one in the mapping)",
                )
            )
    return problems
