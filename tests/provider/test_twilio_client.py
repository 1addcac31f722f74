"""TwilioClient (real httpx) against the sandbox served by uvicorn on loopback."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tests.provider.conftest import CUSTOMER, SHOP, FakeClock, serve_asgi
from tui_sms.provider.base import Provider, ProviderError, ProviderUnavailable
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.twilio import TwilioClient

SID = re.compile(r"SM[0-9a-f]{32}")


async def test_create_returns_the_message_with_twilio_types(
    client: TwilioClient, clock: FakeClock
) -> None:
    provider: Provider = client
    message = await provider.create_message(to=CUSTOMER, from_=SHOP, body="Your car is ready.")

    assert SID.fullmatch(message.sid)
    assert (message.status, message.direction) == ("queued", "outbound-api")
    assert (message.to, message.from_, message.body) == (CUSTOMER, SHOP, "Your car is ready.")
    assert message.num_segments == 1
    assert message.price is None  # not priced until it leaves
    assert message.error_code is None
    assert message.date_created == clock.now.replace(microsecond=0)
    assert message.date_created.tzinfo is not None
    assert message.date_sent is None


async def test_optional_fields_reach_the_provider(
    client: TwilioClient, state: SandboxState
) -> None:
    await client.create_message(
        to=CUSTOMER,
        from_=SHOP,
        body="hi",
        status_callback="https://shop.example/sms/status",
        validity_period=600,
    )
    await client.create_message(to=CUSTOMER, from_=SHOP, body="plain")
    first, second = state.ledger()
    assert (first.status_callback, first.validity_period) == (
        "https://shop.example/sms/status",
        600,
    )
    assert (second.status_callback, second.validity_period) == (None, None)


async def test_fetch_follows_the_status_and_price(client: TwilioClient, clock: FakeClock) -> None:
    body = "Bonjour, votre véhicule est prêt — passez quand vous voulez ! " * 2
    created = await client.create_message(to=CUSTOMER, from_=SHOP, body=body)
    assert created.num_segments == 2  # "ê" and "—" are not GSM-7: UCS-2, 67 per part

    clock.advance(1.5)
    assert (await client.fetch_message(created.sid)).status == "sending"
    clock.advance(1.0)
    sent = await client.fetch_message(created.sid)
    assert sent.status == "sent"
    assert sent.date_sent is not None
    assert sent.price == Decimal("-0.01580")
    assert sent.price_unit == "USD"
    clock.advance(1.0)
    delivered = await client.fetch_message(created.sid)
    assert delivered.status == "delivered"
    assert delivered.date_updated > delivered.date_created


async def test_list_follows_next_page_uri_newest_first(
    client: TwilioClient, clock: FakeClock
) -> None:
    for n in range(5):
        await client.create_message(to=CUSTOMER, from_=SHOP, body=f"message {n}")
        clock.advance(1)
    await client.create_message(to="+15145550999", from_=SHOP, body="someone else")

    bodies = [m.body async for m in client.list_messages(to=CUSTOMER, page_size=2)]
    assert bodies == [f"message {n}" for n in reversed(range(5))]

    everything = [m async for m in client.list_messages(from_=SHOP, page_size=2)]
    assert len(everything) == 6
    assert [m async for m in client.list_messages(from_=CUSTOMER)] == []


async def test_list_filters_on_date_sent(client: TwilioClient, clock: FakeClock) -> None:
    early = await client.create_message(to=CUSTOMER, from_=SHOP, body="early")
    clock.advance(3600)
    late = await client.create_message(to=CUSTOMER, from_=SHOP, body="late")
    clock.advance(10)

    after = clock.now - timedelta(minutes=30)
    assert [m.sid async for m in client.list_messages(date_sent_after=after)] == [late.sid]
    naive_before_both = (clock.now - timedelta(hours=2)).replace(tzinfo=None)
    listed = [m.sid async for m in client.list_messages(date_sent_after=naive_before_both)]
    assert listed == [late.sid, early.sid]


@pytest.mark.parametrize(
    ("to", "body", "status", "code"),
    [
        ("+15005550001", "hi", 400, 21211),
        ("5551234567", "hi", 400, 21211),
        ("+15005550009", "hi", 400, 21614),
        ("+15005550004", "hi", 400, 21610),
        ("+15005550002", "hi", 400, 21612),
        (CUSTOMER, "x" * 1601, 400, 21617),
        (CUSTOMER, "", 400, 21602),
    ],
)
async def test_refusals_become_provider_errors(
    client: TwilioClient, to: str, body: str, status: int, code: int
) -> None:
    with pytest.raises(ProviderError) as caught:
        await client.create_message(to=to, from_=SHOP, body=body)
    assert (caught.value.status, caught.value.code) == (status, code)
    assert caught.value.message
    assert caught.value.more_info == f"https://www.twilio.com/docs/errors/{code}"


async def test_wrong_token_is_20003(sandbox: SandboxServer) -> None:
    async with TwilioClient(sandbox.state.account_sid, "wrong", sandbox.base_url) as client:
        with pytest.raises(ProviderError) as caught:
            await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    assert (caught.value.status, caught.value.code) == (401, 20003)


async def test_unknown_sid_is_20404(client: TwilioClient) -> None:
    with pytest.raises(ProviderError) as caught:
        await client.fetch_message("SM" + "0" * 32)
    assert (caught.value.status, caught.value.code) == (404, 20404)
    assert "was not found" in str(caught.value)


async def test_rate_limit_is_unavailable_with_retry_after(
    client: TwilioClient, state: SandboxState
) -> None:
    # One segment per 100 s: the second send cannot fit, however fast the machine.
    state.rate_limit = 0.01
    await client.create_message(to=CUSTOMER, from_=SHOP, body="first")
    with pytest.raises(ProviderUnavailable) as caught:
        await client.create_message(to=CUSTOMER, from_=SHOP, body="second")
    assert caught.value.retry_after is not None and caught.value.retry_after > 0
    assert "20429" in caught.value.reason
    # Another sender number has its own budget.
    await client.create_message(to=CUSTOMER, from_="+15145550101", body="other line")
    assert state.rate_violations == 1


async def test_outage_is_unavailable_then_recovers(
    client: TwilioClient, state: SandboxState
) -> None:
    state.start_outage(600)
    with pytest.raises(ProviderUnavailable) as caught:
        await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    assert "503" in caught.value.reason
    assert caught.value.retry_after is not None and caught.value.retry_after > 0
    state.start_outage(0)
    assert (await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")).status == "queued"


async def test_dropped_connection_is_unavailable(client: TwilioClient, state: SandboxState) -> None:
    state.start_drop(600)
    with pytest.raises(ProviderUnavailable):
        await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    state.start_drop(0)
    assert state.ledger() == []
    assert state.dropped_requests == 1


async def test_answer_lost_after_accept_leaves_a_message_to_reconcile(
    client: TwilioClient, state: SandboxState, clock: FakeClock
) -> None:
    state.drop_after_accept = True
    state.start_drop(600)
    with pytest.raises(ProviderUnavailable, match="broke"):
        await client.create_message(to=CUSTOMER, from_=SHOP, body="Your car is ready.")
    state.start_drop(0)
    clock.advance(10)
    since = clock.now - timedelta(minutes=1)
    [found] = [m async for m in client.list_messages(to=CUSTOMER, date_sent_after=since)]
    assert (found.body, found.status) == ("Your car is ready.", "delivered")


async def test_stopped_server_is_unavailable(own_sandbox: SandboxServer) -> None:
    sandbox, state = own_sandbox, own_sandbox.state
    async with TwilioClient(state.account_sid, state.auth_token, sandbox.base_url) as client:
        await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
        sandbox.stop()
        with pytest.raises(ProviderUnavailable) as caught:
            await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    assert f"Could not reach the SMS provider at {sandbox.base_url}" in caught.value.reason


async def _html(request: Request) -> Response:
    status = int(request.path_params["status"])
    return HTMLResponse("<html><body>Bad gateway</body></html>", status_code=status)


@pytest.mark.parametrize(("status", "kind"), [(400, ProviderError), (502, ProviderUnavailable)])
async def test_non_json_error_bodies_still_give_a_sentence(status: int, kind: type) -> None:
    app = Starlette(routes=[Route("/{status}/2010-04-01/{rest:path}", _html, methods=["POST"])])
    with serve_asgi(app) as url:
        async with TwilioClient("AC" + "1" * 32, "token", f"{url}/{status}") as client:
            with pytest.raises(kind) as caught:
                await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    assert str(status) in str(caught.value)
    assert "<html>" not in str(caught.value)


async def test_html_success_is_not_taken_for_a_message() -> None:
    app = Starlette(routes=[Route("/{status}/2010-04-01/{rest:path}", _html, methods=["POST"])])
    with serve_asgi(app) as url:
        async with TwilioClient("AC" + "1" * 32, "token", f"{url}/201") as client:
            with pytest.raises(ProviderError, match="cannot read"):
                await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")


async def test_requests_carry_auth_and_headers() -> None:
    seen: dict[str, str] = {}

    async def record(request: Request) -> Response:
        seen.update(request.headers)
        return Response(status_code=404)

    app = Starlette(routes=[Route("/{rest:path}", record)])
    with serve_asgi(app) as url:
        async with TwilioClient("AC" + "1" * 32, "secret", url) as client:
            with pytest.raises(ProviderError):
                await client.fetch_message("SM" + "2" * 32)
    assert seen["accept"] == "application/json"
    assert seen["user-agent"].startswith("tui-sms/")
    assert seen["authorization"].startswith("Basic ")
