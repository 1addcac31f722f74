"""The Provider contract over Twilio's 2010-04-01 REST API, with httpx.

The same client talks to api.twilio.com and to the local sandbox: only `base_url` changes.
"""

from __future__ import annotations

import platform
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from tui_sms import __version__
from tui_sms.provider.base import (
    ProviderAccount,
    ProviderError,
    ProviderMessage,
    ProviderNumber,
    ProviderUnavailable,
)
from tui_sms.provider.http_pools import PooledClient

TWILIO_BASE_URL = "https://api.twilio.com"
# Failures that happen before a request leaves: the provider cannot have acted on it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
API_VERSION = "2010-04-01"
USER_AGENT = (
    f"tui-sms/{__version__} (httpx/{httpx.__version__}; Python/{platform.python_version()})"
)


class TwilioClient:
    """Sends and reads messages of one Twilio account (or of the sandbox)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        base_url: str = TWILIO_BASE_URL,
        *,
        timeout: float = 10.0,
    ) -> None:
        self.account_sid = account_sid
        self.base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._account = f"/{API_VERSION}/Accounts/{quote(account_sid, safe='')}"
        self._messages = f"{self._account}/Messages"
        self._http = PooledClient(
            base_url=self.base_url,
            auth=httpx.BasicAuth(account_sid, auth_token),
            headers={
                "Accept": "application/json",
                "Accept-Charset": "utf-8",
                "User-Agent": USER_AGENT,
            },
            timeout=timeout,
        )

    async def __aenter__(self) -> TwilioClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def create_message(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str | None = None,
        validity_period: int | None = None,
    ) -> ProviderMessage:
        form = {"To": to, "From": from_, "Body": body}
        if status_callback:
            form["StatusCallback"] = status_callback
        if validity_period is not None:
            form["ValidityPeriod"] = str(validity_period)
        response, payload = await self._request("POST", f"{self._messages}.json", data=form)
        return _message_from(response, payload)

    async def fetch_message(self, sid: str) -> ProviderMessage:
        url = f"{self._messages}/{quote(sid, safe='')}.json"
        response, payload = await self._request("GET", url)
        return _message_from(response, payload)

    async def list_messages(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent_after: datetime | None = None,
        page_size: int = 50,
    ) -> AsyncIterator[ProviderMessage]:
        """Every matching message, newest first, following `next_page_uri`."""
        query: dict[str, str] = {}
        if to:
            query["To"] = to
        if from_:
            query["From"] = from_
        if date_sent_after is not None:
            # Twilio documents a GMT date; its own library sends a full UTC time. Read
            # either way, every message sent since then is listed (a date only widens it).
            query["DateSent>"] = _utc(date_sent_after).strftime("%Y-%m-%dT%H:%M:%SZ")
        query["PageSize"] = str(min(max(page_size, 1), 1000))
        url: str | None = f"{self._messages}.json"
        params: dict[str, str] | None = query
        fetched: set[str] = set()
        while url:
            fetched.add(url)
            response, payload = await self._request("GET", url, params=params)
            records = payload.get("messages")
            if not isinstance(records, list):
                raise _unreadable(response, "a page without a list of messages")
            for record in records:
                yield _message_from(response, record)
            # Later pages carry the filters in their URI already.
            url, params = self._next_page(response, payload.get("next_page_uri")), None
            if url in fetched:
                raise _unreadable(response, "paging that goes round in a circle")

    async def fetch_account(self) -> ProviderAccount:
        """The account the credentials belong to (wrong ones: ProviderError 401, 20003)."""
        response, payload = await self._request("GET", f"{self._account}.json")
        try:
            return ProviderAccount(
                sid=str(payload["sid"]),
                friendly_name=str(payload.get("friendly_name") or ""),
                status=str(payload.get("status") or ""),
                type=str(payload.get("type") or ""),
            )
        except (KeyError, TypeError) as exc:
            raise _unreadable(response, f"an account record that does not parse ({exc})") from exc

    async def list_phone_numbers(self, *, page_size: int = 50) -> list[ProviderNumber]:
        """Every phone number the account owns, following `next_page_uri`."""
        url: str | None = f"{self._account}/IncomingPhoneNumbers.json"
        params: dict[str, str] | None = {"PageSize": str(min(max(page_size, 1), 1000))}
        fetched: set[str] = set()
        numbers: list[ProviderNumber] = []
        while url:
            fetched.add(url)
            response, payload = await self._request("GET", url, params=params)
            records = payload.get("incoming_phone_numbers")
            if not isinstance(records, list):
                raise _unreadable(response, "a page without a list of phone numbers")
            for record in records:
                numbers.append(_number_from(response, record))
            url, params = self._next_page(response, payload.get("next_page_uri")), None
            if url in fetched:
                raise _unreadable(response, "paging that goes round in a circle")
        return numbers

    def _next_page(self, response: httpx.Response, uri: Any) -> str | None:
        if not uri:
            return None
        target = httpx.URL(str(uri))
        # Credentials go with every request; never follow a link to some other host.
        if target.is_absolute_url:
            base = httpx.URL(self.base_url)
            if (target.scheme, target.host, target.port) != (base.scheme, base.host, base.port):
                raise _unreadable(response, f"a next page on another server ({target.host})")
        return str(uri)

    async def _request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
    ) -> tuple[httpx.Response, dict[str, Any]]:
        try:
            response = await self._http.request(method, url, params=params, data=data)
        except httpx.TimeoutException as exc:
            raise ProviderUnavailable(
                f"The SMS provider did not answer within {self._timeout:g} seconds.",
                ambiguous=not isinstance(exc, _NOT_SENT),
            ) from exc
        except httpx.ConnectError as exc:
            raise ProviderUnavailable(
                f"Could not reach the SMS provider at {self.base_url} ({_detail(exc)}).",
                ambiguous=False,
            ) from exc
        except httpx.RequestError as exc:
            # The request may have been acted on before the connection broke.
            raise ProviderUnavailable(
                f"The connection to the SMS provider at {self.base_url} broke ({_detail(exc)}).",
                ambiguous=not isinstance(exc, _NOT_SENT),
            ) from exc
        if not response.is_success:
            raise _error_for(response)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise _unreadable(response, "an answer that is not a JSON object")
        return response, payload


def _error_for(response: httpx.Response) -> ProviderError | ProviderUnavailable:
    status = response.status_code
    try:
        payload = response.json()
    except ValueError:
        payload = None
    twilio = payload if isinstance(payload, dict) else {}
    try:
        code = _int(twilio.get("code"))
    except (TypeError, ValueError):
        code = None
    message = str(twilio.get("message") or "").strip()
    if status == 429 or status >= 500:
        what = "asked us to slow down" if status == 429 else "is unavailable"
        said = f": {message}" if message else ""
        error = f", error {code}" if code else ""
        return ProviderUnavailable(
            f"The SMS provider {what} (HTTP {status}{error}){said}.",
            _retry_after(response.headers.get("Retry-After")),
            status=status,
        )
    if not message:
        message = f"The SMS provider refused the request (HTTP {status} {response.reason_phrase})."
    return ProviderError(status, code, message, str(twilio.get("more_info") or ""))


def _detail(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _unreadable(response: httpx.Response, what: str) -> ProviderError:
    return ProviderError(
        response.status_code, None, f"The SMS provider sent {what}; this program cannot read it."
    )


def _message_from(response: httpx.Response, record: Any) -> ProviderMessage:
    try:
        return parse_message(record)
    except (KeyError, TypeError, ValueError) as exc:
        raise _unreadable(response, f"a message record that does not parse ({exc})") from exc


def _number_from(response: httpx.Response, record: Any) -> ProviderNumber:
    try:
        capabilities = record.get("capabilities") or {}
        return ProviderNumber(
            sid=str(record["sid"]),
            phone_number=str(record["phone_number"]),
            friendly_name=str(record.get("friendly_name") or ""),
            sms=capabilities.get("sms") is True,
            mms=capabilities.get("mms") is True,
            voice=capabilities.get("voice") is True,
        )
    except (AttributeError, KeyError, TypeError) as exc:
        raise _unreadable(response, f"a phone number record that does not parse ({exc})") from exc


def parse_message(record: dict[str, Any]) -> ProviderMessage:
    """A Twilio Message resource (JSON) as a ProviderMessage.

    Counts and prices arrive as strings and dates in RFC 2822; nearly every field may be
    null (`from` stays null until a Messaging Service picks a sender).
    """
    if not isinstance(record, dict) or not record.get("sid"):
        raise ValueError("no sid")
    created = _date(record.get("date_created")) or _date(record.get("date_updated"))
    if created is None:
        raise ValueError("no date_created")
    return ProviderMessage(
        sid=str(record["sid"]),
        status=str(record.get("status") or ""),
        direction=str(record.get("direction") or ""),
        from_=str(record.get("from") or ""),
        to=str(record.get("to") or ""),
        body=str(record.get("body") or ""),
        num_segments=_int(record.get("num_segments")) or 0,
        price=_decimal(record.get("price")),
        price_unit=record.get("price_unit") or None,
        error_code=_int(record.get("error_code")),
        error_message=record.get("error_message") or None,
        date_created=created,
        date_updated=_date(record.get("date_updated")) or created,
        date_sent=_date(record.get("date_sent")),
    )


def _int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    return int(value)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"price {value!r}") from None


def _date(value: Any) -> datetime | None:
    if not value:
        return None
    text = str(value)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return _utc(moment)


def _utc(moment: datetime) -> datetime:
    # Twilio's times are GMT; a time without a zone is read as UTC, never as local time.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (_utc(when) - datetime.now(UTC)).total_seconds()
    return max(seconds, 0.0)
