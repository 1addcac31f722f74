"""drop the indexes another index of the same table begins with (thread: shop_id, state;
message: thread_id, status; reminder: job_id; job: job_type_id): each is written for every
row a batch inserts (a reminder round opens thousands of threads, writes twice as many
messages and as many reminders), and the longer index serves every lookup they served

Revision ID: drop_prefix_indexes
Revises: textable_numbers
Create Date: 2026-12-01 11:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "drop_prefix_indexes"
down_revision: str | None = "textable_numbers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (the index dropped, its column): kept by (shop_id, number) and (state, ...) for
# threads, (thread_id, id) and (status, queue) for messages, (job_id, job_start) for
# reminders, (job_type_id, status, start) for jobs.
_DROPPED = {
    "thread": [("ix_thread_shop_id", "shop_id"), ("ix_thread_state", "state")],
    "message": [("ix_message_thread_id", "thread_id"), ("ix_message_status", "status")],
    "reminder": [("ix_reminder_job_id", "job_id")],
    "job": [("ix_job_job_type_id", "job_type_id")],
}


def upgrade() -> None:
    for table, indexes in _DROPPED.items():
        with op.batch_alter_table(table) as batch_op:
            for name, _ in indexes:
                batch_op.drop_index(name)


def downgrade() -> None:
    for table, indexes in _DROPPED.items():
        with op.batch_alter_table(table) as batch_op:
            for name, column in indexes:
                batch_op.create_index(name, [column], unique=False)
