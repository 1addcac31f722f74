"""Start a conversation: pick a customer or contact (by name or number) or type a number,
write the first message. It goes through the outbox gate, which says why when it cannot."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_sms.domain.phone import format_national
from tui_sms.domain.text import clean
from tui_sms.services import composer_view, outbox, picker_view
from tui_sms.services.picker_view import ContactRow
from tui_sms.store.models import Message
from tui_sms.ui.base import ShopNode
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ActionRefused


class NewConversation(ShopNode, ModalScreen[int | None]):
    """Dismisses with the new (or existing) conversation's thread id, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="new.cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.number = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="new-box"):
            yield Static(Text(_("New conversation"), style="bold"), markup=False)
            yield Input(id="new-to", placeholder=_("To: customer, contact or a phone number"))
            yield OptionList(id="new-matches", markup=False)
            yield Input(id="new-body", placeholder=_("First message. Enter sends."))
            yield Static(id="new-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new-to", Input).focus()

    @on(Input.Changed, "#new-to")
    def _on_to_changed(self, event: Input.Changed) -> None:
        self.number = ""
        self.find(event.value)

    def find(self, term: str) -> None:
        def matching() -> list[ContactRow]:
            if len(term.strip()) < 2:
                return []
            return picker_view.contacts_matching(self.engine, term)

        self.run_service(
            matching,
            group="find-contacts",
            exclusive=True,
            then=lambda rows: self._show_matches(term, rows),
        )

    def _show_matches(self, term: str, rows: list[ContactRow]) -> None:
        matches = self.query_one("#new-matches", OptionList)
        matches.clear_options()
        digits = "".join(ch for ch in term if ch.isdigit() or ch == "+")
        if len(digits) >= 7:
            matches.add_option(
                Option(Text(_("Text {number}", number=term.strip())), id=term.strip())
            )
        for row in rows:
            label = Text(clean(row.customer_name), style="bold")
            if row.contact_name and row.contact_name != row.customer_name:
                label.append(f" · {clean(row.contact_name)}")
            label.append(f"  {format_national(row.number)}", style="dim")
            matches.add_option(Option(label, id=row.number))
        if matches.option_count:
            matches.highlighted = 0

    @on(Input.Submitted, "#new-to")
    def _on_to_submitted(self, event: Input.Submitted) -> None:
        matches = self.query_one("#new-matches", OptionList)
        if matches.highlighted is not None:
            self._choose(matches.get_option_at_index(matches.highlighted).id or "")
        elif event.value.strip():
            self._choose(event.value.strip())

    @on(OptionList.OptionSelected, "#new-matches")
    def _on_match(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "")

    def _choose(self, number: str) -> None:
        self.number = number
        self.query_one("#new-error", Static).update(
            Text(_("To {number}", number=number), style="bold")
        )
        self.query_one("#new-body", Input).focus()
        self.prefill_default(number)

    def prefill_default(self, number: str) -> None:
        """The shop's default message in the customer's language, when nothing is typed yet."""
        language = self.me.language or "en"

        def fill(text: str) -> None:
            body = self.query_one("#new-body", Input)
            if text and not body.value:
                body.value = text

        self.run_service(
            lambda: composer_view.default_text(self.engine, number, language),
            group="new-default",
            exclusive=True,
            then=fill,
        )

    @on(Input.Submitted, "#new-body")
    def _on_body_submitted(self, event: Input.Submitted) -> None:
        number = self.number or self.query_one("#new-to", Input).value.strip()
        if not number:
            self._refused(_("Pick a customer or type a number first."))
            return
        self.send(number, event.value)

    def send(self, number: str, body: str) -> None:
        me = self.me.id

        def sent(message: Message) -> None:
            self.dismiss(message.thread_id)

        self.run_service(
            lambda: self.perform(lambda s: outbox.queue_to_number(s, number, body, author_id=me)),
            group="new-conversation",
            exclusive=True,
            then=sent,
        )

    @on(ActionRefused)
    def _on_refused(self, event: ActionRefused) -> None:
        event.stop()  # said here, under the message, rather than in a toast
        self._refused(event.sentence)

    def _refused(self, sentence: str) -> None:
        self.query_one("#new-error", Static).update(Text(sentence, style="bold red"))

    def action_cancel(self) -> None:
        self.dismiss(None)
