"""The line under the thread header that says what waits on the open conversation: that it
is snoozed (until when, and the key that brings it back) and the replies scheduled for
later (when, the start of the text, the key that cancels one). Hidden when nothing waits."""

from __future__ import annotations

import re
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from tui_sms.domain.text import clean, one_line
from tui_sms.domain.when import moment_words
from tui_sms.services.habits_view import ThreadHabits
from tui_sms.services.snooze import waits_for_reply
from tui_sms.ui.i18n import _, language, n_
from tui_sms.ui.widgets.steady_update import update_steady

SHOWN_SCHEDULED = 2  # more than this: "and N more", the picker (u) lists them all
# "9 h 30" stays on one line on screen (texts to customers keep plain spaces: GSM-7).
_FRENCH_HOUR = re.compile(r"(\d) h(?: (\d\d))?")


def said(moment: datetime, now: datetime) -> str:
    """A moment as the clerk reads it, in the interface's language ('tomorrow 8:00')."""
    words = moment_words(moment, now, language())
    return _FRENCH_HOUR.sub(lambda m: m[1] + "\u00a0h" + ("\u00a0" + m[2] if m[2] else ""), words)


class HabitsLine(Static):
    DEFAULT_CSS = """
    HabitsLine { height: auto; padding: 0 1; background: $panel; color: $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.habits: ThreadHabits | None = None
        self.thread_id: int | None = None

    def on_mount(self) -> None:
        self.display = False

    def clear(self) -> None:
        self.habits = None
        self.thread_id = None
        self.display = False

    def show(self, thread_id: int, habits: ThreadHabits, now: datetime) -> None:
        """`now` on the shop's wall clock: moments are said on it."""
        self.habits = habits
        self.thread_id = thread_id
        lines: list[str] = []
        if habits.snoozed_until is not None:
            if waits_for_reply(habits.snoozed_until):
                lines.append(_("Snoozed until the customer writes · Z brings it back now"))
            else:
                when = said(habits.snoozed_until, now)
                lines.append(_("Snoozed until {when} · Z brings it back now", when=when))
        for message in habits.scheduled[:SHOWN_SCHEDULED]:
            when = said(message.scheduled_for or now, now)
            text = one_line(clean(message.body), 30)
            lines.append(_("Scheduled for {when}: {words} · u cancels", when=when, words=text))
        hidden = len(habits.scheduled) - SHOWN_SCHEDULED
        if hidden > 0:
            lines.append(
                n_(
                    "and {count} more scheduled text (u lists them)",
                    "and {count} more scheduled texts (u lists them)",
                    hidden,
                )
            )
        self.display = bool(lines)
        update_steady(self, Text("\n".join(lines)))
