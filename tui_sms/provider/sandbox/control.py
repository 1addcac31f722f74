"""Sandbox-only endpoints for demo mode, tests and benchmarks (no Twilio equivalent).

Other processes (the TUI in demo mode, a benchmark) drive the sandbox through these, so
every knob that matters at run time can be read and set as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.sandbox.wire import error_response, ledger_json, message_json


class SandboxControls:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    async def inbound(self, request: Request) -> Response:
        """A customer texts us: form or JSON with From, To and Body."""
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                data = await request.json()
            except ValueError:
                return error_response(400, None, "The body is not valid JSON.")
            fields = {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        else:
            fields = {k: str(v) for k, v in (await request.form()).items()}
        from_, to = fields.get("From", "").strip(), fields.get("To", "").strip()
        if not from_ or not to:
            code = 21603 if not from_ else 21604
            return error_response(400, code, "Both From and To are required.")
        message = self.state.receive_inbound(from_=from_, to=to, body=fields.get("Body", ""))
        return JSONResponse(message_json(self.state, message), status_code=201)

    async def reset(self, request: Request) -> Response:
        self.state.reset()
        return JSONResponse(config_snapshot(self.state))

    async def ledger(self, request: Request) -> Response:
        messages = [ledger_json(self.state, m) for m in self.state.ledger()]
        return JSONResponse({"messages": messages})

    async def stats(self, request: Request) -> Response:
        return JSONResponse(self.state.stats())

    async def config(self, request: Request) -> Response:
        if request.method == "POST":
            try:
                data = await request.json()
                if not isinstance(data, dict):
                    raise ValueError("expected a JSON object")
                apply_config(self.state, data)
            except (TypeError, ValueError) as exc:
                return error_response(400, None, f"Bad sandbox config: {exc}")
        return JSONResponse(config_snapshot(self.state))


def apply_config(state: SandboxState, changes: dict[str, Any]) -> None:
    """Apply every change or none: all values are checked before the first is set."""
    setters: list[Callable[[], None]] = [_setter(state, k, v) for k, v in changes.items()]
    for setter in setters:
        setter()


def config_snapshot(state: SandboxState) -> dict[str, Any]:
    return {
        "outage_remaining": round(state.outage_remaining(), 3),
        "drop_remaining": round(state.drop_remaining(), 3),
        "drop_after_accept": state.drop_after_accept,
        "rate_limit": state.rate_limit,
        "rate_limits": dict(state.rate_limits),
        "rate_limit_burst": state.rate_limit_burst,
        "undeliverable": sorted(state.undeliverable),
        "status_delays": list(state.status_delays),
        "auto_reply": state.auto_reply is not None,
        "auto_reply_delay": state.auto_reply_delay,
        "latency": state.latency,
    }


def _setter(state: SandboxState, name: str, value: Any) -> Callable[[], None]:
    if name == "outage_seconds":
        seconds = _seconds(value)
        return lambda: state.start_outage(seconds)
    if name == "drop_seconds":
        seconds = _seconds(value)
        return lambda: state.start_drop(seconds)
    if name == "drop_after_accept":
        if not isinstance(value, bool):
            raise ValueError("drop_after_accept must be true or false")
        return lambda: setattr(state, "drop_after_accept", value)
    if name == "rate_limit":
        rate = None if value is None else _positive(value)
        return lambda: setattr(state, "rate_limit", rate)
    if name == "rate_limits":
        rates = {str(number): _positive(r) for number, r in dict(value).items()}
        return lambda: setattr(state, "rate_limits", rates)
    if name == "rate_limit_burst":
        burst = max(_positive(value), 1.0)
        return lambda: setattr(state, "rate_limit_burst", burst)
    if name == "undeliverable":
        if isinstance(value, str):
            raise ValueError("undeliverable must be a list of numbers")
        numbers = {str(n) for n in value}
        return lambda: setattr(state, "undeliverable", numbers)
    if name == "status_delays":
        delays = tuple(_seconds(d) for d in value)
        if len(delays) != 3:
            raise ValueError("status_delays needs three numbers: queued, sending, sent")
        return lambda: setattr(state, "status_delays", delays)
    if name == "auto_reply_delay":
        delay = _seconds(value)
        return lambda: setattr(state, "auto_reply_delay", delay)
    if name == "latency":
        latency = _seconds(value)
        return lambda: setattr(state, "latency", latency)
    if name == "auto_reply":
        reply = None if value is None else _constant_reply(str(value))
        return lambda: setattr(state, "auto_reply", reply)
    raise ValueError(f"unknown setting {name!r}")


def _constant_reply(text: str) -> Callable[[str, str], str | None]:
    return lambda customer, body: text


def _seconds(value: Any) -> float:
    seconds = 0.0 if value is None else float(value)
    if seconds < 0:
        raise ValueError("durations cannot be negative")
    return seconds


def _positive(value: Any) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError("rates must be positive")
    return number
