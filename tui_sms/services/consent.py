"""Consent and opt-out as staff (and customer) actions: each one transaction, each leaving
an event line in the number's conversations so the history explains the current state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.compliance import local_time
from tui_sms.domain.errors import ComplianceError, NotFound
from tui_sms.domain.phone import parse_number
from tui_sms.services.outbox import require_shop
from tui_sms.store.models import Consent, Customer, Direction, Message, OptOut, Thread, utcnow
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import people, threads

METHODS = {"signed_paper": "signed paper", "electronic": "electronic", "verbal": "verbal"}


@dataclass(frozen=True)
class NumberState:
    """What the thread header and `consent show` say about a number."""

    number: str
    consent: Consent | None  # the active one, if any
    opt_out: OptOut | None
    history: list[Consent]

    @property
    def standing(self) -> str:
        """'opted_out' (a STOP stands), 'consent' (recorded, not withdrawn) or 'no_consent'."""
        if self.opt_out is not None:
            return "opted_out"
        return "consent" if self.consent is not None else "no_consent"


def record_consent(
    session: Session,
    number_or_customer: str | Customer,
    recorded_by: str,
    method: str,
    wording: str,
    now: datetime | None = None,
) -> list[Consent]:
    """Record that a number (or each number of a customer) agreed to be texted.

    A consent does not lift an opt-out: only the customer texting START does.
    """
    now = now or utcnow()
    if method not in METHODS:
        raise ComplianceError(
            f"“{method}” is not a way to give consent: use signed_paper, electronic or verbal."
        )
    if not wording.strip():
        raise ComplianceError(
            "Write the wording the customer agreed to: it is the proof of the consent."
        )
    shop = require_shop(session)
    consents = []
    for number, customer_id in _numbers(session, number_or_customer, shop.country or "CA"):
        if customer_id is None:
            found = people.customer_for_number(session, shop.id or 0, number)
            customer_id = found.id if found else None
        consent = Consent(
            number=number,
            customer_id=customer_id,
            recorded_by=recorded_by,
            recorded_at=now,
            method=method,
            wording=wording.strip(),
        )
        session.add(consent)
        consents.append(consent)
        record_event(
            session, number, f"Consent recorded by {recorded_by} ({METHODS[method]}).", now
        )
    session.flush()
    return consents


def withdraw_consent(
    session: Session,
    number_or_customer: str | Customer,
    withdrawn_by: str,
    now: datetime | None = None,
) -> list[Consent]:
    """Mark every active consent of the number(s) withdrawn; texting stops until a new one."""
    now = now or utcnow()
    shop = require_shop(session)
    withdrawn = []
    for number, _ in _numbers(session, number_or_customer, shop.country or "CA"):
        for consent in consent_queries.consents_for_number(session, number):
            if consent.withdrawn_at is None:
                consent.withdrawn_at = now
                consent.withdrawn_by = withdrawn_by
                session.add(consent)
                withdrawn.append(consent)
        if withdrawn:
            record_event(session, number, f"Consent withdrawn, recorded by {withdrawn_by}.", now)
    if not withdrawn:
        raise NotFound("There is no consent on file to withdraw for that number.")
    session.flush()
    return withdrawn


def number_state(session: Session, number: str) -> NumberState:
    return NumberState(
        number=number,
        consent=consent_queries.active_consent(session, number),
        opt_out=consent_queries.opt_out_for(session, number),
        history=list(consent_queries.consents_for_number(session, number)),
    )


def state_for_raw_number(session: Session, raw_number: str) -> NumberState:
    shop = require_shop(session)
    return number_state(session, parse_number(raw_number, shop.country or "CA").e164)


def record_opt_out(
    session: Session, number: str, at: datetime, *, keyword: str = "", source: str
) -> OptOut:
    """Stop texting a number, for every customer and shop (the number is the key).

    Recording it twice keeps the first date; the customer's own keyword replaces what the
    carrier or a clerk recorded, since it is the clearest explanation to show.
    """
    opt_out = consent_queries.opt_out_for(session, number)
    if opt_out is None:
        opt_out = OptOut(number=number, at=at, keyword=keyword, source=source)
        session.add(opt_out)
    elif source == "keyword" and opt_out.source != "keyword":
        opt_out.keyword = keyword
        opt_out.source = source
        opt_out.at = min(opt_out.at, at)
        session.add(opt_out)
    for thread in consent_queries.threads_for_number(session, number):
        if thread.flagged:
            thread.flagged = ""
            session.add(thread)
    session.flush()
    return opt_out


def record_opt_out_by_staff(
    session: Session, thread_id: int, staff_login: str, now: datetime | None = None
) -> OptOut:
    """A clerk read a message like "please stop texting me" and records the opt-out."""
    now = now or utcnow()
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(f"There is no conversation number {thread_id}.")
    shop = require_shop(session)
    opt_out = record_opt_out(session, thread.number, now, source=f"staff: {staff_login}")
    day = local_time(now, shop.time_zone).strftime("%Y-%m-%d")
    record_event(
        session,
        thread.number,
        f"Opt-out recorded by {staff_login} — texting disabled on {day}.",
        now,
    )
    return opt_out


def remove_opt_out(session: Session, number: str) -> bool:
    """The customer texted START: lift the block. Returns whether there was one."""
    opt_out = consent_queries.opt_out_for(session, number)
    if opt_out is None:
        return False
    session.delete(opt_out)
    session.flush()
    return True


def record_event(session: Session, number: str, text: str, at: datetime) -> None:
    """A line in each conversation with the number that only staff see (a note, kind "event")."""
    for thread in consent_queries.threads_for_number(session, number):
        session.add(
            Message(
                thread_id=thread.id or 0,
                direction=Direction.NOTE,
                kind="event",
                body=text,
                status="recorded",
                to_number=number,
                created_at=at,
                updated_at=at,
            )
        )
        threads.record_change(session, thread.id, "event")


def describe(state: NumberState, time_zone: str) -> str:
    """One line for the thread header and the CLI."""
    if state.opt_out is not None:
        day = local_time(state.opt_out.at, time_zone).strftime("%Y-%m-%d")
        word = (state.opt_out.keyword or "STOP").strip().upper()
        if state.opt_out.source.startswith("staff"):
            return f"Opted out (recorded by staff on {day}) — texting disabled"
        if state.opt_out.source.startswith("provider"):
            return f"Opted out (carrier refused on {day}) — texting disabled"
        return f"Opted out ({word} on {day}) — texting disabled"
    if state.consent is not None:
        day = local_time(state.consent.recorded_at, time_zone).strftime("%Y-%m-%d")
        how = METHODS.get(state.consent.method, state.consent.method)
        return f"Consent: {how}, {day}, by {state.consent.recorded_by}"
    return "No consent on file — record it before texting"


def _numbers(session: Session, target: str | Customer, region: str) -> list[tuple[str, int | None]]:
    if isinstance(target, Customer):
        numbers = consent_queries.numbers_of_customer(session, target.id or 0)
        if not numbers:
            raise NotFound(f"{target.name} has no mobile number on file.")
        return [(number, target.id) for number in numbers]
    return [(parse_number(target, region).e164, None)]
