"""The screens and dialogs the message center opens: a new conversation, the failed messages,
the shortcuts (to manage, or to pick one while composing), texting employees, job reminders.
Those that end on a conversation open it in the message center."""

from __future__ import annotations

from tui_sms.ui.messages import ShortcutRequested
from tui_sms.ui.widgets.composer import Composer

# Each screen's module loads when it first opens: the message center's first frame shows none.


class CenterDialogs:
    """Mixed into MessageCenter (which provides current, the loaders and reload_list)."""

    def _open_in_all(self, thread_id: int | None) -> None:
        if thread_id is not None:
            self.view = "all"
            self.reload_list(open_thread=thread_id)

    def action_new_conversation(self) -> None:
        from tui_sms.ui.screens.new_conversation import NewConversation

        self.app.push_screen(NewConversation(), self._open_in_all)

    def action_failed(self) -> None:
        from tui_sms.ui.screens.failed import FailedMessages

        self.app.push_screen(FailedMessages(), self._open_in_all)

    def action_shortcuts(self) -> None:
        from tui_sms.ui.screens.shortcuts import ShortcutManager

        self.app.push_screen(ShortcutManager())

    def on_shortcut_requested(self, event: ShortcutRequested) -> None:
        from tui_sms.ui.screens.shortcuts import ShortcutPicker

        language = self.current.language if self.current else None

        def chosen(body: str | None) -> None:
            if body is not None:
                self.query_one(Composer).insert(body)

        self.app.push_screen(ShortcutPicker(language), chosen)

    def action_text_employees(self) -> None:
        from tui_sms.ui.screens.text_employees import TextEmployees

        def sent(sentence: str | None) -> None:
            if sentence:
                self.notify(sentence, markup=False)
                self.load_threads()  # a text to an employee is a conversation too

        self.app.push_screen(TextEmployees(), sent)

    def action_open_reminders(self) -> None:
        from tui_sms.ui.screens.reminders import ReminderReview

        self.app.push_screen(ReminderReview())
