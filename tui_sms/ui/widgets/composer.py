"""The composer: Enter sends, Ctrl+J (or Shift+Enter where the terminal tells them apart)
adds a new line, and the lines under it say what the message will cost.

The estimate is computed here on every keystroke (well under a millisecond for 1600
characters); the balance comes from the database only when the screen loads it (a thread
opens, something changed), never per keystroke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui_sms.domain.pricing import DEFAULT_CURRENCY, DEFAULT_SEGMENT_PRICE, char_label
from tui_sms.domain.segments import MAX_CHARACTERS, SegmentEstimate, estimate
from tui_sms.ui.base import after_typed_keys
from tui_sms.ui.estimate_words import (
    estimate_line,
    shortfall,
    smart_encoded,
    smart_hint,
    unicode_hint,
)
from tui_sms.ui.format import count
from tui_sms.ui.habit_messages import SendLaterRequested
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ComposerSubmitted, ShortcutRequested
from tui_sms.ui.widgets.draft_keeper import DraftKeeper
from tui_sms.ui.widgets.old_phones import OLD_PHONES_BINDINGS, OldPhonesOption

if TYPE_CHECKING:
    from tui_sms.services.billing import BalanceSummary

SMART_ENCODE_KEY = "ctrl+g"
SMART_ENCODE_LABEL = "Ctrl+G"


# Listed first, so a narrow footer still names the way back to the thread list. A priority
# binding, run as the app reads the key: the keys after it in the same burst (Down, Enter
# to open the next conversation) go to the list, not into this queue after it.
BACK = Binding("escape", "screen.back", "Back", priority=True, id="composer.back")


class ComposerInput(TextArea):
    BINDINGS = [
        BACK,
        Binding("enter", "submit", "Send", priority=True, id="composer.send"),
        Binding("ctrl+j,shift+enter", "newline", "New line", id="composer.newline"),
    ]

    def on_hide(self, event: events.Hide) -> None:
        # Esc hides the reply's pane and Enter shows it again; in one burst of keys the
        # notice that it was hidden arrives once it is shown again, and Textual's default
        # would then hand the focus on to the conversation, where letters are commands.
        # Hidden for good (closed, or its pane not shown), it lets the focus go as usual.
        if self.display and getattr(self.screen, "conversation_seen", False):
            event.prevent_default()

    def action_submit(self) -> None:
        # Enter is a priority binding: the text is read after the letters typed before it.
        after_typed_keys(self, self._submit)

    def _submit(self) -> None:
        composer = self.parent
        note = isinstance(composer, Composer) and composer.note_mode
        self.post_message(ComposerSubmitted(self.text, note=note))

    def action_newline(self) -> None:
        self.insert("\n")


class ComposerClosed(Static, can_focus=True):
    """Stands where the reply is typed when no reply can be: no conversation open, or the
    number opted out. It takes the focus the input would have, so the letters a clerk types
    "into the reply" are swallowed here instead of reaching the screen's one-key commands."""

    BINDINGS = [BACK]

    def on_key(self, event: events.Key) -> None:
        if event.is_printable or event.key in ("enter", "backspace", "delete", "space"):
            event.stop()
            event.prevent_default()
            self.app.bell()


