"""Alembic environment: the engine comes from `config.attributes` (see store/migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from tui_sms.store import (  # noqa: F401  (registers the tables)
    draft_models,
    inbox_models,
    marketing_models,
    models,
    number_models,
    seat,
)
from tui_sms.store.engine import make_engine

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
