"""index message (direction, status): the failed count in the views line, read on every list
reload, found the few failed texts by scanning every outbound message

Revision ID: message_failed_index
Revises: reply_drafts
Create Date: 2026-12-01 03:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "message_failed_index"
down_revision: str | None = "reply_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch_op:
        batch_op.create_index("ix_message_direction_status", ["direction", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("message") as batch_op:
        batch_op.drop_index("ix_message_direction_status")
