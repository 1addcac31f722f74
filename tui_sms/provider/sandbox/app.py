"""The sandbox as an ASGI app: Twilio's Messages endpoints plus `/sandbox/...` controls."""

from __future__ import annotations

import asyncio
import base64
import binascii
import secrets
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui_sms.provider.sandbox.account_api import AccountApi
from tui_sms.provider.sandbox.control import SandboxControls
from tui_sms.provider.sandbox.state import SandboxError, SandboxMessage, SandboxState
from tui_sms.provider.sandbox.wire import (
    API_VERSION,
    DateSentFilter,
    InvalidParameter,
    account_path,
    error_response,
    message_json,
)

_FILTER_NAMES = ("To", "From", "DateSent", "DateSent<", "DateSent>")
# Twilio documents no specific code for a malformed list filter or ValidityPeriod.
_INVALID_PARAMETER = 20001


def create_app(state: SandboxState) -> Starlette:
    api = _MessagesApi(state)
    controls = SandboxControls(state)
    account = AccountApi(state, api.authenticate)
    base = f"/{API_VERSION}/Accounts/{{account_sid}}"
    routes = [
        Route(f"{base}.json", account.account, methods=["GET"]),
        Route(f"{base}/IncomingPhoneNumbers.json", account.phone_numbers, methods=["GET"]),
        Route(f"{base}/Messages.json", api.collection, methods=["GET", "POST"]),
        Route(f"{base}/Messages/{{sid}}.json", api.instance, methods=["GET", "POST", "DELETE"]),
        Route("/sandbox/inbound", controls.inbound, methods=["POST"]),
        Route("/sandbox/ledger", controls.ledger, methods=["GET"]),
        Route("/sandbox/config", controls.config, methods=["GET", "POST"]),
        Route("/sandbox/stats", controls.stats, methods=["GET"]),
        Route("/sandbox/reset", controls.reset, methods=["POST"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(_FaultInjection, state=state)],
        exception_handlers={HTTPException: _http_error},
    )


def _sandbox_error(exc: SandboxError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.retry_after)


def _not_found(request: Request) -> JSONResponse:
    return error_response(404, 20404, f"The requested resource {request.url.path} was not found")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _not_found(request)
    if exc.status_code == 405:
        return error_response(405, 20004, "Method not allowed")
    return error_response(exc.status_code, None, str(exc.detail))


class _FaultInjection:
    """Outage and drop modes, applied to the Twilio routes only so controls keep working.

    Drop mode breaks the connection before the request is handled, or after it with
    `drop_after_accept`: a message sent then, and an answer that never arrives, which is
    what reconciliation exists for.
    """

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(f"/{API_VERSION}/"):
            await self.app(scope, receive, send)
            return
        latency = self.state.latency
        if latency > 0:
            # The request travels, the provider acts, the answer travels back.
            await asyncio.sleep(latency)
            answered = send

            async def send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    await asyncio.sleep(latency)
                await answered(message)

        if self.state.drop_remaining() > 0:
            self.state.dropped_requests += 1
            if self.state.drop_after_accept:
                await self.app(scope, receive, _discard)
            # Headers promising a body that never comes: the server closes the connection
            # when the app returns, and the client sees a broken transfer, not an answer.
            await send(
                {
                    "type": "http.response.start",
                    "status": 502,
                    "headers": [(b"content-length", b"64")],
                }
            )
            return
        remaining = self.state.outage_remaining()
        if remaining > 0:
            self.state.outage_responses += 1
            response = error_response(503, 20503, "Service Unavailable", retry_after=remaining)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _discard(message: Message) -> None:
    """Swallows a response, so the request takes effect but its answer is lost."""


class _MessagesApi:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    async def collection(self, request: Request) -> Response:
        denied = self.authenticate(request)
        if denied is not None:
            return denied
        if request.method == "POST":
            return await self._create(request)
        try:
            return self._list(request)
        except InvalidParameter as exc:
            return error_response(400, _INVALID_PARAMETER, str(exc))

    async def instance(self, request: Request) -> Response:
        denied = self.authenticate(request)
        if denied is not None:
            return denied
        sid = request.path_params["sid"]
        try:
            if request.method == "DELETE":
                self.state.delete(sid)
                return Response(status_code=204)
            if request.method == "POST":
                return await self._update(request, sid)
            message = self.state.get(sid)
            if message is None:
                raise SandboxError(20404, resource=request.url.path)
        except SandboxError as exc:
            if exc.code == 20404:
                return _not_found(request)
            return _sandbox_error(exc)
        return JSONResponse(message_json(self.state, message))

    def authenticate(self, request: Request) -> Response | None:
        user, password = _basic_credentials(request.headers.get("authorization", ""))
        expected = self.state.account_sid
        ok = (
            secrets.compare_digest(user.encode(), expected.encode())
            and secrets.compare_digest(password.encode(), self.state.auth_token.encode())
            and request.path_params.get("account_sid") == expected
        )
        return None if ok else error_response(401, 20003, "Authenticate")

    async def _create(self, request: Request) -> Response:
        form = await request.form()
        fields = {name: str(value) for name, value in form.items()}
        validity = fields.get("ValidityPeriod")
        if validity is not None and not (validity.isdigit() and 1 <= int(validity) <= 36000):
            return error_response(400, _INVALID_PARAMETER, f"Invalid ValidityPeriod: {validity}")
        try:
            message = self.state.create_outbound(
                to=fields.get("To", "").strip(),
                from_=fields.get("From", "").strip(),
                body=fields.get("Body", ""),
                status_callback=fields.get("StatusCallback"),
                validity_period=int(validity) if validity else None,
                smart_encoding=fields.get("SmartEncoded", "").lower() == "true",
            )
        except SandboxError as exc:
            return _sandbox_error(exc)
        return JSONResponse(message_json(self.state, message), status_code=201)

    async def _update(self, request: Request, sid: str) -> Response:
        form = await request.form()
        if form.get("Status") == "canceled":
            self.state.cancel(sid)
        if form.get("Body") == "":
            message = self.state.redact(sid)
        else:
            message = self.state.get(sid)
            if message is None:
                raise SandboxError(20404, resource=sid)
        return JSONResponse(message_json(self.state, message))

    def _list(self, request: Request) -> Response:
        query = request.query_params
        page_size = _int_param(query, "PageSize", 50, 1, 1000)
        page = _int_param(query, "Page", 0, 0, 10**9)
        token = query.get("PageToken", "")
        date_sent = DateSentFilter(dict(query))
        to, from_ = query.get("To"), query.get("From")
        now = self.state.now()
        matching = [
            m
            for m in self.state.newest_first()
            if (not to or m.to == to)
            and (not from_ or m.from_ == from_)
            and date_sent.matches(m.snapshot(now)[2])
        ]
        items = _page_of(matching, page, page_size, token)
        more_after = bool(items) and items[-1] is not matching[-1]

        filters = [(name, query[name]) for name in _FILTER_NAMES if query.get(name)]
        path = f"{account_path(self.state.account_sid)}/Messages.json"

        def uri(page_number: int, page_token: str | None = None) -> str:
            pairs = [*filters, ("PageSize", str(page_size)), ("Page", str(page_number))]
            if page_token:
                pairs.append(("PageToken", page_token))
            return f"{path}?{urlencode(pairs)}"

        start = page * page_size
        body: dict[str, Any] = {
            "first_page_uri": uri(0),
            "end": start + max(len(items) - 1, 0),
            "previous_page_uri": (
                uri(page - 1, f"PB{items[0].seq:x}") if page > 0 and items else None
            ),
            "messages": [message_json(self.state, m) for m in items],
            "uri": uri(page, token or None),
            "page_size": page_size,
            "start": start,
            "next_page_uri": uri(page + 1, f"PA{items[-1].seq:x}") if more_after else None,
            "page": page,
        }
        return JSONResponse(body)


def _page_of(
    newest_first: list[SandboxMessage], page: int, page_size: int, token: str
) -> list[SandboxMessage]:
    # Tokens hold a message sequence number, so paging stays put while new messages
    # arrive at the front of the list; a bare Page number falls back to an offset.
    try:
        anchor = int(token[2:], 16) if token[:2] in ("PA", "PB") else None
    except ValueError:
        raise InvalidParameter("PageToken", token) from None
    if anchor is None:
        return newest_first[page * page_size : (page + 1) * page_size]
    if token.startswith("PA"):
        return [m for m in newest_first if m.seq < anchor][:page_size]
    return [m for m in newest_first if m.seq > anchor][-page_size:]


def _int_param(query: Any, name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidParameter(name, raw)
    return int(raw)


def _basic_credentials(header: str) -> tuple[str, str]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    user, _, password = decoded.partition(":")
    return user, password
