"""Fixtures shared by the service tests: the real Twilio client talking to the sandbox."""

from __future__ import annotations

import pytest

from tui_sms.provider.twilio import TwilioClient


@pytest.fixture
async def provider(sandbox):
    """The httpx client the worker uses, pointed at the sandbox served on loopback."""
    async with TwilioClient(
        sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url
    ) as client:
        yield client
