"""index job (job_type_id, status, start) and reminder (job_id, job_start): a reminder round
sorted every active job for each page of candidates, and matched each job's reminders by a
state shared by thousands of rows

Revision ID: reminder_round_indexes
Revises: thread_view_counts_index
Create Date: 2026-12-01 06:15:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "reminder_round_indexes"
down_revision: str | None = "thread_view_counts_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch_op:
        batch_op.create_index(
            "ix_job_type_status_start", ["job_type_id", "status", "start"], unique=False
        )
    with op.batch_alter_table("reminder") as batch_op:
        batch_op.create_index("ix_reminder_job_id_job_start", ["job_id", "job_start"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder") as batch_op:
        batch_op.drop_index("ix_reminder_job_id_job_start")
    with op.batch_alter_table("job") as batch_op:
        batch_op.drop_index("ix_job_type_status_start")
