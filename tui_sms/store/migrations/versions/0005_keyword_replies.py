"""The shop's own answers to STOP, START and HELP, in English and French.

Revision ID: 0005
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    "stop_reply_en",
    "stop_reply_fr",
    "start_reply_en",
    "start_reply_fr",
    "help_reply_en",
    "help_reply_fr",
)


def upgrade() -> None:
    # Existing shop rows get "" (use the default text), hence the server default.
    with op.batch_alter_table("shop", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("shop", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
