"""What staff do to the open conversation from the message center: claim, resolve (and open
the next), reopen, transfer, jump to the next unread. Each runs one service call in its own
transaction in a thread worker; a refusal is shown as its sentence, in the staff's language."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from tui_sms.services import inbox_view
from tui_sms.store.models import Staff
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ThreadUpdated
from tui_sms.ui.widgets.composer import Composer
from tui_sms.ui.widgets.thread_list import ThreadList


class ThreadActions:
    """Mixed into MessageCenter (which provides open_thread, the loaders, the widgets and
    the ShopNode helpers)."""

    def _thread_or_warn(self) -> int | None:
        if self.open_thread_id is None:
            self.notify(_("Pick a conversation first."), severity="warning", markup=False)
        return self.open_thread_id

    def action_claim(self) -> None:
        from tui_sms.services import threads

        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            self.act(lambda s: threads.claim_thread(s, thread_id, me), _("It is yours now."))

    def action_resolve(self) -> None:
        from tui_sms.services import threads

        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            self.act(lambda s: threads.resolve_thread(s, thread_id, me), _("Resolved."))

    def action_resolve_next(self) -> None:
        from tui_sms.services import threads

        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            after = self.query_one(ThreadList).neighbour_of(thread_id)
            self.act(
                lambda s: threads.resolve_thread(s, thread_id, me), _("Resolved."), open_next=after
            )

    def action_reopen(self) -> None:
        from tui_sms.services import threads

        if (thread_id := self._thread_or_warn()) is not None:
            me = self.me
            self.act(lambda s: threads.reopen(s, thread_id, me), _("Open again."))

    def action_transfer(self) -> None:
        if (thread_id := self._thread_or_warn()) is not None:
            self.pick_colleague(thread_id)

    def pick_colleague(self, thread_id: int) -> None:
        from tui_sms.services import threads

        me = self.me

        def offer(colleagues: list[Staff]) -> None:
            by_id = {member.id: member for member in colleagues}

            def chosen(staff_id: int | None) -> None:
                if staff_id is not None:
                    to = by_id[staff_id]
                    self.act(
                        lambda s: threads.transfer_thread(s, thread_id, me, to),
                        _("Transferred to {name}.", name=to.display_name),
                    )

            choices = [(member.id or 0, member.display_name) for member in colleagues]
            from tui_sms.ui.screens.transfer import TransferPicker

            self.app.push_screen(TransferPicker(choices), chosen)

        self.run_service(
            lambda: inbox_view.colleagues_for_transfer(self.engine, thread_id, me),
            group="transfer",
            then=offer,
        )

    def action_next_unread(self) -> None:
        self.find_next_unread()

    def find_next_unread(self) -> None:
        view, me = self.view, self.me.id

        def go(found: int | None) -> None:
            if found is None:
                self.notify(_("Nothing unread here."), markup=False)
            else:
                self._go_to(found)

        self.run_service(
            lambda: inbox_view.first_unread(self.engine, view, me),
            group="next-unread",
            exclusive=True,
            then=go,
        )

    def _go_to(self, thread_id: int) -> None:
        self.open_thread(thread_id)
        threads = self.query_one(ThreadList)
        if (row := threads.index_of(thread_id)) is not None:
            threads.move_cursor(row=row)
        self.load_threads()

    def act(
        self,
        do: Callable[[Session], object],
        done: str,
        clear_composer: bool = False,
        open_next: int | None = None,
    ) -> None:
        """Run one service call in its own transaction; a refusal is shown as its sentence."""

        def went_through(_result: object) -> ThreadUpdated:
            if clear_composer:
                self.query_one(Composer).clear()
            return ThreadUpdated(self.open_thread_id or 0, done, open_next)

        self.run_service(
            lambda: self.perform(do), group="thread-action", then=went_through, severity="warning"
        )
