"""STOP / START / HELP from the customer, through the sandbox on loopback and the real poller."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from tests.factories import BOOK_AHEAD, make_customer, make_shop
from tui_sms.domain.compliance import DEFAULT_REPLIES, Keyword
from tui_sms.domain.errors import OptedOut
from tui_sms.services import outbox
from tui_sms.services.poller import poll_once
from tui_sms.services.sender import send_due_messages
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, OptOut, Shop, Thread

NUMBER = "+15142361201"


def _ledger(sandbox) -> list[dict]:
    return httpx.get(f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers).json()[
        "messages"
    ]


async def _texted(engine, sandbox, provider, language: str = "fr") -> tuple[int, str]:
    """A customer who has been texted once; returns the thread and the shop's number."""
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", NUMBER, language=language)
        thread_id = outbox.queue_to_number(session, NUMBER, "Prête.", author_id=None).thread_id
    await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    return thread_id, _ledger(sandbox)[0]["from"]


async def _customer_says(engine, sandbox, provider, our_number: str, body: str) -> None:
    httpx.post(
        f"{sandbox.base_url}/sandbox/inbound",
        headers=sandbox.control_headers,
        data={"From": NUMBER, "To": our_number, "Body": body},
    ).raise_for_status()
    await poll_once(engine, provider)


def _kinds(session, thread_id: int) -> list[tuple[str, str]]:
    rows = session.exec(select(Message).where(Message.thread_id == thread_id).order_by(Message.id))
    return [(m.direction, m.kind) for m in rows]


@pytest.mark.parametrize("word", ["STOP", "  arrêt! "])
async def test_stop_opts_the_number_out_for_everyone(engine, sandbox, provider, word):
    thread_id, ours = await _texted(engine, sandbox, provider)
    await _customer_says(engine, sandbox, provider, ours, word)

    with session_scope(engine) as session:
        opt_out = session.get(OptOut, NUMBER)
        assert opt_out is not None and opt_out.source == "keyword"
        messages = session.exec(
            select(Message).where(Message.thread_id == thread_id).order_by(Message.id)
        ).all()
        event = next(m for m in messages if m.kind == "event")
        assert event.direction == "note"
        assert event.body.startswith(f"Customer replied {word.strip(' !').upper()} — texting")
        answer = messages[-1]
        assert answer.kind == "keyword_reply" and answer.status == "queued"
        assert answer.body == DEFAULT_REPLIES[(Keyword.OPT_OUT, "fr")]

        with pytest.raises(OptedOut, match="texting is disabled until the customer texts START"):
            outbox.queue_reply(session, thread_id, "Encore un texto?", author_id=None)
        # Another customer on the same phone, and another shop sharing the database.
        shop = session.exec(select(Shop)).first()
        make_customer(session, shop, "Conjoint", NUMBER)
        with pytest.raises(OptedOut):
            outbox.queue_to_number(session, NUMBER, "Hello", author_id=None)
        other_shop = Shop(name="Autre garage", country="CA", province="QC")
        session.add(other_shop)
        session.flush()
        other = Thread(shop_id=other_shop.id or 0, number=NUMBER)
        session.add(other)
        session.flush()
        other_id = other.id
    with session_scope(engine) as session, pytest.raises(OptedOut):
        outbox.queue_reply(session, other_id, "Bonjour", author_id=None)

    await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    bodies = [m["body"] for m in _ledger(sandbox)]
    if word == "STOP":
        # The sandbox, like Twilio, blocks the sender itself after STOP (and Twilio answers
        # it on its own); our confirmation is then refused with 21610 and kept as failed.
        with session_scope(engine) as session:
            answer = session.exec(select(Message).where(Message.kind == "keyword_reply")).one()
            assert (answer.status, answer.error_code) == ("failed", 21610)
    else:
        assert bodies[-1] == DEFAULT_REPLIES[(Keyword.OPT_OUT, "fr")]


async def test_start_allows_texting_again(engine, sandbox, provider):
    thread_id, ours = await _texted(engine, sandbox, provider, language="en")
    await _customer_says(engine, sandbox, provider, ours, "Stop")
    await _customer_says(engine, sandbox, provider, ours, "start")
    with session_scope(engine) as session:
        assert session.get(OptOut, NUMBER) is None
        answers = session.exec(
            select(Message).where(Message.kind == "keyword_reply").order_by(Message.id)
        ).all()
        assert answers[-1].body == DEFAULT_REPLIES[(Keyword.OPT_IN, "en")]
        events = session.exec(select(Message).where(Message.kind == "event")).all()
        assert "texting enabled again" in events[-1].body
        again = outbox.queue_reply(session, thread_id, "Welcome back", author_id=None)
        assert again.status == "queued"
        # The disclaimer went out before: no second one.
        assert [k for _, k in _kinds(session, thread_id)].count("disclaimer") == 1


async def test_yes_without_an_opt_out_is_just_a_reply(engine, sandbox, provider):
    thread_id, ours = await _texted(engine, sandbox, provider, language="en")
    await _customer_says(engine, sandbox, provider, ours, "Yes")
    with session_scope(engine) as session:
        assert ("outbound", "keyword_reply") not in _kinds(session, thread_id)


async def test_help_is_answered_with_the_shop_name(engine, sandbox, provider):
    _, ours = await _texted(engine, sandbox, provider, language="fr")
    await _customer_says(engine, sandbox, provider, ours, "Aide")
    await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    expected = "Garage Test: " + DEFAULT_REPLIES[(Keyword.HELP, "fr")]
    assert _ledger(sandbox)[-1]["body"] == expected
    with session_scope(engine) as session:
        assert session.get(OptOut, NUMBER) is None


async def test_a_reply_that_resembles_stop_flags_the_thread(engine, sandbox, provider):
    thread_id, ours = await _texted(engine, sandbox, provider, language="en")
    await _customer_says(engine, sandbox, provider, ours, "Please stop texting me")
    with session_scope(engine) as session:
        assert session.get(OptOut, NUMBER) is None
        assert "press o" in session.get(Thread, thread_id).flagged
        assert ("outbound", "keyword_reply") not in _kinds(session, thread_id)


async def test_provider_refusal_21610_records_the_opt_out(engine, sandbox, provider):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Unsubscribed", "+15005550004")
        outbox.queue_to_number(session, "+15005550004", "Hello", author_id=None)
    await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    with session_scope(engine) as session:
        opt_out = session.get(OptOut, "+15005550004")
        assert opt_out is not None and opt_out.source == "provider 21610"
        with pytest.raises(OptedOut, match="carrier refused"):
            outbox.queue_to_number(session, "+15005550004", "Again", author_id=None)
