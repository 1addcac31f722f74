"""Store behaviour on a real SQLite file and, in CI, on PostgreSQL (the same migrations)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.store import migrate, queries
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Direction, Message, Thread, ThreadState


def _thread(session, shop, number, **kw) -> Thread:
    thread = Thread(shop_id=shop.id, number=number, **kw)
    session.add(thread)
    session.flush()
    return thread


def _message(session, thread, body="hi", direction=Direction.OUTBOUND, status="queued", **kw):
    message = Message(thread_id=thread.id, direction=direction, body=body, status=status, **kw)
    session.add(message)
    session.flush()
    return message


def test_migrations_reach_head(engine):
    assert migrate.is_up_to_date(engine)


def test_the_head_read_from_the_versions_folder_is_alembics(engine):
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.current_revision(engine) == script.get_current_head()


def test_an_older_schema_is_upgraded_and_a_current_one_left_alone(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0004")
    assert not migrate.is_up_to_date(engine)
    assert migrate.upgrade_if_needed(engine)
    assert migrate.is_up_to_date(engine)
    assert not migrate.upgrade_if_needed(engine)
    engine.dispose()


def test_times_come_back_aware_utc_and_money_exact(engine):
    at = datetime(2026, 3, 8, 6, 59, 59, tzinfo=UTC)
    with session_scope(engine) as session:
        shop = make_shop(session)
        thread = _thread(session, shop, "+15142361201", last_activity_at=at)
        _message(session, thread, cost=Decimal("0.00790"), created_at=at)
        thread_id = thread.id
    with session_scope(engine) as session:
        thread = session.get(Thread, thread_id)
        assert thread.last_activity_at == at and thread.last_activity_at.tzinfo is not None
        (message,) = queries.messages_for_thread(session, thread_id)
        assert message.cost == Decimal("0.0079")


def test_one_thread_per_shop_and_number(engine):
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        shop = make_shop(session)
        _thread(session, shop, "+15142361201")
        _thread(session, shop, "+15142361201")


def test_inbox_views_and_order(engine):
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        shop = make_shop(session)
        marie = queries.staff_by_login(session, "marie")
        customer = make_customer(session, shop, "Émilie Côté", "+15142361201")
        _thread(session, shop, "+15142361201", customer_id=customer.id, last_activity_at=now)
        _thread(
            session,
            shop,
            "+15142361202",
            assignee_id=marie.id,
            last_activity_at=now - timedelta(hours=1),
        )
        _thread(session, shop, "+15142361203", state=ThreadState.RESOLVED)
        staff_id = marie.id
    with session_scope(engine) as session:
        everything = queries.threads_for_inbox(session, "all", staff_id)
        assert [row.number for row in everything] == ["+15142361201", "+15142361202"]
        assert everything[0].customer_name == "Émilie Côté"
        assert [r.number for r in queries.threads_for_inbox(session, "mine", staff_id)] == [
            "+15142361202"
        ]
        assert [r.number for r in queries.threads_for_inbox(session, "unassigned", staff_id)] == [
            "+15142361201"
        ]
        assert queries.count_threads(session, "resolved", staff_id) == 1


def test_claim_leases_queued_outbound_only_once_and_never_notes(engine):
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        shop = make_shop(session)
        thread = _thread(session, shop, "+15142361201")
        _message(session, thread, "a note", direction=Direction.NOTE, status="queued")
        first = _message(session, thread, "one")
        second = _message(session, thread, "two")
        _message(session, thread, "later", next_attempt_at=now + timedelta(minutes=5))
        _message(session, thread, "promo", queue="promotional")
    lease_until = now + timedelta(seconds=30)
    with session_scope(engine) as session:
        found = queries.claimable_messages(session, "transactional", now, 10)
        assert [m.id for m in found] == [first.id, second.id]
        queries.lease_many(
            session,
            [queries.Lease(m.id, "w1", now, lease_until, "+1438", m.attempts + 1) for m in found],
        )
    with session_scope(engine) as session:
        assert queries.claimable_messages(session, "transactional", now, 10) == []
        leased = [session.get(Message, first.id), session.get(Message, second.id)]
        assert all(m.status == "sending" and m.lease_owner == "w1" for m in leased)
        assert [(m.attempts, m.from_number) for m in leased] == [(1, "+1438"), (1, "+1438")]
    # A lease on a message that is no longer queued takes the whole claim back.
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        queries.lease_many(
            session,
            [
                queries.Lease(second.id, "w2", now, lease_until, "+1438", 2),
                queries.Lease(first.id, "w2", now, lease_until, "+1438", 2),
            ],
        )
    with session_scope(engine) as session:
        assert session.get(Message, second.id).lease_owner == "w1"
        expired = queries.expired_leases(session, now + timedelta(minutes=1))
        assert {m.id for m in expired} == {first.id, second.id}


def test_scheduled_messages_become_queued_when_due(engine):
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        shop = make_shop(session)
        thread = _thread(session, shop, "+15142361201")
        due = _message(session, thread, status="scheduled", scheduled_for=now)
        _message(session, thread, status="scheduled", scheduled_for=now + timedelta(hours=1))
    with session_scope(engine) as session:
        assert queries.promote_due_scheduled(session, now) == 1
    with session_scope(engine) as session:
        assert session.get(Message, due.id).status == "queued"


def test_change_marker_names_changed_threads(engine):
    with session_scope(engine) as session:
        start = queries.latest_change_id(session)
        queries.record_change(session, 41, "inbound")
        queries.record_change(session, None, "demo")
    with session_scope(engine) as session:
        assert queries.latest_change_id(session) > start
        assert queries.changed_threads_since(session, start) == {41}


def test_a_batch_binding_one_instant_in_many_rows_stores_each_rows_own_times(engine):
    # The same instant object in every row (a batch's "now"), beside a time of each row's own.
    now = datetime(2026, 3, 8, 6, 59, 59, 123456, tzinfo=UTC)
    later = [now + timedelta(minutes=i) for i in range(5)]
    with session_scope(engine) as session:
        shop = make_shop(session)
        thread = _thread(session, shop, "+15142361201")
        given = [
            {"thread_id": thread.id, "direction": Direction.OUTBOUND, "body": str(i),
             "status": "scheduled", "scheduled_for": at, "created_at": now, "updated_at": now}
            for i, at in enumerate(later)
        ]  # fmt: skip
        session.execute(sa.insert(Message.__table__), given)
    with session_scope(engine) as session:
        rows = session.exec(select(Message).order_by(Message.id)).all()
        assert [m.scheduled_for for m in rows] == later
        assert {m.created_at for m in rows} == {now} == {m.updated_at for m in rows}


def test_the_indexes_a_reminder_round_writes_are_the_ones_the_models_declare(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    about_indexes = [
        d
        for d in differences
        if d[0] in ("add_index", "remove_index")
        and d[1].table.name in ("thread", "message", "reminder", "job")
        # The partial index of snoozed threads is the migration's own (see models.py).
        and d[1].name != "ix_thread_snoozed_activity"
    ]
    assert about_indexes == []


def test_rows_inserted_in_bulk_are_numbered_in_order_and_read_as_the_orms(engine):
    from tui_sms.store.queries import bulk

    at = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
    numbers = ["+15142361201", "+15142361202", "+15142361203"]
    with session_scope(engine) as session:
        shop = make_shop(session)
        first = _thread(session, shop, "+15142361200")
        rows = [{"shop_id": shop.id, "number": n, "last_activity_at": at} for n in numbers]
        ids = bulk.insert_numbered(session, Thread.__table__, rows)
        assert ids == [first.id + 1, first.id + 2, first.id + 3]
        # A query binding the same instant finds them: stored as SQLAlchemy stores it.
        found = session.exec(select(Thread.id).where(Thread.last_activity_at == at)).all()
        assert sorted(found) == ids
        assert [session.get(Thread, i).number for i in ids] == numbers
        # The columns left out took their defaults.
        thread = session.get(Thread, ids[0])
        assert (thread.state, thread.unread_count, thread.kind) == (ThreadState.OPEN, 0, "customer")
        assert thread.created_at.tzinfo is not None
        # The next row the ORM adds is numbered after them.
        assert _thread(session, shop, "+15142361204").id == ids[-1] + 1
