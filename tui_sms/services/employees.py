"""Texting employees: by SMS through the transactional queue, or by e-mail to
their carrier's gateway when they have no SMS number or the shop cannot text.

Employees gave no customer consent and need none; a STOP from their number is honoured all
the same (nothing goes to them, by SMS or gateway). Their messages live in one thread per
employee (`Thread.kind == "employee"`, number `staff:<id>`), never in customer views.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.carriers import gateway_address
from tui_sms.domain.errors import ComplianceError, EmptyMessage, InvalidNumber, NotFound
from tui_sms.domain.mailtext import check_address
from tui_sms.domain.phone import parse_number
from tui_sms.domain.segments import check_length, estimate
from tui_sms.services import outbox
from tui_sms.services.mailer import enqueue_mail
from tui_sms.store.models import Direction, Message, Queue, Shop, Staff, Thread, ThreadKind
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import people as people_queries
from tui_sms.store.queries import sending as sending_queries
from tui_sms.store.queries import threads

SMS = "sms"
GATEWAY = "email"
UNREACHABLE = "none"


@dataclass(frozen=True)
class EmployeeRoute:
    """How one employee would receive a text, and why not when they would not."""

    staff_id: int
    name: str
    channel: str  # sms | email | none
    address: str  # E.164 number or gateway address
    reason: str = ""
    message_id: int | None = None


@dataclass(frozen=True)
class EmployeeTextPlan:
    routes: tuple[EmployeeRoute, ...]
    segments_each: int

    @property
    def by_sms(self) -> list[EmployeeRoute]:
        return [route for route in self.routes if route.channel == SMS]

    @property
    def by_gateway(self) -> list[EmployeeRoute]:
        return [route for route in self.routes if route.channel == GATEWAY]

    @property
    def unreachable(self) -> list[EmployeeRoute]:
        return [route for route in self.routes if route.channel == UNREACHABLE]

    @property
    def sms_segments(self) -> int:
        return self.segments_each * len(self.by_sms)

    def summary(self) -> str:
        """The estimate line: what SMS costs in segments, and what goes free by gateway."""
        parts = []
        if self.by_sms:
            people = "employee" if len(self.by_sms) == 1 else "employees"
            unit = "segment" if self.sms_segments == 1 else "segments"
            parts.append(f"SMS to {len(self.by_sms)} {people}: {self.sms_segments} {unit}")
        if self.by_gateway:
            parts.append(f"{len(self.by_gateway)} free (e-mail gateway)")
        for route in self.unreachable:
            parts.append(f"{route.name}: {route.reason}")
        return " · ".join(parts) or "Pick at least one employee."


def route_for(
    member: Staff, *, opted_out: bool, can_text: bool, sms_credit: int | None, segments: int
) -> EmployeeRoute:
    """SMS when the employee has a number and the shop can text it; else their gateway."""
    name = member.display_name
    if opted_out:
        return EmployeeRoute(
            member.id or 0, name, UNREACHABLE, "", "replied STOP: texts to them are blocked"
        )
    credit_ok = sms_credit is None or sms_credit >= segments
    if member.sms_number and can_text and credit_ok:
        return EmployeeRoute(member.id or 0, name, SMS, member.sms_number)
    if member.gateway_address:
        return EmployeeRoute(member.id or 0, name, GATEWAY, member.gateway_address)
    if member.sms_number:
        why = "not enough texting credit" if can_text else "the shop has no texting number"
        return EmployeeRoute(member.id or 0, name, UNREACHABLE, "", f"{why}, and no gateway")
    return EmployeeRoute(member.id or 0, name, UNREACHABLE, "", "no SMS number nor gateway")


def plan_employee_text(
    session: Session, staff_ids: Iterable[int], body: str, *, sms_credit: int | None = None
) -> EmployeeTextPlan:
    """Who gets the text how, without sending anything (the estimate)."""
    wanted = list(dict.fromkeys(staff_ids))
    members = people_queries.staff_by_ids(session, wanted)
    missing = set(wanted) - {member.id for member in members}
    if missing:
        raise NotFound(f"There is no staff member number {min(missing)}.")
    segments = estimate(body).segments if body else 1
    can_text = bool(sending_queries.active_sender_numbers(session, Queue.TRANSACTIONAL))
    routes = []
    credit = sms_credit
    for member in members:
        opted_out = bool(member.sms_number) and (
            consent_queries.opt_out_for(session, member.sms_number or "") is not None
        )
        route = route_for(
            member, opted_out=opted_out, can_text=can_text, sms_credit=credit, segments=segments
        )
        if route.channel == SMS and credit is not None:
            credit -= segments
        routes.append(route)
    return EmployeeTextPlan(tuple(routes), segments)


def text_employees(
    session: Session,
    staff_ids: Sequence[int],
    body: str,
    author_id: int | None,
    now: datetime,
    *,
    sms_credit: int | None = None,
) -> EmployeeTextPlan:
    """Queue the text to each employee, by SMS or gateway e-mail, in one transaction.

    Employees who cannot be reached are skipped and listed in the plan; when nobody can be,
    ComplianceError says why and nothing is stored.
    """
    if not body.strip():
        raise EmptyMessage("The message is empty: type something to send.")
    check_length(body)
    if not staff_ids:
        raise NotFound("Pick at least one employee to text.")
    plan = plan_employee_text(session, staff_ids, body, sms_credit=sms_credit)
    if not plan.by_sms and not plan.by_gateway:
        raise ComplianceError(
            "Nobody can receive this text: "
            + "; ".join(f"{route.name}: {route.reason}" for route in plan.unreachable)
            + "."
        )
    shop = people_queries.get_shop(session)
    if shop is None:
        raise ComplianceError("This database has no shop yet.")
    done = []
    for route in plan.routes:
        if route.channel == UNREACHABLE:
            done.append(route)
            continue
        message = send_to_employee(session, shop, route, body, author_id=author_id, now=now)
        done.append(replace(route, message_id=message.id))
    return EmployeeTextPlan(tuple(done), plan.segments_each)


def send_to_employee(
    session: Session,
    shop: Shop,
    route: EmployeeRoute,
    body: str,
    *,
    author_id: int | None,
    now: datetime,
) -> Message:
    thread = employee_thread(session, shop, route.staff_id, now)
    if route.channel == SMS:
        return outbox.queue_employee_text(
            session, thread, route.address, body, author_id=author_id, now=now
        )
    message = Message(
        thread_id=thread.id or 0,
        direction=Direction.OUTBOUND,
        kind="employee",
        body=body,
        status="mailing",
        queue="email",
        to_number=route.address,
        segments=0,
        author_id=author_id,
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    thread.last_activity_at = now
    thread.last_preview = body
    session.add(thread)
    session.flush()
    sending_queries.add_status_event(session, message, now, None)
    threads.record_change(session, thread.id, "outbound")
    enqueue_mail(
        session,
        [route.address],
        shop.name,
        body,
        kind="employee",
        now=now,
        message_id=message.id,
    )
    return message


def employee_thread(session: Session, shop: Shop, staff_id: int, now: datetime) -> Thread:
    """The employee's own thread, created on first use."""
    number = f"staff:{staff_id}"
    thread = threads.thread_by_number(session, shop.id or 0, number)
    if thread is None:
        thread = Thread(
            shop_id=shop.id or 0,
            number=number,
            kind=ThreadKind.EMPLOYEE,
            created_at=now,
            last_activity_at=now,
        )
        session.add(thread)
        session.flush()
    return thread


