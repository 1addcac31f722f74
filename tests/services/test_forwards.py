"""Replies forwarded by e-mail, received by a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tests.smtp import free_port, mail_settings, smtp_server
from tui_sms.domain.mailtext import DO_NOT_REPLY
from tui_sms.provider.base import ProviderMessage
from tui_sms.provider.twilio import TwilioClient
from tui_sms.services import inbox, outbox
from tui_sms.services.mailer import send_due_mail
from tui_sms.services.sender import send_due_messages
from tui_sms.services.worker import Worker
from tui_sms.store.engine import session_scope
from tui_sms.store.models import MailOut, Message, Shop

_SIDS = itertools.count(1)


def _inbound(body: str, from_: str = "+15142361201", at: datetime | None = None):
    at = at or datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
    return ProviderMessage(
        sid=f"SM{next(_SIDS):032d}",
        status="received",
        direction="inbound",
        from_=from_,
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
    )


def _shop(session, **changes) -> Shop:
    shop = make_shop(session)
    shop.return_email = "atelier@garage.example, patron@garage.example"
    for key, value in changes.items():
        setattr(shop, key, value)
    session.add(shop)
    session.flush()
    return shop


def _mails(engine) -> list[MailOut]:
    with session_scope(engine) as session:
        return list(session.exec(select(MailOut).order_by(MailOut.id)).all())


async def test_forward_in_french_with_context_reaches_the_return_addresses(engine):
    with session_scope(engine) as session:
        shop = _shop(session)  # Quebec: French by default
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        outbox.queue_to_number(
            session, "+15142361201", "Votre auto est prête.", author_id=None,
            now=datetime(2026, 11, 23, 13, 0, tzinfo=UTC),
        )  # fmt: skip
        stored = inbox.receive_inbound(session, shop, _inbound("Merci, j'arrive à 17 h. Ça va?"))
        # The forward is queued in the transaction that stores the reply.
        assert session.exec(select(MailOut)).one().message_id == stored.id

    with smtp_server() as (server, port):
        report = await send_due_mail(engine, mail_settings(port))
    assert report.sent == 1
    [got] = server.received
    assert got.recipients == ["atelier@garage.example", "patron@garage.example"]
    message = got.message
    assert message["Subject"] == "Texto de Émilie Côté ((514) 236-1201)"
    assert message["From"] == "atelier@garage.example"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "> Merci, j'arrive à 17 h. Ça va?" in body
    assert "Reçu 2026-11-23 09:05 de Émilie Côté, (514) 236-1201" in body
    assert "Atelier: Votre auto est prête." in body
    assert DO_NOT_REPLY["fr"] in body
    assert b"\xc3" not in got.raw  # non-ASCII travels encoded, never as raw 8-bit bytes
    assert _mails(engine)[0].sent_at is not None
    assert "TEST123" in (_mails(engine)[0].server_answer or "")


async def test_english_shop_gets_the_english_warning(engine):
    with session_scope(engine) as session:
        shop = _shop(session, language="en")
        make_customer(session, shop, "John Smith", "+15142361201")
        inbox.receive_inbound(session, shop, _inbound("Is it ready?"))
    with smtp_server() as (server, port):
        await send_due_mail(engine, mail_settings(port))
    [got] = server.received
    assert got.message["Subject"] == "Text from John Smith ((514) 236-1201)"
    assert DO_NOT_REPLY["en"] in got.message.get_content()


def test_keywords_are_not_forwarded_unless_the_shop_asks(engine):
    with session_scope(engine) as session:
        shop = _shop(session)
        inbox.receive_inbound(session, shop, _inbound("STOP"))
        inbox.receive_inbound(session, shop, _inbound(" arrêt! "))
        assert session.exec(select(MailOut)).all() == []
        shop.forward_keywords = True
        inbox.receive_inbound(session, shop, _inbound("HELP"))
        assert len(session.exec(select(MailOut)).all()) == 1


def test_no_return_address_no_forward(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        inbox.receive_inbound(session, shop, _inbound("Hello"))
        assert session.exec(select(MailOut)).all() == []


async def test_cr_lf_in_a_customer_name_does_not_inject_headers(engine):
    with session_scope(engine) as session:
        shop = _shop(session, language="en")
        make_customer(session, shop, "Bob\r\nBcc: x@evil.example", "+15142361201")
        inbox.receive_inbound(session, shop, _inbound("hi\r\nBcc: y@evil.example"))
    with smtp_server() as (server, port):
        await send_due_mail(engine, mail_settings(port))
    [got] = server.received
    assert got.recipients == ["atelier@garage.example", "patron@garage.example"]
    assert got.message["Bcc"] is None
    assert b"\nBcc:" not in got.raw and b"\rBcc:" not in got.raw
    assert "Bob Bcc: x@evil.example" in got.message["Subject"]


async def test_smtp_down_then_up_loses_nothing_and_sends_once(engine):
    with session_scope(engine) as session:
        shop = _shop(session)
        inbox.receive_inbound(session, shop, _inbound("Première"))
        inbox.receive_inbound(session, shop, _inbound("Deuxième"))
    port = free_port()  # nobody listens yet
    down = await send_due_mail(engine, mail_settings(port))
    assert down.sent == 0 and "cannot be reached" in (down.last_error or "")
    mails = _mails(engine)
    assert [m.sent_at for m in mails] == [None, None]
    assert all(m.next_attempt_at and m.last_error for m in mails)
    # Backing off: an immediate second round does not try again.
    assert (await send_due_mail(engine, mail_settings(port))).failed == 0

    later = datetime.now(UTC) + timedelta(hours=1)
    with smtp_server(port) as (server, _):
        up = await send_due_mail(engine, mail_settings(port), now=later)
        again = await send_due_mail(engine, mail_settings(port), now=later + timedelta(hours=1))
    assert up.sent == 2 and again.sent == 0
    bodies = sorted(got.message.get_content().splitlines()[2] for got in server.received)
    assert bodies == ["> Deuxième", "> Première"]
    assert all(m.sent_at and m.last_error is None for m in _mails(engine))


async def test_worker_forwards_a_sandbox_reply_and_smtp_outage_does_not_block_it(engine, sandbox):
    with session_scope(engine) as session:
        shop = _shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        outbox.queue_to_number(session, "+15142361201", "Votre auto est prête.", author_id=None)
    async with TwilioClient(
        sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url
    ) as provider:
        await send_due_messages(engine, provider, "test")
        ours = httpx.get(
            f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
        ).json()["messages"][0]["from"]
        await asyncio.to_thread(
            httpx.post,
            f"{sandbox.base_url}/sandbox/inbound",
            headers=sandbox.control_headers,
            data={"From": "+15142361201", "To": ours, "Body": "Merci!"},
        )
        dead = mail_settings(free_port())
        dead.interval = 0.05
        stop = asyncio.Event()
        worker = Worker(engine, provider, owner="test", mail=dead)
        worker.settings.poll_interval = 0.1
        running = asyncio.create_task(worker.run(stop))

        def stored_and_tried() -> bool:
            mails = _mails(engine)
            return bool(mails) and mails[0].last_error is not None

        for _ in range(600):  # generous: the machine may be busy; it ends as soon as done
            if stored_and_tried():
                break
            await asyncio.sleep(0.05)
        stop.set()
        await running
    assert stored_and_tried()
    with session_scope(engine) as session:
        replies = session.exec(select(Message).where(Message.direction == "inbound")).all()
        assert [m.body for m in replies] == ["Merci!"]
    assert _mails(engine)[0].sent_at is None


async def test_two_mailers_at_once_send_each_mail_once(engine):
    with session_scope(engine) as session:
        shop = _shop(session)
        for number in range(6):
            inbox.receive_inbound(session, shop, _inbound(f"Reply {number}"))
    with smtp_server() as (server, port):
        settings = mail_settings(port)
        first, second = await asyncio.gather(
            send_due_mail(engine, settings, limit=4), send_due_mail(engine, settings, limit=4)
        )
        rest = await send_due_mail(engine, settings)
    assert first.sent + second.sent + rest.sent == 6
    bodies = sorted(got.message.get_content().splitlines()[2] for got in server.received)
    assert bodies == [f"> Reply {number}" for number in range(6)]


async def test_a_settings_problem_is_kept_as_the_reason_and_nothing_is_lost(engine, tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret")
    secret.chmod(0o644)
    with session_scope(engine) as session:
        shop = _shop(session)
        inbox.receive_inbound(session, shop, _inbound("Bonjour"))
    with smtp_server() as (server, port):
        settings = mail_settings(port)
        settings.user = "atelier"
        settings.password_file = str(secret)
        report = await send_due_mail(engine, settings)
    assert report.sent == 0 and server.received == []
    [mail] = _mails(engine)
    assert mail.sent_at is None and "can be read by other users" in (mail.last_error or "")
