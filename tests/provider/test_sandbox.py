"""The sandbox's wire format and behaviour, read over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.provider.conftest import CUSTOMER, SHOP, FakeClock, eventually
from tui_sms.provider.base import ProviderError, ProviderUnavailable
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.twilio import TwilioClient

# twilio-python's Page.META_KEYS: a list page must have exactly one key outside them.
META_KEYS = {
    "end",
    "first_page_uri",
    "next_page_uri",
    "last_page_uri",
    "page",
    "page_size",
    "previous_page_uri",
    "total",
    "num_pages",
    "start",
    "uri",
}
MESSAGE_FIELDS = {
    "sid",
    "account_sid",
    "api_version",
    "body",
    "to",
    "from",
    "num_segments",
    "num_media",
    "price",
    "price_unit",
    "error_code",
    "error_message",
    "direction",
    "date_created",
    "date_updated",
    "date_sent",
    "messaging_service_sid",
    "status",
    "uri",
    "subresource_uris",
}


@pytest.fixture
async def http(sandbox: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    state = sandbox.state
    auth = (state.account_sid, state.auth_token)
    async with httpx.AsyncClient(
        base_url=sandbox.base_url, auth=auth, headers=sandbox.control_headers
    ) as raw:
        yield raw


def messages_path(state: SandboxState) -> str:
    return f"/2010-04-01/Accounts/{state.account_sid}/Messages.json"


async def send(http: httpx.AsyncClient, state: SandboxState, body: str, to: str = CUSTOMER):
    response = await http.post(messages_path(state), data={"To": to, "From": SHOP, "Body": body})
    assert response.status_code == 201, response.text
    return response.json()


async def test_message_json_has_every_field_with_twilio_types(
    http: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    created = await send(http, state, "Oil change done.")
    assert set(created) == MESSAGE_FIELDS
    assert (created["num_segments"], created["num_media"]) == ("1", "0")
    assert created["date_created"] == "Tue, 05 Mar 2024 14:30:00 +0000"
    assert created["api_version"] == "2010-04-01"
    assert created["uri"] == f"{messages_path(state)[:-5]}/{created['sid']}.json"
    clock.advance(10)
    fetched = (await http.get(created["uri"])).json()
    assert fetched["status"] == "delivered"
    assert fetched["price"] == "-0.00790"
    assert state.account_sid.startswith("AC") and len(state.account_sid) == 34


async def test_status_reaches_delivered_on_the_real_clock(
    client: TwilioClient, state: SandboxState
) -> None:
    state.reset(status_delays=(0.05, 0.05, 0.05))
    sid = (await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")).sid
    seen: list[str] = []

    async def delivered() -> bool:
        seen.append((await client.fetch_message(sid)).status)
        return seen[-1] == "delivered"

    await eventually(delivered)
    assert set(seen) <= {"queued", "sending", "sent", "delivered"}


async def test_undeliverable_number_ends_undelivered_with_30003(
    client: TwilioClient, state: SandboxState, clock: FakeClock
) -> None:
    state.undeliverable.add(CUSTOMER)
    sid = (await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")).sid
    assert (await client.fetch_message(sid)).error_code is None
    clock.advance(10)
    message = await client.fetch_message(sid)
    assert (message.status, message.error_code) == ("undelivered", 30003)


@pytest.mark.parametrize("as_json", [False, True])
async def test_injected_inbound_is_listed_as_received(
    http: httpx.AsyncClient, client: TwilioClient, as_json: bool
) -> None:
    fields = {"From": CUSTOMER, "To": SHOP, "Body": "Is my car ready?"}
    response = await (
        http.post("/sandbox/inbound", json=fields)
        if as_json
        else http.post("/sandbox/inbound", data=fields)
    )
    assert response.status_code == 201
    [message] = [m async for m in client.list_messages(to=SHOP)]
    assert (message.direction, message.status, message.is_inbound) == ("inbound", "received", True)
    assert (message.from_, message.body) == (CUSTOMER, "Is my car ready?")
    assert message.sid == response.json()["sid"]
    assert message.date_sent is not None


async def test_stop_blocks_the_pair_until_start(
    http: httpx.AsyncClient, client: TwilioClient, state: SandboxState
) -> None:
    await http.post("/sandbox/inbound", data={"From": CUSTOMER, "To": SHOP, "Body": " Stop "})
    assert state.is_opted_out(CUSTOMER, SHOP)
    with pytest.raises(ProviderError) as caught:
        await client.create_message(to=CUSTOMER, from_=SHOP, body="Your car is ready.")
    assert (caught.value.status, caught.value.code) == (400, 21610)
    # Only that pair: our other number may still text them.
    await client.create_message(to=CUSTOMER, from_="+15145550101", body="hello")
    # A sentence that merely contains the word is not a keyword.
    await http.post("/sandbox/inbound", data={"From": CUSTOMER, "To": SHOP, "Body": "start now"})
    with pytest.raises(ProviderError):
        await client.create_message(to=CUSTOMER, from_=SHOP, body="Your car is ready.")
    await http.post("/sandbox/inbound", data={"From": CUSTOMER, "To": SHOP, "Body": "start"})
    await client.create_message(to=CUSTOMER, from_=SHOP, body="Your car is ready.")
    assert not state.is_opted_out(CUSTOMER, SHOP)


@pytest.mark.parametrize("word", ["STOPALL", "unsubscribe", "Cancel", "END", "quit", "arret"])
async def test_every_opt_out_word_blocks(http: httpx.AsyncClient, word: str) -> None:
    await http.post("/sandbox/inbound", data={"From": CUSTOMER, "To": SHOP, "Body": word})
    state_stats = (await http.get("/sandbox/stats")).json()
    assert state_stats["opted_out_pairs"] == 1


async def test_ledger_lists_what_was_accepted(
    http: httpx.AsyncClient, client: TwilioClient, state: SandboxState
) -> None:
    first = await client.create_message(to=CUSTOMER, from_=SHOP, body="one")
    await client.create_message(to="+15145550124", from_=SHOP, body="two " * 50)
    await http.post("/sandbox/inbound", data={"From": CUSTOMER, "To": SHOP, "Body": "thanks"})
    with pytest.raises(ProviderError):
        await client.create_message(to="+15005550001", from_=SHOP, body="refused")
    await http.post(f"{messages_path(state)[:-5]}/{first.sid}.json", data={"Body": ""})

    ledger = (await http.get("/sandbox/ledger")).json()["messages"]
    assert [(m["to"], m["body"], m["num_segments"]) for m in ledger] == [
        (CUSTOMER, "one", 1),
        ("+15145550124", "two " * 50, 2),
    ]
    assert ledger[0]["sid"] == first.sid
    assert ledger[0]["from"] == SHOP
    assert ledger[0]["status"] == "queued"
    assert ledger[0]["date_created"].endswith("+0000")
    assert (await client.fetch_message(first.sid)).body == ""  # redacted on the API only


async def test_list_envelope_pages_with_relative_uris(
    http: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    for n in range(5):
        await send(http, state, f"m{n}")
        clock.advance(1)

    first = (await http.get(messages_path(state), params={"PageSize": "2"})).json()
    [records_key] = set(first) - META_KEYS
    assert records_key == "messages"
    assert first["previous_page_uri"] is None
    assert (first["page"], first["page_size"], first["start"], first["end"]) == (0, 2, 0, 1)
    assert first["next_page_uri"].startswith(f"/2010-04-01/Accounts/{state.account_sid}/")

    await send(http, state, "arrives while paging")
    pages = [first]
    while pages[-1]["next_page_uri"]:
        pages.append((await http.get(pages[-1]["next_page_uri"])).json())
    bodies = [m["body"] for page in pages for m in page["messages"]]
    assert bodies == ["m4", "m3", "m2", "m1", "m0"]
    assert [p["page"] for p in pages] == [0, 1, 2]

    back = (await http.get(pages[1]["previous_page_uri"])).json()
    assert [m["body"] for m in back["messages"]] == ["m4", "m3"]


async def test_list_filters_accept_dates_and_datetimes(
    http: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    await send(http, state, "tuesday")  # sent Tue 2024-03-05 14:30:02
    clock.advance(86400)
    await send(http, state, "wednesday")
    clock.advance(10)

    async def bodies(query: str) -> list[str]:
        response = await http.get(f"{messages_path(state)}?{query}")
        assert response.status_code == 200, response.text
        return [m["body"] for m in response.json()["messages"]]

    assert await bodies("DateSent=2024-03-05") == ["tuesday"]
    assert await bodies("DateSent=2024-03-05T00:00:00Z") == ["tuesday"]  # twilio-python's form
    assert await bodies("DateSent%3E=2024-03-06") == ["wednesday"]
    assert await bodies("DateSent>=2024-03-05") == ["wednesday", "tuesday"]
    assert await bodies("DateSent<=2024-03-05") == ["tuesday"]
    assert await bodies("DateSent%3E=2024-03-05T14:30:03Z") == ["wednesday"]
    assert await bodies("DateSent%3C=2024-03-05T14:30:02Z") == ["tuesday"]
    response = await http.get(f"{messages_path(state)}?DateSent%3E=yesterday")
    assert response.status_code == 400
    assert "DateSent>" in response.json()["message"]


async def test_auto_reply_arrives_after_delivery(
    client: TwilioClient, state: SandboxState, clock: FakeClock
) -> None:
    state.auto_reply = lambda customer, body: "STOP" if "promo" in body else "See you at 3."
    await client.create_message(to=CUSTOMER, from_=SHOP, body="Can you come at 3?")
    assert [m async for m in client.list_messages(to=SHOP)] == []
    clock.advance(10)
    [reply] = [m async for m in client.list_messages(to=SHOP)]
    assert (reply.from_, reply.body, reply.direction) == (CUSTOMER, "See you at 3.", "inbound")

    await client.create_message(to=CUSTOMER, from_=SHOP, body="Big promo!")
    clock.advance(10)
    with pytest.raises(ProviderError) as caught:
        await client.create_message(to=CUSTOMER, from_=SHOP, body="hello?")
    assert caught.value.code == 21610


async def test_config_endpoint_drives_outages_and_limits(
    http: httpx.AsyncClient, client: TwilioClient
) -> None:
    assert (await http.post("/sandbox/config", json={"outage_seconds": 600})).status_code == 200
    with pytest.raises(ProviderUnavailable):
        await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    config = (await http.post("/sandbox/config", json={"outage_seconds": 0})).json()
    assert config["outage_remaining"] == 0

    await http.post("/sandbox/config", json={"rate_limit": 0.01, "undeliverable": [CUSTOMER]})
    await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    with pytest.raises(ProviderUnavailable):
        await client.create_message(to=CUSTOMER, from_=SHOP, body="hi")
    stats = (await http.get("/sandbox/stats")).json()
    assert (stats["rate_violations"], stats["outage_responses"]) == (1, 1)

    bad = await http.post("/sandbox/config", json={"rate_limit": 2, "colour": "red"})
    assert bad.status_code == 400
    assert (await http.get("/sandbox/config")).json()["rate_limit"] == 0.01


async def test_reset_forgets_everything_but_the_account(
    http: httpx.AsyncClient, state: SandboxState
) -> None:
    await send(http, state, "hi")
    await http.post("/sandbox/config", json={"outage_seconds": 600})
    account = state.account_sid
    config = (await http.post("/sandbox/reset")).json()
    assert config["outage_remaining"] == 0
    assert (await http.get("/sandbox/ledger")).json() == {"messages": []}
    assert state.account_sid == account
    assert (await http.get(messages_path(state))).json()["messages"] == []


async def test_cancel_and_delete(http: httpx.AsyncClient, state: SandboxState) -> None:
    created = await send(http, state, "hi")
    canceled = await http.post(created["uri"], data={"Status": "canceled"})
    assert (canceled.status_code, canceled.json()["code"]) == (400, 30409)
    assert (await http.delete(created["uri"])).status_code == 204
    assert (await http.get(created["uri"])).json()["code"] == 20404
    assert len((await http.get("/sandbox/ledger")).json()["messages"]) == 1


async def test_errors_are_twilio_json_never_rfc9457(
    http: httpx.AsyncClient, sandbox: SandboxServer, state: SandboxState
) -> None:
    other_account = messages_path(state).replace(state.account_sid, "AC" + "0" * 32)
    cases = [
        (await http.get(other_account), 401, 20003),
        (await http.get("/2010-04-01/Accounts/x/Calls.json"), 404, 20404),
        (await http.put(messages_path(state)), 405, 20004),
        (await http.post(messages_path(state), data={"To": CUSTOMER, "Body": "x"}), 400, 21603),
    ]
    for response, status, code in cases:
        body = response.json()
        assert (response.status_code, body["status"], body["code"]) == (status, status, code)
        assert not {"type", "title"} & set(body)


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
async def test_controls_refuse_a_request_without_the_control_token(
    sandbox: SandboxServer, state: SandboxState, token: str | None
) -> None:
    headers = {} if token is None else {"X-Sandbox-Token": token}
    async with httpx.AsyncClient(base_url=sandbox.base_url, headers=headers) as stranger:
        for method, path in [
            ("POST", "/sandbox/inbound"),
            ("GET", "/sandbox/ledger"),
            ("POST", "/sandbox/config"),
            ("POST", "/sandbox/reset"),
        ]:
            answer = await stranger.request(method, path, data={"From": CUSTOMER, "To": SHOP})
            assert answer.status_code == 403, path
    assert state.stats()["inbound"] == 0
    assert len(sandbox.control_token) >= 24
