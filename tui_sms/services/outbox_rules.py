"""The outbox gate's rules about a number, and what it reads to apply them.

`NumberFacts` reads, for every number of a batch at once, whether it opted out, has a consent
on file, has one covering promotions; `NumberFacts.check` applies the rules to one number.
One message is a batch of one: the same reads, the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from tui_sms.domain.compliance import local_time
from tui_sms.domain.errors import ComplianceError, ConsentMissing, OptedOut
from tui_sms.domain.phone import format_national, region_is_configured
from tui_sms.services.promotion_rules import check_promotional
from tui_sms.store.models import OptOut, Queue, Shop, Thread, ThreadKind
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import marketing as marketing_queries
from tui_sms.store.queries import outbox as outbox_queries
from tui_sms.store.queries import people


@dataclass(frozen=True)
class SendOptions:
    """How a message goes out. Automated messages (reminders, promotions, confirmations)
    are held out of quiet hours and may carry a validity period; staff replies are not."""

    queue: str = Queue.TRANSACTIONAL
    kind: str = "reply"
    automated: bool = False
    scheduled_for: datetime | None = None
    validity_seconds: int | None = None


def require_shop(session: Session) -> Shop:
    shop = people.get_shop(session)
    if shop is None or not region_is_configured(shop.country, shop.province):
        raise ComplianceError(
            "Set the shop's country and province first (tui-sms shop set): "
            "nothing can be texted until they are configured."
        )
    return shop


class HasKind(Protocol):
    kind: str


def needs_consent(thread: HasKind) -> bool:
    """Whether texting this thread's number needs a recorded consent.

    A customer conversation needs one; a thread with a member of staff does not: staff agree
    to work texts when they are hired. Opt-out is not asked here and is checked for every
    thread, so a STOP from an employee blocks them too.
    """
    return thread.kind != ThreadKind.EMPLOYEE


@dataclass
class NumberFacts:
    """What the gate knows about a batch's numbers, read once for the batch."""

    opt_outs: dict[str, OptOut] = field(default_factory=dict)
    consented: set[str] = field(default_factory=set)
    promotional: set[str] = field(default_factory=set)  # consent covering promotions

    @classmethod
    def load(
        cls, session: Session, numbers: Iterable[str], *, promotional: bool = False
    ) -> NumberFacts:
        wanted = sorted(set(numbers))
        return cls(
            opt_outs=outbox_queries.opt_outs(session, wanted),
            consented=consent_queries.numbers_with_active_consent(session, wanted),
            promotional=(
                marketing_queries.numbers_with_promotional_consent(session, wanted)
                if promotional
                else set()
            ),
        )

    def check(self, session: Session, shop: Shop, number: str, *, consent_needed: bool) -> None:
        """Refuse with the clerk's sentence when the number opted out or never consented."""
        opt_out = self.opt_outs.get(number)
        if opt_out is not None:
            raise OptedOut(opted_out_sentence(opt_out, shop.time_zone))
        if consent_needed and number not in self.consented:
            raise ConsentMissing(consent_missing_sentence(session, number, shop.time_zone))

    def check_queue(self, queue: str, kind: str, number: str) -> None:
        check_promotional(queue, kind, number, covers_promotions=number in self.promotional)


def no_sender_sentence(queue: str) -> str:
    """Why a text is refused while its queue has no sender number, and what to do."""
    if queue == Queue.PROMOTIONAL:
        return (
            "No sender number is set up for promotions yet, so nothing was sent: an "
            "administrator adds one in 'Provider and numbers' (Ctrl+P) or with "
            "'tui-sms numbers add NUMBER --queue promotional'."
        )
    return (
        "No sender number is set up for replies and job texts yet, so nothing was sent: an "
        "administrator adds one in 'Provider and numbers' (Ctrl+P) or with "
        "'tui-sms numbers add NUMBER'."
    )


def check_may_text(
    session: Session, shop: Shop, thread: Thread, recipient: str | None = None
) -> None:
    """Refuse with the clerk's sentence when the number opted out or never consented."""
    number = recipient or thread.number
    NumberFacts.load(session, [number]).check(
        session, shop, number, consent_needed=needs_consent(thread)
    )


def opted_out_sentence(opt_out: OptOut, time_zone: str) -> str:
    shown = format_national(opt_out.number)
    day = local_time(opt_out.at, time_zone).strftime("%Y-%m-%d")
    if opt_out.source.startswith("staff"):
        how = f"asked not to be texted (recorded by staff on {day})"
    elif opt_out.source.startswith("provider"):
        how = f"unsubscribed (the carrier refused a text on {day})"
    else:
        how = f"replied {opt_out.keyword.strip().upper() or 'STOP'} on {day}"
    return (
        f"{shown} {how}: texting is disabled until the customer texts START to the shop's number."
    )


def consent_missing_sentence(session: Session, number: str, time_zone: str) -> str:
    shown = format_national(number)
    how = (
        f"tui-sms customer consent record --number {number} --method verbal --wording …, "
        "or press C in the conversation"
    )
    latest = consent_queries.latest_consent(session, number)
    if latest is not None and latest.withdrawn_at is not None:
        day = local_time(latest.withdrawn_at, time_zone).strftime("%Y-%m-%d")
        return (
            f"Record the customer's consent first: {shown} withdrew consent on {day}; "
            f"record it again only if they agreed again ({how})."
        )
    return f"Record the customer's consent first: {shown} has no consent on file ({how})."
