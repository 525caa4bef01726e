"""Developer tool: autogenerate an Alembic migration from the ORM models.

    .venv/bin/python tools/new_migration.py "what changed" 0002

Builds a scratch SQLite database at the current head, then diffs it against the models.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from app.store.database import MIGRATIONS


def main() -> None:
    message, rev_id = sys.argv[1], sys.argv[2]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()


if __name__ == "__main__":
    main()
