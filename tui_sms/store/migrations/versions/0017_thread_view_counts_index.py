"""index thread (state, assignee_id, kind, snoozed_until): the views line's counts and the
Mine list read only this index, instead of every thread row the kind index points at; and
the few snoozed threads by (kind, last activity), so the Snoozed list and count skip the rest

Revision ID: thread_view_counts_index
Revises: message_failed_index
Create Date: 2026-12-01 06:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

SNOOZED = "snoozed_until IS NOT NULL"

revision: str = "thread_view_counts_index"
down_revision: str | None = "message_failed_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("thread") as batch_op:
        batch_op.create_index(
            "ix_thread_state_assignee",
            ["state", "assignee_id", "kind", "snoozed_until"],
            unique=False,
        )
    op.create_index(
        "ix_thread_snoozed_activity",
        "thread",
        ["kind", "last_activity_at", "id"],
        unique=False,
        sqlite_where=sa.text(SNOOZED),
        postgresql_where=sa.text(SNOOZED),
    )


def downgrade() -> None:
    op.drop_index("ix_thread_snoozed_activity", table_name="thread")
    with op.batch_alter_table("thread") as batch_op:
        batch_op.drop_index("ix_thread_state_assignee")
