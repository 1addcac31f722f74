"""Reminder scheduling on a real database: languages, DST, idempotence, moves and cancels."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tests.factories import NO_QUIET_HOURS, make_customer, make_job, make_shop
from tui_sms.domain.errors import UserError
from tui_sms.services.reminder_actions import notify, send_reminder_now
from tui_sms.services.reminder_scheduler import (
    ScheduleReport,
    schedule_due_reminders,
    schedule_reminders,
)
from tui_sms.store.engine import session_scope
from tui_sms.store.models import (
    Job,
    JobStatus,
    JobType,
    Message,
    Reminder,
    ReminderState,
    ReminderTemplate,
)

TORONTO = ZoneInfo("America/Toronto")
QUIET = (time(21, 0), time(8, 0))


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TORONTO).astimezone(UTC)  # type: ignore[misc]


def _setup(engine, start: datetime, *, quiet=NO_QUIET_HOURS, **job_options):
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=quiet)
        shop.phone = "514-555-0100"
        en = make_customer(session, shop, "Jane Doe", "+15142361201")
        fr = make_customer(session, shop, "Émilie Côté", "+15142361202", language="fr")
        make_job(session, en, start, external_id="J-EN", **job_options)
        make_job(session, fr, start, external_id="J-FR", **job_options)


def _run(engine, now: datetime) -> ScheduleReport:
    with session_scope(engine) as session:
        return schedule_due_reminders(session, now)


def _messages(engine, kind: str = "reminder") -> list[Message]:
    with session_scope(engine) as session:
        found = select(Message).where(Message.kind == kind).order_by(Message.id)
        return list(session.exec(found).all())


def _disclaimers(engine) -> list[Message]:
    """The first-message disclaimers the outbox queues ahead of each number's first text."""
    return _messages(engine, "disclaimer")


def _reminders(engine) -> list[Reminder]:
    with session_scope(engine) as session:
        return list(session.exec(select(Reminder).order_by(Reminder.id)).all())


def test_each_customer_gets_the_template_in_their_language(engine):
    start = local(2026, 3, 10, 14, 30)
    _setup(engine, start)
    report = _run(engine, local(2026, 3, 9, 9, 0))
    assert report.created == 2
    english, french = _messages(engine)
    assert english.body.startswith("Hi Jane, this is a reminder")
    assert "Tuesday, March 10 at 2:30 PM" in english.body
    assert "514-555-0100" in english.body
    assert french.body.startswith("Bonjour Émilie, rappel")
    assert "mardi 10 mars à 14 h 30" in french.body
    assert {m.kind for m in (english, french)} == {"reminder"}
    assert english.status == "scheduled"
    assert english.scheduled_for == local(2026, 3, 9, 14, 30)
    # It expires at the appointment rather than arriving after it.
    assert english.validity_seconds == 24 * 3600
    # Each number's first text is preceded by the disclaimer, in its language, at the same time.
    en_notice, fr_notice = _disclaimers(engine)
    assert en_notice.to_number == english.to_number and en_notice.id < english.id
    assert fr_notice.to_number == french.to_number and fr_notice.id < french.id
    assert "Reply STOP" in en_notice.body and "ARRET" in fr_notice.body
    assert {m.scheduled_for for m in (en_notice, fr_notice)} == {local(2026, 3, 9, 14, 30)}
    assert {m.status for m in (en_notice, fr_notice)} == {"scheduled"}


def test_one_day_ahead_across_spring_forward_is_the_same_wall_time(engine):
    start = local(2026, 3, 8, 10, 0)  # Sunday: clocks went forward at 2:00 that morning
    _setup(engine, start)
    _run(engine, local(2026, 3, 6, 12, 0))
    scheduled = {m.scheduled_for for m in _messages(engine)}
    assert scheduled == {local(2026, 3, 7, 10, 0)}
    assert start - local(2026, 3, 7, 10, 0) == timedelta(hours=23)


