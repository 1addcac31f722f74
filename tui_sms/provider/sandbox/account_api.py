"""The Account and IncomingPhoneNumbers resources, in Twilio's 2010-04-01 JSON shapes.

What `tui-sms provider check` and Twilio's own Python SDK read to learn whose account the
credentials open, whether it may send, and which of its numbers can text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tui_sms.provider.sandbox.numbers import SandboxNumber
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.sandbox.wire import (
    API_VERSION,
    InvalidParameter,
    account_path,
    error_response,
    rfc2822,
)

_INVALID_PARAMETER = 20001


class AccountApi:
    def __init__(self, state: SandboxState, authenticate: Any) -> None:
        self.state = state
        self._authenticate = authenticate

    async def account(self, request: Request) -> Response:
        denied = self._authenticate(request)
        if denied is not None:
            return denied
        account = self.state.account
        path = account_path(self.state.account_sid)
        return JSONResponse(
            {
                "auth_token": None,
                "date_created": rfc2822(account.date_created),
                "date_updated": rfc2822(account.date_created),
                "friendly_name": account.friendly_name,
                "owner_account_sid": self.state.account_sid,
                "sid": self.state.account_sid,
                "status": account.status,
                "subresource_uris": {
                    "messages": f"{path}/Messages.json",
                    "incoming_phone_numbers": f"{path}/IncomingPhoneNumbers.json",
                },
                "type": account.type,
                "uri": f"{path}.json",
            }
        )

    async def phone_numbers(self, request: Request) -> Response:
        denied = self._authenticate(request)
        if denied is not None:
            return denied
        query = request.query_params
        try:
            page_size = _int_param(query.get("PageSize"), "PageSize", 50, 1, 1000)
            page = _int_param(query.get("Page"), "Page", 0, 0, 10**6)
        except InvalidParameter as exc:
            return error_response(400, _INVALID_PARAMETER, str(exc))
        wanted = query.get("PhoneNumber")
        numbers = [
            number
            for number in self.state.account.numbers
            if not wanted or number.phone_number == wanted
        ]
        items = numbers[page * page_size : (page + 1) * page_size]
        more = (page + 1) * page_size < len(numbers)
        path = f"{account_path(self.state.account_sid)}/IncomingPhoneNumbers.json"
        filters = [("PhoneNumber", wanted)] if wanted else []

        def uri(number: int) -> str:
            return f"{path}?{urlencode([*filters, ('PageSize', page_size), ('Page', number)])}"

        start = page * page_size
        return JSONResponse(
            {
                "first_page_uri": uri(0),
                "end": start + max(len(items) - 1, 0),
                "previous_page_uri": uri(page - 1) if page > 0 else None,
                "incoming_phone_numbers": [self._number_json(number) for number in items],
                "uri": uri(page),
                "page_size": page_size,
                "start": start,
                "next_page_uri": uri(page + 1) if more else None,
                "page": page,
            }
        )

    def _number_json(self, number: SandboxNumber) -> dict[str, Any]:
        path = account_path(self.state.account_sid)
        return {
            "account_sid": self.state.account_sid,
            "api_version": API_VERSION,
            "capabilities": {
                "voice": number.voice,
                "sms": number.sms,
                "mms": number.mms,
                "fax": False,
            },
            "date_created": rfc2822(number.date_created),
            "date_updated": rfc2822(number.date_created),
            "friendly_name": number.friendly_name,
            "origin": "twilio",
            "phone_number": number.phone_number,
            "sid": number.sid,
            "sms_method": "POST",
            "sms_url": "",
            "status": "in-use",
            "status_callback": "",
            "uri": f"{path}/IncomingPhoneNumbers/{number.sid}.json",
        }


def _int_param(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidParameter(name, raw)
    return int(raw)
