"""The sandbox's latency knob: a provider some distance away, for benchmarks and demos."""

from __future__ import annotations

import httpx

from tui_sms.provider.twilio import TwilioClient


async def test_latency_is_set_through_config_and_requests_still_answer(sandbox):
    config = httpx.post(
        f"{sandbox.base_url}/sandbox/config",
        json={"latency": 0.02},
        headers=sandbox.control_headers,
    ).json()
    assert config["latency"] == 0.02
    async with TwilioClient(
        sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url
    ) as client:
        sent = await client.create_message(to="+15142361201", from_="+14386013562", body="Hi")
        assert (await client.fetch_message(sent.sid)).body == "Hi"
    bad = httpx.post(
        f"{sandbox.base_url}/sandbox/config", json={"latency": -1}, headers=sandbox.control_headers
    )
    assert bad.status_code == 400
