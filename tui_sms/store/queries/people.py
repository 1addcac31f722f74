"""The shop, its staff, customers and their contacts, and the message shortcuts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tui_sms.store.models import (
    Contact,
    Customer,
    Shop,
    Shortcut,
    Staff,
)


def get_shop(session: Session) -> Shop | None:
    return session.exec(select(Shop).order_by(col(Shop.id)).limit(1)).first()


def lock_shop(session: Session, shop_id: int | None = None) -> Shop | None:
    """The shop row (the first, or `shop_id`), locked until commit on PostgreSQL: claims,
    inbound storing and balance checks of several workers take turns, so their thread
    updates never deadlock and two sessions never both spend the last segments. SQLite
    transactions already begin IMMEDIATE (one writer)."""
    query = select(Shop).order_by(col(Shop.id)).limit(1)
    if shop_id is not None:
        query = query.where(Shop.id == shop_id)
    return session.exec(query.with_for_update()).first()


def staff_by_login(session: Session, login: str) -> Staff | None:
    return session.exec(select(Staff).where(Staff.login == login)).first()


def active_staff(session: Session) -> Sequence[Staff]:
    return session.exec(
        select(Staff).where(col(Staff.active).is_(True)).order_by(Staff.display_name)
    ).all()


def customer_for_number(session: Session, shop_id: int, number: str) -> Customer | None:
    return session.exec(
        select(Customer)
        .join(Contact, col(Contact.customer_id) == col(Customer.id))
        .where(Contact.number == number, Customer.shop_id == shop_id)
        .order_by(col(Contact.is_primary).desc(), col(Customer.id))
        .limit(1)
    ).first()


def staff_by_ids(session: Session, staff_ids: Iterable[int]) -> list[Staff]:
    wanted = list(staff_ids)
    if not wanted:
        return []
    return list(
        session.exec(
            select(Staff).where(col(Staff.id).in_(wanted)).order_by(Staff.display_name)
        ).all()
    )


def staff_by_sms_number(session: Session, number: str) -> Staff | None:
    return session.exec(
        select(Staff).where(Staff.sms_number == number).order_by(col(Staff.id)).limit(1)
    ).first()


def all_staff(session: Session) -> Sequence[Staff]:
    return session.exec(select(Staff).order_by(Staff.login)).all()


def staff_by_id(session: Session, staff_id: int | None) -> Staff | None:
    return None if staff_id is None else session.get(Staff, staff_id)


@dataclass(frozen=True)
class ContactRow:
    """A person who can be texted: the customer, the contact's name and number."""

    customer_name: str
    contact_name: str
    number: str
    language: str


def search_contacts(session: Session, term: str, *, limit: int = 20) -> list[ContactRow]:
    """Contacts whose customer name, contact name or number contains `term`."""
    like = f"%{term.strip()}%"
    digits = "".join(ch for ch in term if ch.isdigit())
    matches = [col(Customer.name).ilike(like), col(Contact.name).ilike(like)]
    if len(digits) >= 3:
        matches.append(col(Contact.number).contains(digits))
    rows = session.exec(
        select(Customer.name, Contact.name, Contact.number, Customer.language)
        .join(Contact, col(Contact.customer_id) == col(Customer.id))
        .where(sa.or_(*matches))
        .order_by(col(Customer.name), col(Contact.is_primary).desc())
        .limit(limit)
    ).all()
    return [ContactRow(*row) for row in rows]


def all_shortcuts(session: Session) -> list[Shortcut]:
    return list(
        session.exec(select(Shortcut).order_by(col(Shortcut.language), col(Shortcut.title))).all()
    )
