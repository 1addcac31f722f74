"""Small modal dialogs of the reminder review screen: confirm a batch, add a mobile number."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui_sms.ui.i18n import _


class ConfirmSchedule(ModalScreen[bool]):
    """States count, segments and cost before anything is queued."""

    BINDINGS = [
        Binding("y", "answer(True)", "Queue them", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="confirm.no"),
    ]

    def __init__(self, summary: Text) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.summary, id="confirm-summary", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Queue them (y)"), variant="primary", id="confirm-yes")
                yield Button(_("Cancel (n)"), id="confirm-no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")


class AddNumber(ModalScreen[str | None]):
    """Type a mobile number for a customer who has none; Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add-number.cancel")]

    def __init__(self, customer_name: str) -> None:
        super().__init__()
        self.customer_name = customer_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            before, _name, after = _("Mobile number for {name}").partition("{name}")
            title = Text.assemble(before, (self.customer_name, "bold"), after)
            yield Static(title, markup=False)
            yield Input(placeholder=_("e.g. (514) 555-1234"), id="add-number-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
