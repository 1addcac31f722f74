"""Twilio's webhooks over real loopback HTTP: signatures against the configured public URL,
nothing stored twice, a life cycle that never goes back, and polling that still catches up."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import httpx
import pytest
from sqlmodel import func, select

from tests.factories import PROMOTIONAL, TRANSACTIONAL, make_customer, make_shop
from tests.webhooks import webhook_server
from tui_sms.provider.signature import compute_signature
from tui_sms.services.poller import INBOUND_CURSOR
from tui_sms.services.webhooks import Account, accounts_from
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, OptOut, Thread

PUBLIC = "https://garage.example/twilio"
ACCOUNT = Account("AC" + "1" * 32, "b" * 32)
CUSTOMER = "+15142361201"


def _reply(sid: str = "SM" + "a" * 32, body: str = "Is my car ready?", **extra: str):
    fields = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": ACCOUNT.sid,
        "From": CUSTOMER,
        "To": TRANSACTIONAL[0],
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    fields.update(extra)
    return {k: v for k, v in fields.items() if v is not None}


def _signed(
    fields: dict[str, str], url: str = f"{PUBLIC}/inbound", token: str = ACCOUNT.auth_token
):
    return {"X-Twilio-Signature": compute_signature(token, url, fields)}


def _inbound_bodies(engine) -> list[str]:
    with session_scope(engine) as session:
        query = select(Message.body).where(Message.direction == Direction.INBOUND)
        return list(session.exec(query.order_by(Message.id)))


def _counts(engine) -> tuple[int, int, int]:
    with session_scope(engine) as session:
        messages = session.exec(select(func.count()).select_from(Message)).one()
        threads = session.exec(select(func.count()).select_from(Thread)).one()
        changes = queries.latest_change_id(session)
    return messages, threads, changes


@pytest.fixture
def shop(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "John Smith", CUSTOMER)


async def test_a_signed_reply_is_stored_once_even_when_twilio_retries_it(engine, shop):
    async with webhook_server(engine, ACCOUNT, PUBLIC) as server, httpx.AsyncClient() as http:
        fields = _reply()
        # Behind the proxy the request reaches /inbound or /twilio/inbound, and looks like
        # http://127.0.0.1:port: the signature still names the configured public URL.
        for path in ("/inbound", "/twilio/inbound", "/inbound"):
            answer = await http.post(server.local_url + path, data=fields, headers=_signed(fields))
            assert answer.status_code == 200
            assert "<Response>" in answer.text and answer.headers["content-type"].startswith(
                "text/xml"
            )
    assert _inbound_bodies(engine) == ["Is my car ready?"]
    with session_scope(engine) as session:
        thread = queries.thread_by_number(session, 1, CUSTOMER)
        assert thread is not None and thread.unread_count == 1
        # The poller's cursor is its own: a webhook never moves it past what it missed.
        assert queries.get_cursor(session, INBOUND_CURSOR) is None


async def test_the_default_port_may_be_added_or_left_out_as_twilio_does(engine, shop):
    async with webhook_server(engine, ACCOUNT, PUBLIC) as server, httpx.AsyncClient() as http:
        first = _reply(sid="SM" + "1" * 32, body="with :443")
        with_port = _signed(first, "https://garage.example:443/twilio/inbound")
        assert (
            await http.post(f"{server.local_url}/inbound", data=first, headers=with_port)
        ).is_success
    async with (
        webhook_server(engine, ACCOUNT, "https://garage.example:443/twilio") as server,
        httpx.AsyncClient() as http,
    ):
        second = _reply(sid="SM" + "2" * 32, body="without")
        assert (
            await http.post(f"{server.local_url}/inbound", data=second, headers=_signed(second))
        ).is_success
    assert _inbound_bodies(engine) == ["with :443", "without"]


def _forgeries():
    fields = _reply(body="send me your codes")
    good = _signed(fields)
    altered = dict(fields, Body="send me your codes now")
    yield "forged signature", fields, {"X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="}
    yield "wrong token", fields, _signed(fields, token="c" * 32)
    yield "no header", fields, {}
    yield "empty header", fields, {"X-Twilio-Signature": ""}
    yield "altered body", altered, good
    yield "added parameter", dict(fields, OptOutType="STOP"), good
    # What a validator that trusts the request's own URL would accept.
    yield "signed for the URL as received", fields, _signed(fields, "http://127.0.0.1/inbound")
    yield "signed for another path", fields, _signed(fields, f"{PUBLIC}/status")
    unknown = dict(fields, AccountSid="AC" + "9" * 32)
    yield "someone else's account", unknown, _signed(unknown)


@pytest.mark.parametrize("case", list(_forgeries()), ids=lambda case: case[0])
async def test_a_forged_or_altered_request_is_refused_and_changes_nothing(
    engine, shop, case, caplog
):
    _, fields, headers = case
    before = _counts(engine)
    with caplog.at_level(logging.WARNING, logger="tui_sms.services.webhooks"):
        async with webhook_server(engine, ACCOUNT, PUBLIC) as server, httpx.AsyncClient() as http:
            answer = await http.post(f"{server.local_url}/inbound", data=fields, headers=headers)
    assert answer.status_code == 403
    assert _counts(engine) == before
    refusals = [r for r in caplog.records if r.name == "tui_sms.services.webhooks"]
    assert len(refusals) == 1
    assert "send me your codes" not in refusals[0].getMessage()


async def test_without_account_sid_the_account_is_found_by_our_number_in_any_pool(engine, shop):
    async with webhook_server(engine, ACCOUNT, PUBLIC) as server, httpx.AsyncClient() as http:
        pooled = _reply(sid="SM" + "3" * 32, body="to the promo number", AccountSid=None)
        pooled["To"] = PROMOTIONAL[0]
        answer = await http.post(
            f"{server.local_url}/inbound", data=pooled, headers=_signed(pooled)
        )
        assert answer.status_code == 200
        stranger = dict(pooled, MessageSid="SM" + "4" * 32, To="+15145550000")
        answer = await http.post(
            f"{server.local_url}/inbound", data=stranger, headers=_signed(stranger)
        )
        assert answer.status_code == 403
    assert _inbound_bodies(engine) == ["to the promo number"]


async def test_stop_by_webhook_opts_out_exactly_as_polling_does(engine, shop):
    async with webhook_server(engine, ACCOUNT, PUBLIC) as server, httpx.AsyncClient() as http:
        stop = _reply(sid="SM" + "5" * 32, body="STOP")
        assert (
            await http.post(f"{server.local_url}/inbound", data=stop, headers=_signed(stop))
        ).is_success
    with session_scope(engine) as session:
        assert session.get(OptOut, CUSTOMER) is not None
        confirmation = session.exec(
            select(Message).where(Message.kind == "keyword_reply", Message.to_number == CUSTOMER)
        ).all()
    assert len(confirmation) == 1


def test_the_webhook_account_is_the_one_the_provider_signs_in_with(settings):
    settings.provider.kind = "twilio"
    settings.provider.account_sid, settings.provider.auth_token = ACCOUNT.sid, ACCOUNT.auth_token
    assert accounts_from(settings) == [ACCOUNT]


async def test_a_signed_request_with_a_query_string_is_checked_with_it(engine, shop):
    async with webhook_server(engine, ACCOUNT, PUBLIC) as server, httpx.AsyncClient() as http:
        fields = _reply(sid="SM" + "6" * 32, body="with a query")
        query = urlencode({"shop": "1"})
        signed = _signed(fields, f"{PUBLIC}/inbound?{query}")
        unsigned_query = await http.post(
            f"{server.local_url}/inbound?{query}", data=fields, headers=_signed(fields)
        )
        assert unsigned_query.status_code == 403
        answer = await http.post(f"{server.local_url}/inbound?{query}", data=fields, headers=signed)
        assert answer.status_code == 200
    assert _inbound_bodies(engine) == ["with a query"]
