"""The sandbox playing Twilio's part for webhooks: signed inbound and status callbacks.

A reply is posted to the inbound URL (Twilio's "A message comes in" setting); a status
change of a message created with `StatusCallback` is posted to that URL, one callback per
status after the initial one, as Twilio does. Each is signed with the account's auth
token over the exact URL it is posted to. Every post is kept, so a test can ask for the
same one again (Twilio retries), or replay an old one after a newer status (out of order).

The poster runs in its own thread, like the server, and looks at the state a few times a
second: the state is clock-driven, so that is when auto-replies are filed and statuses move.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tui_sms.provider.sandbox.state import SandboxMessage, SandboxState
from tui_sms.provider.sandbox.wire import API_VERSION, error_response
from tui_sms.provider.signature import compute_signature

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
# A later status is posted only once every earlier one has been.
_OUTBOUND_STEPS = ("sending", "sent")


@dataclass
class PostedCallback:
    kind: str  # "inbound" | "status"
    url: str
    params: dict[str, str]
    signature: str
    # The HTTP status the target answered each time it was posted; 0: not reachable.
    answers: list[int] = field(default_factory=list)

    def as_json(self, index: int) -> dict[str, Any]:
        return {
            "index": index,
            "kind": self.kind,
            "url": self.url,
            "sid": self.params["MessageSid"],
            "status": self.params.get("MessageStatus", self.params.get("SmsStatus")),
            "answers": list(self.answers),
        }


class WebhookPoster:
    def __init__(
        self, state: SandboxState, *, inbound_url: str = "", interval: float = 0.02
    ) -> None:
        self.state = state
        self.inbound_url = inbound_url
        self.interval = interval
        self.posted: list[PostedCallback] = []
        self._lock = threading.RLock()
        self._scanned_seq = 0
        # Outbound messages with a callback URL and the statuses already posted for them.
        self._following: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._http: httpx.Client | None = None

    # -- running -----------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        # Messages filed before the poster started were never Twilio's to post.
        self._scanned_seq = max((m.seq for m in self.state.newest_first()), default=0)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        self._thread = None
        if self._http is not None:
            self._http.close()
            self._http = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # one bad round must not end the poster
                log.exception("sandbox webhook round failed")

    def tick(self) -> int:
        """Post what happened since the last round; returns how many were posted."""
        with self._lock:
            due = self._due()
        for callback in due:
            self._post(callback)
        return len(due)

    def _due(self) -> list[PostedCallback]:
        now = self.state.now()
        fresh = []
        for message in self.state.newest_first():
            if message.seq <= self._scanned_seq:
                break
            fresh.append(message)
        due: list[PostedCallback] = []
        for message in reversed(fresh):  # oldest first
            self._scanned_seq = max(self._scanned_seq, message.seq)
            if message.is_inbound and self.inbound_url:
                due.append(self._signed("inbound", self.inbound_url, self._inbound(message)))
            elif not message.is_inbound and message.status_callback:
                self._following[message.sid] = 0
        for sid, done in list(self._following.items()):
            message = self.state.get(sid)
            if message is None or message.status_callback is None:
                del self._following[sid]
                continue
            status = message.snapshot(now)[0]
            steps = [*_OUTBOUND_STEPS, message.final_status]
            reached = steps.index(status) + 1 if status in steps else 0
            for step in steps[done:reached]:
                params = self._status(message, step)
                due.append(self._signed("status", message.status_callback, params))
            self._following[sid] = max(done, reached)
            if reached == len(steps):
                del self._following[sid]
        return due

    # -- posting -----------------------------------------------------------------------

    def _signed(self, kind: str, url: str, params: dict[str, str]) -> PostedCallback:
        signature = compute_signature(self.state.auth_token, url, params)
        callback = PostedCallback(kind, url, params, signature)
        self.posted.append(callback)
        return callback

    def _post(self, callback: PostedCallback) -> int:
        if self._http is None:
            self._http = httpx.Client(timeout=15.0)
        try:
            answer = self._http.post(
                callback.url, data=callback.params, headers={SIGNATURE_HEADER: callback.signature}
            )
            code = answer.status_code
        except httpx.HTTPError:
            code = 0  # Twilio's error 11200: the URL did not answer
        callback.answers.append(code)
        return code

    def repost(self, index: int) -> int:
        """Post a callback already posted once more, unchanged (a retry, or out of order)."""
        return self._post(self.posted[index])

    def _inbound(self, message: SandboxMessage) -> dict[str, str]:
        return {
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "SmsMessageSid": message.sid,
            "AccountSid": self.state.account_sid,
            "From": message.from_,
            "To": message.to,
            "Body": message.body,
            "NumMedia": "0",
            "NumSegments": str(message.num_segments),
            "SmsStatus": "received",
            "ApiVersion": API_VERSION,
        }

    def _status(self, message: SandboxMessage, status: str) -> dict[str, str]:
        params = {
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "SmsStatus": status,
            "MessageStatus": status,
            "AccountSid": self.state.account_sid,
            "From": message.from_,
            "To": message.to,
            "ApiVersion": API_VERSION,
        }
        if status in ("failed", "undelivered") and message.error_code:
            params["ErrorCode"] = str(message.error_code)
        if status in ("delivered", "undelivered"):
            params["RawDlrDoneDate"] = self.state.now().strftime("%y%m%d%H%M")
        return params


class WebhookControls:
    """`/sandbox/webhooks`: what was posted, where replies go, and posting one again."""

    def __init__(self, poster: WebhookPoster) -> None:
        self.poster = poster

    async def webhooks(self, request: Request) -> Response:
        if request.method == "POST":
            try:
                data = await request.json()
                url = data["inbound_url"] if isinstance(data, dict) else None
            except (ValueError, KeyError):
                url = None
            if not isinstance(url, str):
                return error_response(400, None, 'Expected {"inbound_url": "http…"}.')
            self.poster.inbound_url = url
        posted = [c.as_json(i) for i, c in enumerate(self.poster.posted)]
        return JSONResponse({"inbound_url": self.poster.inbound_url, "posted": posted})

    async def repost(self, request: Request) -> Response:
        try:
            data = await request.json()
            index = int(data["index"])
            if not 0 <= index < len(self.poster.posted):
                raise IndexError(index)
        except (ValueError, KeyError, TypeError, IndexError):
            return error_response(400, None, "Expected the index of a callback already posted.")
        answer = await asyncio.to_thread(self.poster.repost, index)
        return JSONResponse(self.poster.posted[index].as_json(index) | {"answer": answer})
