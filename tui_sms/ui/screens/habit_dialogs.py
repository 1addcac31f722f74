"""The small dialogs of the inbox habits: when a reply goes out later, how long a
conversation sleeps, which scheduled text to cancel, and what a simulated customer says.

Moments are typed and shown on the shop's wall clock (domain/when.py reads them); each
dialog dismisses with the chosen value (a UTC-comparable aware datetime, a message id, a
text) or None when the clerk changes their mind."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_sms.domain.errors import UserError
from tui_sms.domain.opening_hours import clock
from tui_sms.domain.text import clean, one_line
from tui_sms.domain.when import SnoozeChoices, parse_moment
from tui_sms.services.snooze import UNTIL_THEY_WRITE
from tui_sms.store.models import Message
from tui_sms.ui.i18n import _, language, sentence
from tui_sms.ui.widgets.habits_line import said
from tui_sms.ui.widgets.keyed_lists import KeyedOptions

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 72; max-width: 100%; height: auto; max-height: 100%;
    padding: 0 1; background: $surface; border: thick $primary;
}}
{name} .habit-title {{ text-style: bold; }}
{name} .habit-help {{ color: $text-muted; }}
{name} .habit-error {{ color: $error; text-style: bold; }}
{name} OptionList {{ height: auto; max-height: 10; }}
"""


def hour(moment: datetime) -> str:
    """Only the hour ('8:00', '8 h'), when the day is said already."""
    return clock(moment.time(), language())


def _excerpt(message: Message) -> str:
    return one_line(clean(message.body), 40)


class MomentField(Vertical):
    """A typed moment and, under it, what it means or why it cannot be read."""

    DEFAULT_CSS = "MomentField { height: auto; }"

    def __init__(self, now: datetime, suggested: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now = now
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        yield Input(value=self.suggested, id="moment")
        yield Static(id="moment-meaning", markup=False)

    def on_mount(self) -> None:
        self.read()

    @on(Input.Changed, "#moment")
    def _changed(self) -> None:
        self.read()

    def read(self) -> datetime | None:
        """The moment typed; None (and the reason shown) when it cannot be used."""
        line = self.query_one("#moment-meaning", Static)
        typed = self.query_one("#moment", Input).value
        try:
            moment = parse_moment(typed, self.now)
        except UserError as bad:
            line.set_class(bool(typed.strip()), "habit-error")
            line.update(Text(sentence(bad.sentence) if typed.strip() else ""))
            return None
        if moment <= self.now:
            line.set_class(True, "habit-error")
            line.update(Text(_("That moment has passed: pick one to come.")))
            return None
        line.set_class(False, "habit-error")
        line.update(Text("→ " + said(moment, self.now)))
        return moment


class SendLaterDialog(ModalScreen[datetime | None]):
    """When the reply goes out: Enter schedules it, Escape keeps it in the composer."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SendLaterDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="send_later.cancel")]

    def __init__(self, now: datetime, time_zone: str) -> None:
        super().__init__()
        self.now = now
        self.time_zone = time_zone

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Send this reply later"), classes="habit-title", markup=False)
            yield Static(_("When? The shop's time ({zone}).", zone=self.time_zone), markup=False)
            yield MomentField(self.now, _("tomorrow 8:00"), id="send-later-when")
            yield Static(
                _("e.g. tomorrow 8:00 · friday 14:30 · in 2 hours · 2026-12-24 9:00"),
                classes="habit-help",
                markup=False,
            )
            yield Static(
                _("Enter schedules it, Esc keeps it in the composer."),
                classes="habit-help",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#moment", Input).focus()

    @on(Input.Submitted, "#moment")
    def _submitted(self) -> None:
        moment = self.query_one(MomentField).read()
        if moment is not None:
            self.dismiss(moment)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SnoozeDialog(ModalScreen[datetime | None]):
    """How long the conversation sleeps: a choice, or a typed moment."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SnoozeDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="snooze.cancel")]

    def __init__(self, now: datetime, choices: SnoozeChoices) -> None:
        super().__init__()
        self.now = now
        self.choices = choices
        self.moments = {
            "tomorrow": choices.tomorrow_morning,
            "week": choices.next_week,
            "reply": UNTIL_THEY_WRITE,
        }

    def compose(self) -> ComposeResult:
        now, later = self.now, self.choices.later_today
        options = []
        if later is not None:
            self.moments["later"] = later
            options.append(Option(_("Later today ({when})", when=hour(later)), "later"))
        tomorrow = self.moments["tomorrow"]
        options += [
            Option(_("Tomorrow morning ({when})", when=hour(tomorrow)), "tomorrow"),
            Option(_("Next week ({when})", when=said(self.moments["week"], now)), "week"),
            Option(_("Until the customer writes"), "reply"),
        ]
        with Vertical():
            yield Static(_("Snooze this conversation until…"), classes="habit-title", markup=False)
            yield Static(
                _("It leaves the lists and comes back unread then, or when the customer writes."),
                classes="habit-help",
                markup=False,
            )
            yield KeyedOptions(*options, id="snooze-choices")
            yield Static(_("Or another moment (Tab, then Enter):"), markup=False)
            yield MomentField(self.now, "", id="snooze-when")

    def on_mount(self) -> None:
        self.query_one("#snooze-choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.moments[event.option.id or "reply"])

    @on(Input.Submitted, "#moment")
    def _typed(self) -> None:
        moment = self.query_one(MomentField).read()
        if moment is not None:
            self.dismiss(moment)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScheduledPicker(ModalScreen[int | None]):
    """The conversation's texts waiting for their time: Enter cancels the highlighted one."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ScheduledPicker")
    BINDINGS = [Binding("escape", "close", "Keep them", id="scheduled.close")]

    def __init__(self, waiting: list[Message], now: datetime) -> None:
        super().__init__()
        self.waiting = waiting
        self.now = now

    def compose(self) -> ComposeResult:
        now = self.now
        options = [
            Option(Text(f"{said(m.scheduled_for or now, now)} · {_excerpt(m)}"), str(m.id))
            for m in self.waiting
        ]
        with Vertical():
            yield Static(_("Cancel a scheduled text"), classes="habit-title", markup=False)
            yield Static(
                _("Enter cancels the highlighted text; Esc keeps them all."),
                classes="habit-help",
                markup=False,
            )
            yield KeyedOptions(*options, id="scheduled-texts", markup=False)

    def on_mount(self) -> None:
        self.query_one("#scheduled-texts", OptionList).focus()

    @on(OptionList.OptionSelected, "#scheduled-texts")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_close(self) -> None:
        self.dismiss(None)


class SimulatedReplyDialog(ModalScreen[str | None]):
    """Demo only: what the open thread's customer texts the shop (empty: a typical answer)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SimulatedReplyDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="simulate.cancel")]

    def __init__(self, customer: str) -> None:
        super().__init__()
        self.customer = customer

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Simulate a customer reply"), classes="habit-title", markup=False)
            yield Static(
                Text(_("{name} texts the shop, through the demo's sandbox:", name=self.customer)),
                markup=False,
            )
            yield Input(id="simulated-text", placeholder=_("Empty: a typical answer"))
            yield Static(
                _("Enter sends it, Esc cancels. It arrives like a real text."),
                classes="habit-help",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#simulated-text")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
