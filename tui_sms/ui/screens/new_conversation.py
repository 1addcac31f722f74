"""Start a conversation: pick a customer or contact (by name or number) or type a number,
write the first message. It goes through the outbox gate, which says why when it cannot."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_sms.domain.errors import ConsentMissing, QuietHoursConfirmation
from tui_sms.domain.phone import format_national
from tui_sms.domain.text import clean
from tui_sms.services import composer_view, consent, outbox, picker_view
from tui_sms.services.picker_view import ContactRow
from tui_sms.store.models import Message
from tui_sms.ui.base import ShopNode
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import ActionRefused
from tui_sms.ui.screens.consent import ConfirmScreen, ConsentForm, ConsentScreen
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedOptions


class NewConversation(ShopNode, ModalScreen[int | None]):
    """Dismisses with the new (or existing) conversation's thread id, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
        Binding("f2", "record_consent", "Record consent", id="new.consent"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.number = ""
        self.chosen_from: str | None = None  # the text of the To field a Tab chose from
        # (number, message) held back because the number has no consent on file yet.
        self.waiting_for_consent: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="new-box"):
            yield Static(Text(_("New conversation"), style="bold"), markup=False)
            yield Input(id="new-to", placeholder=_("To: customer, contact or a phone number"))
            yield KeyedOptions(id="new-matches", markup=False)
            yield Input(id="new-body", placeholder=_("First message. Enter sends."))
            yield Static(id="new-error", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#new-to", Input).focus()

    @on(Input.Changed, "#new-to")
    def _on_to_changed(self, event: Input.Changed) -> None:
        # The news of a change comes after the keys queued with it: one about an older text
        # (a newer one follows) or about the text a Tab already chose from changes nothing.
        if event.value != event.input.value or event.value == self.chosen_from:
            return
        self.number = ""
        self.chosen_from = None
        self.find(event.value)

    def _matching(self, term: str) -> list[ContactRow]:
        if len(term.strip()) < 2:
            return []
        return picker_view.contacts_matching(self.engine, term)

    def find(self, term: str) -> None:
        self.run_service(
            lambda: self._matching(term),
            group="find-contacts",
            exclusive=True,
            then=lambda rows: self._show_matches(term, rows),
        )

    def _show_matches(self, term: str, rows: list[ContactRow]) -> None:
        matches = self.query_one("#new-matches", OptionList)
        matches.clear_options()
        digits = "".join(ch for ch in term if ch.isdigit() or ch == "+")
        # A number already on file is offered once, under its customer's name.
        on_file = any(_same_number(digits, row.number) for row in rows)
        if len(digits) >= 7 and not on_file:
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

    def action_next_field(self) -> None:
        """Tab (the app's binding comes here) after a number (or a name only one customer
        has) goes on to the message with it chosen, as a clerk expects; with several
        matches it goes to the list to pick one.

        Keys typed before the Tab may still wait in the field's queue (over SSH they come in
        bursts), and its matches may be those of a shorter text: the focus moves to the
        message at once, for the letters typed after Tab, and the choice is made once the
        field has read all of its own."""
        typed = self.query_one("#new-to", Input)
        if self.focused is not typed:
            self.focus_next()
            return
        self.set_focus(self.query_one("#new-body", Input))
        typed.call_later(self._choose_typed)

    def _choose_typed(self) -> None:
        term = self.chosen_from = self.query_one("#new-to", Input).value
        self._show_matches(term, self._matching(term))  # a read of a few rows, at once
        matches = self.query_one("#new-matches", OptionList)
        if matches.option_count > 1:
            self.set_focus(matches)
        elif matches.option_count == 1:
            self._choose(matches.get_option_at_index(0).id or "")
        elif term.strip():
            self._choose(term.strip())

    @on(OptionList.OptionSelected, "#new-matches")
    def _on_match(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "")

    def _choose(self, number: str) -> None:
        self.number = number
        self.query_one("#new-error", Static).update(
            Text(_("To {number}", number=number), style="bold")
        )
        self.set_focus(self.query_one("#new-body", Input))  # at once: see the Tab binding
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

    def send(self, number: str, body: str, confirmed: bool = False) -> None:
        me = self.me.id

        def queue() -> Message | QuietHoursConfirmation | None:
            try:
                return self.perform(
                    lambda s: outbox.queue_to_number(
                        s, number, body, author_id=me, confirmed_quiet_hours=confirmed
                    )
                )
            except ConsentMissing:
                return None  # asked for here, where the clerk can record it at once
            except QuietHoursConfirmation as question:
                return question  # at night for the customer: asked once, as for a reply

        def sent(message: Message | QuietHoursConfirmation | None) -> None:
            if isinstance(message, QuietHoursConfirmation):
                self._ask_quiet_hours(number, body, message.sentence)
                return
            if message is None:
                self.waiting_for_consent = (number, body)
                self._refused(
                    _(
                        "{number} has no consent on file: press F2 to record how the "
                        "customer agreed, and the message goes out.",
                        number=number,
                    )
                )
                return
            self.dismiss(message.thread_id)

        self.run_service(queue, group="new-conversation", exclusive=True, then=sent)

    def _ask_quiet_hours(self, number: str, body: str, question: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.send(number, body, confirmed=True)

        self.app.push_screen(ConfirmScreen(sentence(question)), answered)

    def action_record_consent(self) -> None:
        number = self.number or self.query_one("#new-to", Input).value.strip()
        if not number:
            self._refused(_("Pick a customer or type a number first."))
            return
        body = self.query_one("#new-body", Input).value
        wording = _("I agree to receive text messages from {shop}.", shop=self.shop_app.shop_name)

        def recorded(form: ConsentForm | None) -> None:
            if form is not None:
                self.save_consent(number, body, form)

        self.app.push_screen(ConsentScreen(number, wording), recorded)

    def save_consent(self, number: str, body: str, form: ConsentForm) -> None:
        login = self.me.login

        def done(_consents: object) -> None:
            self.notify(_("Consent recorded."), markup=False)
            if self.waiting_for_consent is not None and body.strip():
                self.waiting_for_consent = None
                self.send(number, body)
            else:
                self._refused("")

        self.run_service(
            lambda: self.perform(
                lambda s: consent.record_consent(s, number, login, form.method, form.wording)
            ),
            group="new-consent",
            exclusive=True,
            then=done,
        )

    @on(ActionRefused)
    def _on_refused(self, event: ActionRefused) -> None:
        event.stop()  # said here, under the message, rather than in a toast
        self._refused(event.sentence)

    def _refused(self, sentence: str) -> None:
        self.query_one("#new-error", Static).update(Text(sentence, style="bold red"))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _same_number(typed_digits: str, e164: str) -> bool:
    """Typed 514 236-1201 and stored +15142361201 are one number (the leading 1 is optional)."""
    typed = typed_digits.lstrip("+")
    stored = e164.lstrip("+")
    return len(typed) >= 10 and (typed == stored or "1" + typed == stored)
