"""The outbox's rules for promotions: a promotion goes only through the promotional queue (and
so only from its numbers), and only to a number whose consent covers promotions. A consent
recorded for service texts is not one for marketing (CASL and the TCPA both ask for express
consent to commercial messages)."""

from __future__ import annotations

from sqlmodel import Session

from tui_sms.domain.errors import ComplianceError, ConsentMissing
from tui_sms.domain.phone import format_national
from tui_sms.store.models import Queue
from tui_sms.store.queries import marketing as marketing_queries

PROMOTION_KIND = "promotion"


def check_promotional(session: Session, queue: str, kind: str, number: str) -> None:
    """Refuse a promotion outside the promotional queue, and any promotional-queue text to a
    number without a consent that covers promotions."""
    if kind == PROMOTION_KIND and queue != Queue.PROMOTIONAL:
        raise ComplianceError("A promotion goes out through the promotional queue only.")
    if queue != Queue.PROMOTIONAL:
        return
    if not marketing_queries.numbers_with_promotional_consent(session, [number]):
        raise ConsentMissing(
            f"{format_national(number)} has not agreed to receive promotions: record a consent "
            "that covers promotions first (tui-sms customer consent record … --promotions)."
        )
