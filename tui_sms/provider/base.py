"""The provider contract: what services need from an SMS provider, in our own types.

`twilio.TwilioClient` implements it over Twilio's 2010-04-01 REST wire format; the
sandbox speaks the same wire format, so the same client talks to both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

# Statuses the provider reports once a message can no longer change.
FINAL_STATUSES = frozenset({"delivered", "undelivered", "failed", "received", "canceled", "read"})


@dataclass(frozen=True)
class ProviderMessage:
    """One Message resource as the provider reports it."""

    sid: str
    status: str
    direction: str  # "inbound" | "outbound-api" | "outbound-reply" | "outbound-call"
    from_: str
    to: str
    body: str
    num_segments: int
    price: Decimal | None  # negative, as Twilio reports charges (e.g. Decimal("-0.00750"))
    price_unit: str | None
    error_code: int | None
    error_message: str | None
    date_created: datetime  # timezone-aware UTC
    date_updated: datetime
    date_sent: datetime | None

    @property
    def is_inbound(self) -> bool:
        return self.direction == "inbound"


@dataclass(frozen=True)
class ProviderAccount:
    """The Account resource: whose account the credentials open, and whether it may send."""

    sid: str
    friendly_name: str
    status: str  # "active" | "suspended" | "closed"
    type: str  # "Trial" | "Full"


@dataclass(frozen=True)
class ProviderNumber:
    """One IncomingPhoneNumber of the account, with what it can do."""

    sid: str
    phone_number: str  # E.164
    friendly_name: str
    sms: bool
    mms: bool
    voice: bool


class ProviderError(Exception):
    """The provider refused a request with a Twilio error (a final answer: do not retry)."""

    def __init__(self, status: int, code: int | None, message: str, more_info: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.more_info = more_info

    def __str__(self) -> str:
        return f"{self.message} (error {self.code})" if self.code else self.message


class ProviderUnavailable(Exception):
    """The provider could not be reached or asked us to slow down: retry later.

    Raised for connection errors, timeouts, HTTP 5xx and HTTP 429. `retry_after` is the
    provider's Retry-After in seconds when it sent one; `status` the HTTP status, if any.
    `ambiguous` means the request may have reached the provider and been acted on (a
    timeout or a connection lost after sending): a message must be reconciled, not re-sent.
    """

    def __init__(
        self,
        reason: str,
        retry_after: float | None = None,
        *,
        status: int | None = None,
        ambiguous: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.status = status
        self.ambiguous = ambiguous


class Provider(Protocol):
    """What the sender and poller use. All methods are coroutines on an httpx.AsyncClient."""

    async def create_message(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str | None = None,
        validity_period: int | None = None,
    ) -> ProviderMessage: ...

    async def fetch_message(self, sid: str) -> ProviderMessage: ...

    def list_messages(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent_after: datetime | None = None,
        page_size: int = 50,
    ) -> AsyncIterator[ProviderMessage]:
        """Every matching message, newest first, following `next_page_uri`."""
        ...

    async def aclose(self) -> None: ...