def test_one_day_ahead_across_fall_back_is_25_hours(engine):
    start = local(2026, 11, 1, 10, 0)  # Sunday: clocks went back at 2:00 that morning
    _setup(engine, start)
    _run(engine, local(2026, 10, 30, 12, 0))
    assert {m.scheduled_for for m in _messages(engine)} == {local(2026, 10, 31, 10, 0)}
    assert start - local(2026, 10, 31, 10, 0) == timedelta(hours=25)


def test_repeated_runs_and_restarts_schedule_each_occurrence_once(engine):
    start = local(2026, 3, 10, 14, 30)
    _setup(engine, start)
    now = local(2026, 3, 9, 9, 0)
    first = _run(engine, now)
    for minutes in range(1, 6):
        again = _run(engine, now + timedelta(minutes=minutes))
        assert again.created == 0
    assert first.created == 2
    assert len(_messages(engine)) == 2
    assert len(_disclaimers(engine)) == 2
    assert len(_reminders(engine)) == 2


def test_a_reminder_is_not_created_before_it_comes_near(engine):
    start = local(2026, 3, 20, 14, 30)
    _setup(engine, start)
    assert _run(engine, local(2026, 3, 9, 9, 0)).created == 0
    assert _messages(engine) == []


def test_a_moved_job_moves_its_pending_reminder(engine):
    start = local(2026, 3, 10, 14, 30)
    _setup(engine, start)
    now = local(2026, 3, 9, 9, 0)
    _run(engine, now)
    with session_scope(engine) as session:
        job = session.exec(select(Job).where(Job.external_id == "J-EN")).one()
        job.start = local(2026, 3, 10, 16, 0)
        session.add(job)
    report = _run(engine, now + timedelta(minutes=1))
    assert report.moved == 1 and report.created == 0
    english = _messages(engine)[0]
    assert english.scheduled_for == local(2026, 3, 9, 16, 0)
    assert "4:00 PM" in english.body
    assert len(_messages(engine)) == 2
    # Its disclaimer moves with it: never alone ahead of the reminder, nor after it.
    assert [m.scheduled_for for m in _disclaimers(engine)] == [
        local(2026, 3, 9, 16, 0),
        local(2026, 3, 9, 14, 30),
    ]
    assert _run(engine, now + timedelta(minutes=2)).moved == 0


def test_a_cancelled_job_cancels_its_pending_reminder(engine):
    start = local(2026, 3, 10, 14, 30)
    _setup(engine, start)
    now = local(2026, 3, 9, 9, 0)
    _run(engine, now)
    with session_scope(engine) as session:
        job = session.exec(select(Job).where(Job.external_id == "J-FR")).one()
        job.status = JobStatus.CANCELLED
        session.add(job)
    assert _run(engine, now + timedelta(minutes=1)).canceled == 1
    statuses = [m.status for m in _messages(engine)]
    assert statuses == ["scheduled", "canceled"]
    # The customer does not get the disclaimer alone either.
    assert [m.status for m in _disclaimers(engine)] == ["scheduled", "canceled"]
    assert [r.state for r in _reminders(engine)] == [
        ReminderState.SCHEDULED,
        ReminderState.CANCELED,
    ]


def test_booked_too_late_during_quiet_hours_goes_when_they_end(engine):
    start = local(2026, 3, 10, 9, 30)
    _setup(engine, start, quiet=QUIET)
    _run(engine, local(2026, 3, 9, 22, 0))
    assert {m.scheduled_for for m in _messages(engine)} == {local(2026, 3, 10, 8, 0)}
    assert {m.scheduled_for for m in _disclaimers(engine)} == {local(2026, 3, 10, 8, 0)}


def test_due_in_quiet_hours_goes_earlier_and_the_outbox_keeps_that_time(engine):
    # Due at 7:30 the day before, inside quiet hours: the reminder rule moves it to the evening
    # before them, and the outbox, which would hold a quiet time until 8:00, leaves it there.
    start = local(2026, 3, 11, 7, 30)
    _setup(engine, start, quiet=QUIET)
    assert _run(engine, local(2026, 3, 9, 9, 0)).created == 2
    texts = _messages(engine) + _disclaimers(engine)
    assert {m.scheduled_for for m in texts} == {local(2026, 3, 9, 20, 30)}
    assert {r.send_at for r in _reminders(engine)} == {local(2026, 3, 9, 20, 30)}


