"""Switching the message center to another list (a view key, a search, back from a search):
the new list's first page and its first conversation are read in one worker and shown in
one go.

Clearing the list and closing the conversation at the key press, then showing the rows,
then reading and showing their first conversation drew three frames (two of them relaid
out the composer) and waited for two reads. Now the old list, conversation and composer
stay, one thread as before, until the new ones replace them together: the highlighted row,
the header and where a reply goes never disagree, and the views line shows the view asked
for at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widgets import Input

from tui_sms.services import habits_view, inbox_view
from tui_sms.services.habits_view import ThreadHabits
from tui_sms.services.inbox_view import ThreadPage, ThreadView
from tui_sms.ui.empty_hints import empty_hint
from tui_sms.ui.widgets.thread_list import ThreadList
from tui_sms.ui.widgets.views_line import VIEWS

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

PAGE = 100  # thread list rows per query
# Messages per page of a conversation: a screenful and a bit; older ones when scrolled up.
CONVERSATION_PAGE = 40
COUNTED = [name for name, _key, _title in VIEWS] + ["snoozed"]


@dataclass(frozen=True)
class Opened:
    """A conversation and what waits on it (snooze, scheduled texts), read together so
    they are shown in one frame."""

    view: ThreadView
    habits: ThreadHabits


def read_opened(
    engine: Engine,
    thread_id: int,
    *,
    mark_read: bool,
    wrote: Callable[[Iterable[int]], None],
    viewer_id: int,
) -> Opened | None:
    """The conversation and its habits; None when the thread is gone."""
    view = inbox_view.open_conversation(
        engine,
        thread_id,
        mark_read=mark_read,
        limit=CONVERSATION_PAGE,
        wrote_changes=wrote,
        viewer_id=viewer_id,
    )
    if view is None:
        return None
    # After the conversation's read: opening it may have cleared a note's mark on me.
    return Opened(view, habits_view.thread_habits(engine, thread_id, viewer_id))


@dataclass(frozen=True)
class SwitchedList:
    page: ThreadPage
    opened: Opened | None


class ViewSwitch:
    """Mixed into MessageCenter, which provides the view, the counts, `_show_conversation`,
    `close_conversation`, `show_views` and the engine."""

    switching = False  # a switch's answer is still to come: reloads bring a switch's answer

    def action_show_view(self, view: str) -> None:
        self.query_one("#search", Input).display = False
        self.view = view
        self.reload_list(recount=False)
        threads = self.query_one(ThreadList)
        if not threads.has_focus:  # focus() repaints the whole list even where it already is
            threads.focus()

    def reload_list(self, *, recount: bool = True, open_thread: int | None = None) -> None:
        """A different list: from its top, with `open_thread` (marked read) or its newest
        thread open. Another view or a search changes no count: `recount` when something
        else may have."""
        self.switching = True
        self.switch_to = open_thread
        self.workers.cancel_group(self, "load-more-threads")  # pages of the list left
        self.show_views()
        self.load_switched(recount=recount)

    switch_to: int | None = None

    def load_switched(self, *, recount: bool) -> None:
        self.counts_due = self.counts_due or recount
        view, term, me, engine = self.view, self.search_term, self.me.id, self.engine
        wanted = self.switch_to
        views = COUNTED if self.counts_due else ()
        mark_read = wanted is not None or self.conversation_seen
        wrote = self.shop_app.own_changes.note

        def read() -> SwitchedList:
            page = inbox_view.thread_page(
                engine, view, me, search_term=term, limit=PAGE, count_views=views
            )
            first = wanted if wanted is not None else page.rows[0].id if page.rows else None
            opened = None
            if first is not None:
                opened = read_opened(engine, first, mark_read=mark_read, wrote=wrote, viewer_id=me)
            return SwitchedList(page, opened)

        self.run_service(read, group="load-threads", exclusive=True, then=self._show_switched)

    def _show_switched(self, switched: SwitchedList) -> None:
        self.switching = False
        page, opened = switched.page, switched.opened
        self.has_more = page.has_more
        if page.counts is not None:
            self.counts, self.counts_due = page.counts, False
        self.show_views()
        threads = self.query_one(ThreadList)
        threads.mentioned = page.mentions
        threads.empty_hint = empty_hint(self.view, self.search_term)
        # Replaced, not cleared first: the same number of rows keeps the list's size, so
        # nothing around it is laid out again.
        if opened is None:
            threads.show_rows(page.rows, keep=None)
            self.close_conversation()
            return
        self.open_thread_id = opened.view.thread.id
        threads.show_rows(page.rows, keep=None)
        self._show_conversation(opened)
