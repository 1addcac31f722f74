"""The sandbox's Account and IncomingPhoneNumbers resources, read by our httpx client and by
Twilio's own Python SDK (which would reject anything off its wire format)."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tui_sms.provider.base import ProviderError
from tui_sms.provider.sandbox.numbers import DEFAULT_NUMBERS
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.twilio import TwilioClient

SID = "AC" + "5" * 32
TOKEN = "rehearsal-token"


@pytest.fixture
def server():
    state = SandboxState(account_sid=SID, auth_token=TOKEN)
    state.account.add_number("+14386019999", sms=False)
    with SandboxServer(state) as running:
        yield running


def _sdk(server: SandboxServer, token: str = TOKEN) -> Client:
    client = Client(SID, token)
    client.api.base_url = server.base_url
    return client


def test_twilio_sdk_fetches_the_account_and_lists_every_number(server):
    client = _sdk(server)
    account = client.api.accounts(SID).fetch()
    assert (account.sid, account.status, account.type) == (SID, "active", "Full")
    numbers = client.incoming_phone_numbers.list(page_size=3)
    assert [n.phone_number for n in numbers] == [*DEFAULT_NUMBERS, "+14386019999"]
    assert numbers[0].friendly_name == "(438) 601-3562"
    assert [n.capabilities["sms"] for n in numbers] == [True] * 8 + [False]


def test_twilio_sdk_sees_a_wrong_token_as_error_20003(server):
    with pytest.raises(TwilioRestException) as refused:
        _sdk(server, token="wrong").api.accounts(SID).fetch()
    assert (refused.value.status, refused.value.code) == (401, 20003)


async def test_our_client_reads_the_account_and_follows_the_number_pages(server):
    async with TwilioClient(SID, TOKEN, server.base_url) as client:
        account = await client.fetch_account()
        numbers = await client.list_phone_numbers(page_size=2)
    assert (account.sid, account.status, account.friendly_name) == (
        SID,
        "active",
        "tui-sms sandbox",
    )
    assert len(numbers) == 9
    assert numbers[-1].phone_number == "+14386019999"
    assert (numbers[-1].sms, numbers[0].sms) == (False, True)


async def test_a_suspended_account_says_so_and_a_wrong_token_is_refused(server):
    server.state.account.status = "suspended"
    async with TwilioClient(SID, TOKEN, server.base_url) as client:
        assert (await client.fetch_account()).status == "suspended"
    async with TwilioClient(SID, "wrong", server.base_url) as client:
        with pytest.raises(ProviderError) as refused:
            await client.fetch_account()
    assert (refused.value.status, refused.value.code) == (401, 20003)
