"""mail outbox, reply-forwarding shop settings and employee threads

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-23 11:32:33.932281
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import tui_sms.store.models

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHOP_FORWARD_SMS_FK = "fk_shop_forward_sms_staff_id_staff"


def upgrade() -> None:
    op.create_table(
        "mailout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recipients", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("header_message_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", tui_sms.store.models.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", tui_sms.store.models.UTCDateTime(), nullable=True),
        sa.Column("lease_until", tui_sms.store.models.UTCDateTime(), nullable=True),
        sa.Column("sent_at", tui_sms.store.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("server_answer", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mailout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mailout_message_id"), ["message_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mailout_sent_at"), ["sent_at"], unique=False)

    # Existing rows get the defaults through server_default.
    with op.batch_alter_table("shop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "language",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("forward_keywords", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("forward_sms_staff_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(SHOP_FORWARD_SMS_FK, "staff", ["forward_sms_staff_id"], ["id"])

    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="customer",
            )
        )
        batch_op.create_index(batch_op.f("ix_thread_kind"), ["kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_kind"))
        batch_op.drop_column("kind")

    with op.batch_alter_table("shop", schema=None) as batch_op:
        batch_op.drop_constraint(SHOP_FORWARD_SMS_FK, type_="foreignkey")
        batch_op.drop_column("forward_sms_staff_id")
        batch_op.drop_column("forward_keywords")
        batch_op.drop_column("language")

    with op.batch_alter_table("mailout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mailout_sent_at"))
        batch_op.drop_index(batch_op.f("ix_mailout_message_id"))

    op.drop_table("mailout")
