"""An "Unknown sender" conversation gets a customer: link it to one on file (its number
becomes a contact of theirs) or make a new customer from it. Consent belongs to the number,
so a consent recorded before the link shows under the customer at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from tui_sms.domain.phone import format_national
from tui_sms.domain.text import clean
from tui_sms.ui.base import ShopNode
from tui_sms.ui.i18n import _
from tui_sms.ui.widgets.keyed_lists import KeyedOptions

if TYPE_CHECKING:
    from tui_sms.services.customer_view import CustomerRow

NEW = "new"


@dataclass(frozen=True)
class LinkChoice:
    customer_id: int | None  # None: a new customer named `name`
    name: str
    language: str


class LinkCustomer(ShopNode, ModalScreen[LinkChoice | None]):
    DEFAULT_CSS = """
    LinkCustomer { align: center middle; }
    LinkCustomer #link-box { width: 70; max-height: 90%; height: auto;
        border: round $accent; padding: 0 1; }
    LinkCustomer #link-matches { height: auto; max-height: 12; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="link.cancel")]

    def __init__(self, number: str, language: str = "en") -> None:
        super().__init__()
        self.number = number
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box"):
            title = _("Who is {number}?", number=format_national(self.number))
            yield Label(Text(title, style="bold"))
            yield Label(_("Type a customer's name; Enter links, or makes a new customer."))
            yield Input(id="link-name", placeholder=_("Customer name"))
            yield KeyedOptions(id="link-matches", markup=False)
            yield Label(_("Language of a new customer"))
            yield Select(
                [(_("English"), "en"), (_("Français"), "fr")],
                id="link-language",
                allow_blank=False,
                value=self.language if self.language in ("en", "fr") else "en",
            )

    def on_mount(self) -> None:
        self.query_one("#link-name", Input).focus()

    @on(Input.Changed, "#link-name")
    def _find(self, event: Input.Changed) -> None:
        from tui_sms.services.customer_view import find

        term = event.value.strip()
        self.run_service(
            lambda: find(self.engine, term, limit=10) if len(term) >= 2 else [],
            group="link-find",
            exclusive=True,
            then=lambda rows: self._show(term, rows),
        )

    def _show(self, term: str, rows: list[CustomerRow]) -> None:
        matches = self.query_one("#link-matches", OptionList)
        matches.clear_options()
        for row in rows:
            matches.add_option(
                Option(Text(_("Link to {name}", name=clean(row.name))), id=str(row.id))
            )
        if term:
            matches.add_option(Option(Text(_("New customer: {name}", name=clean(term))), id=NEW))
        if matches.option_count:
            matches.highlighted = 0

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        # Up and down move in the matches while the name field keeps the focus.
        matches = self.query_one("#link-matches", OptionList)
        if self.focused is self.query_one("#link-name") and event.key in ("up", "down"):
            event.stop()
            matches.action_cursor_down() if event.key == "down" else matches.action_cursor_up()

    @on(Input.Submitted, "#link-name")
    def _submitted(self) -> None:
        matches = self.query_one("#link-matches", OptionList)
        if matches.highlighted is not None:
            self._choose(matches.get_option_at_index(matches.highlighted).id or "")

    @on(OptionList.OptionSelected, "#link-matches")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "")

    def _choose(self, option: str) -> None:
        language = self.query_one("#link-language", Select).value
        name = self.query_one("#link-name", Input).value.strip()
        self.dismiss(
            LinkChoice(
                customer_id=None if option == NEW else int(option),
                name=name,
                language=language if isinstance(language, str) else "en",
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinkActions:
    """Mixed into MessageCenter (which provides current, open_thread_id, the loaders and
    the ShopNode helpers)."""

    def action_link_customer(self) -> None:
        if self.current is None:
            return
        thread = self.current.thread
        if thread.customer_id is not None or thread.kind != "customer":
            self.notify(_("This conversation already has a customer."), markup=False)
            return
        thread_id = thread.id or 0

        def chosen(choice: LinkChoice | None) -> None:
            if choice is not None:
                self.link(thread_id, choice)

        self.app.push_screen(LinkCustomer(thread.number, self.me.language), chosen)

    def link(self, thread_id: int, choice: LinkChoice) -> None:
        from tui_sms.services import customers
        from tui_sms.services.customers import CustomerChanges

        def work(session) -> None:  # type: ignore[no-untyped-def]
            if choice.customer_id is None:
                changes = CustomerChanges(name=choice.name, language=choice.language)
                customers.customer_from_thread(session, thread_id, changes)
            else:
                customers.link_thread(session, thread_id, choice.customer_id)

        def done(_result: object) -> None:
            self.notify(_("Conversation linked to the customer."), markup=False)
            if thread_id == self.open_thread_id:
                self.load_conversation(thread_id, mark_read=False)
            self.load_threads()

        self.run_service(lambda: self.perform(work), group="link-customer", then=done)
