"""The message center: thread list on the left, the open conversation and composer on the right."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from tui_sms.services import inbox_view
from tui_sms.services.inbox_view import Counts, ThreadPage, ThreadView
from tui_sms.store.models import Message
from tui_sms.ui.base import ShopNode
from tui_sms.ui.commands import ScreenActions
from tui_sms.ui.empty_hints import empty_hint
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import (
    DataChanged,
    OlderMessagesWanted,
    ThreadHighlighted,
    ThreadSelected,
    ThreadUpdated,
)
from tui_sms.ui.screens.center_dialogs import CenterDialogs
from tui_sms.ui.screens.center_keys import LETTER_ACTIONS, CenterKeys
from tui_sms.ui.screens.consent_actions import ConsentActions
from tui_sms.ui.screens.habit_actions import HabitActions
from tui_sms.ui.screens.job_text_actions import JobsAndUsage
from tui_sms.ui.screens.link_customer import LinkActions
from tui_sms.ui.screens.one_pane import OnePane
from tui_sms.ui.screens.reply_actions import ReplyActions
from tui_sms.ui.screens.thread_actions import ThreadActions
from tui_sms.ui.screens.view_switch import (
    CONVERSATION_PAGE,
    COUNTED,
    PAGE,
    Opened,
    ViewSwitch,
    read_opened,
)
from tui_sms.ui.widgets.composer import Composer, ComposerInput
from tui_sms.ui.widgets.conversation import Conversation
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.habits_line import HabitsLine
from tui_sms.ui.widgets.thread_header import STANDING, ThreadHeader
from tui_sms.ui.widgets.thread_list import ThreadList, row_of
from tui_sms.ui.widgets.views_line import VIEWS, ViewsLine

__all__ = ["CONVERSATION_PAGE", "LETTER_ACTIONS", "PAGE", "STANDING", "VIEWS", "MessageCenter"]


# Single-letter keys type text while the composer or the search field has focus.
class MessageCenter(
    CenterKeys,
    HabitActions,
    ReplyActions,
    ThreadActions,
    ConsentActions,
    LinkActions,
    JobsAndUsage,
    CenterDialogs,
    OnePane,
    ViewSwitch,
    ShopNode,
    Screen[None],
):
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
        Binding("J", "job_texts", "Job texts", id="center.job_texts", show=False),
        Binding("C", "record_consent", "Record consent", id="center.consent"),
        Binding("O", "record_opt_out", "Record opt-out", id="center.opt_out"),
        Binding("e", "text_employees", "Text employee", id="center.text_employees", show=False),
        Binding("L", "link_customer", "Link to customer", id="center.link_customer", show=False),
        Binding("z", "snooze", "Snooze", id="center.snooze"),
        Binding("Z", "unsnooze", "Unsnooze", id="center.unsnooze"),
        Binding("u", "cancel_scheduled", "Cancel scheduled", id="center.cancel_scheduled"),
        Binding("6", "show_view('snoozed')", "Snoozed", id="center.view.snoozed", show=False),
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
                yield ViewsLine(id="views")
                yield Input(
                    id="search", placeholder=_("Search: name, number or words in a message")
                )
                yield ThreadList(id="threads")
            with Vertical(id="right"):
                yield ThreadHeader(id="thread-title")
                yield HabitsLine(id="habits")
                yield Conversation(id="conversation")
                yield Composer(id="composer")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#banner").display = False
        self.query_one("#search").display = False
        self.query_one(ThreadList).time_zone = self.shop_time_zone
        self.query_one(ThreadHeader).show_nothing_open()
        self.load_threads()
        self.query_one(ThreadList).focus()

    # --- loading ---------------------------------------------------------------------

    def load_threads(self, *, recount: bool = True) -> None:
        """The first pages of the current view (as many as are shown), and every count when
        something may have moved them: another view or a search changes no count, so a
        switch reads only its page. A recount asked for stays due until one is shown (a
        later load supersedes the one that would have brought it)."""
        if self.switching:  # the list asked for is still to come: it is the one to read
            self.load_switched(recount=recount)
            return
        self.counts_due = self.counts_due or recount
        shown = max(PAGE, self.query_one(ThreadList).row_count)
        view, term, me = self.view, self.search_term, self.me.id
        views = COUNTED if self.counts_due else ()
        self.run_service(
            lambda: inbox_view.thread_page(
                self.engine, view, me, search_term=term, limit=shown, count_views=views
            ),
            group="load-threads",
            exclusive=True,
            then=self._show_threads,
        )

    def load_balance(self) -> None:
        """The prepaid balance for the composer's estimate: read on load and on changes only."""
        self.run_service(
            lambda: inbox_view.balance(self.engine),
            group="load-balance",
            exclusive=True,
            then=lambda summary: self.query_one(Composer).show_balance(summary),
        )
        self.load_usage()

    def _show_threads(self, page: ThreadPage) -> None:
        threads = self.query_one(ThreadList)
        self.has_more = page.has_more
        if page.counts is not None:
            self.counts, self.counts_due = page.counts, False
        self.show_views()
        threads.mentioned = page.mentions
        threads.empty_hint = empty_hint(self.view, self.search_term)
        threads.show_rows(page.rows, keep=self.open_thread_id)
        if not self.drawn:
            # The rows' frame first; its conversation, the balance and what the app starts
            # after the first frame follow it.
            self.drawn = True
            self.call_after_refresh(self._after_first_frame, page.rows[0].id if page.rows else None)
        elif self.open_thread_id is None and page.rows:
            self.open_thread(page.rows[0].id)
        elif self.open_thread_id is None:
            self.close_conversation()

    drawn = False
    counts_due = True

    def _after_first_frame(self, first: int | None) -> None:
        if self.open_thread_id is None and first is not None:
            self.open_thread(first)
        elif self.open_thread_id is None:
            self.close_conversation()
        self.load_balance()
        self.shop_app.center_drawn()

    def load_more_threads(self, offset: int) -> None:
        view, term, me = self.view, self.search_term, self.me.id
        self.run_service(
            lambda: inbox_view.thread_page(
                self.engine, view, me, search_term=term, limit=PAGE, offset=offset
            ),
            group="load-more-threads",
            exclusive=True,
            then=self._append_threads,
        )

    def _append_threads(self, page: ThreadPage) -> None:
        self.has_more = page.has_more
        self.query_one(ThreadList).append_rows(page.rows)

    def show_views(self) -> None:
        self.query_one(ViewsLine).show(self.view, self.counts, self.search_term)

    def load_conversation(self, thread_id: int, mark_read: bool) -> None:
        wrote = self.shop_app.own_changes.note
        engine, me = self.engine, self.me.id or 0
        self.run_service(
            lambda: read_opened(engine, thread_id, mark_read=mark_read, wrote=wrote, viewer_id=me),
            group="load-conversation",
            exclusive=True,
            then=self._show_conversation,
        )

    def _show_conversation(self, opened: Opened | None) -> None:
        # A load that finishes while the app closes finds the widgets already gone.
        if opened is None or opened.view.thread.id != self.open_thread_id:
            return
        if not self.query(ThreadHeader):
            return
        view = opened.view
        zone = self.shop_time_zone
        self.current = view
        self.show_habits(view, opened.habits)
        # The header, the composer's address and the list's highlight change together:
        # what the clerk reads is where the reply goes.
        self.query_one(ThreadHeader).show(view, zone)
        # An opted-out number cannot be typed to; the composer says why.
        state = view.state
        reason = None
        if state is not None and state.opt_out is not None:
            from tui_sms.services.outbox import opted_out_sentence

            reason = sentence(opted_out_sentence(state.opt_out, zone))
        self.query_one(Composer).bind(view.thread.id, reason)
        self.query_one(ThreadList).show_open(row_of(view))
        self.refresh_bindings()
        self.query_one(Conversation).show(
            view.thread.id or 0, view.messages, view.authors, zone, page_size=CONVERSATION_PAGE
        )
        # Opening it may have cleared its unread count: show_open above redrew its row, and
        # no view's membership, order or count depends on it, so the list is not read again.
        if view.mention_seen:
            self.load_threads()  # its mention mark went: it may leave my Mine

    @on(OlderMessagesWanted)
    def _on_older_wanted(self, event: OlderMessagesWanted) -> None:
        self.load_older(event.thread_id, event.before_id)

    def load_older(self, thread_id: int, before_id: int) -> None:
        def show(older: list[Message]) -> None:
            authors = self.current.authors if self.current else {}
            self.query_one(Conversation).prepend(thread_id, older, authors, self.shop_time_zone)

        self.run_service(
            lambda: inbox_view.older_messages(
                self.engine, thread_id, before_id, limit=CONVERSATION_PAGE
            ),
            group="load-older",
            then=show,
        )

    def open_thread(self, thread_id: int) -> None:
        changed = thread_id != self.open_thread_id
        self.open_thread_id = thread_id
        if changed:
            # Until the new conversation is shown, nothing can be sent to the old one.
            self.query_one(Composer).hold()
        # A thread passed over in a narrow list was not read: it is marked when shown.
        self.load_conversation(thread_id, mark_read=changed and self.conversation_seen)

    def close_conversation(self, *, footer: bool = True) -> None:
        """Nothing listed: no conversation, no header, no composer. `footer=False` while a
        list reloads: its first conversation sets the footer's keys, one rebuild not two
        (the actions check `current` when pressed all the same)."""
        self.open_thread_id = None
        self.current = None
        self.habits = None
        self.query_one(HabitsLine).clear()
        self.query_one(ThreadHeader).show_nothing_open()
        self.query_one(Conversation).close()
        self.query_one(Composer).bind(None, None)
        if footer:
            self.refresh_bindings()

    # --- events ----------------------------------------------------------------------

    @on(ThreadHighlighted)
    def _on_highlight(self, event: ThreadHighlighted) -> None:
        # The row under the cursor now: a highlight message can be older than the rows
        # (posted just before a reload replaced them).
        threads = self.query_one(ThreadList)
        highlighted = threads.selected_thread
        if highlighted is not None:
            self.open_thread(highlighted)
        if self.has_more and event.cursor_row >= threads.row_count - 10:
            self.has_more = False
            self.load_more_threads(threads.row_count)

    @on(ThreadSelected)
    def _on_selected(self, event: ThreadSelected) -> None:
        self.open_thread(event.thread_id)
        self.reply_now()

    @on(DataChanged)
    def _on_data_changed(self, event: DataChanged) -> None:
        self.load_threads()
        self.load_balance()
        if self.open_thread_id is not None and (
            not event.thread_ids or self.open_thread_id in event.thread_ids
        ):
            self.load_conversation(self.open_thread_id, mark_read=False)

    # --- actions ---------------------------------------------------------------------

    def on_descendant_focus(self) -> None:
        self.show_pane_of_focus()
        self.refresh_bindings()

    def action_back(self) -> None:
        if self.view == "search" and self.focused is not self.query_one(ComposerInput):
            self.query_one("#search", Input).display = False
            self.view = self.previous_view
            self.reload_list(recount=False)
        # At once, not on the next turn as `focus()` does: the keys read after Esc are the
        # list's, and the list is the pane shown before they are read.
        self.set_focus(self.query_one(ThreadList))
        self.show_pane_of_focus()

    def action_focus_threads(self) -> None:
        self.query_one(ThreadList).focus()

    def action_reply(self) -> None:
        self.reply_now()

    def reply_now(self) -> None:
        """The focus in the reply, and its pane shown, at once: the keys read next are the
        reply's, and a notice that the pane was hidden, still on its way from an Esc just
        before, finds it shown again and leaves the focus there."""
        self.query_one(Composer).take_focus()
        self.show_pane_of_focus()

    def action_search(self) -> None:
        if self.view != "search":
            self.previous_view = self.view
        search = self.query_one("#search", Input)
        search.display = True
        self.set_focus(search)  # at once: the letters typed next are for it

    previous_view = "all"

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        term = event.value.strip()
        if len(term) < 2:
            return
        self.search_term = term
        self.view = "search"
        self.reload_list(recount=False)

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ThreadList).focus()

    @on(ThreadUpdated)
    def _on_thread_updated(self, event: ThreadUpdated) -> None:
        self.notify(event.sentence, markup=False, timeout=3)
        if event.open_next is not None:
            self.open_thread_id = event.open_next
            self.load_conversation(event.open_next, mark_read=self.conversation_seen)
        elif self.open_thread_id is not None:
            self.load_conversation(self.open_thread_id, mark_read=False)
        self.load_threads()

    def show_banner(self, sentence: str | None) -> None:
        banner = self.query_one("#banner", Static)
        banner.display = sentence is not None
        if sentence is not None:
            banner.update(Text(sentence))
