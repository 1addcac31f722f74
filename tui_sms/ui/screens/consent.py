"""Small modals of the message center: record a consent, and confirm a quiet-hours send."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tui_sms.ui.i18n import _

METHODS = (("signed_paper", "Signed paper"), ("electronic", "Electronic"), ("verbal", "Verbal"))


@dataclass(frozen=True)
class ConsentForm:
    method: str
    wording: str


class ConsentScreen(ModalScreen[ConsentForm | None]):
    """Asks how the customer agreed and the exact words they agreed to."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="consent.cancel")]

    def __init__(self, shown_number: str, default_wording: str) -> None:
        super().__init__()
        self.shown_number = shown_number
        self.default_wording = default_wording

    def compose(self) -> ComposeResult:
        with Vertical(id="consent-dialog", classes="dialog"):
            yield Label(
                Text(_("Record consent for {number}", number=self.shown_number)),
                classes="dialog-title",
            )
            yield Label(_("How did the customer agree?"))
            with RadioSet(id="consent-method"):
                for index, (key, name) in enumerate(METHODS):
                    yield RadioButton(_(name), value=index == 0, id=f"method-{key}")
            yield Label(_("The wording they agreed to:"))
            yield Input(self.default_wording, id="consent-wording")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Record"), variant="primary", id="consent-save")
                yield Button(_("Cancel"), id="consent-cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(Button.Pressed, "#consent-save")
    @on(Input.Submitted, "#consent-wording")
    def _save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        method = (pressed.id or "method-verbal").removeprefix("method-") if pressed else "verbal"
        self.dismiss(ConsentForm(method, self.query_one("#consent-wording", Input).value))

    @on(Button.Pressed, "#consent-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; the sentence is shown as plain text."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        self.question = question
        # The buttons say what each answer does; sending anyway is the first question asked.
        self.yes = yes or _("Send anyway (y)")
        self.no = no or _("Not now (n)")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Label(Text(self.question), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="warning", id="confirm-yes")
                yield Button(self.no, id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
