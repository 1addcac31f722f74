"""`tui-sms sandbox`: serve the built-in sandbox provider (Twilio's wire format) on loopback.

`--account-sid` and `--auth-token` fix the credentials, so a shop can put them in its
settings once and rehearse the whole path (account check, numbers, first text) against it.
`--webhook-url` makes it post signed webhooks as Twilio would, to rehearse those too. Its
`/sandbox/...` controls need the control token it prints at start.
"""

from __future__ import annotations

import argparse
import contextlib
import re

from tui_sms.config import Settings
from tui_sms.ui.i18n import _

_ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")


def _account_sid(raw: str) -> str:
    if not _ACCOUNT_SID.fullmatch(raw):
        raise argparse.ArgumentTypeError(
            _("an account SID is AC followed by 32 hexadecimal digits, as in the Twilio console")
        )
    return raw


def _auth_token(raw: str) -> str:
    if not raw.strip():
        raise argparse.ArgumentTypeError(_("the auth token cannot be empty"))
    return raw


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sandbox = sub.add_parser("sandbox", parents=[common], help="serve the sandbox provider")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8787)
    sandbox.add_argument(
        "--account-sid", type=_account_sid, help="fixed account SID (default: a new one)"
    )
    sandbox.add_argument(
        "--auth-token", type=_auth_token, help="fixed auth token (default: a new one)"
    )
    sandbox.add_argument(
        "--webhook-url",
        type=_webhook_url,
        default="",
        metavar="URL",
        help="post each customer's reply there, signed as Twilio does (e.g. the worker's "
        "webhooks public_url + /inbound); statuses go to each message's StatusCallback",
    )
    sandbox.set_defaults(handler=run_sandbox)


def _webhook_url(raw: str) -> str:
    from urllib.parse import urlsplit

    if not raw:
        return raw  # argparse passes the empty default through the type too: no webhooks
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(_("the webhook URL must be an http or https URL"))
    return raw


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.provider.sandbox.server import serve
    from tui_sms.provider.sandbox.state import SandboxState

    fixed = {
        key: value
        for key, value in (("account_sid", args.account_sid), ("auth_token", args.auth_token))
        if value
    }
    with contextlib.suppress(KeyboardInterrupt):
        serve(args.host, args.port, SandboxState(**fixed), webhook_url=args.webhook_url)
    return 0
