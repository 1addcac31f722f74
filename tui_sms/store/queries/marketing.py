"""SQL for sales, promotions and the customers a promotion's criteria match."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.column_types import MONEY_SCALE
from tui_sms.store.marketing_models import (
    ConsentScope,
    Promotion,
    PromotionRecipient,
    RecipientState,
    Sale,
)
from tui_sms.store.models import (
    Consent,
    Contact,
    Customer,
    Direction,
    Message,
    OptOut,
)


@dataclass(frozen=True)
class Criteria:
    item: str = ""
    category: str = ""
    min_visits: int = 0
    min_spent: Decimal = Decimal(0)
    car_club: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def uses_sales(self) -> bool:
        return bool(
            self.item
            or self.category
            or self.min_visits
            or self.min_spent
            or self.since
            or self.until
        )


@dataclass(frozen=True)
class Match:
    customer_id: int
    name: str
    language: str
    car_club: str
    visits: int
    spent: Decimal


def sales_by_key(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Sale]:
    wanted = list(set(keys))
    found: dict[tuple[str, str], Sale] = {}
    invoices = sorted({invoice for invoice, _ in wanted})
    for start in range(0, len(invoices), 500):
        chunk = invoices[start : start + 500]
        for sale in session.exec(select(Sale).where(col(Sale.invoice).in_(chunk))).all():
            found[(sale.invoice, sale.item)] = sale
    return found


def matching_customers(
    session: Session, shop_id: int, criteria: Criteria, limit: int = 5000
) -> list[Match]:
    """Customers who meet every criterion, with their visits and spending in the date range."""
    in_range = [col(Sale.customer_id) == col(Customer.id)]
    if criteria.since:
        in_range.append(col(Sale.sold_on) >= criteria.since)
    if criteria.until:
        in_range.append(col(Sale.sold_on) <= criteria.until)
    visits = (
        select(func.count(func.distinct(col(Sale.invoice))))
        .where(*in_range)
        .correlate(Customer)
        .scalar_subquery()
    )
    spent_raw = (
        select(func.coalesce(func.sum(sa.type_coerce(col(Sale.amount), sa.BigInteger)), 0))
        .where(*in_range)
        .correlate(Customer)
        .scalar_subquery()
    )
    query = select(
        Customer.id, Customer.name, Customer.language, Customer.car_club, visits, spent_raw
    ).where(Customer.shop_id == shop_id)
    if criteria.item:
        query = query.where(
            select(Sale.id)
            .where(*in_range, func.lower(col(Sale.item)) == criteria.item.strip().lower())
            .exists()
        )
    if criteria.category:
        query = query.where(
            select(Sale.id)
            .where(*in_range, func.lower(col(Sale.category)) == criteria.category.strip().lower())
            .exists()
        )
    if criteria.uses_sales:
        query = query.where(visits >= max(criteria.min_visits, 1))
    if criteria.min_spent:
        query = query.where(spent_raw >= int(criteria.min_spent * MONEY_SCALE))
    if criteria.car_club:
        query = query.where(func.lower(col(Customer.car_club)) == criteria.car_club.strip().lower())
    query = query.order_by(col(Customer.name), col(Customer.id)).limit(limit)
    return [
        Match(row[0], row[1], row[2], row[3], int(row[4]), Decimal(int(row[5])) / MONEY_SCALE)
        for row in session.exec(query).all()
    ]


def primary_numbers(session: Session, customer_ids: Sequence[int]) -> dict[int, str]:
    """Each customer's primary mobile (or any mobile when none is marked primary)."""
    found: dict[int, str] = {}
    for start in range(0, len(customer_ids), 500):
        chunk = list(customer_ids[start : start + 500])
        rows = session.exec(
            select(Contact.customer_id, Contact.number, Contact.is_primary)
            .where(col(Contact.customer_id).in_(chunk))
            .order_by(col(Contact.is_primary).desc(), col(Contact.id))
        ).all()
        for customer_id, number, _ in rows:
            found.setdefault(customer_id, number)
    return found


def opted_out_numbers(session: Session, numbers: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for start in range(0, len(numbers), 500):
        chunk = list(numbers[start : start + 500])
        out.update(session.exec(select(OptOut.number).where(col(OptOut.number).in_(chunk))).all())
    return out


def numbers_with_promotional_consent(session: Session, numbers: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), 500):
        chunk = list(numbers[start : start + 500])
        found.update(
            session.exec(
                select(Consent.number).where(
                    col(Consent.number).in_(chunk),
                    col(Consent.withdrawn_at).is_(None),
                    Consent.scope == ConsentScope.PROMOTIONS,
                )
            ).all()
        )
    return found


def promotion_by_name(session: Session, name: str) -> Promotion | None:
    return session.exec(select(Promotion).where(Promotion.name == name)).first()


def promotions(session: Session) -> Sequence[Promotion]:
    return session.exec(select(Promotion).order_by(col(Promotion.created_at).desc())).all()


def recipients(
    session: Session, promotion_id: int, state: str | None = None, limit: int | None = None
) -> Sequence[PromotionRecipient]:
    query = select(PromotionRecipient).where(PromotionRecipient.promotion_id == promotion_id)
    if state is not None:
        query = query.where(PromotionRecipient.state == state)
    query = query.order_by(col(PromotionRecipient.id))
    if limit is not None:
        query = query.limit(limit)
    return session.exec(query).all()


def recipient_counts(session: Session, promotion_id: int) -> dict[tuple[str, str], int]:
    """(state, reason) → count."""
    rows = session.exec(
        select(PromotionRecipient.state, PromotionRecipient.reason, func.count())
        .where(PromotionRecipient.promotion_id == promotion_id)
        .group_by(col(PromotionRecipient.state), col(PromotionRecipient.reason))
    ).all()
    return {(state, reason): int(count) for state, reason, count in rows}


def message_statuses(session: Session, promotion_id: int) -> dict[str, int]:
    rows = session.exec(
        select(Message.status, func.count())
        .join(PromotionRecipient, col(PromotionRecipient.message_id) == col(Message.id))
        .where(PromotionRecipient.promotion_id == promotion_id)
        .group_by(col(Message.status))
    ).all()
    return {status: int(count) for status, count in rows}


def replies_after(session: Session, promotion_id: int, since: datetime) -> int:
    """Inbound texts from the promotion's recipients since it was created."""
    numbers = select(PromotionRecipient.number).where(
        PromotionRecipient.promotion_id == promotion_id,
        PromotionRecipient.state == RecipientState.QUEUED,
    )
    return session.exec(
        select(func.count(col(Message.id))).where(
            Message.direction == Direction.INBOUND,
            col(Message.from_number).in_(numbers),
            col(Message.created_at) >= since,
        )
    ).one()


def opt_outs_after(session: Session, promotion_id: int, since: datetime) -> int:
    numbers = select(PromotionRecipient.number).where(
        PromotionRecipient.promotion_id == promotion_id,
        PromotionRecipient.state == RecipientState.QUEUED,
    )
    return session.exec(
        select(func.count())
        .select_from(OptOut)
        .where(col(OptOut.number).in_(numbers), col(OptOut.at) >= since)
    ).one()


def customer_languages(session: Session, customer_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(customer_ids), 500):
        chunk = list(customer_ids[start : start + 500])
        for customer_id, language in session.exec(
            select(Customer.id, Customer.language).where(col(Customer.id).in_(chunk))
        ).all():
            found[customer_id or 0] = language
    return found
