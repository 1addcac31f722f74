"""Claim, resolve, reopen, transfer, notes and retries on SQLite and PostgreSQL, a note that
never reaches the provider, and two processes claiming one thread at the same instant."""

from __future__ import annotations

import multiprocessing
import time

import httpx
import pytest
from sqlmodel import select

from tests.factories import BOOK_AHEAD, TRANSACTIONAL, make_customer, make_shop
from tui_sms.domain.compliance import disclaimer_text
from tui_sms.domain.errors import AlreadyClaimed, EmptyMessage
from tui_sms.provider.twilio import TwilioClient
from tui_sms.services import outbox, threads
from tui_sms.services.inbox import receive_inbound
from tui_sms.services.sender import send_due_messages
from tui_sms.services.statuses import set_status
from tui_sms.store import queries
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Direction, Message, Thread, ThreadState, utcnow


def _setup(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        message = outbox.queue_to_number(session, "+15142361201", "Prête.", author_id=None)
        marie = queries.staff_by_login(session, "marie")
        luc = queries.staff_by_login(session, "luc")
        return message.thread_id, marie, luc


def _view_ids(engine, view, staff):
    with session_scope(engine) as session:
        return [row.id for row in queries.threads_for_inbox(session, view, staff.id)]


def test_claim_moves_thread_to_mine_and_the_second_claim_names_the_winner(engine):
    thread_id, marie, luc = _setup(engine)
    assert _view_ids(engine, "unassigned", marie) == [thread_id]
    with session_scope(engine) as session:
        before = queries.latest_change_id(session)
        thread = threads.claim_thread(session, thread_id, marie)
        assert thread.assignee_id == marie.id
    assert _view_ids(engine, "mine", marie) == [thread_id]
    assert _view_ids(engine, "unassigned", marie) == []
    with session_scope(engine) as session:
        assert queries.latest_change_id(session) > before
    with (
        pytest.raises(AlreadyClaimed, match="Marie Gagnon already has this conversation"),
        session_scope(engine) as session,
    ):
        threads.claim_thread(session, thread_id, luc)
    with session_scope(engine) as session:  # claiming one's own thread again is harmless
        assert threads.claim_thread(session, thread_id, marie).assignee_id == marie.id


def test_resolve_keeps_assignee_and_inbound_brings_it_back_to_mine(engine):
    from tui_sms.provider.base import ProviderMessage

    thread_id, marie, _ = _setup(engine)
    with session_scope(engine) as session:
        threads.claim_thread(session, thread_id, marie)
        threads.resolve_thread(session, thread_id, marie)
    assert _view_ids(engine, "mine", marie) == []
    assert _view_ids(engine, "all", marie) == []
    assert _view_ids(engine, "resolved", marie) == [thread_id]
    with session_scope(engine) as session:
        shop = queries.get_shop(session)
        now = utcnow()
        receive_inbound(
            session,
            shop,
            ProviderMessage(
                sid="SM" + "1" * 32,
                from_="+15142361201",
                to=TRANSACTIONAL[0],
                body="Encore moi",
                status="received",
                direction="inbound",
                num_segments=1,
                price=None,
                price_unit=None,
                error_code=None,
                error_message=None,
                date_created=now,
                date_sent=now,
                date_updated=now,
            ),
        )
    assert _view_ids(engine, "mine", marie) == [thread_id]
    with session_scope(engine) as session:
        threads.resolve_thread(session, thread_id, marie)
        assert threads.reopen(session, thread_id, marie).state == ThreadState.OPEN


def test_transfer_moves_thread_and_records_who_gave_it_to_whom(engine):
    thread_id, marie, luc = _setup(engine)
    with session_scope(engine) as session:
        threads.claim_thread(session, thread_id, marie)
        thread = threads.transfer_thread(session, thread_id, marie, luc)
        assert thread.assignee_id == luc.id
    assert _view_ids(engine, "mine", luc) == [thread_id]
    assert _view_ids(engine, "mine", marie) == []
    with session_scope(engine) as session:
        lines = [
            (m.direction, m.kind, m.body)
            for m in queries.messages_for_thread(session, thread_id)
            if m.direction == Direction.NOTE
        ]
    assert lines == [
        ("note", "transfer", "Marie Gagnon transferred this conversation to Luc Bouchard")
    ]
    # Marie no longer holds it: she cannot hand Luc's conversation on.
    with (
        pytest.raises(AlreadyClaimed, match="Luc Bouchard has this conversation"),
        session_scope(engine) as session,
    ):
        threads.transfer_thread(session, thread_id, marie, marie)


def test_note_is_kept_and_empty_note_refused(engine):
    thread_id, marie, _ = _setup(engine)
    with session_scope(engine) as session:
        note = threads.add_note(session, thread_id, marie, "Client prefers calls after 5.")
        assert (note.direction, note.kind, note.author_id) == ("note", "note", marie.id)
    with pytest.raises(EmptyMessage), session_scope(engine) as session:
        threads.add_note(session, thread_id, marie, "   ")


async def test_a_note_is_never_sent(sqlite_engine, sandbox):
    engine = sqlite_engine
    thread_id, marie, _ = _setup(engine)
    with session_scope(engine) as session:
        note = threads.add_note(session, thread_id, marie, "Internal: do not text this")
        # Even a note that somehow looks queued is not the sender's to pick.
        note.status = "queued"
        session.add(note)
    async with TwilioClient(
        sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url
    ) as provider:
        report = await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
        report_again = await send_due_messages(engine, provider, "test-worker")
    assert report.sent == 2 and report_again.sent == 0
    ledger = httpx.get(
        f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
    ).json()["messages"]
    assert [m["body"] for m in ledger] == [disclaimer_text("fr", "Garage Test"), "Prête."]


def _fail(engine, message_id, code, from_number):
    with session_scope(engine) as session:
        message = session.get(Message, message_id)
        message.from_number = from_number
        set_status(session, message, "undelivered", utcnow(), error_code=code, error_message="x")


def test_failed_view_and_retry_from_another_number_when_filtered(engine):
    thread_id, marie, _ = _setup(engine)
    with session_scope(engine) as session:
        message_id = session.exec(
            select(Message.id).where(Message.thread_id == thread_id, Message.kind == "reply")
        ).one()
    _fail(engine, message_id, 30007, TRANSACTIONAL[0])
    with session_scope(engine) as session:
        rows = queries.failed_messages(session)
        assert [r.message_id for r in rows] == [message_id]
        assert queries.count_failed(session) == 1
        copy = threads.retry_message(session, message_id, marie)
        assert (copy.status, copy.retry_of_id, copy.from_number) == (
            "queued",
            message_id,
            TRANSACTIONAL[1],
        )
        assert session.get(Thread, thread_id).sender_number == TRANSACTIONAL[1]
    with session_scope(engine) as session:
        assert queries.failed_messages(session) == []
        with pytest.raises(threads.CannotRetry, match="already sent again"):
            threads.retry_message(session, message_id, marie)


def test_retry_refused_when_it_would_fail_the_same_way(engine):
    thread_id, marie, _ = _setup(engine)
    with session_scope(engine) as session:
        message_id = session.exec(
            select(Message.id).where(Message.thread_id == thread_id, Message.kind == "reply")
        ).one()
    _fail(engine, message_id, 21614, TRANSACTIONAL[0])
    with (
        pytest.raises(threads.CannotRetry, match="not a mobile phone"),
        session_scope(engine) as session,
    ):
        threads.retry_message(session, message_id, marie)


def _claim_in_other_process(url, thread_id, login, start_at, results):
    engine = make_engine(url)
    with session_scope(engine) as session:
        staff = queries.staff_by_login(session, login)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        with session_scope(engine) as session:
            threads.claim_thread(session, thread_id, staff)
        results.put((login, "won"))
    except AlreadyClaimed as refusal:
        results.put((login, refusal.sentence))
    engine.dispose()


def test_two_processes_claim_the_same_thread_exactly_one_wins(tmp_path):
    from tui_sms.store import migrate

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    thread_id, _, _ = _setup(engine)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start_at = time.time() + 3.0  # both processes are imported and waiting by then
    workers = [
        context.Process(
            target=_claim_in_other_process, args=(url, thread_id, login, start_at, results)
        )
        for login in ("marie", "luc")
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=30) for _ in workers)
    for worker in workers:
        worker.join(timeout=10)
    winners = [login for login, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1
    loser = "luc" if winners == ["marie"] else "marie"
    winner_name = "Marie Gagnon" if winners == ["marie"] else "Luc Bouchard"
    assert outcomes[loser] == f"{winner_name} already has this conversation."
    with session_scope(engine) as session:
        winner = queries.staff_by_login(session, winners[0])
        assert session.get(Thread, thread_id).assignee_id == winner.id
    engine.dispose()
