"""`tui-sms send`: queue one text message to a customer's number from a shop script."""

from __future__ import annotations

import argparse

from tui_sms.cli.args import read_text
from tui_sms.config import Settings
from tui_sms.domain.errors import UserError
from tui_sms.ui.i18n import _, sentence


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    send = sub.add_parser("send", parents=[common], help="queue one text message")
    send.add_argument("--to", required=True, metavar="NUMBER")
    send.add_argument("--queue", choices=["transactional", "promotional"], default="transactional")
    send.add_argument(
        "--send-in-quiet-hours",
        action="store_true",
        help="send even when it is night for the customer (otherwise refused then)",
    )
    send.add_argument("text", help="the message; - reads standard input")
    send.set_defaults(handler=send_text)


def send_text(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.errors import QuietHoursConfirmation
    from tui_sms.services import outbox
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    text = read_text(args.text)
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        author = queries.staff_by_login(session, settings.resolved_staff())
        try:
            message = outbox.queue_to_number(
                session,
                args.to,
                text,
                author_id=author.id if author else None,
                queue=args.queue,
                confirmed_quiet_hours=args.send_in_quiet_hours,
            )
        except QuietHoursConfirmation as question:
            raise UserError(
                _(
                    "{question} Add --send-in-quiet-hours to send it.",
                    question=sentence(question.sentence),
                )
            ) from None
    print(message.id)
    return 0
