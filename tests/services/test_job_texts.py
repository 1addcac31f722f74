"""Texts about a job from the app: once per job and kind, and a reply C confirms one job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_job, make_shop
from tui_sms.domain.errors import UserError
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import inbox, job_texts
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Job, JobType, Message

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
NUMBER = "+15142361201"


def _reply(session, shop, body: str, at: datetime, sid: str) -> None:
    inbox.receive_inbound(
        session,
        shop,
        ProviderMessage(
            sid=sid,
            status="received",
            direction="inbound",
            from_=NUMBER,
            to="+14386013562",
            body=body,
            num_segments=1,
            price=None,
            price_unit=None,
            error_code=None,
            error_message=None,
            date_created=at,
            date_updated=at,
            date_sent=at,
        ),
    )


def _jobs(session):
    shop = make_shop(session)
    jane = make_customer(session, shop, "Jane Doe", NUMBER)
    first = make_job(session, jane, NOW + timedelta(days=2), external_id="J-1")
    second = make_job(session, jane, NOW + timedelta(days=5), external_id="J-2")
    return shop, first, second


def test_a_confirmation_asks_for_c_and_goes_once_per_job(engine):
    with session_scope(engine) as session:
        _shop, first, _second = _jobs(session)
        message = job_texts.send(session, "J-1", "confirmation", NOW, author_id=None)
        assert message.body.endswith("Reply C to confirm.")
        with pytest.raises(UserError, match="sent once per job"):
            job_texts.send(session, "J-1", "confirmation", NOW, author_id=None, body="Again")
        edited = job_texts.send(
            session, first.id, "completed", NOW, author_id=None, body="Your car is ready."
        )
        assert edited.body == "Your car is ready."
        state = job_texts.state_of(session, first.id)
        assert set(state.sent) == {"confirmation", "completed"}


def test_an_edited_confirmation_still_says_how_to_confirm_in_french(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        emilie = make_customer(session, shop, "Émilie Côté", NUMBER, language="fr")
        make_job(session, emilie, NOW + timedelta(days=1), external_id="J-FR")
        message = job_texts.send(
            session, "J-FR", "confirmation", NOW, author_id=None, body="Rendez-vous demain 9 h."
        )
        assert message.body == "Rendez-vous demain 9 h. Répondez C pour confirmer."


def test_a_reply_c_confirms_exactly_the_latest_open_confirmation(engine):
    with session_scope(engine) as session:
        shop, first, second = _jobs(session)
        job_texts.send(session, "J-1", "confirmation", NOW, author_id=None)
        job_texts.send(session, "J-2", "confirmation", NOW + timedelta(minutes=5), author_id=None)
        _reply(session, shop, "c", NOW + timedelta(minutes=10), "SM-IN-1")
        assert session.get(Job, second.id).confirmed_at == NOW + timedelta(minutes=10)
        assert session.get(Job, first.id).confirmed_at is None
        # The next "Oui!" confirms the one still open, and nothing else remains to confirm.
        _reply(session, shop, "Oui!", NOW + timedelta(minutes=20), "SM-IN-2")
        assert session.get(Job, first.id).confirmed_at == NOW + timedelta(minutes=20)


def test_another_answer_is_an_ordinary_reply(engine):
    with session_scope(engine) as session:
        shop, first, _second = _jobs(session)
        job_texts.send(session, "J-1", "confirmation", NOW, author_id=None)
        _reply(session, shop, "Can we make it 10?", NOW + timedelta(minutes=3), "SM-IN-3")
        assert session.get(Job, first.id).confirmed_at is None
        replies = session.exec(select(Message).where(Message.direction == "inbound")).all()
        assert [m.body for m in replies] == ["Can we make it 10?"]


def test_a_follow_up_goes_once_when_the_job_type_asks_for_it(engine):
    with session_scope(engine) as session:
        _shop, first, _second = _jobs(session)
        session.get(JobType, first.job_type_id).confirm_follow_up_hours = 4
        job_texts.send(session, "J-1", "confirmation", NOW, author_id=None)
        assert job_texts.send_follow_ups(session, NOW + timedelta(hours=3)) == 0
        assert job_texts.send_follow_ups(session, NOW + timedelta(hours=5)) == 1
        assert job_texts.send_follow_ups(session, NOW + timedelta(hours=9)) == 0


def test_one_default_composer_message_per_language(engine):
    from tui_sms.services import default_message
    from tui_sms.store.models import Shortcut

    with session_scope(engine) as session:
        make_shop(session)
        hello = Shortcut(title="Hello", body="Hello from the shop.", language="en")
        bonjour = Shortcut(title="Bonjour", body="Bonjour du garage.", language="fr")
        other = Shortcut(title="Hi", body="Hi!", language="en")
        session.add_all([hello, bonjour, other])
        session.flush()
        default_message.set_default(session, hello.id, "en")
        default_message.set_default(session, bonjour.id, "fr")
        default_message.set_default(session, other.id, "en")
        assert default_message.default_body(session, "en") == "Hi!"
        assert default_message.default_body(session, "fr") == "Bonjour du garage."
        default_message.set_default(session, None, "fr")
        assert default_message.default_body(session, "fr") == ""


async def test_the_worker_sends_the_follow_up_without_anyone_asking(engine, sandbox):
    import asyncio

    from tui_sms.config import WorkerSettings
    from tui_sms.provider.twilio import TwilioClient
    from tui_sms.services.worker import Worker
    from tui_sms.store.models import utcnow

    asked_at = utcnow() - timedelta(hours=5)
    with session_scope(engine) as session:
        jane = make_customer(session, make_shop(session), "Jane Doe", NUMBER)
        first = make_job(session, jane, utcnow() + timedelta(days=2), external_id="J-1")
        session.get(JobType, first.job_type_id).confirm_follow_up_hours = 4
        job_texts.send(session, "J-1", "confirmation", asked_at, author_id=None)

    def follow_ups() -> list[Message]:
        with session_scope(engine) as session:
            found = select(Message).where(Message.kind == "confirmation_follow_up")
            return list(session.exec(found).all())

    settings = WorkerSettings(send_interval=0.05, poll_interval=0.2, reminder_interval=0.05)
    stop = asyncio.Event()
    async with TwilioClient(
        sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url
    ) as provider:
        task = asyncio.create_task(Worker(engine, provider, settings, owner="t").run(stop))
        for _ in range(400):  # ends as soon as the follow-up is queued
            if follow_ups():
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # more rounds: still one follow-up
        stop.set()
        await task
    assert len(follow_ups()) == 1
