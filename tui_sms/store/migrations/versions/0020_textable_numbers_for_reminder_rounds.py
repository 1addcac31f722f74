"""textable numbers: each number's classification (it takes texts, its time zone) stored, so a
reminder round of thousands does not classify every number with phonenumbers again; filled
for the contacts already on file

Revision ID: textable_numbers
Revises: sender_own_bookings
Create Date: 2026-12-01 10:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from tui_sms.domain.errors import UserError
from tui_sms.domain.phone import METADATA_VERSION, parse_number

revision: str = "textable_numbers"
down_revision: str | None = "sender_own_bookings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_CHUNK = 1000


def upgrade() -> None:
    table = op.create_table(
        "textablenumber",
        sa.Column("number", _TEXT(), nullable=False),
        sa.Column("time_zone", _TEXT(), nullable=True),
        sa.Column("metadata_version", _TEXT(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    assert table is not None
    connection = op.get_bind()
    numbers = connection.execute(sa.text("SELECT DISTINCT number FROM contact")).scalars().all()
    rows = []
    for number in numbers:
        try:
            # Stored numbers are E.164, which reads the same from any country.
            parsed = parse_number(number, "CA")
        except UserError:
            continue  # not textable: the outbox gate refuses it when asked, as before
        if parsed.e164 == number:
            rows.append(
                {
                    "number": number,
                    "time_zone": parsed.time_zone,
                    "metadata_version": METADATA_VERSION,
                }
            )
    for start in range(0, len(rows), _CHUNK):
        connection.execute(sa.insert(table), rows[start : start + _CHUNK])


def downgrade() -> None:
    op.drop_table("textablenumber")
