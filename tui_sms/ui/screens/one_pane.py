"""Narrow terminals (a laptop's SSH window is often 80 columns): below the width where the
thread list and the conversation fit side by side, the message center shows one pane at a
time.

The pane shown is the one holding the focus: opening a thread (Enter) or replying (r) puts
the focus in the composer and shows the conversation; Esc puts it back on the list and
shows the list. Textual's breakpoints set `-narrow` / `-wide` on the screen as the terminal
is resized, and app.tcss hides the other pane, so a resize switches the layout live.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget

# Two panes need the list's 40 columns and a conversation whose header line, consent line
# and bubbles read without wrapping.
TWO_PANES_FROM = 100


class OnePane:
    """Mixed into MessageCenter, which provides `open_thread_id` and `load_conversation`."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (TWO_PANES_FROM, "-wide")]

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    @property
    def reading(self) -> bool:
        """On a narrow terminal, the conversation pane is the one shown."""
        return self.narrow and self.has_class("-reading")

    @property
    def conversation_seen(self) -> bool:
        """The open conversation is on screen (beside the list, or as the one pane)."""
        return not self.narrow or self.has_class("-reading")

    def show_pane_of_focus(self) -> None:
        """The pane holding the focus is the one shown; a focus elsewhere (none, a banner)
        leaves the pane as it is."""
        focused: Widget | None = self.focused
        if focused is None:
            return
        right = self.query_one("#right")
        left = self.query_one("#left")
        if focused is right or right in focused.ancestors:
            unseen = not self.conversation_seen
            self.add_class("-reading")
            if unseen and self.open_thread_id is not None:
                self.load_conversation(self.open_thread_id, mark_read=True)
        elif focused is left or left in focused.ancestors:
            self.remove_class("-reading")

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Screen's own handler moves the breakpoint classes: `narrow` is still
        # the old layout. Widening from the list pane puts the open conversation on screen.
        widening = self.narrow and event.size.width >= TWO_PANES_FROM
        if widening and not self.has_class("-reading") and self.open_thread_id is not None:
            self.load_conversation(self.open_thread_id, mark_read=True)
