"""Persistence of repositories and their assessments (SQLAlchemy 2 ORM, Alembic migrations)."""

from app.store.database import StoreError, open_store
from app.store.store import AssessmentSummary, RepositorySummary, Store

__all__ = ["AssessmentSummary", "RepositorySummary", "Store", "StoreError", "open_store"]
