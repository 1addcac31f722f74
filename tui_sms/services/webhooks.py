"""Twilio's webhooks beside polling: replies and status callbacks the moment they happen.

Every request is checked with `X-Twilio-Signature` against the *configured* public URL
(Twilio signs the URL it was configured with; a URL rebuilt from the request or from
forwarded headers differs behind a proxy, and trusting those headers lets anyone choose
what is checked). A refused request stores nothing and leaves one log line, without its
body. A reply goes through `inbox.receive_inbound`, the polling path's own code, so STOP,
START and HELP act the same way; the poller's cursor is left alone, so what a webhook
outage missed is still listed by the next poll, and the unique provider sid keeps a
message seen both ways, or retried by Twilio, stored once. See docs/webhooks.md.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import uvicorn
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tui_sms.config import Settings, WebhookSettings
from tui_sms.provider.base import ProviderMessage
from tui_sms.provider.signature import validate_signature
from tui_sms.services import inbox
from tui_sms.services.statuses import apply_provider_report
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, utcnow

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio reads the answer to an inbound webhook as TwiML: an empty Response sends nothing.
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
# The sandbox's account when none is configured (the same default as the provider's).
SANDBOX_ACCOUNT = ("AC" + "0" * 32, "sandbox")
# Statuses after which a message has left us: a callback carrying one dates `sent_at`.
_LEFT = frozenset({"sent", "delivered", "undelivered", "read"})


@dataclass(frozen=True)
class Account:
    sid: str
    auth_token: str


def accounts_from(settings: Settings) -> list[Account]:
    """The accounts whose webhooks we take: the provider's, as it signs in to the API."""
    provider = settings.provider
    if provider.kind == "twilio":
        return [Account(provider.account_sid, provider.auth_token)]
    sid, token = SANDBOX_ACCOUNT
    return [Account(provider.account_sid or sid, provider.auth_token or token)]


class Refused(Exception):
    """A request we do not act on; `reason` goes to the log, never the body."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WebhookHandler:
    """Checks and records the two webhooks; each one is a single short transaction."""

    def __init__(self, engine: Engine, public_url: str, accounts: Iterable[Account]) -> None:
        self.engine = engine
        self.public_url = public_url.rstrip("/")
        self.accounts = {account.sid: account for account in accounts if account.sid}

    async def inbound(self, request: Request) -> Response:
        return await self._handle(request, "inbound", self._store_inbound)

    async def status(self, request: Request) -> Response:
        return await self._handle(request, "status", self._record_status)

    async def _handle(
        self, request: Request, kind: str, work: Callable[[dict[str, str]], None]
    ) -> Response:
        try:
            form = await request.form()
        except Exception:  # a body that is not a form is as good as unsigned
            form = FormData()
        try:
            fields = await asyncio.to_thread(self._checked, request, kind, form)
            await asyncio.to_thread(work, fields)
        except Refused as refused:
            client = request.client.host if request.client else "?"
            log.warning("webhook %s refused from %s: %s", kind, client, refused.reason)
            return Response("Forbidden", status_code=403, media_type="text/plain")
        if kind == "inbound":
            return Response(EMPTY_TWIML, media_type="text/xml")
        return Response(status_code=204)

    def _checked(self, request: Request, kind: str, form: FormData) -> dict[str, str]:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            raise Refused("no X-Twilio-Signature header")
        fields = {name: str(value) for name, value in form.multi_items()}
        # Our number is To on a reply and From on a status callback.
        ours = fields.get("To" if kind == "inbound" else "From", "")
        account = self._account_for(fields.get("AccountSid", ""), ours)
        if account is None:
            raise Refused("neither the AccountSid nor our number belongs to a known account")
        url = f"{self.public_url}/{kind}"
        if request.url.query:
            url += "?" + request.url.query
        pairs = [(name, str(value)) for name, value in form.multi_items()]
        if not validate_signature(account.auth_token, url, pairs, signature):
            raise Refused(f"the signature does not match {url}")
        if not fields.get("MessageSid"):
            raise Refused("a signed request without MessageSid")
        return fields

    def _account_for(self, account_sid: str, our_number: str) -> Account | None:
        """By AccountSid; else, a request naming one of our numbers in any pool is the
        shop's own account (one installation, one account), Messaging Service or not."""
        if account_sid in self.accounts:
            return self.accounts[account_sid]
        if account_sid or not our_number or len(self.accounts) != 1:
            return None
        with session_scope(self.engine) as session:
            numbers = {n.number for n in queries.all_sender_numbers(session)}
        return next(iter(self.accounts.values())) if our_number in numbers else None

    def _store_inbound(self, fields: dict[str, str]) -> None:
        now = utcnow()
        incoming = ProviderMessage(
            sid=fields["MessageSid"],
            status="received",
            direction="inbound",
            from_=fields.get("From", ""),
            to=fields.get("To", ""),
            body=fields.get("Body", ""),
            num_segments=_int(fields.get("NumSegments")) or 0,
            price=None,
            price_unit=None,
            error_code=None,
            error_message=None,
            date_created=now,
            date_updated=now,
            date_sent=now,
        )
        if not incoming.from_:
            raise Refused("a signed reply without From")
        try:
            with session_scope(self.engine) as session:
                _receive(session, incoming)
        except IntegrityError:
            pass  # the poller, or a retry of this same request, stored it a moment ago

    def _record_status(self, fields: dict[str, str]) -> None:
        status = fields.get("MessageStatus") or fields.get("SmsStatus") or ""
        if not status:
            raise Refused("a signed status callback without MessageStatus")
        with session_scope(self.engine) as session:
            _apply_callback(session, fields["MessageSid"], status, fields, utcnow())


