"""The message center: thread list on the left, the open conversation and composer on the right."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui_sms.domain.errors import QuietHoursConfirmation, UserError
from tui_sms.domain.phone import format_national
from tui_sms.domain.text import clean
from tui_sms.services import billing, consent, inbox, outbox, threads
from tui_sms.services.consent import NumberState
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, Staff, Thread, ThreadState
from tui_sms.store.queries import ThreadRow
from tui_sms.ui.commands import ScreenActions
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import (
    ComposerSubmitted,
    DataChanged,
    OlderMessagesWanted,
    ReplySent,
    ShortcutRequested,
    ThreadSelected,
    ThreadUpdated,
)
from tui_sms.ui.screens.consent import ConfirmScreen, ConsentForm, ConsentScreen
from tui_sms.ui.screens.failed import FailedMessages
from tui_sms.ui.screens.new_conversation import NewConversation
from tui_sms.ui.screens.shortcuts import ShortcutManager, ShortcutPicker
from tui_sms.ui.screens.text_employees import TextEmployees
from tui_sms.ui.screens.thread_actions import ThreadActions
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
    queue: str | None = None
    state: NumberState | None = None


STANDING = {
    "consent": ("consent on file", "green"),
    "no_consent": ("no consent on file", "bold yellow"),
    "opted_out": ("opted out (STOP)", "bold red"),
}
PAGE = 100  # thread list rows per query
# Bubbles are widgets: mount a screenful and a bit, load older ones when scrolled to the top.
CONVERSATION_PAGE = 40
VIEWS = (("all", "1", "All"), ("mine", "2", "Mine"), ("unassigned", "3", "Unassigned"))
VIEWS += (("resolved", "4", "Resolved"),)
# Single-letter keys type text while the composer or the search field has focus.
LETTER_ACTIONS = frozenset(
    {"show_view", "failed", "claim", "resolve", "resolve_next", "reopen", "transfer"}
    | {"next_unread", "search", "reply", "new_conversation", "shortcuts"}
    | {"record_consent", "record_opt_out", "text_employees"}
)


@dataclass(frozen=True)
class Counts:
    views: dict[str, int]
    failed: int


class MessageCenter(ThreadActions, Screen[None]):
    """The views line at the top is the legend of the view keys 1-5 (with their counts),
    so the footer keeps its room for the actions on the open conversation."""

    COMMANDS = {ScreenActions}
    BINDINGS = [
        Binding("escape", "back", "Back", id="center.back"),
        Binding("1", "show_view('all')", "All", id="center.view.all", show=False),
        Binding("2", "show_view('mine')", "Mine", id="center.view.mine", show=False),
        Binding(
            "3", "show_view('unassigned')", "Unassigned", id="center.view.unassigned", show=False
        ),
        Binding("4", "show_view('resolved')", "Resolved", id="center.view.resolved", show=False),
        Binding("5", "failed", "Failed", id="center.failed", show=False),
        Binding("c", "claim", "Claim", id="center.claim"),
        Binding("x", "resolve", "Resolve", id="center.resolve"),
        Binding("X", "resolve_next", "Resolve+next", id="center.resolve_next"),
        Binding("o", "reopen", "Reopen", id="center.reopen"),
        Binding("t", "transfer", "Transfer", id="center.transfer"),
        Binding("n", "next_unread", "Next unread", id="center.next_unread"),
        Binding("slash", "search", "Search", id="center.search"),
        Binding("w", "new_conversation", "New", id="center.new"),
        Binding("S", "shortcuts", "Shortcuts", id="center.shortcuts"),
        Binding("r", "reply", "Reply", id="center.reply"),
        # Not about the open conversation: kept out of the footer (too narrow for them all),
        # listed in the command palette (Ctrl+P) like every described binding.
        Binding("ctrl+r", "open_reminders", "Job reminders", id="center.reminders", show=False),
        Binding("C", "record_consent", "Record consent", id="center.consent"),
        Binding("O", "record_opt_out", "Record opt-out", id="center.opt_out"),
        Binding("e", "text_employees", "Text employee", id="center.text_employees", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.open_thread_id: int | None = None
        self.current: ThreadView | None = None
        self.view = "all"
        self.search_term = ""
        self.has_more = False
        self.counts = Counts({}, 0)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="banner", markup=False)
        with Horizontal(id="center"):
            with Vertical(id="left"):
                yield Static(id="views", markup=False)
                yield Input(
                    id="search", placeholder=_("Search: name, number or words in a message")
                )
                yield ThreadList(id="threads")
            with Vertical(id="right"):
                yield Static(id="thread-header", markup=False)
                yield Static(id="thread-consent", markup=False)
                yield Conversation(id="conversation")
                yield Composer(id="composer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#banner").display = False
        self.query_one("#search").display = False
        self.query_one(ThreadList).time_zone = self.app.shop_time_zone  # type: ignore[attr-defined]
        self.query_one("#thread-header", Static).update(Text(_("Pick a conversation on the left.")))
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
        """The first pages of the current view (as many as are shown), and every count."""
        shown = max(PAGE, self.query_one(ThreadList).row_count)
        with session_scope(self.engine) as session:
            if self.view == "search":
                rows = queries.search_threads(session, self.search_term, limit=shown + 1)
            else:
                rows = queries.threads_for_inbox(session, self.view, self.me.id, limit=shown + 1)
            counts = Counts(
                {view: queries.count_threads(session, view, self.me.id) for view, _, _ in VIEWS},
                queries.count_failed(session),
            )
        self.app.call_from_thread(self._show_threads, rows[:shown], len(rows) > shown, counts)

    @work(thread=True, exclusive=True, group="load-balance")
    def load_balance(self) -> None:
        """The prepaid balance for the composer's estimate: read on load and on changes only."""
        with session_scope(self.engine) as session:
            summary = billing.balance(session)
        self.app.call_from_thread(self.query_one(Composer).show_balance, summary)

    def _show_threads(self, rows: list[ThreadRow], has_more: bool, counts: Counts) -> None:
        threads = self.query_one(ThreadList)
        self.has_more = has_more
        self.counts = counts
        self.show_views()
        threads.show_rows(rows, keep=self.open_thread_id)
        if self.open_thread_id is None and rows:
            self.open_thread(rows[0].id)

    @work(thread=True, exclusive=True, group="load-more-threads")
    def load_more_threads(self, offset: int) -> None:
        with session_scope(self.engine) as session:
            if self.view == "search":
                rows = queries.search_threads(
                    session, self.search_term, limit=PAGE + 1, offset=offset
                )
            else:
                rows = queries.threads_for_inbox(
                    session, self.view, self.me.id, limit=PAGE + 1, offset=offset
                )
        self.app.call_from_thread(self._append_threads, rows[:PAGE], len(rows) > PAGE)

    def _append_threads(self, rows: list[ThreadRow], has_more: bool) -> None:
        self.has_more = has_more
        self.query_one(ThreadList).append_rows(rows)

    def show_views(self) -> None:
        line = Text()
        for view, key, title in VIEWS:
            style = "reverse bold" if view == self.view else ""
            line.append(f" {key} {_(title)} {self.counts.views.get(view, 0)} ", style=style)
        failed_style = "bold red" if self.counts.failed else ""
        line.append(f" 5 {_('Failed')} {self.counts.failed} ", style=failed_style)
        if self.view == "search":
            line.append("  ")
            line.append(
                " " + _("Search: {term}", term=self.search_term) + " ", style="reverse bold"
            )
        self.query_one("#views", Static).update(line)

    @work(thread=True, exclusive=True, group="load-conversation")
    def load_conversation(self, thread_id: int, mark_read: bool) -> None:
        with session_scope(self.engine) as session:
            if mark_read:
                inbox.mark_read(session, thread_id)
            detail = queries.thread_detail(session, thread_id)
            if detail is None:
                return
            thread, customer = detail
            messages = queries.messages_for_thread(session, thread_id, limit=CONVERSATION_PAGE)
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
                queries.sender_queue(session, thread.sender_number),
                consent.number_state(session, thread.number),
            )
        self.app.call_from_thread(self._show_conversation, view)

    def _show_conversation(self, view: ThreadView) -> None:
        # A load that finishes while the app closes finds the widgets already gone.
        if view.thread.id != self.open_thread_id or not self.query("#thread-header"):
            return
        number = format_national(view.thread.number)
        name = clean(view.customer_name) if view.customer_name else _("Unknown sender")
        header = Text(name, style="bold")
        details = [number]
        if view.language:
            details.append(_("Français") if view.language == "fr" else _("English"))
        details.append(
            _("assigned to {name}", name=view.assignee) if view.assignee else _("unassigned")
        )
        details.append(_(view.thread.state))
        if view.queue:
            details.append(_(view.queue))
        header.append("  " + " · ".join(details), style="dim")
        standing = STANDING.get(view.state.standing) if view.state else None
        if standing:
            header.append("  " + _(standing[0]), style=standing[1])
        self.query_one("#thread-header", Static).update(header)
        self.current = view
        self.refresh_bindings()
        self._show_consent(view)
        self.query_one(Conversation).show(
            view.thread.id or 0,
            view.messages,
            view.authors,
            self.app.shop_time_zone,  # type: ignore[attr-defined]
            page_size=CONVERSATION_PAGE,
        )

    @on(OlderMessagesWanted)
    def _on_older_wanted(self, event: OlderMessagesWanted) -> None:
        self.load_older(event.thread_id, event.before_id)

    @work(thread=True, group="load-older")
    def load_older(self, thread_id: int, before_id: int) -> None:
        with session_scope(self.engine) as session:
            older = queries.messages_for_thread(
                session, thread_id, limit=CONVERSATION_PAGE, before_id=before_id
            )
        authors = self.current.authors if self.current else {}
        self.app.call_from_thread(
            self.query_one(Conversation).prepend,
            thread_id,
            older,
            authors,
            self.app.shop_time_zone,  # type: ignore[attr-defined]
        )

    def _show_consent(self, view: ThreadView) -> None:
        """The consent / opt-out state at a glance; an opted-out number cannot be typed to."""
        self.current = view
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
            text.append(" (press C)", style="dim")
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
        threads = self.query_one(ThreadList)
        if self.has_more and event.cursor_row >= threads.row_count - 10:
            self.has_more = False
            self.load_more_threads(threads.row_count)

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
            self.notify(_("Pick a conversation first."), severity="warning", markup=False)
            return
        if event.note:
            thread_id, me, body = self.open_thread_id, self.me, event.text
            self.act(lambda s: threads.add_note(s, thread_id, me, body), _("Note added."), True)
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
                self.notify, sentence(refusal.sentence), severity="error", markup=False, timeout=8
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused
        if action in LETTER_ACTIONS and isinstance(focused, ComposerInput | Input):
            return False
        if action == "back":
            return isinstance(focused, ComposerInput | Input) or self.view == "search"
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

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        if self.view == "search" and self.focused is not self.query_one(ComposerInput):
            self.query_one("#search", Input).display = False
            self.view = self.previous_view
            self.reload_list()
        self.query_one(ThreadList).focus()

    def action_focus_threads(self) -> None:
        self.query_one(ThreadList).focus()

    def action_reply(self) -> None:
        self.query_one(ComposerInput).focus()

    def action_open_reminders(self) -> None:
        from tui_sms.ui.screens.reminders import ReminderReview

        self.app.push_screen(ReminderReview())

    def action_record_consent(self) -> None:
        if self.current is None:
            return
        thread_id = self.current.thread.id or 0
        shown_number = format_national(self.current.thread.number)
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
        if self.current is None:
            return
        thread_id = self.current.thread.id or 0
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

    def action_show_view(self, view: str) -> None:
        self.query_one("#search", Input).display = False
        self.view = view
        self.reload_list()
        self.query_one(ThreadList).focus()

    def reload_list(self) -> None:
        """A different list: start from its top, show its newest thread."""
        self.open_thread_id = None
        self.query_one(ThreadList).clear()
        self.show_views()
        self.load_threads()

    def action_search(self) -> None:
        if self.view != "search":
            self.previous_view = self.view
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    previous_view = "all"

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        term = event.value.strip()
        if len(term) < 2:
            return
        self.search_term = term
        self.view = "search"
        self.reload_list()

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ThreadList).focus()

    def action_failed(self) -> None:
        def opened(thread_id: int | None) -> None:
            if thread_id is not None:
                self.view = "all"
                self.reload_list()
                self.open_thread_id = thread_id
                self.load_conversation(thread_id, mark_read=True)

        self.app.push_screen(FailedMessages(), opened)

    def action_shortcuts(self) -> None:
        self.app.push_screen(ShortcutManager())

    @on(ShortcutRequested)
    def _on_shortcut_requested(self, event: ShortcutRequested) -> None:
        language = self.current.language if self.current else None

        def chosen(body: str | None) -> None:
            if body is not None:
                self.query_one(Composer).insert(body)

        self.app.push_screen(ShortcutPicker(language), chosen)

    def action_new_conversation(self) -> None:
        def started(thread_id: int | None) -> None:
            if thread_id is not None:
                self.view = "all"
                self.reload_list()
                self.open_thread_id = thread_id
                self.load_conversation(thread_id, mark_read=True)

        self.app.push_screen(NewConversation(), started)

    @on(ThreadUpdated)
    def _on_thread_updated(self, event: ThreadUpdated) -> None:
        self.notify(event.sentence, markup=False, timeout=3)
        if event.open_next is not None:
            self.open_thread_id = event.open_next
            self.load_conversation(event.open_next, mark_read=True)
        elif self.open_thread_id is not None:
            self.load_conversation(self.open_thread_id, mark_read=False)
        self.load_threads()

    def show_banner(self, sentence: str | None) -> None:
        banner = self.query_one("#banner", Static)
        banner.display = sentence is not None
        if sentence is not None:
            banner.update(Text(sentence))
