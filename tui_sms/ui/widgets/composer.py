"""The composer: Enter sends, Ctrl+J (or Shift+Enter where the terminal tells them apart)
adds a new line, and the line under it says what the message will cost."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui_sms.domain.segments import MAX_CHARACTERS, estimate
from tui_sms.ui.messages import ComposerSubmitted


class ComposerInput(TextArea):
    BINDINGS = [
        Binding("enter", "submit", "Send", priority=True, id="composer.send"),
        Binding("shift+enter,ctrl+j", "newline", "New line", id="composer.newline"),
    ]

    def action_submit(self) -> None:
        self.post_message(ComposerSubmitted(self.text))

    def action_newline(self) -> None:
        self.insert("\n")


class Composer(Vertical):
    def compose(self) -> ComposeResult:
        yield ComposerInput(
            id="composer-input",
            soft_wrap=True,
            show_line_numbers=False,
            placeholder="Type a reply. Enter sends, Ctrl+J starts a new line.",
        )
        yield Static(id="estimate", markup=False)
        yield Static(id="composer-blocked", markup=False)

    def on_mount(self) -> None:
        self.query_one("#composer-blocked").display = False
        self.update_estimate()

    def block(self, reason: str | None) -> None:
        """Disable typing with the reason shown under it (e.g. the number replied STOP)."""
        self.query_one(ComposerInput).disabled = reason is not None
        blocked = self.query_one("#composer-blocked", Static)
        blocked.display = reason is not None
        blocked.update(Text(reason or ""))

    @property
    def blocked(self) -> bool:
        return self.query_one(ComposerInput).disabled

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
        unit = "segment" if found.segments == 1 else "segments"
        line = f"{found.encoding} · {found.segments} {unit} · {found.characters}/{MAX_CHARACTERS}"
        if found.unicode_chars:
            line += " · Unicode: " + " ".join(found.unicode_chars[:8])
        style = "bold red" if found.characters > MAX_CHARACTERS else "dim"
        self.query_one("#estimate", Static).update(Text(line, style=style))
