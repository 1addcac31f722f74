"""Inbound messages: store once (unique provider sid), thread them, bring resolved threads back."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.compliance import (
    Keyword,
    classify_keyword,
    keyword_reply,
    language_for,
    local_time,
    resembles_opt_out,
)
from tui_sms.domain.errors import UserError
from tui_sms.domain.segments import estimate
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import billing, consent, job_texts, outbox
from tui_sms.services.employees import employee_thread
from tui_sms.services.forwarding import forward_inbound
from tui_sms.store.models import Customer, Direction, Message, Shop, Thread, ThreadState, utcnow
from tui_sms.store.queries import people, sending
from tui_sms.store.queries import threads as threads_queries

FLAG_OPT_OUT = "This reply may ask to stop texts: read it, and press O to record the opt-out."


def receive_inbound(session: Session, shop: Shop, incoming: ProviderMessage) -> Message | None:
    """Store one inbound message; None when it was already stored."""
    if sending.message_by_sid(session, incoming.sid) is not None:
        return None
    at = incoming.date_sent or incoming.date_created
    thread = _thread_for(session, shop, incoming.from_, at)
    found = estimate(incoming.body)
    message = Message(
        thread_id=thread.id or 0,
        direction=Direction.INBOUND,
        kind="reply",
        body=incoming.body,
        status="received",
        from_number=incoming.from_,
        to_number=incoming.to,
        provider_sid=incoming.sid,
        segments=incoming.num_segments or found.segments,
        encoding=found.encoding,
        created_at=at,
        updated_at=at,
        sent_at=at,
        final_at=at,
    )
    session.add(message)
    # A resolved thread comes back when the customer writes again. It keeps its assignee:
    # the person who handled the customer last is the one who knows the job.
    thread.state = ThreadState.OPEN
    thread.unread_count += 1
    thread.last_preview = incoming.body
    thread.last_activity_at = max(thread.last_activity_at, at)
    if thread.sender_number is None:
        thread.sender_number = incoming.to
    session.add(thread)
    session.flush()
    # Received messages cost too, drawn when stored.
    billing.draw_for_message(session, message, at)
    sending.add_status_event(session, message, at, None)
    threads_queries.record_change(session, thread.id, "inbound")
    _act_on_keyword(session, shop, thread, incoming.body, at)
    job_texts.confirm_from_reply(session, thread, incoming.body, at)
    # The e-mail forward is queued in this same transaction, so it is never lost.
    forward_inbound(session, shop, thread, message, utcnow())
    return message


def _act_on_keyword(session: Session, shop: Shop, thread: Thread, body: str, at: datetime) -> None:
    """STOP, START and HELP take effect at once; a message that only resembles STOP is
    flagged for a person, since carriers act on a lone keyword only."""
    keyword = classify_keyword(body)
    if keyword is None:
        if resembles_opt_out(body):
            thread.flagged = FLAG_OPT_OUT
            session.add(thread)
        return
    day = local_time(at, shop.time_zone).strftime("%Y-%m-%d")
    word = " ".join(body.split()).strip(" .!?,;:").upper()
    if keyword == Keyword.OPT_OUT:
        consent.record_opt_out(session, thread.number, at, keyword=word, source="keyword")
        consent.record_event(
            session, thread.number, f"Customer replied {word} — texting disabled on {day}.", at
        )
    elif keyword == Keyword.OPT_IN:
        # "YES" is also how customers confirm appointments: only a number that had opted
        # out is answered, so a polite reply does not earn a "re-subscribed" text.
        if not consent.remove_opt_out(session, thread.number):
            return
        consent.record_event(
            session, thread.number, f"Customer replied {word} — texting enabled again on {day}.", at
        )
    customer = session.get(Customer, thread.customer_id) if thread.customer_id else None
    language = language_for(customer.language if customer else None, shop.province)
    prefix = {Keyword.OPT_OUT: "stop", Keyword.OPT_IN: "start", Keyword.HELP: "help"}[keyword]
    shop_text = getattr(shop, f"{prefix}_reply_{language}", "")
    try:
        outbox.queue_keyword_reply(
            session, thread, keyword_reply(keyword, language, shop.name, shop_text), now=utcnow()
        )
    except UserError:
        # The number cannot be texted at all (shop not set up, not a mobile): the opt-out
        # above still stands, and there is nobody to confirm it to.
        return


def _thread_for(session: Session, shop: Shop, number: str, at: datetime) -> Thread:
    thread = threads_queries.thread_by_number(session, shop.id or 0, number)
    if thread is not None:
        return thread
    member = people.staff_by_sms_number(session, number)
    if member is not None:
        # An employee answering a text lands in their own thread, not a customer's.
        return employee_thread(session, shop, member.id or 0, at)
    customer = people.customer_for_number(session, shop.id or 0, number)
    thread = Thread(
        shop_id=shop.id or 0,
        number=number,
        customer_id=customer.id if customer else None,
        created_at=at,
        last_activity_at=at,
    )
    session.add(thread)
    session.flush()
    return thread


def mark_read(session: Session, thread_id: int) -> None:
    thread = session.get(Thread, thread_id)
    if thread is not None and thread.unread_count:
        thread.unread_count = 0
        session.add(thread)
        threads_queries.record_change(session, thread_id, "read")
