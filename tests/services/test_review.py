"""What the review screen lists and the template editor saves, on a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_job, make_shop
from tui_sms.domain.errors import InvalidNumber
from tui_sms.domain.templates import TemplateError
from tui_sms.services import review
from tui_sms.services.reminder_scheduler import schedule_due_reminders
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Consent, Job, JobType, Message, ReminderTemplate
from tui_sms.store.queries.jobs import JobFilter

NOW = datetime(2026, 3, 9, 13, tzinfo=UTC)
START = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)


@pytest.fixture
def jobs(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        jane = make_customer(session, shop, "Jane Doe", "+15142361201")
        emilie = make_customer(session, shop, "Émilie Côté", "+15142361202", language="fr")
        make_job(session, jane, START, external_id="J-1")
        make_job(session, emilie, START, external_id="J-2", job_type="Brakes", templates=False)
        make_job(session, jane, START.replace(day=17), external_id="J-3")
    return engine


def _rows(engine, where: JobFilter | None = None) -> dict[str, review.ReviewRow]:
    with session_scope(engine) as session:
        found = review.review(session, where or JobFilter())
        names = {job.id: job.external_id for job in session.exec(select(Job)).all()}
    return {names[row.job_id]: row for row in found.rows}


def test_rows_states_problems_and_repeated_customers(jobs):
    with session_scope(jobs) as session:
        found = review.review(session, JobFilter())
    assert found.repeated == {"Jane Doe": 2}
    rows = _rows(jobs)
    assert rows["J-1"].state == "not sent" and rows["J-1"].sendable
    assert rows["J-1"].body.startswith("Hi Jane") and rows["J-1"].segments == 1
    # Jane was never texted: her first reminder is preceded by the disclaimer, counted once.
    assert rows["J-1"].disclaimer_segments == rows["J-3"].disclaimer_segments == 1
    assert review.segments_to_send([rows["J-1"], rows["J-3"]]) == 3
    assert (
        rows["J-2"].body is None and "No French reminder template for Brakes" in rows["J-2"].problem
    )

    with session_scope(jobs) as session:
        schedule_due_reminders(session, NOW)
    assert _rows(jobs)["J-1"].state == "scheduled"
    assert _rows(jobs)["J-3"].disclaimer_segments == 0  # owed no more: one is on its way
    with session_scope(jobs) as session:
        notice = session.exec(select(Message).where(Message.kind == "disclaimer")).one()
        assert notice.to_number == "+15142361201"
        message = session.exec(select(Message).where(Message.kind == "reminder")).one()
        message.status = "undelivered"
        session.add(message)
    assert _rows(jobs)["J-1"].state == "failed"


def test_filters(jobs):
    with session_scope(jobs) as session:
        brakes = session.exec(select(JobType).where(JobType.name == "Brakes")).one()
    assert list(_rows(jobs, JobFilter(job_type_id=brakes.id))) == ["J-2"]
    assert list(_rows(jobs, JobFilter(date_from=START.replace(day=12)))) == ["J-3"]
    assert list(_rows(jobs, JobFilter(technician="Nobody"))) == []


def test_withdrawn_consent_hides_the_customer(jobs):
    with session_scope(jobs) as session:
        for consent in session.exec(select(Consent).where(Consent.number == "+15142361201")):
            consent.withdrawn_at = NOW
            session.add(consent)
    assert list(_rows(jobs)) == ["J-2"]


def test_add_mobile_refuses_a_bad_number_and_carries_the_consent(jobs):
    with session_scope(jobs) as session:
        jane = session.exec(select(Job).where(Job.external_id == "J-1")).one().customer_id
        with pytest.raises(InvalidNumber):
            review.add_mobile(session, jane, "555-CELL", staff_login="marie", now=NOW)
        number = review.add_mobile(session, jane, "514 236-1288", staff_login="marie", now=NOW)
    assert number == "+15142361288"
    with session_scope(jobs) as session:
        consent = session.exec(select(Consent).where(Consent.number == number)).one()
        assert consent.recorded_by == "marie" and "added by marie" in consent.wording


def test_save_template_refuses_unknown_codes_and_sets_auto_send(jobs):
    with session_scope(jobs) as session:
        brakes = session.exec(select(JobType).where(JobType.name == "Brakes")).one()
        with pytest.raises(TemplateError, match=r"Unknown field code \{prenom\}"):
            review.save_template(
                session,
                brakes.id,
                "fr",
                "reminder",
                "Allo {prenom}",
                auto_send=True,
                days_ahead=2,
                now=NOW,
                by="marie",
            )
    with session_scope(jobs) as session:
        assert (
            session.exec(
                select(ReminderTemplate).where(ReminderTemplate.job_type_id == brakes.id)
            ).all()
            == []
        )
        review.save_template(
            session,
            brakes.id,
            "fr",
            "reminder",
            "Allo {first_name}",
            auto_send=True,
            days_ahead=2,
            now=NOW,
            by="marie",
        )
        context = review.preview_context(session, brakes.id, "fr")
    assert context.for_whom == "Émilie Côté"
    assert _rows(jobs)["J-2"].body == "Allo Émilie"
    with session_scope(jobs) as session:
        assert session.get(JobType, brakes.id).days_ahead == 2
        draft = review.load_template(session, brakes.id, "en", "confirmation")
    assert not draft.saved and "confirmed" in draft.body
