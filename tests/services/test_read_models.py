"""The interface's road to the store, on SQLite and PostgreSQL: a staff action reports the
change markers it wrote (and only its own, only when it commits), and the read models hand
back plain rows: a thread page with counts, a conversation that opening marks read."""

from __future__ import annotations

import pytest

from tests.factories import make_customer, make_shop
from tui_sms.domain.errors import EmptyMessage
from tui_sms.services import inbox_view, outbox, staff_action, status_view, threads
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Thread, utcnow

NUMBER = "+15142361201"


def _thread(engine) -> int:
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", NUMBER, language="fr")
        return outbox.queue_to_number(session, NUMBER, "Prête.", author_id=None).thread_id


def test_a_staff_action_reports_the_changes_it_wrote(engine):
    thread_id = _thread(engine)
    before = status_view.shop_facts(engine).latest_change
    with session_scope(engine) as session:
        marie = queries.staff_by_login(session, "marie")
    reported: list[int] = []

    staff_action.perform(
        engine, lambda s: threads.claim_thread(s, thread_id, marie), wrote_changes=reported.extend
    )

    feed = status_view.status(engine, before, utcnow()).changes
    assert reported and feed == [(change, thread_id) for change in reported]


def test_a_refused_action_commits_nothing(engine):
    thread_id = _thread(engine)
    before = status_view.shop_facts(engine).latest_change
    with session_scope(engine) as session:
        marie = queries.staff_by_login(session, "marie")

    with pytest.raises(EmptyMessage):
        staff_action.perform(engine, lambda s: threads.add_note(s, thread_id, marie, "  "))

    assert status_view.status(engine, before, utcnow()).changes == []


def test_opening_an_unread_conversation_marks_it_read_once(engine):
    thread_id = _thread(engine)
    with session_scope(engine) as session:
        session.get(Thread, thread_id).unread_count = 2
    reported: list[int] = []

    view = inbox_view.open_conversation(
        engine, thread_id, mark_read=True, limit=40, wrote_changes=reported.extend
    )
    again = inbox_view.open_conversation(engine, thread_id, mark_read=True, limit=40)

    assert view is not None and view.marked_read and view.thread.unread_count == 0
    assert view.customer_name == "Émilie Côté" and view.language == "fr"
    assert [m.body for m in view.messages][-1] == "Prête."
    assert len(reported) == 1
    assert again is not None and not again.marked_read


def test_a_first_page_brings_the_counts_of_every_view(engine):
    _thread(engine)
    with session_scope(engine) as session:
        marie = queries.staff_by_login(session, "marie")

    page = inbox_view.thread_page(
        engine, "all", marie.id, limit=1, count_views=("all", "mine", "unassigned")
    )
    more = inbox_view.thread_page(engine, "all", marie.id, limit=1, offset=1)

    assert [row.customer_name for row in page.rows] == ["Émilie Côté"] and not page.has_more
    assert page.counts == inbox_view.Counts({"all": 1, "mine": 0, "unassigned": 1}, 0)
    assert more.rows == [] and more.counts is None
