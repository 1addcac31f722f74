"""The inbox habits in the message center: send a reply later (from the composer), cancel a
scheduled text, snooze a conversation and bring it back, the mark of a note naming me, and
(demo only) a simulated customer reply. The services decide; these open the dialogs and run
one service call each (services/send_later.py, snooze.py, mentions.py, demo_replies.py)."""

from __future__ import annotations

from datetime import datetime

from tui_sms.domain.errors import QuietHoursConfirmation, UserError
from tui_sms.domain.text import clean
from tui_sms.domain.when import snooze_choices
from tui_sms.services import habits_view, snooze
from tui_sms.services.habits_view import ThreadHabits
from tui_sms.services.inbox_view import ThreadView
from tui_sms.store.models import Message
from tui_sms.ui.format import local
from tui_sms.ui.habit_messages import SendLaterRequested
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import ReplySent
from tui_sms.ui.screens.consent import ConfirmScreen
from tui_sms.ui.screens.habit_dialogs import (
    ScheduledPicker,
    SendLaterDialog,
    SimulatedReplyDialog,
    SnoozeDialog,
    said,
)
from tui_sms.ui.widgets.composer import Composer
from tui_sms.ui.widgets.habits_line import HabitsLine
from tui_sms.ui.widgets.thread_list import ThreadList

# One-key commands: they type text while the composer or the search has focus.
HABIT_LETTER_ACTIONS = frozenset({"snooze", "unsnooze", "cancel_scheduled"})


