"""`tui-sms`: the message center (default), the worker, the sandbox and shop scripts' commands.

This module is the registry: it builds the parser from the command groups, one module each,
and runs the chosen command. A group module's `add_parsers(sub, common)` adds its commands and
binds each to its handler with `set_defaults(handler=...)`; a new command group is a new module
listed in `GROUPS`. Errors a person can fix are printed as one sentence on stderr; a
configuration error exits with 2, a refused action with 1. No traceback for either (errors.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from tui_sms.cli import (
    app,
    billing,
    consent,
    db,
    doctor,
    imports,
    mail,
    notify,
    numbers,
    sandbox,
    send,
    shop,
    staff,
    worker,
)
from tui_sms.cli.args import Handler, common_options, settings_from
from tui_sms.cli.errors import exit_code

# In the order `tui-sms --help` lists their commands.
GROUPS = (
    app,
    shop,
    numbers,
    worker,
    sandbox,
    send,
    db,
    doctor,
    billing,
    imports,
    notify,
    consent,
    mail,
    staff,
)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="tui-sms", parents=[common], description="SMS message center for shops."
    )
    sub = parser.add_subparsers(dest="command")
    for group in GROUPS:
        group.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # No command name means the message center.
    handler: Handler = getattr(args, "handler", app.run_app)
    return exit_code(lambda: handler(args, settings_from(args)))