def _receive(session: Session, incoming: ProviderMessage) -> None:
    shop = queries.lock_shop(session)
    if shop is None:
        return  # no shop yet: the poller stores it once there is one
    inbox.receive_inbound(session, shop, incoming)


def _apply_callback(
    session: Session, sid: str, status: str, fields: dict[str, str], now: datetime
) -> None:
    message = queries.message_by_sid(session, sid)
    # Unknown: the callback overtook the answer to our own request; the poller follows it.
    if message is None or message.direction == Direction.INBOUND:
        return
    report = ProviderMessage(
        sid=sid,
        status=status,
        direction="outbound-api",
        from_=fields.get("From", ""),
        to=fields.get("To", ""),
        body="",
        num_segments=_int(fields.get("NumSegments")) or 0,
        price=None,
        price_unit=None,
        error_code=_int(fields.get("ErrorCode")),
        error_message=None,
        date_created=now,
        date_updated=now,
        date_sent=now if status in _LEFT else None,
    )
    # The life cycle only moves forward (domain/status.py): a late "sent" after
    # "delivered" changes nothing.
    apply_provider_report(session, message, report, now)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def create_webhook_app(handler: WebhookHandler) -> Starlette:
    """POST {public_url}/inbound and /status. A proxy may pass the public URL's path on or
    strip it, so both are served; the signature still names the configured URL."""
    from urllib.parse import urlsplit

    prefix = urlsplit(handler.public_url).path.rstrip("/")
    prefixes = {prefix, ""}
    routes = [
        route
        for p in sorted(prefixes)
        for route in (
            Route(f"{p}/inbound", handler.inbound, methods=["POST"]),
            Route(f"{p}/status", handler.status, methods=["POST"]),
        )
    ]
    return Starlette(routes=routes)


class WebhookServer:
    """The webhook app on uvicorn, in the caller's event loop (the worker's)."""

    def __init__(self, engine: Engine, settings: WebhookSettings, accounts: list[Account]) -> None:
        self.settings = settings
        self.handler = WebhookHandler(engine, settings.public_url, accounts)
        self.app = create_webhook_app(self.handler)
        self.host, self.port = settings.listen_address()
        self._server: uvicorn.Server | None = None

    def bind(self) -> socket.socket:
        """Bind now, so a port in use is one sentence before anything starts; port 0 picks one."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        return sock

    @property
    def local_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def started(self) -> bool:
        return self._server is not None and self._server.started

    async def serve(self, sock: socket.socket, stop: asyncio.Event) -> None:
        config = uvicorn.Config(
            self.app, log_config=None, log_level="warning", access_log=False, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        # uvicorn installs its own signal handlers only in run(); the worker owns them here.
        serving = asyncio.create_task(self._server.serve(sockets=[sock]))
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._server.should_exit = True
            stopping.cancel()
            await serving
            sock.close()
