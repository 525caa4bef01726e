"""An assessment's saved what-if scenarios in the store (issue 15): named sets of lever values
(:class:`analysis.decisions.scenario.Scenario`) kept with the assessment they were played on,
so the GUI, ``readiness whatif --save`` and ``readiness report`` see the same list.

Nothing the user saved is lost by the store: a name is taken once per assessment and a save
under a taken name is refused (:class:`ScenarioExists`) unless the caller asks to replace it; a
rename onto a taken name is refused too; a row whose settings no longer read (a lever renamed
or its range changed by a later version) is listed with its problem, never dropped.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from analysis.decisions.scenario import ORIGINS, Scenario, ScenarioError
from analysis.decisions.scenario import check_name as scenario_name
from app.store.database import StoreError, describe
from app.store.records import AssessmentRecord, ScenarioRecord
from app.store.section import StoreSection, write_transaction


class ScenarioExists(StoreError):
    """A scenario of that name is already kept with the assessment (nothing was changed)."""


@dataclass(frozen=True)
class SavedScenario:
    """A stored scenario as read: ``settings`` exactly as stored; ``problem`` says why they
    no longer read as a scenario ("" when they do)."""

    id: int
    assessment_id: int
    name: str
    settings: dict[str, float]
    origin: str
    note: str
    created_at: datetime
    problem: str = ""

    def scenario(self) -> Scenario:
        """The :class:`Scenario`; :class:`ScenarioError` when ``problem`` is set."""
        return Scenario.from_dict(
            {"name": self.name, "settings": self.settings, "origin": self.origin,
             "note": self.note}
        )  # fmt: skip


def check_name(name: object) -> str:
    """The name as kept (outer spaces removed, :func:`analysis.decisions.scenario.check_name`);
    :class:`StoreError` (one line) when it is empty, too long or not printable."""
    try:
        return scenario_name(name)
    except ScenarioError as exc:
        raise StoreError(str(exc)) from exc


def _settings_text(scenario: Scenario) -> str:
    settings = {}
    for key, value in scenario.settings.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            raise StoreError(f"scenario {scenario.name!r}: {key} must be a number, got {value!r}")
        settings[key] = float(value)
    return json.dumps(settings, sort_keys=True)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _read(record: ScenarioRecord) -> SavedScenario:
    problem = ""
    try:
        settings = json.loads(record.settings)
        if not isinstance(settings, dict):
            raise ValueError("not a table of lever values")
    except ValueError as exc:
        settings, problem = {}, f"settings unreadable: {exc}"
    saved = SavedScenario(record.id, record.assessment_id, record.name, settings, record.origin,
                          record.note, record.created_at, problem)  # fmt: skip
    if not problem:
        try:
            saved.scenario()
        except (ScenarioError, TypeError, ValueError) as exc:
            saved = SavedScenario(**{**saved.__dict__, "problem": str(exc).splitlines()[0]})
    return saved


class ScenarioStore(StoreSection):
    """Save, list, rename and delete the scenarios of an assessment. Writes take the write lock
    (``BEGIN IMMEDIATE``) under the store's retry policy; a damaged store writes nothing."""

    def __init__(self, sessions, repository, writes=None, damaged: str | None = None) -> None:
        super().__init__(sessions, repository, writes)
        self.damaged = damaged

    def _write(self, action, what: str):
        try:
            return write_transaction(self._writes, self.damaged, action)
        except StoreError:
            raise
        except IntegrityError as exc:  # two processes saving one name at once: the second
            raise ScenarioExists(f"cannot {what}: the name is taken") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {what}: {describe(exc)}") from exc

    @staticmethod
    def _taken(session: Session, assessment_id: int, name: str) -> ScenarioRecord | None:
        return session.scalar(
            select(ScenarioRecord).where(
                ScenarioRecord.assessment_id == assessment_id, ScenarioRecord.name == name
            )
        )

    @staticmethod
    def _require_assessment(session: Session, assessment_id: int) -> None:
        if session.get(AssessmentRecord, assessment_id) is None:
            raise StoreError(f"no assessment with id {assessment_id}")

    def save(self, assessment_id: int, scenario: Scenario, replace: bool = False) -> SavedScenario:
        """Keep ``scenario`` with the assessment. A taken name raises :class:`ScenarioExists`
        unless ``replace`` (then its settings, origin and note are replaced, and the time)."""
        name = check_name(scenario.name)
        if scenario.origin not in ORIGINS:
            raise StoreError(f"scenario origin must be one of {', '.join(ORIGINS)}, "
                             f"got {scenario.origin!r}")  # fmt: skip
        settings = _settings_text(scenario)
        note = scenario.note or ""

        def insert(session: Session) -> SavedScenario:
            self._require_assessment(session, assessment_id)
            record = self._taken(session, assessment_id, name)
            if record is not None and not replace:
                raise ScenarioExists(
                    f"assessment #{assessment_id} already has a scenario named {name!r} "
                    "(--replace to overwrite it, or choose another name)"
                )
            if record is None:
                record = ScenarioRecord(assessment_id=assessment_id, name=name)
                session.add(record)
            record.settings, record.origin, record.note = settings, scenario.origin, note
            record.created_at = _now()
            session.flush()
            return _read(record)

        return self._write(insert, f"save scenario {name!r}")

    def list(self, assessment_id: int) -> list[SavedScenario]:
        """The assessment's scenarios, oldest first (the order they were made in)."""
        query = (
            select(ScenarioRecord)
            .where(ScenarioRecord.assessment_id == assessment_id)
            .order_by(ScenarioRecord.created_at, ScenarioRecord.id)
        )
        try:
            with self._sessions() as session:
                return [_read(record) for record in session.scalars(query)]
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the scenarios: {describe(exc)}") from exc

    def get(self, assessment_id: int, name: str) -> SavedScenario:
        """One scenario by name; :class:`StoreError` when there is none."""
        found = next((s for s in self.list(assessment_id) if s.name == name.strip()), None)
        if found is None:
            raise StoreError(f"assessment #{assessment_id} has no scenario named {name!r}")
        return found

    def rename(self, assessment_id: int, name: str, new_name: str) -> SavedScenario:
        """Give a scenario another name; a taken one raises :class:`ScenarioExists`."""
        new_name = check_name(new_name)

        def change(session: Session) -> SavedScenario:
            record = self._taken(session, assessment_id, name)
            if record is None:
                raise StoreError(f"assessment #{assessment_id} has no scenario named {name!r}")
            if new_name != record.name and self._taken(session, assessment_id, new_name):
                raise ScenarioExists(
                    f"assessment #{assessment_id} already has a scenario named {new_name!r}"
                )
            record.name = new_name
            session.flush()
            return _read(record)

        return self._write(change, f"rename scenario {name!r}")

    def delete(self, assessment_id: int, name: str) -> None:
        """Remove one scenario (what the user asked for); :class:`StoreError` when unknown."""

        def remove(session: Session) -> None:
            # a DELETE's result is a CursorResult (with rowcount); Session.execute is typed Result
            gone = cast(
                CursorResult[Any],
                session.execute(
                    delete(ScenarioRecord).where(
                        ScenarioRecord.assessment_id == assessment_id, ScenarioRecord.name == name
                    )
                ),
            )
            if not gone.rowcount:
                raise StoreError(f"assessment #{assessment_id} has no scenario named {name!r}")

        self._write(remove, f"delete scenario {name!r}")
