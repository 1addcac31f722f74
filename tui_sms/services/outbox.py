"""The one gate for outbound text: every message a customer receives is created here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.errors import ComplianceError, EmptyMessage, NotFound
from tui_sms.domain.phone import parse_number
from tui_sms.domain.segments import check_length, estimate
from tui_sms.store import queries
from tui_sms.store.models import Direction, Message, Queue, Shop, Thread, utcnow


def require_shop(session: Session) -> Shop:
    shop = queries.get_shop(session)
    if shop is None or not shop.country or not shop.province:
        raise ComplianceError(
            "Set the shop's country and province first (tui-sms shop set): "
            "nothing can be texted until they are configured."
        )
    return shop


@dataclass(frozen=True)
class SendOptions:
    """How a message goes out. Automated messages (reminders, promotions, confirmations)
    are held out of quiet hours and may carry a validity period; staff replies are not."""

    queue: str = Queue.TRANSACTIONAL
    kind: str = "reply"
    automated: bool = False
    scheduled_for: datetime | None = None
    validity_seconds: int | None = None


def queue_reply(
    session: Session,
    thread_id: int,
    body: str,
    *,
    author_id: int | None,
    queue: str = Queue.TRANSACTIONAL,
    now: datetime | None = None,
    options: SendOptions | None = None,
) -> Message:
    """Queue a staff reply in an existing thread."""
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(f"There is no conversation number {thread_id}.")
    options = options or SendOptions(queue=queue)
    return _queue(session, thread, body, author_id=author_id, options=options, now=now or utcnow())


def queue_to_number(
    session: Session,
    raw_number: str,
    body: str,
    *,
    author_id: int | None,
    queue: str = Queue.TRANSACTIONAL,
    now: datetime | None = None,
    options: SendOptions | None = None,
) -> Message:
    """Queue a message to a number, opening its conversation if there is none yet."""
    options = options or SendOptions(queue=queue)
    shop = require_shop(session)
    number = parse_number(raw_number, shop.country or "CA").e164
    thread = queries.thread_by_number(session, shop.id or 0, number)
    if thread is None:
        customer = queries.customer_for_number(session, shop.id or 0, number)
        thread = Thread(
            shop_id=shop.id or 0,
            number=number,
            customer_id=customer.id if customer else None,
        )
        session.add(thread)
        session.flush()
    return _queue(session, thread, body, author_id=author_id, options=options, now=now or utcnow())


def queue_employee_text(
    session: Session,
    thread: Thread,
    number: str,
    body: str,
    *,
    author_id: int | None,
    now: datetime,
) -> Message:
    """Queue a text to an employee (issue 9): transactional, in the employee's own thread,
    whose `number` is not a phone number, so the recipient is given here."""
    options = SendOptions(queue=Queue.TRANSACTIONAL, kind="employee")
    return _queue(
        session, thread, body, author_id=author_id, options=options, now=now, to_number=number
    )


def _queue(
    session: Session,
    thread: Thread,
    body: str,
    *,
    author_id: int | None,
    options: SendOptions,
    now: datetime,
    to_number: str | None = None,
) -> Message:
    require_shop(session)
    if not body.strip():
        raise EmptyMessage("The message is empty: type something to send.")
    check_length(body)
    if options.queue not in (Queue.TRANSACTIONAL, Queue.PROMOTIONAL):
        raise ComplianceError(
            f"There is no '{options.queue}' queue: use transactional or promotional."
        )
    later = options.scheduled_for is not None and options.scheduled_for > now
    found = estimate(body)
    message = Message(
        thread_id=thread.id or 0,
        direction=Direction.OUTBOUND,
        body=body,
        status="scheduled" if later else "queued",
        kind=options.kind,
        queue=options.queue,
        scheduled_for=options.scheduled_for,
        validity_seconds=options.validity_seconds,
        to_number=to_number or thread.number,
        segments=found.segments,
        encoding=found.encoding,
        author_id=author_id,
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    thread.last_activity_at = now
    thread.last_preview = body
    session.add(thread)
    session.flush()
    queries.add_status_event(session, message, now, None)
    queries.record_change(session, thread.id, "outbound")
    return message
