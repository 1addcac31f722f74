"""The prepaid balance: a ledger of bundle purchases and per-message draws, never a counter.

Sent messages draw their segments when the provider accepts them (failed and undelivered ones
still cost; a synchronous refusal such as 21211 does not); received messages draw when stored.
Each message draws once, whatever retries, reconciliations or duplicate answers follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from tui_sms.domain.errors import InsufficientBalance, InvalidPurchase, NotFound
from tui_sms.domain.money import (
    LARGEST_BUNDLE,
    LARGEST_PRICE,
    cost,
    format_count,
    segment_price,
)
from tui_sms.domain.pricing import DEFAULT_CURRENCY, DEFAULT_SEGMENT_PRICE
from tui_sms.domain.segments import estimate
from tui_sms.services import roles
from tui_sms.services.statuses import AnsweredRow
from tui_sms.store.models import BalanceEntry, Direction, EntryKind, Message, Shop, Thread, utcnow
from tui_sms.store.queries import ledger as ledger_queries
from tui_sms.store.queries import people, threads


@dataclass(frozen=True)
class BalanceSummary:
    segments: int  # the ledger's sum
    price_per_segment: Decimal  # that of the latest bundle bought
    currency: str
    this_month_sent: int  # segments drawn this month (shop time) by sent messages
    this_month_received: int
    waiting: int = 0  # segments of outbound messages not yet accepted: they will draw soon
    floor: int = 0  # the lowest the balance may go: 0, or minus the shop's negative limit

    @property
    def available(self) -> int:
        """What is left once the messages waiting to go out have drawn."""
        return self.segments - self.waiting

    def covers(self, segments: int) -> bool:
        return self.available - segments >= self.floor


def shortfall_sentence(summary: BalanceSummary, needed: int) -> str:
    """Why a message of `needed` segments cannot go, in one sentence a clerk understands."""
    left = summary.available
    unit = "segment" if left in (1, -1) else "segments"
    has = f"has {format_count(left)} {unit} left" if left > 0 else "is used up"
    if left < 0:
        has = f"is at {format_count(left)} segments"
    if summary.waiting:
        has += f" once the {format_count(summary.waiting)} waiting to go out are sent"
    needs = f"this message needs {format_count(needed)}"
    if summary.floor < 0:
        needs += f" and the shop allows going down to {format_count(summary.floor)} only"
    return f"The prepaid balance {has} and {needs}: buy a bundle (tui-sms balance buy) first."


def shortfall(summary: BalanceSummary, needed: int) -> InsufficientBalance:
    """The refusal of a message the balance cannot cover, with the facts behind it."""
    return InsufficientBalance(shortfall_sentence(summary, needed), summary=summary, needed=needed)


def record_purchase(
    session: Session,
    segments: int,
    price: Decimal,
    now: datetime | None = None,
    *,
    shop_id: int | None = None,
    bundle: int | None = None,
    recorded_by: str = "",
) -> BalanceEntry:
    """Record a bundle bought: `segments` added for `price` paid (the new price per segment)."""
    if segments <= 0:
        raise InvalidPurchase("A purchase adds at least one segment: give the bundle's size.")
    if Decimal(price) <= 0:
        raise InvalidPurchase("Give the price paid for the bundle, for example --price 37.50.")
    if segments > LARGEST_BUNDLE or not Decimal(price) <= LARGEST_PRICE:
        raise InvalidPurchase(
            f"A bundle holds at most {LARGEST_BUNDLE:,} segments for at most "
            f"{LARGEST_PRICE:,}: check the figures for an extra zero."
        )
    shop = _shop(session, shop_id)
    if shop is None:
        raise NotFound("This database has no shop yet: set the shop up before buying segments.")
    entry = BalanceEntry(
        shop_id=shop.id or 0,
        kind=EntryKind.PURCHASE,
        segments=segments,
        price=Decimal(price),
        bundle=bundle or segments,
        recorded_by=recorded_by,
        at=now or utcnow(),
    )
    session.add(entry)
    session.flush()
    threads.record_change(session, None, "balance")
    return entry


BUY_BUNDLES = "buy bundles of segments"


def buy_bundle(
    session: Session, login: str, segments: int, price: Decimal, now: datetime | None = None
) -> BalanceEntry:
    """A bundle bought by an administrator (`login`), recorded as a purchase."""
    roles.require_admin(session, login, BUY_BUNDLES)
    return record_purchase(session, segments, price, now, recorded_by=login)


def set_negative_limit(session: Session, limit: int, *, shop_id: int | None = None) -> Shop:
    """Let the balance go down to -`limit` segments before sending is refused; 0 forbids it."""
    if limit < 0:
        raise InvalidPurchase("Give the limit as a number of segments, 0 or more (e.g. 500).")
    shop = _shop(session, shop_id)
    if shop is None:
        raise NotFound("This database has no shop yet: set the shop up first.")
    shop.allow_negative_balance = limit > 0
    shop.negative_balance_limit = limit
    session.add(shop)
    threads.record_change(session, None, "balance")
    return shop


def draw_for_message(
    session: Session, message: Message, now: datetime | None = None
) -> BalanceEntry | None:
    """Take a sent or received message's segments from the balance; None if it already drew."""
    if message.direction not in (Direction.OUTBOUND, Direction.INBOUND):
        return None
    if message.id is None:
        session.flush()
    if ledger_queries.draw_for_message(session, message.id or 0) is not None:
        return None
    thread = session.get(Thread, message.thread_id)
    if thread is None:
        return None
    price, _ = current_price(session, shop_id=thread.shop_id)
    values = _draw(message, thread.shop_id, price, now or utcnow())
    if values is None:
        return None
    entry = BalanceEntry(**values)
    session.add(entry)
    session.flush()
    return entry