class HabitActions:
    """Mixed into MessageCenter (which provides act, open_thread_id, the loaders, the
    widgets and the ShopNode helpers)."""

    habits: ThreadHabits | None = None

    def local_now(self) -> datetime:
        """The app's clock on the shop's wall clock: moments are typed and said on it."""
        return local(self.now(), self.shop_time_zone)

    # --- what waits on the open conversation ----------------------------------------

    def show_habits(self, view: ThreadView, habits: ThreadHabits) -> None:
        """The conversation `view` was just shown with its `habits` (read together, so they
        show in the same frame): its snooze and scheduled texts, and the mark of a note
        naming me, gone once I opened it."""
        thread_id = view.thread.id or 0
        if view.mention_seen:
            listed = self.query_one(ThreadList)
            listed.mentioned = listed.mentioned - {thread_id}
        self.habits = habits
        self.query_one(HabitsLine).show(thread_id, habits, self.local_now())
        self.refresh_bindings()

    def habit_allows(self, action: str) -> bool | None:
        """check_action for the habits' keys: only what the open conversation can do."""
        habits = self.habits if self.current is not None else None
        if action == "snooze":
            return self.current is not None and (habits is None or not habits.snoozed_until)
        if action == "unsnooze":
            return habits is not None and habits.snoozed_until is not None
        if action == "cancel_scheduled":
            return habits is not None and bool(habits.scheduled)
        return True

    # --- send later ------------------------------------------------------------------

    def on_send_later_requested(self, event: SendLaterRequested) -> None:
        thread_id = self.query_one(Composer).thread_id
        if thread_id is None:
            self.notify(_("Pick a conversation first."), severity="warning", markup=False)
            return
        if event.note:
            self.notify(
                _("A note is for staff and is kept at once: only a reply can be sent later."),
                severity="warning",
                markup=False,
            )
            return
        if not event.text.strip():
            self.notify(
                _("Type the reply first, then choose when it goes."),
                severity="warning",
                markup=False,
            )
            return

        def chosen(moment: datetime | None) -> None:
            if moment is not None:
                self.schedule_reply(thread_id, event.text, moment)

        self.app.push_screen(SendLaterDialog(self.local_now(), self.shop_time_zone), chosen)

    def schedule_reply(
        self, thread_id: int, text: str, moment: datetime, confirmed: bool = False
    ) -> None:
        from tui_sms.services import send_later  # the outbox's gate: not for the first frame

        me, now = self.me, self.now()

        def schedule() -> Message | QuietHoursConfirmation:
            try:
                return self.perform(
                    lambda s: send_later.schedule_reply(
                        s,
                        thread_id,
                        text,
                        author=me,
                        send_at=moment,
                        now=now,
                        confirmed_quiet_hours=confirmed,
                    )
                )
            except QuietHoursConfirmation as question:
                return question

        def scheduled(result: Message | QuietHoursConfirmation) -> ReplySent | None:
            if isinstance(result, QuietHoursConfirmation):

                def answered(yes: bool | None) -> None:
                    if yes:
                        self.schedule_reply(thread_id, text, moment, confirmed=True)

                self.app.push_screen(ConfirmScreen(sentence(result.sentence)), answered)
                return None
            when = said(result.scheduled_for or moment, self.local_now())
            self.notify(_("Scheduled for {when}.", when=when), markup=False, timeout=4)
            return ReplySent(thread_id, result.id or 0)

        self.run_service(schedule, group="send", then=scheduled)

    def action_cancel_scheduled(self) -> None:
        if (thread_id := self._thread_or_warn()) is None:
            return
        from tui_sms.services import send_later

        me = self.me

        def offer(habits: ThreadHabits) -> None:
            if not habits.scheduled:
                self.notify(_("Nothing is scheduled in this conversation."), markup=False)
                return

            def chosen(message_id: int | None) -> None:
                if message_id is not None:
                    self.act(
                        lambda s: send_later.cancel_scheduled(s, message_id, me),
                        _("Cancelled: that text will not be sent."),
                    )

            self.app.push_screen(ScheduledPicker(habits.scheduled, self.local_now()), chosen)

        self.run_service(
            lambda: habits_view.thread_habits(self.engine, thread_id, me.id or 0),
            group="thread-habits",
            then=offer,
        )

    # --- snooze ----------------------------------------------------------------------

    def action_snooze(self) -> None:
        if (thread_id := self._thread_or_warn()) is None:
            return
        me, now = self.me, self.now()

        def offer(opens: dict) -> None:
            def chosen(until: datetime | None) -> None:
                if until is None:
                    return
                after = self.query_one(ThreadList).neighbour_of(thread_id)
                words = (
                    _("Snoozed until the customer writes.")
                    if snooze.waits_for_reply(until)
                    else _("Snoozed until {when}.", when=said(until, self.local_now()))
                )
                self.act(
                    lambda s: snooze.snooze_thread(s, thread_id, me, until, now=now),
                    words + " " + _("6 lists the snoozed conversations."),
                    open_next=after,
                )

            here = self.local_now()
            self.app.push_screen(SnoozeDialog(here, snooze_choices(here, opens)), chosen)

        def mornings() -> dict:
            try:
                hours = habits_view.shop_hours(self.engine)
            except UserError:
                return {}
            return {day: found.opens for day, found in hours.days.items()}

        self.run_service(mornings, group="snooze", then=offer)

    def action_unsnooze(self) -> None:
        if (thread_id := self._thread_or_warn()) is None:
            return
        if self.habits is not None and self.habits.snoozed_until is None:
            self.notify(_("This conversation is not snoozed."), markup=False)  # from the palette
            return
        me = self.me
        self.act(lambda s: snooze.unsnooze(s, thread_id, me), _("Back in the lists."))

    # --- demo: a customer answers ----------------------------------------------------

    def action_simulate_reply(self) -> None:
        current = self.current
        if current is None:
            self.notify(_("Pick a conversation first."), severity="warning", markup=False)
            return
        thread_id = current.thread.id or 0
        name = clean(current.customer_name or current.thread.number)

        def chosen(text: str | None) -> None:
            if text is not None:
                self.run_worker(
                    self._simulate(thread_id, text), group="simulate", exit_on_error=False
                )

        self.app.push_screen(SimulatedReplyDialog(name), chosen)

    async def _simulate(self, thread_id: int, text: str) -> None:
        from tui_sms.services import demo_replies  # httpx: not for the first frame

        door = getattr(self.app, "sandbox_door", None)
        try:
            sent = await demo_replies.simulate_customer_reply(door, self.engine, thread_id, text)
        except UserError as refusal:
            self.refuse(refusal)
            return
        self.notify(_("The customer texted: {words}", words=clean(sent)), markup=False, timeout=4)
