"""staff roles: admin (shop settings, numbers, bundles, templates, staff) or staff

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-24 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "role",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="staff",
            )
        )
    # Before roles everybody could change everything: existing staff keep that, so no shop
    # wakes up without an administrator. People added from now on start as staff.
    op.execute(sa.text("UPDATE staff SET role = 'admin'"))


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("role")
