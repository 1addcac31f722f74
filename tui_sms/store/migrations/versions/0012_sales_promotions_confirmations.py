"""sales history, car clubs, promotions as named batches, what a consent covers, job
confirmations and the composer's default message

Revision ID: 0012
Revises: sender_seat
Create Date: 2026-11-25 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import tui_sms.store.models

revision: str = "0012"
down_revision: str | None = "sender_seat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "sale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("sold_on", sa.Date(), nullable=False),
        sa.Column("item", _TEXT(), nullable=False),
        sa.Column("category", _TEXT(), nullable=False),
        sa.Column("amount", tui_sms.store.models.Money(), nullable=False),
        sa.Column("invoice", _TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invoice", "item"),
    )
    with op.batch_alter_table("sale", schema=None) as batch_op:
        for column in ("customer_id", "sold_on", "item", "category"):
            batch_op.create_index(batch_op.f(f"ix_sale_{column}"), [column], unique=False)

    op.create_table(
        "promotion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _TEXT(), nullable=False),
        sa.Column("body", _TEXT(), nullable=False),
        sa.Column("criteria", _TEXT(), nullable=False),
        sa.Column("created_by", _TEXT(), nullable=False),
        sa.Column("created_at", tui_sms.store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "promotionrecipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promotion_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("number", _TEXT(), nullable=True),
        sa.Column("state", _TEXT(), nullable=False),
        sa.Column("reason", _TEXT(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["promotion_id"], ["promotion.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("promotion_id", "customer_id"),
    )
    with op.batch_alter_table("promotionrecipient", schema=None) as batch_op:
        for column in ("promotion_id", "state", "message_id"):
            batch_op.create_index(
                batch_op.f(f"ix_promotionrecipient_{column}"), [column], unique=False
            )

    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("car_club", _TEXT(), nullable=False, server_default=""))
    # Consents recorded so far said nothing about promotions: they cover service texts only,
    # so no customer receives a promotion until a consent that names promotions is recorded.
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("scope", _TEXT(), nullable=False, server_default="transactional")
        )
    with op.batch_alter_table("jobtype", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confirm_follow_up_hours", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confirmed_at", tui_sms.store.models.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("shortcut", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_default", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # The report reads messages by their creation time and direction.
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_message_direction_created", ["direction", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_direction_created")
    for table, column in (
        ("shortcut", "is_default"),
        ("job", "confirmed_at"),
        ("jobtype", "confirm_follow_up_hours"),
        ("consent", "scope"),
        ("customer", "car_club"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
    op.drop_table("promotionrecipient")
    op.drop_table("promotion")
    op.drop_table("sale")
