"""What the screens show of the inbox habits: whether a thread is snoozed or names me in a
note, its texts scheduled for later, the threads that mention me, the shop's hours.

Each function opens its own session and hands back plain values (docs/architecture.md:
the UI reads through services' read models). The actions are `snooze.snooze_thread`,
`snooze.unsnooze`, `send_later.schedule_reply`, `send_later.cancel_scheduled`,
`threads.add_note` (mentions are recorded there) and `opening_hours.set_hours`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from tui_sms.services import mentions, opening_hours, snooze
from tui_sms.services.opening_hours import ShopHours
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message
from tui_sms.store.queries import inbox_habits


@dataclass(frozen=True)
class ThreadHabits:
    snoozed_until: datetime | None  # None: in the lists
    mentions_me: bool  # a note names the viewer and they have not opened the thread since
    scheduled: list[Message]  # texts waiting for their time, soonest first (cancellable)


def thread_habits(engine: Engine, thread_id: int, viewer_id: int) -> ThreadHabits:
    # The scheduled texts straight from the store: `send_later` brings the outbox's gate,
    # and this is read with every conversation opened, the first one included.
    with session_scope(engine) as session:
        return ThreadHabits(
            snooze.snoozed_until(session, thread_id),
            thread_id in mentions.mentioned_thread_ids(session, viewer_id),
            inbox_habits.scheduled_messages(session, thread_id),
        )


def threads_mentioning(engine: Engine, viewer_id: int) -> set[int]:
    """The threads to mark in the viewer's Mine (a colleague's note named them)."""
    with session_scope(engine) as session:
        return mentions.mentioned_thread_ids(session, viewer_id)


def shop_hours(engine: Engine) -> ShopHours:
    with session_scope(engine) as session:
        return opening_hours.shop_hours(session)
