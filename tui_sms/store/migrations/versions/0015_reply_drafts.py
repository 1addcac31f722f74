"""reply drafts: what each staff member is writing to each thread

Revision ID: reply_drafts
Revises: inbox_habits
Create Date: 2026-11-25 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tui_sms.store.models

revision: str = "reply_drafts"
down_revision: str | None = "inbox_habits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "replydraft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", tui_sms.store.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.ForeignKeyConstraint(["thread_id"], ["thread.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "thread_id"),
    )
    with op.batch_alter_table("replydraft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_replydraft_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_replydraft_thread_id"), ["thread_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("replydraft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replydraft_thread_id"))
        batch_op.drop_index(batch_op.f("ix_replydraft_staff_id"))
    op.drop_table("replydraft")
