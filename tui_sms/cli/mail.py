"""`tui-sms mail test|status|forward`: reply forwards by e-mail — a test message, the outbox
backlog, and where and how customer replies are forwarded."""

from __future__ import annotations

import argparse
import asyncio

from tui_sms.cli.errors import say
from tui_sms.config import Settings
from tui_sms.ui.i18n import _, n_, sentence


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    mail = sub.add_parser("mail", parents=[common], help="reply forwards by e-mail")
    mail.set_defaults(handler=mail_command)
    mail_sub = mail.add_subparsers(dest="mail_action", required=True)
    test = mail_sub.add_parser("test", parents=[common], help="send a test message now")
    test.add_argument("--to", metavar="ADDRESS", help="default: the sender address")
    mail_sub.add_parser("status", parents=[common], help="mails waiting in the outbox")
    forward = mail_sub.add_parser(
        "forward", parents=[common], help="where and how customer replies are forwarded"
    )
    forward.add_argument("--to", metavar="ADDRESSES", help="return address(es), comma-separated")
    forward.add_argument("--language", choices=["en", "fr", "auto"])
    forward.add_argument(
        "--keywords", choices=["yes", "no"], help="also forward STOP, START and HELP replies"
    )
    forward.add_argument(
        "--sms-to", metavar="LOGIN", help="also text each reply to this staff member ('none': off)"
    )


def mail_command(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services import mailer

    if args.mail_action == "test":
        try:
            answer = asyncio.run(mailer.send_test(settings.mail, args.to))
        except mailer.MailFailed as failure:
            say(failure.sentence)
            return 1
        print(sentence(answer))
        return 0

    from tui_sms.cli.language import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    if args.mail_action == "status":
        with session_scope(runtime.engine) as session:
            backlog = queries.mail_backlog(session)
        if not backlog.waiting:
            print(_("No mail waiting: every forward has gone out."))
            return 0
        assert backlog.oldest is not None
        since = f"{backlog.oldest:%Y-%m-%d %H:%M}"
        waiting = n_(
            "{count} mail waiting since {since} UTC",
            "{count} mails waiting since {since} UTC",
            backlog.waiting,
            since=since,
        )
        if backlog.last_error:
            waiting += _("; last error: {error}", error=backlog.last_error)
        print(waiting if backlog.last_error else waiting + ".")
        return 0

    from tui_sms.domain.mailtext import language_of
    from tui_sms.services.forwarding import set_forwarding

    with session_scope(runtime.engine) as session:
        shop = set_forwarding(
            session,
            addresses=args.to,
            language=args.language,
            keywords=None if args.keywords is None else args.keywords == "yes",
            sms_staff_login=args.sms_to,
        )
        sms_to = (
            queries.staff_by_ids(session, [shop.forward_sms_staff_id])
            if shop.forward_sms_staff_id
            else []
        )
        nobody = _("(nobody)")
        print(_("Replies are e-mailed to: {to}", to=shop.return_email or nobody))
        print(
            _(
                "Language of the forwards: {language}",
                language=language_of(shop.language, shop.province),
            )
        )
        print(
            _(
                "STOP, START and HELP replies forwarded: {answer}",
                answer=_("yes") if shop.forward_keywords else _("no"),
            )
        )
        copy = (
            _(
                "{name} (each copy is a text: it costs segments)",
                name=sms_to[0].display_name,
            )
            if sms_to
            else nobody
        )
        print(_("Replies also texted to: {to}", to=copy))
    return 0
