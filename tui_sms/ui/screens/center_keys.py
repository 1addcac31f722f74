"""Which of the message center's keys act now: letters never fire while the clerk types,
and an action shows in the footer only when the open conversation allows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from tui_sms.store.models import ThreadState
from tui_sms.ui.screens.habit_actions import HABIT_LETTER_ACTIONS
from tui_sms.ui.widgets.composer import ComposerClosed, ComposerInput

if TYPE_CHECKING:
    from tui_sms.ui.screens.message_center import MessageCenter

LETTER_ACTIONS = frozenset(
    {"show_view", "failed", "claim", "resolve", "resolve_next", "reopen", "transfer"}
    | {"next_unread", "search", "reply", "new_conversation", "shortcuts"}
    | {"record_consent", "record_opt_out", "text_employees", "job_texts", "link_customer"}
    | HABIT_LETTER_ACTIONS
)


class CenterKeys:
    def check_action(
        self: MessageCenter, action: str, parameters: tuple[object, ...]
    ) -> bool | None:
        focused = self.focused
        typing = isinstance(focused, ComposerInput | ComposerClosed | Input)
        if action in LETTER_ACTIONS and typing:
            return False
        if action == "back":
            return typing or self.view == "search" or self.reading
        current = self.current.thread if self.current else None
        if action == "claim":
            return current is not None and current.assignee_id != self.me.id
        if action in ("resolve", "resolve_next"):
            return current is not None and current.state == ThreadState.OPEN
        if action == "reopen":
            return current is not None and current.state == ThreadState.RESOLVED
        if action == "transfer":
            return current is not None and current.assignee_id in (None, self.me.id)
        if action == "reply":
            return current is not None
        if action in HABIT_LETTER_ACTIONS:
            return self.habit_allows(action)
        state = self.current.state if self.current is not None else None
        if action == "record_consent":
            return state is not None and state.opt_out is None
        if action == "record_opt_out":
            return (
                current is not None
                and bool(current.flagged)
                and state is not None
                and (state.opt_out is None)
            )
        return True
