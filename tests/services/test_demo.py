"""The demo shows every screen's material, and a simulated customer reply arrives through
the real sandbox and poller."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tui_sms.domain.errors import ConfigError
from tui_sms.provider.twilio import TwilioClient
from tui_sms.services.demo import load_demo
from tui_sms.services.demo_inbox import UNKNOWN_SENDER
from tui_sms.services.demo_replies import simulate_customer_reply
from tui_sms.services.poller import poll_inbound
from tui_sms.services.runtime import SandboxDoor
from tui_sms.store.engine import session_scope
from tui_sms.store.inbox_models import Mention, OpeningHours
from tui_sms.store.models import (
    Direction,
    Job,
    JobType,
    Message,
    OptOut,
    ReminderTemplate,
    Shortcut,
    Staff,
    Thread,
    utcnow,
)


def test_the_demo_has_what_every_screen_needs(engine):
    now = utcnow()
    with session_scope(engine) as session:
        load_demo(session, "root", now=now)
    with session_scope(engine) as session:
        me = session.exec(select(Staff).where(Staff.login == "root")).one()
        assert "(you)" not in me.display_name
        auto = session.exec(select(JobType).where(JobType.auto_send)).all()
        assert auto
        for job_type in auto:
            languages = session.exec(
                select(ReminderTemplate.language).where(ReminderTemplate.job_type_id == job_type.id)
            ).all()
            assert sorted(languages) == ["en", "fr"]
        starts = [job.start for job in session.exec(select(Job))]
        assert any(now < start < now + timedelta(days=3) for start in starts)
        assert {s.language for s in session.exec(select(Shortcut))} == {"en", "fr"}
        assert session.exec(
            select(Message).where(Message.status.in_(("failed", "undelivered")))
        ).first()
        assert session.exec(select(OptOut)).first() is not None
        unknown = session.exec(select(Thread).where(Thread.number == UNKNOWN_SENDER)).one()
        assert unknown.customer_id is None
        assert session.exec(select(Thread).where(Thread.flagged != "")).first() is not None
        assert session.exec(select(Thread).where(Thread.snoozed_until.is_not(None))).first()
        assert session.exec(select(Message).where(Message.status == "scheduled")).first()
        assert session.exec(select(Mention)).first() is not None
        assert len(session.exec(select(OpeningHours)).all()) == 6


async def test_a_simulated_reply_arrives_through_the_sandbox(engine, sandbox):
    with session_scope(engine) as session:
        load_demo(session, "root")
        thread = session.exec(
            select(Thread).where(Thread.customer_id.is_not(None)).order_by(Thread.id)
        ).first()
        thread_id = thread.id
    door = SandboxDoor(sandbox.base_url, sandbox.control_headers)
    sent = await simulate_customer_reply(door, engine, thread_id, "Is it ready?")
    assert sent == "Is it ready?"
    async with TwilioClient(
        sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url
    ) as provider:
        assert await poll_inbound(engine, provider) == 1
    with session_scope(engine) as session:
        newest = session.exec(
            select(Message)
            .where(Message.thread_id == thread_id, Message.direction == Direction.INBOUND)
            .order_by(Message.id.desc())
        ).first()
        assert newest.body == "Is it ready?"
    with pytest.raises(ConfigError, match="only in the demo"):
        await simulate_customer_reply(None, engine, thread_id)
