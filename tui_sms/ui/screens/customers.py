"""Customers: find one by name, add or change it (name, language, type, class), and its
contacts, each with its own mobile number and its own consent (consent belongs to a number)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from tui_sms.domain.phone import format_national
from tui_sms.services import consent, customer_view, customers
from tui_sms.services.customer_view import ContactRow, CustomerCard, CustomerRow
from tui_sms.services.customers import CustomerChanges
from tui_sms.ui.base import ShopNode
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ActionRefused
from tui_sms.ui.screens.consent import ConsentForm, ConsentScreen
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedTable


@dataclass(frozen=True)
class CustomerForm:
    name: str
    language: str
    customer_type: str
    customer_class: str
    mobile: str  # a new customer's first contact number, "" for none


class CustomerDialog(ModalScreen[CustomerForm | None]):
    DEFAULT_CSS = """
    CustomerDialog { align: center middle; }
    CustomerDialog #customer-dialog { width: 64; height: auto; border: round $accent;
        padding: 0 1; }
    CustomerDialog Horizontal { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="customer_form.cancel")]

    def __init__(self, row: CustomerRow | None = None) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(id="customer-dialog"):
            title = _("Change {name}", name=row.name) if row else _("Add a customer")
            yield Label(Text(title, style="bold"))
            yield Label(_("Name"))
            yield Input(row.name if row else "", id="customer-name")
            yield Label(_("Language"))
            yield Select(
                [(_("English"), "en"), (_("Français"), "fr")],
                id="customer-language",
                allow_blank=False,
                value=row.language if row and row.language in ("en", "fr") else "en",
            )
            yield Label(_("Type"))
            yield Input(row.customer_type if row else "", id="customer-type")
            yield Label(_("Class"))
            yield Input(row.customer_class if row else "", id="customer-class")
            if row is None:
                yield Label(_("Mobile number (the first contact)"))
                yield Input(id="customer-mobile", placeholder="514 555-1234")
            with Horizontal():
                yield Button(_("Save"), variant="primary", id="customer-save")
                yield Button(_("Cancel"), id="customer-cancel")

    def on_mount(self) -> None:
        self.query_one("#customer-name", Input).focus()

    @on(Button.Pressed, "#customer-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        def value(selector: str) -> str:
            found = self.query(selector)
            return found.first(Input).value.strip() if found else ""

        language = self.query_one("#customer-language", Select).value
        self.dismiss(
            CustomerForm(
                name=value("#customer-name"),
                language=language if isinstance(language, str) else "en",
                customer_type=value("#customer-type"),
                customer_class=value("#customer-class"),
                mobile=value("#customer-mobile"),
            )
        )

    @on(Button.Pressed, "#customer-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ContactDialog(ModalScreen[tuple[str, str] | None]):
    """A new contact: (name, mobile number)."""

    DEFAULT_CSS = """
    ContactDialog { align: center middle; }
    ContactDialog #contact-dialog { width: 64; height: auto; border: round $accent;
        padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="contact_form.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="contact-dialog"):
            yield Label(Text(_("Add a contact"), style="bold"))
            yield Label(_("Name"))
            yield Input(id="contact-name")
            yield Label(_("Mobile number"))
            yield Input(id="contact-mobile", placeholder="514 555-1234")

    def on_mount(self) -> None:
        self.query_one("#contact-name", Input).focus()

    @on(Input.Submitted, "#contact-name")
    def _next(self) -> None:
        self.query_one("#contact-mobile", Input).focus()

    @on(Input.Submitted, "#contact-mobile")
    def _save(self) -> None:
        name = self.query_one("#contact-name", Input).value.strip()
        self.dismiss((name, self.query_one("#contact-mobile", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class CustomersScreen(ShopNode, Screen[None]):
    DEFAULT_CSS = """
    CustomersScreen #customers-box { padding: 0 1; }
    CustomersScreen #customers-table { height: 1fr; }
    CustomersScreen #contacts-table { height: 1fr; }
    CustomersScreen #customers-error { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("a", "add", "Add customer", id="customers.add"),
        Binding("e", "edit", "Change", id="customers.edit"),
        Binding("n", "add_contact", "Add contact", id="customers.add_contact"),
        Binding("C", "record_consent", "Record consent", id="customers.consent"),
        Binding("escape", "close", "Close", id="customers.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CustomerRow] = []
        self.card: CustomerCard | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="customers-box"):
            yield Static(Text(_("Customers"), style="bold"), markup=False)
            yield Input(id="customers-search", placeholder=_("Find by name"))
            yield KeyedTable(id="customers-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(_("Contacts (each with its own consent)"), style="bold"))
            yield KeyedTable(id="contacts-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="customers-error", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#customers-table", DataTable).add_columns(
            _("Name"), _("Language"), _("Type"), _("Class")
        )
        self.query_one("#contacts-table", DataTable).add_columns(
            _("Contact"), _("Mobile number"), _("Consent")
        )
        self.load()
        self.query_one("#customers-table", DataTable).focus()

    @on(Input.Changed, "#customers-search")
    def load(self) -> None:
        term = self.query_one("#customers-search", Input).value
        self.run_service(
            lambda: customer_view.find(self.engine, term),
            group="customers",
            exclusive=True,
            then=self._show,
        )

    def _show(self, rows: list[CustomerRow]) -> None:
        self.rows = rows
        table = self.query_one("#customers-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            language = "Français" if row.language == "fr" else "English"
            table.add_row(
                Text(row.name), language, Text(row.customer_type), Text(row.customer_class)
            )
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self._load_card()

    def _current(self) -> CustomerRow | None:
        cursor = self.query_one("#customers-table", DataTable).cursor_row
        return self.rows[cursor] if 0 <= cursor < len(self.rows) else None

    @on(DataTable.RowHighlighted, "#customers-table")
    def _load_card(self) -> None:
        row = self._current()
        if row is None:
            self._show_card(None)
            return
        self.run_service(
            lambda: customer_view.card(self.engine, row.id),
            group="customer-card",
            exclusive=True,
            then=self._show_card,
        )

    def _show_card(self, card: CustomerCard | None) -> None:
        self.card = card
        table = self.query_one("#contacts-table", DataTable)
        table.clear()
        for contact in card.contacts if card else ():
            given = _(contact.consent.replace("_", " ")) if contact.consent else _("none")
            table.add_row(Text(contact.name), format_national(contact.number), given)

    def _contact(self) -> ContactRow | None:
        if self.card is None or not self.card.contacts:
            return None
        cursor = self.query_one("#contacts-table", DataTable).cursor_row
        return self.card.contacts[max(0, min(cursor, len(self.card.contacts) - 1))]

    def action_add(self) -> None:
        self.app.push_screen(CustomerDialog(), self._added)

    def _added(self, form: CustomerForm | None) -> None:
        if form is None:
            return
        changes = _changes(form)
        contacts = [(form.name, form.mobile)] if form.mobile else []
        self._act(lambda s: customers.add_customer(s, changes, contacts), _("Customer saved."))

    @on(DataTable.RowSelected, "#customers-table")
    def action_edit(self) -> None:
        row = self._current()
        if row is not None:
            self.app.push_screen(CustomerDialog(row), lambda form: self._edited(row, form))

    def _edited(self, row: CustomerRow, form: CustomerForm | None) -> None:
        if form is not None:
            changes = _changes(form)
            self._act(lambda s: customers.edit_customer(s, row.id, changes), _("Customer saved."))

    def action_add_contact(self) -> None:
        row = self._current()
        if row is None:
            return

        def added(pair: tuple[str, str] | None) -> None:
            if pair is not None:
                name, number = pair
                self._act(
                    lambda s: customers.add_contact(s, row.id, name, number), _("Contact added.")
                )

        self.app.push_screen(ContactDialog(), added)

    def action_record_consent(self) -> None:
        contact = self._contact()
        if contact is None:
            return
        wording = _("I agree to receive text messages from {shop}.", shop=self.shop_app.shop_name)
        login = self.me.login

        def recorded(form: ConsentForm | None) -> None:
            if form is not None:
                self._act(
                    lambda s: consent.record_consent(
                        s, contact.number, login, form.method, form.wording
                    ),
                    _("Consent recorded."),
                )

        self.app.push_screen(ConsentScreen(format_national(contact.number), wording), recorded)

    def _act(self, work, said: str) -> None:  # type: ignore[no-untyped-def]
        def done(_result: object) -> None:
            self.query_one("#customers-error", Static).update("")
            self.notify(said, markup=False)
            self.load()

        self.run_service(lambda: self.perform(work), group="customer-save", then=done)

    @on(ActionRefused)
    def _refused(self, event: ActionRefused) -> None:
        event.stop()
        self.query_one("#customers-error", Static).update(Text(event.sentence))

    def action_close(self) -> None:
        self.dismiss(None)


def _changes(form: CustomerForm) -> CustomerChanges:
    return CustomerChanges(
        name=form.name,
        language=form.language,
        customer_type=form.customer_type,
        customer_class=form.customer_class,
    )
