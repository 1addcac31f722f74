"""What staff do to the open conversation from the message center: claim, resolve (and open
the next), reopen, transfer, jump to the next unread. Each runs one service call in its own
transaction in a thread worker; a refusal is shown as its sentence, in the staff's language."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from textual import work

from tui_sms.domain.errors import UserError
from tui_sms.services import threads
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Thread
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import ThreadUpdated
from tui_sms.ui.screens.transfer import TransferPicker
from tui_sms.ui.widgets.composer import Composer
from tui_sms.ui.widgets.thread_list import ThreadList


class ThreadActions:
    """Mixed into MessageCenter (which provides engine, me, open_thread and the widgets)."""

    def _thread_or_warn(self) -> int | None:
        if self.open_thread_id is None:
            self.notify(_("Pick a conversation first."), severity="warning", markup=False)
        return self.open_thread_id

    def action_claim(self) -> None:
        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            self.act(lambda s: threads.claim_thread(s, thread_id, me), _("It is yours now."))

    def action_resolve(self) -> None:
        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            self.act(lambda s: threads.resolve_thread(s, thread_id, me), _("Resolved."))

    def action_resolve_next(self) -> None:
        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            after = self.query_one(ThreadList).neighbour_of(thread_id)
            self.act(
                lambda s: threads.resolve_thread(s, thread_id, me), _("Resolved."), open_next=after
            )

    def action_reopen(self) -> None:
        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            self.act(lambda s: threads.reopen(s, thread_id, me), _("Open again."))

    def action_transfer(self) -> None:
        if (thread_id := self._thread_or_warn()) is not None:
            self.pick_colleague(thread_id)

    @work(thread=True, group="transfer")
    def pick_colleague(self, thread_id: int) -> None:
        with session_scope(self.engine) as session:
            staff = queries.active_staff(session)
            thread = session.get(Thread, thread_id)
        holder = thread.assignee_id if thread else None
        colleagues = [
            (m.id or 0, m.display_name) for m in staff if m.id not in (self.me.id, holder)
        ]
        by_id = {m.id: m for m in staff}
        me = self.me

        def chosen(staff_id: int | None) -> None:
            if staff_id is not None:
                to = by_id[staff_id]
                self.act(
                    lambda s: threads.transfer_thread(s, thread_id, me, to),
                    _("Transferred to {name}.", name=to.display_name),
                )

        self.app.call_from_thread(self.app.push_screen, TransferPicker(colleagues), chosen)

    def action_next_unread(self) -> None:
        self.find_next_unread()

    @work(thread=True, exclusive=True, group="next-unread")
    def find_next_unread(self) -> None:
        with session_scope(self.engine) as session:
            view = "all" if self.view == "search" else self.view
            found = queries.first_unread_thread(session, view, self.me.id)
        if found is None:
            self.app.call_from_thread(self.notify, _("Nothing unread here."), markup=False)
            return
        self.app.call_from_thread(self._go_to, found)

    def _go_to(self, thread_id: int) -> None:
        self.open_thread(thread_id)
        threads = self.query_one(ThreadList)
        if str(thread_id) in threads.rows:
            threads.move_cursor(row=threads.get_row_index(str(thread_id)), animate=False)
        self.load_threads()

    @work(thread=True, group="thread-action")
    def act(
        self,
        do: Callable[[Session], object],
        done: str,
        clear_composer: bool = False,
        open_next: int | None = None,
    ) -> None:
        """Run one service call in its own transaction; a refusal is shown as it is."""
        try:
            with session_scope(self.engine) as session:
                do(session)
        except UserError as refusal:
            self.app.call_from_thread(
                self.notify, sentence(refusal.sentence), severity="warning", markup=False, timeout=8
            )
            return
        if clear_composer:
            self.app.call_from_thread(self.query_one(Composer).clear)
        self.post_message(ThreadUpdated(self.open_thread_id or 0, done, open_next))
