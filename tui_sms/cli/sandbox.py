"""`tui-sms sandbox`: serve the built-in sandbox provider (Twilio's wire format) on loopback."""

from __future__ import annotations

import argparse
import contextlib

from tui_sms.config import Settings


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sandbox = sub.add_parser("sandbox", parents=[common], help="serve the sandbox provider")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8787)
    sandbox.set_defaults(handler=run_sandbox)


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.provider.sandbox.server import serve

    with contextlib.suppress(KeyboardInterrupt):
        serve(args.host, args.port)
    return 0
