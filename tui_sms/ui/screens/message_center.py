"""The message center: thread list on the left, the open conversation and composer on the right."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui_sms.domain.errors import QuietHoursConfirmation, UserError
from tui_sms.domain.phone import format_national
from tui_sms.domain.text import clean
from tui_sms.services import billing, consent, inbox, outbox
from tui_sms.services.consent import NumberState
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, Staff, Thread
from tui_sms.store.queries import ThreadRow
from tui_sms.ui.messages import ComposerSubmitted, DataChanged, ReplySent, ThreadSelected
from tui_sms.ui.screens.consent import ConfirmScreen, ConsentForm, ConsentScreen
from tui_sms.ui.screens.text_employees import TextEmployees
from tui_sms.ui.widgets.composer import Composer, ComposerInput
from tui_sms.ui.widgets.conversation import Conversation
from tui_sms.ui.widgets.thread_list import ThreadList


@dataclass(frozen=True)
class ThreadView:
    thread: Thread
    customer_name: str | None
    language: str | None
    assignee: str | None
    messages: list[Message]
    authors: dict[int, str]
    state: NumberState | None = None


class MessageCenter(Screen[None]):
    BINDINGS = [
        Binding("escape", "focus_threads", "Threads", id="center.threads"),
        Binding("r", "reply", "Reply", id="center.reply"),
        Binding("ctrl+r", "open_reminders", "Job reminders", id="center.reminders"),
        Binding("c", "record_consent", "Record consent", id="center.consent"),
        Binding("o", "record_opt_out", "Record opt-out", id="center.opt_out"),
        Binding("e", "text_employees", "Text employee", id="center.text_employees"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.open_thread_id: int | None = None
        self.view = "all"
        self.shown: ThreadView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="banner", markup=False)
        with Horizontal(id="center"):
            yield ThreadList(id="threads")
            with Vertical(id="right"):
                yield Static(id="thread-header", markup=False)
                yield Static(id="thread-consent", markup=False)
                yield Conversation(id="conversation")
                yield Composer(id="composer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#banner").display = False
        self.query_one(ThreadList).time_zone = self.app.shop_time_zone  # type: ignore[attr-defined]
        self.query_one("#thread-header", Static).update(Text("Pick a conversation on the left."))
        self.load_threads()
        self.load_balance()
        self.query_one(ThreadList).focus()

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.app.runtime.engine  # type: ignore[attr-defined]

    @property
    def me(self) -> Staff:
        return self.app.me  # type: ignore[attr-defined]

    # --- loading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load-threads")
    def load_threads(self) -> None:
        with session_scope(self.engine) as session:
            rows = queries.threads_for_inbox(session, self.view, self.me.id)
        self.app.call_from_thread(self._show_threads, rows)

    @work(thread=True, exclusive=True, group="load-balance")
    def load_balance(self) -> None:
        """The prepaid balance for the composer's estimate: read on load and on changes only."""
        with session_scope(self.engine) as session:
            summary = billing.balance(session)
        self.app.call_from_thread(self.query_one(Composer).show_balance, summary)

    def _show_threads(self, rows: list[ThreadRow]) -> None:
        threads = self.query_one(ThreadList)
        threads.show_rows(rows, keep=self.open_thread_id)
        if self.open_thread_id is None and rows:
            self.open_thread(rows[0].id)

    @work(thread=True, exclusive=True, group="load-conversation")
    def load_conversation(self, thread_id: int, mark_read: bool) -> None:
        with session_scope(self.engine) as session:
            if mark_read:
                inbox.mark_read(session, thread_id)
            detail = queries.thread_detail(session, thread_id)
            if detail is None:
                return
            thread, customer = detail
            messages = queries.messages_for_thread(session, thread_id)
            authors = {
                member.id or 0: member.display_name for member in queries.active_staff(session)
            }
            assignee = authors.get(thread.assignee_id or 0)
            view = ThreadView(
                thread,
                customer.name if customer else None,
                customer.language if customer else None,
                assignee,
                messages,
                authors,
                consent.number_state(session, thread.number),
            )
        self.app.call_from_thread(self._show_conversation, view)

    def _show_conversation(self, view: ThreadView) -> None:
        # A load that finishes while the app closes finds the widgets already gone.
        if view.thread.id != self.open_thread_id or not self.query("#thread-header"):
            return
        number = format_national(view.thread.number)
        name = clean(view.customer_name) if view.customer_name else "Unknown sender"
        header = Text(name, style="bold")
        details = [number]
        if view.language:
            details.append("Français" if view.language == "fr" else "English")
        details.append(f"assigned to {view.assignee}" if view.assignee else "unassigned")
        details.append(view.thread.state)
        header.append("  " + " · ".join(details), style="dim")
        self.query_one("#thread-header", Static).update(header)
        self._show_consent(view)
        self.query_one(Conversation).show(
            view.thread.id or 0,
            view.messages,
            view.authors,
            self.app.shop_time_zone,  # type: ignore[attr-defined]
        )

    def _show_consent(self, view: ThreadView) -> None:
        """The consent / opt-out state at a glance; an opted-out number cannot be typed to."""
        self.shown = view
        line = self.query_one("#thread-consent", Static)
        state = view.state
        if state is None:
            line.display = False
            return
        line.display = True
        zone = self.app.shop_time_zone  # type: ignore[attr-defined]
        described = consent.describe(state, zone)
        line.set_class(state.opt_out is not None, "opted-out")
        line.set_class(state.opt_out is None and state.consent is None, "no-consent")
        text = Text(described)
        if state.opt_out is None and state.consent is None:
            text.append(" (press c)", style="dim")
        if view.thread.flagged:
            text.append("\n⚑ " + view.thread.flagged, style="bold")
        line.update(text)
        reason = None
        if state.opt_out is not None:
            reason = outbox.opted_out_sentence(state.opt_out, zone)
        self.query_one(Composer).block(reason)
        self.refresh_bindings()

    def open_thread(self, thread_id: int) -> None:
        changed = thread_id != self.open_thread_id
        self.open_thread_id = thread_id
        self.load_conversation(thread_id, mark_read=changed)

    # --- events ----------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#threads")
    def _on_highlight(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.open_thread(int(event.row_key.value))

    @on(ThreadSelected)
    def _on_selected(self, event: ThreadSelected) -> None:
        self.open_thread(event.thread_id)
        self.query_one(ComposerInput).focus()

    @on(DataChanged)
    def _on_data_changed(self, event: DataChanged) -> None:
        self.load_threads()
        self.load_balance()
        if self.open_thread_id is not None and (
            not event.thread_ids or self.open_thread_id in event.thread_ids
        ):
            self.load_conversation(self.open_thread_id, mark_read=False)

    @on(ComposerSubmitted)
    def _on_submit(self, event: ComposerSubmitted) -> None:
        if self.open_thread_id is None:
            self.notify("Pick a conversation first.", severity="warning", markup=False)
            return
        self.send_reply(self.open_thread_id, event.text)

    @work(thread=True, group="send")
    def send_reply(self, thread_id: int, text: str, confirmed: bool = False) -> None:
        try:
            with session_scope(self.engine) as session:
                message = outbox.queue_reply(
                    session,
                    thread_id,
                    text,
                    author_id=self.me.id,
                    confirmed_quiet_hours=confirmed,
                )
        except QuietHoursConfirmation as question:
            self.app.call_from_thread(self._ask_quiet_hours, thread_id, text, question.sentence)
            return
        except UserError as refusal:
            self.app.call_from_thread(
                self.notify, refusal.sentence, severity="error", markup=False, timeout=8
            )
            return
        self.post_message(ReplySent(thread_id, message.id or 0))

    def _ask_quiet_hours(self, thread_id: int, text: str, question: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.send_reply(thread_id, text, confirmed=True)

        self.app.push_screen(ConfirmScreen(question), answered)

    @on(ReplySent)
    def _on_reply_sent(self, event: ReplySent) -> None:
        self.query_one(Composer).clear()
        self.load_balance()
        if event.thread_id == self.open_thread_id:
            self.load_conversation(event.thread_id, mark_read=False)
        self.load_threads()

    # --- actions ---------------------------------------------------------------------

    def action_focus_threads(self) -> None:
        self.query_one(ThreadList).focus()

    def action_reply(self) -> None:
        self.query_one(ComposerInput).focus()

    def action_open_reminders(self) -> None:
        from tui_sms.ui.screens.reminders import ReminderReview

        self.app.push_screen(ReminderReview())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.shown.state if self.shown is not None else None
        if action == "record_consent":
            return state is not None and state.opt_out is None
        if action == "record_opt_out":
            return (
                self.shown is not None
                and bool(self.shown.thread.flagged)
                and state is not None
                and state.opt_out is None
            )
        return True

    def action_record_consent(self) -> None:
        if self.shown is None:
            return
        thread_id = self.shown.thread.id or 0
        shown_number = format_national(self.shown.thread.number)
        wording = f"I agree to receive text messages from {self.app.shop_name}."  # type: ignore[attr-defined]

        def recorded(form: ConsentForm | None) -> None:
            if form is not None:
                self.save_consent(thread_id, form)

        self.app.push_screen(ConsentScreen(shown_number, wording), recorded)

    @work(thread=True, group="consent")
    def save_consent(self, thread_id: int, form: ConsentForm) -> None:
        try:
            with session_scope(self.engine) as session:
                thread = session.get(Thread, thread_id)
                if thread is None:
                    return
                consent.record_consent(
                    session, thread.number, self.me.login, form.method, form.wording
                )
        except UserError as refusal:
            self.app.call_from_thread(
                self.notify, refusal.sentence, severity="error", markup=False, timeout=8
            )
            return
        self.app.call_from_thread(self._after_consent_change, thread_id, "Consent recorded.")

    @work(thread=True, group="consent")
    def action_record_opt_out(self) -> None:
        if self.shown is None:
            return
        thread_id = self.shown.thread.id or 0
        try:
            with session_scope(self.engine) as session:
                consent.record_opt_out_by_staff(session, thread_id, self.me.login)
        except UserError as refusal:
            self.app.call_from_thread(
                self.notify, refusal.sentence, severity="error", markup=False, timeout=8
            )
            return
        self.app.call_from_thread(
            self._after_consent_change, thread_id, "Opt-out recorded: texting disabled."
        )

    def _after_consent_change(self, thread_id: int, sentence: str) -> None:
        self.notify(sentence, markup=False)
        if thread_id == self.open_thread_id:
            self.load_conversation(thread_id, mark_read=False)
        self.load_threads()

    def action_text_employees(self) -> None:
        def sent(sentence: str | None) -> None:
            if sentence:
                self.notify(sentence, markup=False)

        self.app.push_screen(TextEmployees(), sent)

    def show_banner(self, sentence: str | None) -> None:
        banner = self.query_one("#banner", Static)
        banner.display = sentence is not None
        if sentence is not None:
            banner.update(Text(sentence))