def draw_for_messages(
    session: Session, messages: Sequence[Message | AnsweredRow], now: datetime
) -> int:
    """`draw_for_message` for a batch: the same rules, a few statements whatever its size
    (which messages already drew, their threads, each shop's price once, one insert), for
    stored messages or the rows a batch of answers read. Returns how many drew."""
    drawing = [m for m in messages if m.direction in (Direction.OUTBOUND, Direction.INBOUND)]
    if any(m.id is None for m in drawing):
        session.flush()
    drawn = ledger_queries.messages_drawn(session, {m.id or 0 for m in drawing})
    shops = threads.shops_of_threads(session, {m.thread_id for m in drawing})
    prices: dict[int, Decimal] = {}
    entries = []
    for message in drawing:
        shop_id = shops.get(message.thread_id)
        if message.id in drawn or shop_id is None:
            continue
        if shop_id not in prices:
            prices[shop_id] = current_price(session, shop_id=shop_id)[0]
        entry = _draw(message, shop_id, prices[shop_id], now)
        if entry is not None:
            entries.append(entry)
            drawn.add(message.id or 0)  # a message twice in one batch draws once
    ledger_queries.add_entries(session, entries)
    return len(entries)


def _draw(
    message: Message | AnsweredRow, shop_id: int, price: Decimal, at: datetime
) -> dict[str, Any] | None:
    """The ledger line a message's segments draw, at the latest bundle's price."""
    segments = message.segments or estimate(message.body).segments
    if not segments:
        return None
    return {
        "shop_id": shop_id,
        "kind": EntryKind.DRAW,
        "segments": -segments,
        "price": cost(segments, price),
        "bundle": None,
        "message_id": message.id,
        "direction": message.direction,
        "recorded_by": "",
        "at": at,
    }


def current_price(session: Session, *, shop_id: int | None = None) -> tuple[Decimal, str]:
    """The price of a segment (the latest bundle's, else the default) and the shop's currency."""
    shop = _shop(session, shop_id)
    if shop is None:
        return DEFAULT_SEGMENT_PRICE, DEFAULT_CURRENCY
    latest = ledger_queries.latest_purchase(session, shop.id or 0)
    if latest is None or not latest.segments:
        return DEFAULT_SEGMENT_PRICE, shop.currency
    return segment_price(latest.segments, latest.price), shop.currency


def balance(
    session: Session, *, shop_id: int | None = None, now: datetime | None = None
) -> BalanceSummary:
    shop = _shop(session, shop_id)
    if shop is None:
        return BalanceSummary(0, DEFAULT_SEGMENT_PRICE, DEFAULT_CURRENCY, 0, 0)
    price, currency = current_price(session, shop_id=shop.id)
    used = ledger_queries.segments_drawn_since(
        session, shop.id or 0, _month_start(shop, now or utcnow())
    )
    return BalanceSummary(
        segments=ledger_queries.ledger_sum(session, shop.id or 0),
        price_per_segment=price,
        currency=currency,
        this_month_sent=used.get(Direction.OUTBOUND, 0),
        this_month_received=used.get(Direction.INBOUND, 0),
        waiting=ledger_queries.segments_waiting(session, shop.id or 0),
        floor=-max(shop.negative_balance_limit, 0) if shop.allow_negative_balance else 0,
    )


def can_afford(session: Session, segments: int, *, shop_id: int | None = None) -> bool:
    return balance(session, shop_id=shop_id).covers(segments)


def require_balance(session: Session, segments: int, *, shop_id: int | None = None) -> None:
    """Raise InsufficientBalance when the balance cannot cover `segments` more.

    The shop row stays locked until the caller commits, so two clerks sending at once cannot
    both spend the last segments."""
    shop = _shop(session, shop_id)
    if shop is not None:
        people.lock_shop(session, shop.id or 0)
    summary = balance(session, shop_id=shop.id if shop else None)
    if not summary.covers(segments):
        raise shortfall(summary, segments)


def _shop(session: Session, shop_id: int | None) -> Shop | None:
    return session.get(Shop, shop_id) if shop_id is not None else people.get_shop(session)


def _month_start(shop: Shop, now: datetime) -> datetime:
    try:
        zone = ZoneInfo(shop.time_zone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
