"""What the message center shows: the thread list of a view or a search, the views' counts,
one conversation with its header facts and consent standing, older pages, the next unread.

Each function opens its own session on the engine and hands back plain rows or dataclasses,
so the interface never holds a session."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.services import mentions, staff_action
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, Staff, Thread
from tui_sms.store.queries import ThreadRow

if TYPE_CHECKING:
    from tui_sms.services.billing import BalanceSummary
    from tui_sms.services.consent import NumberState

__all__ = [
    "Counts",
    "ThreadPage",
    "ThreadRow",
    "ThreadView",
    "balance",
    "colleagues_for_transfer",
    "first_unread",
    "older_messages",
    "open_conversation",
    "thread_page",
]


@dataclass(frozen=True)
class Counts:
    views: dict[str, int]
    failed: int


@dataclass(frozen=True)
class ThreadPage:
    rows: list[ThreadRow]
    has_more: bool
    counts: Counts | None = None  # only on a first page: the views line needs them
    mentions: frozenset[int] = frozenset()  # threads where a note names the viewer, unopened


@dataclass(frozen=True)
class ThreadView:
    """One open conversation: the thread, who it is with, its newest messages, its standing."""

    thread: Thread
    customer_name: str | None
    language: str | None
    assignee: str | None
    messages: list[Message]
    authors: dict[int, str]
    queue: str | None = None
    state: NumberState | None = None
    marked_read: bool = False  # opening it cleared its unread count
    mention_seen: bool = False  # opening it cleared the mark of a note naming the viewer


def thread_page(
    engine: Engine,
    view: str,
    staff_id: int | None,
    *,
    search_term: str = "",
    limit: int,
    offset: int = 0,
    count_views: Iterable[str] = (),
) -> ThreadPage:
    """`limit` rows of a view (or of a search when view is "search") from `offset`; with
    `count_views`, the count of each of those views and of the failed messages too."""
    with session_scope(engine) as session:
        if view == "search":
            rows = queries.search_threads(session, search_term, limit=limit + 1, offset=offset)
        else:
            rows = queries.threads_for_inbox(
                session, view, staff_id, limit=limit + 1, offset=offset
            )
        counts = None
        wanted = list(count_views)
        if wanted:
            counts = Counts(*queries.view_counts(session, wanted, staff_id))
        named = mentions.mentioned_thread_ids(session, staff_id) if staff_id else set()
    return ThreadPage(rows[:limit], len(rows) > limit, counts, frozenset(named))


def balance(engine: Engine) -> BalanceSummary:
    """The prepaid balance the composer's estimate compares against."""
    from tui_sms.services import billing

    with session_scope(engine) as session:
        return billing.balance(session)


def open_conversation(
    engine: Engine,
    thread_id: int,
    *,
    mark_read: bool,
    limit: int,
    wrote_changes: Callable[[Iterable[int]], None] | None = None,
    viewer_id: int | None = None,
) -> ThreadView | None:
    """The thread with its newest `limit` messages; opening it by hand marks it read (a
    change, reported to `wrote_changes` like any staff action's) and, with `viewer_id`,
    clears the mark of a note that mentioned the viewer."""
    # Loaded on first use: the list the first frame shows needs none of them.
    from tui_sms.services import consent, inbox

    def read(session: Session) -> ThreadView | None:
        detail = queries.thread_detail(session, thread_id)
        if detail is None:
            return None
        thread, customer = detail
        marked = mark_read and bool(thread.unread_count)
        if marked:
            inbox.mark_read(session, thread_id)
        seen = mark_read and viewer_id is not None
        seen = seen and mentions.mark_seen(session, thread_id, viewer_id or 0)
        messages = queries.messages_for_thread(session, thread_id, limit=limit)
        authors = {member.id or 0: member.display_name for member in queries.active_staff(session)}
        return ThreadView(
            thread,
            customer.name if customer else None,
            customer.language if customer else None,
            authors.get(thread.assignee_id or 0),
            messages,
            authors,
            queries.sender_queue(session, thread.sender_number),
            consent.number_state(session, thread.number),
            marked,
            seen,
        )

    return staff_action.perform(engine, read, wrote_changes=wrote_changes)


def older_messages(engine: Engine, thread_id: int, before_id: int, *, limit: int) -> list[Message]:
    with session_scope(engine) as session:
        return queries.messages_for_thread(session, thread_id, limit=limit, before_id=before_id)


def first_unread(engine: Engine, view: str, staff_id: int | None) -> int | None:
    """The most recently active unread thread of a view (a search looks through all)."""
    with session_scope(engine) as session:
        return queries.first_unread_thread(session, "all" if view == "search" else view, staff_id)


def colleagues_for_transfer(engine: Engine, thread_id: int, me: Staff) -> list[Staff]:
    """Active staff a thread can be handed to: neither me nor whoever holds it now."""
    with session_scope(engine) as session:
        staff = queries.active_staff(session)
        thread = session.get(Thread, thread_id)
        holder = thread.assignee_id if thread else None
        return [member for member in staff if member.id not in (me.id, holder)]
