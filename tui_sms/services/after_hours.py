"""The after-hours answer: a customer who writes while the shop is closed hears once when it
reopens, in their language.

It is held back, so that it never annoys and never talks to another robot:
- at most once per number per 12 hours (the thread is the number's);
- never to a keyword (STOP, START, HELP) nor to an appointment confirmation (C, YES, OUI):
  those have their own answers, and a confirmation needs none;
- never to a text that reads like another robot's automatic answer ("auto-reply", "do not
  reply", "out of office" …), and never to a text that arrived within LOOP_WINDOW of an
  automatic text of ours to that number: two auto-responders would otherwise answer each
  other for ever (the 12-hour cap bounds that too, but a robot with several numbers or a
  reset would still ping-pong), and a person rarely answers within seconds of a robot;
- never to an employee's thread, nor to a number that opted out.
The answer goes through the outbox as an answer (like HELP): the customer just wrote, so
neither consent on file nor quiet hours hold it, but an opt-out does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from tui_sms.domain.compliance import classify_keyword, language_for, local_time
from tui_sms.domain.errors import UserError
from tui_sms.domain.job_texts import confirms
from tui_sms.domain.opening_hours import (
    closed_reply,
    is_open,
    looks_automated,
    next_opening,
    reopen_words,
)
from tui_sms.services import outbox
from tui_sms.services.opening_hours import hours_for
from tui_sms.store.models import Customer, Message, Shop, Thread, ThreadKind
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import inbox_habits

KIND = "after_hours"
ONCE_PER = timedelta(hours=12)
LOOP_WINDOW = timedelta(seconds=90)


def answer_if_closed(
    session: Session, shop: Shop, thread: Thread, body: str, at: datetime, now: datetime
) -> Message | None:
    """Queue the after-hours answer to a text received at `at`, when every rule allows it."""
    if not shop.after_hours_reply or thread.kind != ThreadKind.CUSTOMER or thread.id is None:
        return None
    hours = hours_for(session, shop)
    # Closed when the text came and still closed now: a text the poller brings in late,
    # once the shop has opened, is for the people at the counter to answer.
    local = local_time(now, shop.time_zone)
    if not hours or is_open(hours, local_time(at, shop.time_zone)) or is_open(hours, local):
        return None
    if classify_keyword(body) is not None or confirms(body) or looks_automated(body):
        return None
    last = inbox_habits.latest_outbound(session, thread.id, kind=KIND)
    if last is not None and at - last.created_at < ONCE_PER:
        return None
    ours = inbox_habits.latest_outbound(session, thread.id, automatic=True)
    if ours is not None and timedelta(0) <= at - ours.created_at < LOOP_WINDOW:
        return None
    if consent_queries.opt_out_for(session, thread.number) is not None:
        return None
    opening = next_opening(hours, local)
    if opening is None:
        return None
    customer = session.get(Customer, thread.customer_id) if thread.customer_id else None
    language = language_for(customer.language if customer else None, shop.province)
    shop_text = shop.closed_reply_fr if language == "fr" else shop.closed_reply_en
    text = closed_reply(language, shop.name, reopen_words(opening, local, language), shop_text)
    try:
        return outbox.queue_automatic_answer(session, thread, text, kind=KIND, now=now)
    except UserError:
        return None  # the shop cannot text right now (no balance, not set up): stay silent
