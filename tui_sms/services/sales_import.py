"""The shop's sales history, as CSV from its management system (docs/import.md): one row per
invoice line. Rows are keyed by (invoice, item), so importing the same file again updates them.
Refusals are line-numbered like the customer and job imports (services/importer.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlmodel import Session

from tui_sms.services.csv_import import ImportReport, Progress, RowError, need, read_csv, run_rows
from tui_sms.services.outbox import require_shop
from tui_sms.store.marketing_models import Sale
from tui_sms.store.queries import jobs as job_queries
from tui_sms.store.queries import marketing as marketing_queries

SALE_COLUMNS = ("customer", "date", "item", "category", "amount", "invoice")
SALE_REQUIRED = ("customer", "date", "item", "amount", "invoice")


def import_sales(session: Session, path: Path, *, progress: Progress | None = None) -> ImportReport:
    require_shop(session)
    header, rows = read_csv(path, SALE_REQUIRED)
    customers = job_queries.customers_by_external_id(
        session, (row.values.get("customer", "") for row in rows)
    )
    known = marketing_queries.sales_by_key(
        session, ((row.values.get("invoice", ""), row.values.get("item", "")) for row in rows)
    )
    seen: dict[tuple[str, str], int] = {}
    lines = iter(row.line for row in rows)

    def one(values: dict[str, str]) -> bool:
        line = next(lines)
        need(values, *SALE_REQUIRED)
        customer = customers.get(values["customer"])
        if customer is None:
            raise RowError(
                f"customer {values['customer']} is not known: import the customers first."
            )
        key = (values["invoice"], values["item"])
        if key in seen:
            raise RowError(
                f"item {key[1]} of invoice {key[0]} is already on line {seen[key]} of this file."
            )
        seen[key] = line
        sale = known.get(key)
        created = sale is None
        if sale is None:
            sale = Sale(customer_id=0, sold_on=date.min, item=key[1], invoice=key[0])
        sale.customer_id = customer.id or 0
        sale.sold_on = _day(values["date"])
        sale.category = values.get("category", "")
        sale.amount = _amount(values["amount"])
        session.add(sale)
        known[key] = sale
        return created

    report = run_rows(rows, header, one, progress)
    session.flush()
    return report


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise RowError(f"date '{raw}' is not a date like 2026-03-10.") from None


def _amount(raw: str) -> Decimal:
    text = raw.strip().replace("$", "").replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # French-locale spreadsheets write 12,50
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise RowError(f"amount '{raw}' is not an amount like 129.95.") from None
    if not amount.is_finite():
        raise RowError(f"amount '{raw}' is not an amount like 129.95.")
    return amount
