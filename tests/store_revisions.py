"""Put a SQLite store file back to an earlier schema revision, as an older version left it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from app.store.database import MIGRATIONS


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def downgrade(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


def head() -> str | None:
    """The newest revision of the migrations."""
    return ScriptDirectory.from_config(_config()).get_current_head()
