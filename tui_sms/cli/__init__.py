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
    job_texts,
    mail,
    manual,
    notify,
    numbers,
    promote,
    reports,
    sandbox,
    send,
    shop,
    staff,
    worker,
)
from tui_sms.cli.args import (
    Handler,
    OneSentenceParser,
    argument_problem,
    common_options,
    settings_from,
)
from tui_sms.cli.errors import CONFIG_ERROR, INTERRUPTED, exit_code, say
from tui_sms.cli.language import speak_before_opening, speak_before_settings

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
    job_texts,
    reports,
    promote,
    consent,
    mail,
    staff,
)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    # Sub-commands' parsers are of the same class: every argparse refusal is one sentence.
    parser = OneSentenceParser(
        prog="tui-sms", parents=[common], description="SMS message center for shops."
    )
    sub = parser.add_subparsers(dest="command")
    for group in GROUPS:
        group.add_parsers(sub, common)
    manual.apply(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; whatever goes wrong, the terminal shows one sentence, never a traceback
    (an unexpected failure's details go to a private log file, errors.py)."""
    speak_before_settings()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        return INTERRUPTED
    problem = argument_problem(parser, args)
    if problem:
        say(problem)
        return CONFIG_ERROR
    # No command name means the message center.
    handler: Handler = getattr(args, "handler", app.run_app)
    doing = " ".join(["'tui-sms", *_command_words(args)]) + "'"

    def run() -> int:
        settings = settings_from(args)
        # Refined once the command opens the database and knows who runs it (cli/language.py).
        speak_before_opening(settings)
        return handler(args, settings)

    return exit_code(run, doing)


def _command_words(args: argparse.Namespace) -> list[str]:
    """The command and sub-command names chosen, as typed: `balance buy`, `staff add`."""
    names = ("command", "customer_command", "consent_action", "contact_action", "staff_action",
             "balance_action", "shop_action", "provider_action", "numbers_action", "action",
             "report_action", "mail_action", "promote_action")  # fmt: skip
    return [str(getattr(args, name)) for name in names if getattr(args, name, None)]
