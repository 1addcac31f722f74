"""sender seat: the one row naming the process that sends for this database

Revision ID: sender_seat
Revises: 0010
Create Date: 2026-11-24 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import tui_sms.store.models

revision: str = "sender_seat"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    seat = op.create_table(
        "senderseat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("held_until", tui_sms.store.models.UTCDateTime(), nullable=True),
        sa.Column("taken_at", tui_sms.store.models.UTCDateTime(), nullable=True),
        sa.Column("last_held_at", tui_sms.store.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # The row exists from the start, so taking the seat is always an UPDATE, never a race
    # between two INSERTs.
    op.bulk_insert(seat, [{"id": 1, "kind": ""}])


def downgrade() -> None:
    op.drop_table("senderseat")
