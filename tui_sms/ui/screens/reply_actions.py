"""Sending from the message center's composer: a reply (asking first in the customer's
quiet hours) or a staff note, always to the thread the composer is addressed to, which is
the conversation shown above it."""

from __future__ import annotations

from tui_sms.domain.errors import QuietHoursConfirmation
from tui_sms.store.models import Message
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import ComposerSubmitted, ReplySent
from tui_sms.ui.widgets.composer import Composer


class ReplyActions:
    """Mixed into MessageCenter (which provides act, the loaders and the ShopNode helpers)."""

    def on_composer_submitted(self, event: ComposerSubmitted) -> None:
        # The composer's own address, set with the header it sits under.
        thread_id = self.query_one(Composer).thread_id
        if thread_id is None:
            self.notify(_("Pick a conversation first."), severity="warning", markup=False)
            return
        if event.note:
            from tui_sms.services import threads

            me, body = self.me, event.text
            self.act(lambda s: threads.add_note(s, thread_id, me, body), _("Note added."), True)
            return
        self.send_reply(thread_id, event.text)

    def send_reply(self, thread_id: int, text: str, confirmed: bool = False) -> None:
        from tui_sms.services import long_text_sending

        me, parts = self.me.id, self.query_one(Composer).in_parts

        def send() -> Message | QuietHoursConfirmation:
            try:
                return self.perform(
                    lambda s: long_text_sending.queue_reply(
                        s, thread_id, text, me, in_parts=parts, confirmed_quiet_hours=confirmed
                    )
                )
            except QuietHoursConfirmation as question:
                return question

        def sent(result: Message | QuietHoursConfirmation) -> ReplySent | None:
            if isinstance(result, QuietHoursConfirmation):
                self._ask_quiet_hours(thread_id, text, result.sentence)
                return None
            return ReplySent(thread_id, result.id or 0)

        self.run_service(send, group="send", then=sent)

    def _ask_quiet_hours(self, thread_id: int, text: str, question: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.send_reply(thread_id, text, confirmed=True)

        from tui_sms.ui.screens.consent import ConfirmScreen

        self.app.push_screen(ConfirmScreen(sentence(question)), answered)

    def on_reply_sent(self, event: ReplySent) -> None:
        self.query_one(Composer).clear(event.thread_id)
        self.load_balance()
        if event.thread_id == self.open_thread_id:
            self.load_conversation(event.thread_id, mark_read=False)
        self.load_threads()
