"""Replies forwarded to the shop (seeds 000, 003): by e-mail to the return address(es), and
optionally by SMS to a chosen staff member's cell.

`forward_inbound` runs inside the transaction that stores the inbound message, so a reply
is never stored without its forward nor forwarded without being stored. The e-mail draws
nothing from the balance; the optional SMS is an ordinary transactional text.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from tui_sms.domain.compliance import classify_keyword
from tui_sms.domain.errors import UserError
from tui_sms.domain.mailtext import (
    ContextLine,
    InvalidAddress,
    check_address,
    forward_body,
    forward_subject,
    language_of,
    parse_addresses,
)
from tui_sms.domain.phone import format_national
from tui_sms.domain.text import one_line
from tui_sms.services.employees import SMS, plan_employee_text, send_to_employee
from tui_sms.services.mailer import enqueue_mail
from tui_sms.store.models import Customer, MailOut, Message, Shop, Staff, Thread, ThreadKind
from tui_sms.store.queries import people, threads

log = logging.getLogger(__name__)

CONTEXT_MESSAGES = 4
# The SMS copy is a heads-up, not the archive: long replies are cut (the e-mail has it all).
SMS_FORWARD_MAX = 600


def return_addresses(shop: Shop) -> list[str]:
    """The shop's return addresses; a malformed one is skipped, never fatal to an inbound."""
    found = []
    for item in (shop.return_email or "").replace(";", ",").split(","):
        if not item.strip():
            continue
        try:
            found.append(check_address(item))
        except InvalidAddress:
            log.warning("skipping malformed return address %r", item)
    return found


def forward_inbound(
    session: Session, shop: Shop, thread: Thread, message: Message, now: datetime
) -> MailOut | None:
    """Queue the e-mail forward (and the optional SMS) of one inbound message."""
    if classify_keyword(message.body) is not None and not shop.forward_keywords:
        return None
    name = _sender_name(session, thread)
    number = format_national(message.from_number or thread.number)
    _forward_by_sms(session, shop, thread, message, name, number, now)
    addresses = return_addresses(shop)
    if not addresses:
        return None
    language = language_of(shop.language, shop.province)
    zone = _zone(shop.time_zone)
    earlier = [
        ContextLine(
            when=_when(previous.created_at, zone),
            direction=previous.direction,
            body=previous.body,
        )
        for previous in threads.messages_for_thread(
            session, thread.id or 0, limit=CONTEXT_MESSAGES, before_id=message.id
        )
    ]
    employee = thread.kind == ThreadKind.EMPLOYEE
    return enqueue_mail(
        session,
        addresses,
        forward_subject(language, name, number, employee=employee),
        forward_body(
            language,
            name=name,
            number=number,
            when=_when(message.created_at, zone),
            body=message.body,
            earlier=earlier,
        ),
        kind="forward",
        now=now,
        message_id=message.id,
    )


def _forward_by_sms(
    session: Session,
    shop: Shop,
    thread: Thread,
    message: Message,
    name: str | None,
    number: str,
    now: datetime,
) -> None:
    if shop.forward_sms_staff_id is None or thread.kind == ThreadKind.EMPLOYEE:
        return
    head = f"{one_line(name or '', 40) or 'Unknown'} {number}: "
    text = " ".join(message.body.split())
    if len(text) > SMS_FORWARD_MAX:
        text = text[: SMS_FORWARD_MAX - 1] + "…"
    body = head + text
    try:
        plan = plan_employee_text(session, [shop.forward_sms_staff_id], body)
        route = plan.routes[0]
        if route.channel != SMS:
            return
        send_to_employee(session, shop, route, body, author_id=None, now=now)
    except UserError as refusal:
        # The inbound message itself must be stored whatever happens to this copy.
        log.warning("reply not forwarded by SMS: %s", refusal.sentence)


def _sender_name(session: Session, thread: Thread) -> str | None:
    if thread.kind == ThreadKind.EMPLOYEE and thread.number.startswith("staff:"):
        member = session.get(Staff, int(thread.number.removeprefix("staff:")))
        return member.display_name if member else None
    if thread.customer_id is None:
        return None
    customer = session.get(Customer, thread.customer_id)
    return customer.name if customer else None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _when(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def set_forwarding(
    session: Session,
    *,
    addresses: str | None = None,
    language: str | None = None,
    keywords: bool | None = None,
    sms_staff_login: str | None = None,
) -> Shop:
    """Change the shop's forwarding settings; `None` leaves a setting as it is."""
    shop = people.get_shop(session)
    if shop is None:
        raise UserError("This database has no shop yet.")
    if addresses is not None:
        shop.return_email = ", ".join(parse_addresses(addresses))
    if language is not None:
        shop.language = "" if language == "auto" else language
    if keywords is not None:
        shop.forward_keywords = keywords
    if sms_staff_login is not None:
        if sms_staff_login.strip().lower() in ("", "none"):
            shop.forward_sms_staff_id = None
        else:
            member = people.staff_by_login(session, sms_staff_login)
            if member is None:
                raise UserError(f"There is no staff member with the login '{sms_staff_login}'.")
            if not member.sms_number:
                raise UserError(
                    f"{member.display_name} has no SMS number: set one first "
                    f"(tui-sms staff set {member.login} --sms NUMBER)."
                )
            shop.forward_sms_staff_id = member.id
    session.add(shop)
    return shop
