"""Customers from the shop's management system, as CSV (docs/import.md).

The file goes a chunk of rows at a time, each chunk one transaction (csv_import.CHUNK). In a
chunk the rows are checked one by one in file order, as the rules ask: a bad row is rejected
with its line and a sentence, and the others go on. What the chunk needs from the database
(its customers, their contacts and consents) is read in one query per table, and what it
changes is written in one statement per table, so the time grows with the file and no faster.
Rows are keyed by `external_id`: importing a file twice updates rows, never duplicates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from tui_sms.domain.errors import UserError
from tui_sms.domain.phone import PhoneNumber, parse_number
from tui_sms.services import known_numbers
from tui_sms.services.csv_import import (
    CHUNK,
    CsvRow,
    ImportReport,
    Progress,
    RejectedRow,
    RowError,
    need,
    read_csv,
    unforeseen,
)
from tui_sms.services.outbox import require_shop
from tui_sms.store.models import Shop
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import imports as import_queries
from tui_sms.store.queries import jobs as job_queries

CUSTOMER_COLUMNS = (
    "external_id",
    "name",
    "language",
    "mobile",
    "customer_type",
    "customer_class",
    "opted_in",
    "notes",
    "car_club",
)
CUSTOMER_REQUIRED = ("external_id", "name")
OPTIONAL = ("customer_type", "customer_class", "notes", "car_club")
CONSENT_METHODS = ("signed_paper", "electronic", "verbal")
LANGUAGES = {"": "en", "en": "en", "english": "en", "anglais": "en"} | {
    "fr": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
}


@dataclass(eq=False)
class _Customer:
    """A customer as this import leaves it; `id` is None until a new one is written."""

    external_id: str
    id: int | None
    columns: dict[str, str]  # what the row sets: name, language and the optional columns
    primary: tuple[int, str] | None  # its stored primary contact (id, number)
    numbers: set[str]  # every contact number it has (stored, and added by this import)
    consented: bool  # a consent in force, recorded for it or for one of its numbers


@dataclass
class _Writes:
    """What a chunk writes, in the order the rows asked for it."""

    new: list[_Customer] = field(default_factory=list)
    changed: list[_Customer] = field(default_factory=list)
    contacts: list[tuple[_Customer, dict[str, Any]]] = field(default_factory=list)
    renumbered: list[dict[str, Any]] = field(default_factory=list)
    consents: list[tuple[_Customer, dict[str, Any]]] = field(default_factory=list)


class _CustomerImport:
    def __init__(
        self,
        session: Session,
        shop: Shop,
        header: list[str],
        *,
        recorded_by: str,
        now: datetime,
        source: str,
    ) -> None:
        self.session, self.shop, self.now = session, shop, now
        self.recorded_by, self.source = recorded_by, source
        self.optional = [column for column in OPTIONAL if column in header]
        self.lines: dict[str, int] = {}  # external_id → the line that first had it
        self.customers: dict[str, _Customer] = {}  # read in this file (a later row adds to it)
        self.file_numbers: dict[str, set[str]] = {}  # external_id → the mobiles its rows gave

    def chunk(self, rows: list[CsvRow], report: ImportReport) -> None:
        parsed = [self._mobile(row.values.get("mobile", "")) for row in rows]
        mobiles = [m.e164 if isinstance(m, PhoneNumber) else m for m in parsed]
        self._read(rows, mobiles)
        writes = _Writes()
        for row, mobile in zip(rows, mobiles, strict=True):
            key = row.values.get("external_id", "")
            try:
                if key in self.lines:
                    created = self._another_contact(row.values, mobile, self.lines[key], writes)
                else:
                    self.lines.update({key: row.line} if key else {})
                    created = self._customer(row.values, mobile, writes)
            except (RowError, UserError) as problem:
                report.rejected.append(RejectedRow(row.line, str(problem), row.values))
            except (ValueError, ArithmeticError) as problem:
                report.rejected.append(RejectedRow(row.line, unforeseen(problem), row.values))
            else:
                report.created += created
                report.updated += not created
        self._write(writes)
        # Classified once here, for the reminders and promotions to come.
        known_numbers.remember(self.session, (m for m in parsed if isinstance(m, PhoneNumber)))

    def _mobile(self, raw: str) -> PhoneNumber | str | RowError:
        if not raw:
            return ""
        try:
            return parse_number(raw, self.shop.country or "CA")
        except UserError as problem:
            return RowError(
                f"{problem.sentence} Leave mobile empty to import the customer without one."
            )

    def _read(self, rows: list[CsvRow], mobiles: list[str | RowError]) -> None:
        """What the chunk's rows need from the database, one query per table."""
        # Not `- set(self.customers)`: that copy would grow with the file, chunk after chunk.
        keys = {row.values.get("external_id", "") for row in rows}
        keys = {key for key in keys if key not in self.customers}
        ids = import_queries.customer_ids_by_external_id(self.session, keys - {""})
        contacts = import_queries.contacts_of_customers(self.session, ids.values())
        consented = job_queries.consented_customer_ids(self.session, ids.values())
        self.stored = {
            key: _Customer(
                key,
                customer_id,
                {},
                contacts[customer_id].primary if customer_id in contacts else None,
                set(contacts[customer_id].numbers) if customer_id in contacts else set(),
                customer_id in consented,
            )
            for key, customer_id in ids.items()
        }
        self.active = consent_queries.numbers_with_active_consent(
            self.session, [m for m in mobiles if isinstance(m, str)]
        )

    def _customer(self, values: dict[str, str], mobile: str | RowError, writes: _Writes) -> bool:
        """The first row of a customer: sets it, its primary contact, its consent."""
        need(values, "external_id", "name")
        language = LANGUAGES.get(values.get("language", "").lower())
        if language is None:
            raise RowError(f"language '{values['language']}' is not en or fr.")
        if isinstance(mobile, RowError):
            raise mobile
        method = _opted_in(values)
        key = values["external_id"]
        customer = self.stored.get(key)
        created = customer is None
        if customer is None:
            customer = _Customer(key, None, {}, None, set(), False)
            writes.new.append(customer)
        else:
            writes.changed.append(customer)
        customer.columns = {"name": values["name"], "language": language} | {
            column: values[column] for column in self.optional
        }
        self.customers[key] = customer
        self.file_numbers[key] = {mobile} if mobile else set()
        if mobile and customer.primary is not None:
            contact_id, number = customer.primary
            if number != mobile:
                writes.renumbered.append({"row_id": contact_id, "number": mobile})
                customer.numbers.discard(number)
                customer.primary = (contact_id, mobile)
        elif mobile:
            name = values.get("contact_name", "") or values["name"]
            writes.contacts.append((customer, {"name": name, "number": mobile, "is_primary": True}))
        if mobile:
            customer.numbers.add(mobile)
        # An import never withdraws a consent, and records the shop system's opt-in once.
        if method and not customer.consented and mobile not in self.active:
            writes.consents.append((customer, self._consent(mobile, method)))
            customer.consented = True
            self.active.add(mobile)
        return created

    def _another_contact(
        self, values: dict[str, str], mobile: str | RowError, first_line: int, writes: _Writes
    ) -> bool:
        """A later row of a customer read earlier in the file: one more contact."""
        numbers = self.file_numbers.get(values["external_id"])
        if isinstance(mobile, RowError):
            raise mobile
        method = _opted_in(values)
        if numbers is None or not mobile or mobile in numbers:
            raise RowError(
                f"external_id {values['external_id']} is already on line {first_line} of this "
                "file: a repeated customer adds a contact, and this row has no new mobile."
            )
        numbers.add(mobile)
        customer = self.customers[values["external_id"]]
        if mobile not in customer.numbers:
            name = values.get("contact_name", "").strip() or customer.columns["name"]
            writes.contacts.append(
                (customer, {"name": name, "number": mobile, "is_primary": False})
            )
            customer.numbers.add(mobile)
        if method and mobile not in self.active:
            writes.consents.append((customer, self._consent(mobile, method)))
            self.active.add(mobile)
        return False

    def _consent(self, number: str, method: str) -> dict[str, Any]:
        return {
            "number": number,
            "recorded_by": self.recorded_by,
            "recorded_at": self.now,
            "method": method,
            "wording": (
                f"Opted in to texts in the shop's management system (imported from {self.source})."
            ),
        }

    def _write(self, writes: _Writes) -> None:
        shop_id = self.shop.id or 0
        ids = import_queries.insert_customers(
            self.session,
            [{"shop_id": shop_id, "external_id": c.external_id, **c.columns} for c in writes.new],
        )
        for customer in writes.new:
            customer.id = ids[customer.external_id]
        import_queries.update_customers(
            self.session, [{"row_id": c.id, **c.columns} for c in writes.changed]
        )
        import_queries.renumber_contacts(self.session, writes.renumbered)
        import_queries.insert_contacts(
            self.session, [{"customer_id": c.id, **row} for c, row in writes.contacts]
        )
        import_queries.insert_consents(
            self.session, [{"customer_id": c.id, **row} for c, row in writes.consents]
        )


def import_customers(
    session: Session,
    path: Path,
    *,
    recorded_by: str,
    now: datetime,
    progress: Progress | None = None,
) -> ImportReport:
    shop = require_shop(session)
    header, rows = read_csv(path, CUSTOMER_REQUIRED)
    report = ImportReport(columns=header, total=len(rows))
    state = _CustomerImport(
        session, shop, header, recorded_by=recorded_by, now=now, source=path.name
    )
    for start in range(0, len(rows), CHUNK):
        state.chunk(rows[start : start + CHUNK], report)
        session.commit()
        if progress is not None:
            progress(min(start + CHUNK, len(rows)), len(rows))
    return report


def _opted_in(values: dict[str, str]) -> str:
    method = values.get("opted_in", "").lower()
    if method in ("no", "non", "n", "0", "false"):
        return ""
    if method and method not in CONSENT_METHODS:
        raise RowError(
            f"opted_in '{values['opted_in']}' is not one of {', '.join(CONSENT_METHODS)} "
            "(or empty when the customer has not agreed to texts)."
        )
    return method