def test_too_late_is_recorded_once_and_not_retried(engine):
    start = local(2026, 3, 10, 8, 30)
    _setup(engine, start, quiet=QUIET)
    report = _run(engine, local(2026, 3, 10, 8, 20))
    assert report.skipped == 0 and report.created == 2  # 10 minutes is still before the job
    _setup_late = local(2026, 3, 10, 7, 45)
    with session_scope(engine) as session:
        for job in session.exec(select(Job)).all():
            job.start = _setup_late + timedelta(days=1)
            job.external_id += "-2"
            session.add(job)
    report = _run(engine, local(2026, 3, 10, 22, 0))
    assert report.skipped == 2 and report.created == 0
    assert _run(engine, local(2026, 3, 10, 22, 1)).skipped == 0


def test_a_missing_template_is_a_problem_until_one_is_written(engine):
    start = local(2026, 3, 10, 14, 30)
    _setup(engine, start, templates=False)
    now = local(2026, 3, 9, 9, 0)
    report = _run(engine, now)
    assert report.created == 0
    assert len(report.problems) == 2
    assert "no English reminder template" in report.problems[0][1]
    with session_scope(engine) as session:
        kind = session.exec(select(JobType)).one()
        session.add(
            ReminderTemplate(job_type_id=kind.id or 0, language="en", body="Hi {first_name}")
        )
        session.add(
            ReminderTemplate(job_type_id=kind.id or 0, language="fr", body="Allo {first_name}")
        )
    assert _run(engine, now + timedelta(minutes=1)).created == 2


def test_manual_scheduling_and_send_now_for_a_type_without_auto_send(engine):
    start = local(2026, 3, 20, 14, 30)
    _setup(engine, start, auto_send=False)
    now = local(2026, 3, 9, 9, 0)
    assert _run(engine, now).created == 0
    with session_scope(engine) as session:
        ids = [job.id or 0 for job in session.exec(select(Job).order_by(Job.id)).all()]
        report = schedule_reminders(session, ids, now, author_id=None)
        assert report.created == 2
        again = schedule_reminders(session, ids, now, author_id=None)
        assert again.created == 0
    with session_scope(engine) as session:
        message = send_reminder_now(session, ids[0], now, author_id=None)
        assert message.status == "queued"
    assert len(_messages(engine)) == 2
    # The number's disclaimer, scheduled with the reminder, goes now too, just ahead of it.
    assert [(m.status, m.scheduled_for) for m in _disclaimers(engine)] == [
        ("queued", now),
        ("scheduled", local(2026, 3, 19, 14, 30)),
    ]
    with session_scope(engine) as session:
        session.execute(Message.__table__.update().values(status="delivered"))  # type: ignore[attr-defined]
    with session_scope(engine) as session, pytest.raises(UserError, match="already gone out"):
        send_reminder_now(session, ids[0], now, author_id=None)


def test_send_now_in_quiet_hours_waits_for_their_end_but_not_past_the_job(engine):
    _setup(engine, local(2026, 3, 10, 9, 30), auto_send=False, quiet=QUIET)
    now = local(2026, 3, 9, 22, 0)
    with session_scope(engine) as session:
        en, fr = session.exec(select(Job).order_by(Job.id)).all()
        message = send_reminder_now(session, en.id or 0, now, author_id=None)
        assert (message.status, message.scheduled_for) == ("scheduled", local(2026, 3, 10, 8, 0))
        fr.start = local(2026, 3, 10, 7, 45)
        session.add(fr)
        session.flush()
        with pytest.raises(UserError, match="quiet hours"):
            send_reminder_now(session, fr.id or 0, now, author_id=None)
    assert [m.scheduled_for for m in _disclaimers(engine)] == [local(2026, 3, 10, 8, 0)]