def employee_routes(session: Session, body: str = "") -> EmployeeTextPlan:
    """Every active staff member with a way to be texted, for the picker."""
    members = [
        member
        for member in people_queries.active_staff(session)
        if member.sms_number or member.gateway_address
    ]
    return plan_employee_text(session, [member.id or 0 for member in members], body)


def save_staff(
    session: Session,
    login: str,
    *,
    create: bool,
    name: str | None = None,
    sms: str | None = None,
    email: str | None = None,
    carrier: str | None = None,
    gateway: str | None = None,
    language: str | None = None,
    active: bool | None = None,
) -> Staff:
    """Add or change a staff member. An empty string removes a number or address; a
    carrier with a number (given now or already stored) builds the gateway address."""
    member = people_queries.staff_by_login(session, login)
    if create and member is not None:
        raise ComplianceError(f"There is already a staff member with the login '{login}'.")
    if not create and member is None:
        raise NotFound(f"There is no staff member with the login '{login}'.")
    if member is None:
        member = Staff(login=login, display_name=name or login)
    shop = people_queries.get_shop(session)
    region = (shop.country if shop else None) or "CA"
    if name is not None:
        member.display_name = name
    if sms is not None:
        member.sms_number = parse_number(sms, region).e164 if sms.strip() else None
    if email is not None:
        member.email = check_address(email) if email.strip() else None
    if gateway is not None:
        member.gateway_address = check_address(gateway) if gateway.strip() else None
    if carrier is not None:
        if not member.sms_number:
            raise InvalidNumber(
                "A carrier gateway needs the employee's cell number: give --sms NUMBER too."
            )
        member.gateway_address = gateway_address(carrier, member.sms_number)
    if language is not None:
        member.language = language
    if active is not None:
        member.active = active
    session.add(member)
    session.flush()
    return member