class Composer(OldPhonesOption, Vertical):
    BINDINGS = [
        Binding(
            SMART_ENCODE_KEY,
            "smart_encode",
            "Smart encode",
            tooltip="Replace curly quotes, long dashes and other look-alikes by GSM-7 characters",
            id="composer.smart_encode",
        ),
        Binding("ctrl+t", "toggle_note", "Note ⇄ Send", id="composer.note"),
        Binding("ctrl+o", "shortcut", "Shortcut", id="composer.shortcut"),
        Binding("ctrl+s", "send_later", "Send later", id="composer.send_later"),
        *OLD_PHONES_BINDINGS,
    ]

    note_mode = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.balance: BalanceSummary | None = None
        self.found: SegmentEstimate = estimate("")
        self._hint: Text | None = None
        self.drafts = DraftKeeper(self)
        # The thread a reply goes to: the one whose conversation and header are shown.
        self.thread_id: int | None = None
        self._reason: str | None = None  # what the closed notice says (None: it is empty)

    def compose(self) -> ComposeResult:
        yield Static(id="composer-mode", markup=False)
        yield ComposerInput(
            id="composer-input",
            soft_wrap=True,
            show_line_numbers=False,
            placeholder=_("Type a reply. Enter sends, Ctrl+J starts a new line."),
        )
        yield Static(id="estimate", markup=False)
        yield Static(id="estimate-hint", markup=False)
        yield Static(id="composer-usage", markup=False)
        yield ComposerClosed(id="composer-blocked", markup=False)

    def on_mount(self) -> None:
        self.show_mode()
        self.update_estimate()
        self.bind(None, None)

    def hold(self) -> None:
        """Another conversation is being read: nothing goes to this one any more, nor to
        the next before `bind` addresses it (with the header it sits under). The composer
        keeps its look meanwhile: closing it and opening it again a frame later laid the
        whole screen out twice for every conversation opened."""
        if self.thread_id is None:
            return
        area = self.query_one(ComposerInput)
        self.drafts.leave(area.text)
        self.thread_id = None
        if area.text:  # an empty reply reloaded is a frame drawn, and the estimate's too
            area.load_text("")
        area.read_only = True  # typed letters wait for the conversation they are for

    def bind(self, thread_id: int | None, reason: str | None) -> None:
        """Address the composer to `thread_id` (None closes it). With a `reason` (the
        number replied STOP) nothing can be typed and the reason stands where the reply
        would be; the focus follows, so typed letters never become commands."""
        area = self.query_one(ComposerInput)
        if thread_id != self.thread_id:
            # Half-written replies stay with their customer when the clerk looks at another
            # one, and in the database for the next session (the draft keeper does both).
            self.drafts.leave(area.text)
            self.thread_id = thread_id
            area.load_text(self.drafts.enter(thread_id))
            area.move_cursor(area.document.end)
        if thread_id is None:
            reason = _("Pick a conversation in the list.")
        closed = reason is not None
        had_focus = area.has_focus
        notice = self.query_one(ComposerClosed)
        area.read_only = False
        if reason != self._reason:
            self._reason = reason
            notice.update(Text(reason or ""))
        notice.set_class(thread_id is not None, "refused")
        notice.display = closed
        area.display = not closed
        area.disabled = closed
        for line in self.query("#composer-mode, #estimate, #composer-usage"):
            line.display = not closed
        if closed and had_focus:
            notice.focus()
        elif not closed and notice.has_focus:
            area.focus()
        self.update_estimate()

    @property
    def blocked(self) -> bool:
        return self.query_one(ComposerInput).disabled

    def take_focus(self) -> None:
        """Where the clerk types: the input, or the notice saying why they cannot."""
        # At once, not after the messages already queued: the letters typed next are for it.
        if self.blocked:
            self.screen.set_focus(self.query_one(ComposerClosed))
        else:
            self.screen.set_focus(self.query_one(ComposerInput))

    def action_toggle_note(self) -> None:
        """One key switches between a reply to the customer and a note for staff."""
        self.note_mode = not self.note_mode
        self.show_mode()

    def action_shortcut(self) -> None:
        self.post_message(ShortcutRequested())

    def action_send_later(self) -> None:
        self.post_message(SendLaterRequested(self.text, note=self.note_mode))

    def insert(self, text: str) -> None:
        """Put a shortcut's text at the cursor, for editing before it is sent."""
        area = self.query_one(ComposerInput)
        area.insert(text)
        area.focus()

    def show_mode(self) -> None:
        line = self.query_one("#composer-mode", Static)
        self.set_class(self.note_mode, "note-mode")
        if self.note_mode:
            line.update(Text(_("Note — only staff see this (Ctrl+T: back to reply)"), style="bold"))
        else:
            line.update(Text(_("Reply to the customer (Ctrl+T: write a note)"), style="dim"))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.update_estimate()
        self.drafts.changed(self.text)

    def replace_text(self, text: str) -> None:
        area = self.query_one(ComposerInput)
        area.load_text(text)
        area.move_cursor(area.document.end)
        self.drafts.changed(text)

    def on_unmount(self) -> None:
        self.drafts.save_blocking()

    @property
    def text(self) -> str:
        return self.query_one(ComposerInput).text

    def clear(self, thread_id: int | None = None) -> None:
        """Empty the input (and forget `thread_id`'s draft, once its reply went out)."""
        if thread_id is not None and thread_id != self.thread_id:
            self.drafts.discard(thread_id)
            return
        self.query_one(ComposerInput).clear()
        self.drafts.discard(self.thread_id)

    def show_usage(self, line: str) -> None:
        """The month's usage under the estimate (the suites' "SMS used" in the send window)."""
        self.query_one("#composer-usage", Static).update(Text(line, style="dim"))

    def show_balance(self, summary: BalanceSummary | None) -> None:
        """Take the balance the screen loaded; the estimate lines follow at once."""
        self.balance = summary
        self.update_estimate()

    @property
    def smart_encoding_helps(self) -> bool:
        """Every character that forces UCS-2 has a GSM-7 look-alike: replacing them all
        makes the message GSM-7 (with an emoji or ê left, it would stay UCS-2 anyway)."""
        found = self.found
        return bool(found.unicode_chars) and len(found.replaceable) == len(found.unicode_chars)

    def update_estimate(self) -> None:
        had_key = self.smart_encoding_helps
        found = self.found = estimate(self.text)
        summary = self.balance
        price = summary.price_per_segment if summary else DEFAULT_SEGMENT_PRICE
        currency = summary.currency if summary else DEFAULT_CURRENCY
        line = self.old_phones_tag(found) + estimate_line(found, price, currency)
        sending = self.segments_to_send(found)
        short = summary is not None and sending > 0 and not summary.covers(sending)
        if summary is not None:
            line += " · " + _("balance {count}", count=count(summary.available))
            if sending:
                line += f" → {count(summary.available - sending)}"
        too_long = found.characters > MAX_CHARACTERS
        style = "bold red" if too_long or short else "dim"
        # One line of fixed height: no layout pass on each keystroke.
        self.query_one("#estimate", Static).update(Text(line, style=style), layout=False)

        hints = [
            self.old_phones_note(found, price, currency),
            smart_hint(found, price, currency),
            unicode_hint(found),
        ]
        if self.smart_encoding_helps:
            hints.append(_("{key} replaces them", key=SMART_ENCODE_LABEL))
        hint = Text(" · ".join(filter(None, hints)), style="dim")
        if short and summary is not None:
            hint = Text(shortfall(summary, sending), style="bold red")
        if hint != self._hint:  # the hint changes rarely while typing; a relayout costs
            self._hint = hint
            hint_widget = self.query_one("#estimate-hint", Static)
            hint_widget.display = bool(hint.plain)
            hint_widget.update(hint)
        if had_key != self.smart_encoding_helps:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "smart_encode":
            return self.smart_encoding_helps
        if action == "old_phones":
            return self.old_phones_allows(parameters)
        if action == "send_later":
            return self.thread_id is not None and not self.blocked
        return True

    def action_smart_encode(self) -> None:
        before = self.found
        if not self.smart_encoding_helps:
            return
        area = self.query_one(ComposerInput)
        replaced = estimate(area.text, smart_encoding=True)
        if replaced.body == area.text:
            self.notify(
                _("Smart encoding would make this message too long: nothing was replaced."),
                severity="warning",
                markup=False,
            )
            return
        area.replace(replaced.body, area.document.start, area.document.end)
        area.move_cursor(area.document.end)
        saved = before.segments - replaced.segments
        labels = " ".join(char_label(char) for char in before.replaceable)
        self.notify(smart_encoded(labels, saved), markup=False)
