"""Tables for what the shop sold and the promotions it sends: the sales history imported from
its management system, and each promotion as a named batch with one row per customer reached
or left out (so its report can say who got it, who did not, and why)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tui_sms.store.column_types import Money, UTCDateTime, utcnow
from tui_sms.store.models import Message


class ConsentScope(StrEnum):
    TRANSACTIONAL = "transactional"  # appointment, work and account texts only
    PROMOTIONS = "promotions"  # promotions too


class Sale(SQLModel, table=True):
    """One line of an invoice: re-importing the same invoice line updates it."""

    __table_args__ = (sa.UniqueConstraint("invoice", "item"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    sold_on: date = Field(index=True)
    item: str = Field(index=True)
    category: str = Field(default="", index=True)
    amount: Decimal = Field(default=Decimal(0), sa_type=Money)
    invoice: str


class RecipientState(StrEnum):
    PENDING = "pending"  # selected, not queued yet
    QUEUED = "queued"  # its message exists (the message carries the delivery status)
    EXCLUDED = "excluded"  # left out: `reason` says why
    REFUSED = "refused"  # the gate refused it when queueing: `reason` is its sentence


class Promotion(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    body: str
    criteria: str = ""  # the search, as the clerk described it (JSON)
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PromotionRecipient(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("promotion_id", "customer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    promotion_id: int = Field(foreign_key="promotion.id", index=True)
    customer_id: int = Field(foreign_key="customer.id")
    number: str | None = None
    state: str = Field(default=RecipientState.PENDING, index=True)
    reason: str = ""  # no_promotional_consent | opted_out | no_mobile | unselected | a sentence
    message_id: int | None = Field(default=None, foreign_key="message.id", index=True)


# The messages report reads outbound messages by creation time; declared here, beside the
# other reporting tables, to keep models.py to the core ones.
sa.Index("ix_message_direction_created", Message.direction, Message.created_at)  # type: ignore[arg-type]
