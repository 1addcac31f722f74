"""The palette's commands of the inbox habits that no key carries: in the demo, have the open
conversation's customer answer through the sandbox served in this process."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import App, SystemCommand
from textual.screen import Screen

from tui_sms.ui.i18n import _
from tui_sms.ui.screens.habit_dialogs import (
    ScheduledPicker,
    SendLaterDialog,
    SimulatedReplyDialog,
    SnoozeDialog,
)

# Their binding descriptions follow the interface's language (app.translated_classes).
HABIT_SCREENS = (SendLaterDialog, SnoozeDialog, ScheduledPicker, SimulatedReplyDialog)


def habit_commands(app: App[None], screen: Screen[object]) -> Iterator[SystemCommand]:
    simulate = getattr(screen, "action_simulate_reply", None)
    if getattr(app, "sandbox_door", None) is not None and simulate is not None:
        yield SystemCommand(
            _("Simulate a customer reply"),
            _("Demo: the open conversation's customer texts the shop through the sandbox"),
            simulate,
        )
