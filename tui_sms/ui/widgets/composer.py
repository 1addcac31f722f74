"""The composer: Enter sends, Ctrl+J (or Shift+Enter where the terminal tells them apart)
adds a new line, and the line under it says what the message will cost."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui_sms.domain.segments import MAX_CHARACTERS, estimate
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ComposerSubmitted, ShortcutRequested


class ComposerInput(TextArea):
    BINDINGS = [
        Binding("enter", "submit", "Send", priority=True, id="composer.send"),
        Binding("shift+enter,ctrl+j", "newline", "New line", id="composer.newline"),
    ]

    def action_submit(self) -> None:
        composer = self.parent
        note = isinstance(composer, Composer) and composer.note_mode
        self.post_message(ComposerSubmitted(self.text, note=note))

    def action_newline(self) -> None:
        self.insert("\n")


class Composer(Vertical):
    BINDINGS = [
        Binding("ctrl+t", "toggle_note", "Note ⇄ Send", id="composer.note"),
        Binding("ctrl+o", "shortcut", "Shortcut", id="composer.shortcut"),
    ]

    note_mode = False

    def compose(self) -> ComposeResult:
        yield Static(id="composer-mode", markup=False)
        yield ComposerInput(
            id="composer-input",
            soft_wrap=True,
            show_line_numbers=False,
            placeholder=_("Type a reply. Enter sends, Ctrl+J starts a new line."),
        )
        yield Static(id="estimate", markup=False)

    def on_mount(self) -> None:
        self.show_mode()
        self.update_estimate()

    def action_toggle_note(self) -> None:
        """One key switches between a reply to the customer and a note for staff."""
        self.note_mode = not self.note_mode
        self.show_mode()

    def action_shortcut(self) -> None:
        self.post_message(ShortcutRequested())

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

    @property
    def text(self) -> str:
        return self.query_one(ComposerInput).text

    def clear(self) -> None:
        self.query_one(ComposerInput).clear()

    def update_estimate(self) -> None:
        body = self.text
        found = estimate(body)
        unit = _("segment") if found.segments == 1 else _("segments")
        line = f"{found.encoding} · {found.segments} {unit} · {found.characters}/{MAX_CHARACTERS}"
        if found.unicode_chars:
            line += " · Unicode: " + " ".join(found.unicode_chars[:8])
        style = "bold red" if found.characters > MAX_CHARACTERS else "dim"
        self.query_one("#estimate", Static).update(Text(line, style=style))
