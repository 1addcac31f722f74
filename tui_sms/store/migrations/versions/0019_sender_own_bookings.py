"""sender numbers: booked_by and own_free_at, so a sender following its own booking on a
number keeps only its own slack, not the guard kept for another worker's

Revision ID: sender_own_bookings
Revises: reminder_round_indexes
Create Date: 2026-12-01 10:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import tui_sms.store.column_types

revision: str = "sender_own_bookings"
down_revision: str | None = "reminder_round_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sendernumber") as batch_op:
        batch_op.add_column(
            sa.Column("booked_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("own_free_at", tui_sms.store.column_types.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("sendernumber") as batch_op:
        batch_op.drop_column("own_free_at")
        batch_op.drop_column("booked_by")
