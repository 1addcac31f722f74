"""The outbox's rules for promotions: a promotion goes only through the promotional queue (and
so only from its numbers), and only to a number whose consent covers promotions. A consent
recorded for service texts is not one for marketing (CASL and the TCPA both ask for express
consent to commercial messages)."""

from __future__ import annotations

from tui_sms.domain.errors import ComplianceError, ConsentMissing
from tui_sms.domain.phone import format_national
from tui_sms.store.models import Queue

PROMOTION_KIND = "promotion"


def check_promotional(queue: str, kind: str, number: str, *, covers_promotions: bool) -> None:
    """Refuse a promotion outside the promotional queue, and any promotional-queue text to a
    number without a consent that covers promotions (`covers_promotions`: the number has one)."""
    if kind == PROMOTION_KIND and queue != Queue.PROMOTIONAL:
        raise ComplianceError("A promotion goes out through the promotional queue only.")
    if queue != Queue.PROMOTIONAL:
        return
    if not covers_promotions:
        raise ConsentMissing(
            f"{format_national(number)} has not agreed to receive promotions: record a consent "
            "that covers promotions first (tui-sms customer consent record … --promotions)."
        )
