"""Promotions by search criteria: who matches, who is left out and why, what it will cost,
then a named batch queued in small transactions (so a progress bar can follow it) through the
promotional queue, and its report.

Every text still passes the outbox gate, which refuses a promotion outside the promotional
queue or to a number whose consent does not cover promotions (services/promotion_rules.py);
the exclusions computed here only tell the clerk beforehand.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from tui_sms.domain.compliance import QuietHours, in_quiet_hours
from tui_sms.domain.errors import NotFound, UserError
from tui_sms.domain.money import cost
from tui_sms.domain.phone import time_zone_for
from tui_sms.domain.promotion_text import with_opt_out_line
from tui_sms.domain.segments import check_length, estimate
from tui_sms.services import billing
from tui_sms.services.outbox import SendOptions, require_shop
from tui_sms.services.outbox_gate import Gate, Outgoing
from tui_sms.services.promotion_rules import PROMOTION_KIND
from tui_sms.store.marketing_models import Promotion, PromotionRecipient, RecipientState
from tui_sms.store.models import Queue, utcnow
from tui_sms.store.queries import marketing as marketing_queries
from tui_sms.store.queries.marketing import Criteria, Match

__all__ = ["BatchEstimate", "Candidate", "Criteria", "Match", "Search"]

NO_PROMOTIONAL_CONSENT = "no_promotional_consent"
OPTED_OUT = "opted_out"
NO_MOBILE = "no_mobile"
UNSELECTED = "unselected"
REASONS = (NO_PROMOTIONAL_CONSENT, OPTED_OUT, NO_MOBILE, UNSELECTED)
CHUNK = 50


@dataclass(frozen=True)
class Candidate:
    match: Match
    number: str | None
    excluded: str | None  # one of REASONS, or None when the promotion may go to them


@dataclass(frozen=True)
class Search:
    criteria: Criteria
    candidates: list[Candidate]

    @property
    def eligible(self) -> list[Candidate]:
        return [c for c in self.candidates if c.excluded is None]


@dataclass(frozen=True)
class BatchEstimate:
    texts: int
    segments: int
    cost: Decimal
    currency: str
    balance_after: int
    excluded: dict[str, int] = field(default_factory=dict)
    held_until_morning: int = 0  # in quiet hours now: they wait for the end of them


def search(session: Session, criteria: Criteria) -> Search:
    shop = require_shop(session)
    matches = marketing_queries.matching_customers(session, shop.id or 0, criteria)
    numbers = marketing_queries.primary_numbers(session, [m.customer_id for m in matches])
    mobiles = sorted(set(numbers.values()))
    opted_out = marketing_queries.opted_out_numbers(session, mobiles)
    consenting = marketing_queries.numbers_with_promotional_consent(session, mobiles)
    candidates = []
    for match in matches:
        number = numbers.get(match.customer_id)
        if number is None:
            reason: str | None = NO_MOBILE
        elif number in opted_out:
            reason = OPTED_OUT
        elif number not in consenting:
            reason = NO_PROMOTIONAL_CONSENT
        else:
            reason = None
        candidates.append(Candidate(match, number, reason))
    return Search(criteria, candidates)


def body_for(body: str, language: str) -> str:
    return with_opt_out_line(body, language)


def estimate_batch(
    session: Session, found: Search, selected: set[int], body: str, *, now: datetime | None = None
) -> BatchEstimate:
    """The total before confirming: texts, segments, cost, balance after, and who is left out."""
    now = now or utcnow()
    shop = require_shop(session)
    price, currency = billing.current_price(session, shop_id=shop.id)
    excluded: Counter[str] = Counter()
    texts = segments = held = 0
    quiet = QuietHours(shop.quiet_start, shop.quiet_end)
    per_language = {lang: estimate(body_for(body, lang)).segments for lang in ("en", "fr")}
    for candidate in found.candidates:
        if candidate.excluded is not None:
            excluded[candidate.excluded] += 1
            continue
        if candidate.match.customer_id not in selected:
            excluded[UNSELECTED] += 1
            continue
        texts += 1
        segments += per_language["fr" if candidate.match.language == "fr" else "en"]
        if in_quiet_hours(now, time_zone_for(candidate.number or "", shop.time_zone), quiet):
            held += 1
    summary = billing.balance(session, shop_id=shop.id, now=now)
    return BatchEstimate(
        texts=texts,
        segments=segments,
        cost=cost(segments, price),
        currency=currency,
        balance_after=summary.available - segments,
        excluded=dict(excluded),
        held_until_morning=held,
    )


def create_promotion(
    session: Session,
    name: str,
    body: str,
    found: Search,
    selected: set[int],
    *,
    created_by: str,
    now: datetime | None = None,
) -> Promotion:
    """Record the named batch and who it goes to; `queue_next` then queues it chunk by chunk."""
    name = " ".join(name.split())
    if not name:
        raise UserError("Give the promotion a name: its report is found by it.")
    if marketing_queries.promotion_by_name(session, name) is not None:
        raise UserError(f"There is already a promotion named “{name}”: choose another name.")
    for language in ("en", "fr"):
        check_length(body_for(body, language))
    chosen = [c for c in found.eligible if c.match.customer_id in selected]
    if not chosen:
        raise UserError("Nobody selected may receive this promotion: nothing to send.")
    estimate_now = estimate_batch(session, found, selected, body, now=now)
    billing.require_balance(session, estimate_now.segments)
    promotion = Promotion(
        name=name,
        body=body,
        criteria=json.dumps(asdict(found.criteria), default=str),
        created_by=created_by,
        created_at=now or utcnow(),
    )
    session.add(promotion)
    session.flush()
    for candidate in found.candidates:
        reason = candidate.excluded
        if reason is None and candidate.match.customer_id not in selected:
            reason = UNSELECTED
        session.add(
            PromotionRecipient(
                promotion_id=promotion.id or 0,
                customer_id=candidate.match.customer_id,
                number=candidate.number,
                state=RecipientState.PENDING if reason is None else RecipientState.EXCLUDED,
                reason=reason or "",
            )
        )
    session.flush()
    return promotion


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done >= self.total


def queue_next(
    session: Session,
    promotion_id: int,
    *,
    author_id: int | None,
    now: datetime | None = None,
    limit: int = CHUNK,
) -> Progress:
    """Queue up to `limit` pending recipients (call once per transaction until finished).

    Each text goes through the gate on the promotional queue, automated (held out of quiet
    hours until the morning); one the gate refuses is marked refused with its sentence."""
    promotion = session.get(Promotion, promotion_id)
    if promotion is None:
        raise NotFound(f"There is no promotion number {promotion_id}.")
    now = now or utcnow()
    options = SendOptions(queue=Queue.PROMOTIONAL, kind=PROMOTION_KIND, automated=True)
    languages = marketing_queries.customer_languages(
        session,
        [r.customer_id for r in marketing_queries.recipients(session, promotion_id, "pending")],
    )
    chunk = list(
        marketing_queries.recipients(session, promotion_id, RecipientState.PENDING, limit=limit)
    )
    results = Gate(session, now).queue(
        [
            Outgoing(
                body_for(promotion.body, languages.get(recipient.customer_id, "en")),
                number=recipient.number or "",
                author_id=author_id,
                options=options,
            )
            for recipient in chunk
        ]
    )
    for recipient, result in zip(chunk, results, strict=True):
        if isinstance(result, UserError):
            recipient.state = RecipientState.REFUSED
            recipient.reason = str(result)
        else:
            recipient.state = RecipientState.QUEUED
            recipient.message_id = result.message_id
        session.add(recipient)
    session.flush()
    counts = marketing_queries.recipient_counts(session, promotion_id)
    total = sum(n for (state, _), n in counts.items() if state != RecipientState.EXCLUDED)
    pending = sum(n for (state, _), n in counts.items() if state == RecipientState.PENDING)
    return Progress(total - pending, total)


@dataclass(frozen=True)
class PromotionReport:
    name: str
    created_at: datetime
    created_by: str
    queued: int
    refused: int
    pending: int
    excluded: dict[str, int]
    sent: int
    delivered: int
    failed: int
    replies: int
    opt_outs: int


def promotion_report(session: Session, name: str) -> PromotionReport:
    promotion = marketing_queries.promotion_by_name(session, name.strip())
    if promotion is None:
        raise NotFound(f"There is no promotion named “{name.strip()}”.")
    pid = promotion.id or 0
    counts = marketing_queries.recipient_counts(session, pid)
    statuses = marketing_queries.message_statuses(session, pid)

    def in_state(state: str) -> int:
        return sum(n for (s, _), n in counts.items() if s == state)

    return PromotionReport(
        name=promotion.name,
        created_at=promotion.created_at,
        created_by=promotion.created_by,
        queued=in_state(RecipientState.QUEUED),
        refused=in_state(RecipientState.REFUSED),
        pending=in_state(RecipientState.PENDING),
        excluded={r: n for (s, r), n in counts.items() if s == RecipientState.EXCLUDED},
        sent=sum(statuses.get(s, 0) for s in ("sent", "delivered", "read", "undelivered")),
        delivered=sum(statuses.get(s, 0) for s in ("delivered", "read")),
        failed=sum(statuses.get(s, 0) for s in ("failed", "undelivered", "canceled")),
        replies=marketing_queries.replies_after(session, pid, promotion.created_at),
        opt_outs=marketing_queries.opt_outs_after(session, pid, promotion.created_at),
    )


def promotions(session: Session) -> list[Promotion]:
    return list(marketing_queries.promotions(session))