def test_notify_sends_confirmation_and_completed_once_per_occurrence(engine):
    start = local(2026, 3, 10, 14, 30)
    _setup(engine, start)
    now = local(2026, 3, 2, 9, 0)
    with session_scope(engine) as session:
        confirmation, new = notify(session, "J-FR", "confirmation", now, author_id=None)
        assert new and confirmation.status == "queued"
        assert "confirmé pour le mardi 10 mars à 14 h 30" in confirmation.body
        again, new_again = notify(session, "J-FR", "confirmation", now, author_id=None)
        assert again.id == confirmation.id and not new_again
        done, _ = notify(session, "J-EN", "completed", now, author_id=None)
        assert "the work is done (Oil change)" in done.body
        assert done.kind == "completed"
    with session_scope(engine) as session, pytest.raises(UserError, match="no job"):
        notify(session, "J-NOPE", "completed", now, author_id=None)


async def test_the_worker_schedules_and_sends_a_reminder_coming_due(engine, sandbox):
    import asyncio
    from datetime import time

    import httpx

    from tui_sms.config import WorkerSettings
    from tui_sms.provider.twilio import TwilioClient
    from tui_sms.services.worker import Worker
    from tui_sms.store.models import Shop, utcnow

    # Booked this morning for this afternoon: the reminder is late and goes at once.
    _setup(engine, utcnow() + timedelta(hours=3))
    with session_scope(engine) as session:
        shop = session.exec(select(Shop)).one()
        shop.quiet_start = shop.quiet_end = time(0)  # the test must not depend on the clock
        session.add(shop)
    settings = WorkerSettings(send_interval=0.05, poll_interval=0.2, reminder_interval=0.1)
    stop = asyncio.Event()
    async with TwilioClient(
        sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url
    ) as provider:
        task = asyncio.create_task(Worker(engine, provider, settings, owner="t").run(stop))
        for _ in range(200):
            ledger = httpx.get(
                f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
            ).json()["messages"]
            if len(ledger) == 4:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # a few more scheduler rounds: still one reminder each
        stop.set()
        await task
    ledger = httpx.get(
        f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
    ).json()["messages"]
    # Each number gets its disclaimer and one reminder (queued in that order, see the first
    # test; the order they are posted in is the sender's to keep).
    expected = {"+15142361201": ("Reply STOP", "Hi Jane"), "+15142361202": ("ARRET", "Bonjour")}
    for number, (notice, greeting) in expected.items():
        bodies = [m["body"] for m in ledger if m["to"] == number]
        assert len(bodies) == 2
        assert sum(notice in body for body in bodies) == 1
        assert sum(body.startswith(greeting) for body in bodies) == 1
    assert len(_reminders(engine)) == 2


def test_a_round_stops_at_its_limit_and_the_next_one_carries_on(engine):
    _setup(engine, local(2026, 3, 10, 14, 30))
    with session_scope(engine) as session:
        first = schedule_due_reminders(session, local(2026, 3, 9, 9, 0), limit=1)
    assert (first.created, first.more) == (1, True)
    second = _run(engine, local(2026, 3, 9, 9, 0))
    assert (second.created, second.more) == (1, False)


def test_a_job_cancelled_then_booked_again_gets_its_reminder_back(engine):
    _setup(engine, local(2026, 3, 10, 14, 30))
    now = local(2026, 3, 9, 9, 0)
    _run(engine, now)

    def set_status(status: str) -> None:
        with session_scope(engine) as session:
            job = session.exec(select(Job).where(Job.external_id == "J-EN")).one()
            job.status = status
            session.add(job)

    set_status(JobStatus.CANCELLED)
    assert _run(engine, now).canceled == 1
    set_status(JobStatus.ACTIVE)
    assert _run(engine, now).created == 1
    statuses = sorted(m.status for m in _messages(engine))
    assert statuses == ["canceled", "scheduled", "scheduled"]
    # The cancelled reminder's disclaimer was cancelled with it, so it is owed again.
    assert sorted(m.status for m in _disclaimers(engine)) == ["canceled", "scheduled", "scheduled"]
    assert len(_reminders(engine)) == 2  # the occurrence's row was re-used
    assert _run(engine, now).created == 0
