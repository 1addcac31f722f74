"""inbox habits: opening hours and the after-hours answer, snoozed threads, mentions in notes

Revision ID: inbox_habits
Revises: 0013
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import tui_sms.store.models

revision: str = "inbox_habits"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("shop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("after_hours_reply", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("closed_reply_en", _TEXT(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("closed_reply_fr", _TEXT(), nullable=False, server_default="")
        )
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("snoozed_until", tui_sms.store.models.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_thread_snoozed_until"), ["snoozed_until"])

    op.create_table(
        "openinghours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "weekday"),
    )
    with op.batch_alter_table("openinghours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_openinghours_shop_id"), ["shop_id"])

    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("created_at", tui_sms.store.models.UTCDateTime(), nullable=False),
        sa.Column("seen_at", tui_sms.store.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["thread_id"], ["thread.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        for column in ("thread_id", "staff_id", "message_id", "seen_at"):
            batch_op.create_index(batch_op.f(f"ix_mention_{column}"), [column])


def downgrade() -> None:
    op.drop_table("mention")
    op.drop_table("openinghours")
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_snoozed_until"))
        batch_op.drop_column("snoozed_until")
    with op.batch_alter_table("shop", schema=None) as batch_op:
        batch_op.drop_column("closed_reply_fr")
        batch_op.drop_column("closed_reply_en")
        batch_op.drop_column("after_hours_reply")
