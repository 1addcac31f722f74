"""index consent.customer_id: imports and reminder batches look consents up by customer

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consent") as batch_op:
        batch_op.create_index("ix_consent_customer_id", ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consent") as batch_op:
        batch_op.drop_index("ix_consent_customer_id")
