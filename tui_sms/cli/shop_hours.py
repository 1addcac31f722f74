"""`tui-sms shop hours`: the shop's opening hours per weekday and its after-hours answer."""

from __future__ import annotations

import argparse

from tui_sms.config import Settings

DESCRIPTION = """\
Show or set the shop's opening hours, one range per weekday, and the automatic answer a
customer gets when they write while the shop is closed ("We are closed, we reopen Monday
at 8:00"). The answer goes at most once per number every 12 hours, never to STOP/START/HELP
or an appointment confirmation, and never to a text that looks automatic."""

EPILOG = """\
examples:
  tui-sms shop hours
  tui-sms shop hours --set mon-fri=8:00-17:30 --set sat=9:00-12:00 --set sun=closed
  tui-sms shop hours --after-hours-reply on
  tui-sms shop hours --reply-en "{shop}: closed now, back {reopen}."
"""


def add_parser(shop_sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    hours = shop_sub.add_parser(
        "hours",
        parents=[common],
        help="opening hours and the after-hours answer",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hours.add_argument(
        "--set",
        dest="set_hours",
        metavar="DAYS=HOURS",
        action="append",
        default=[],
        help="the hours of a day or a span of days: mon=8:00-17:30, mon-fri=8h-17h, sun=closed "
        "(repeat for other days)",
    )
    hours.add_argument(
        "--after-hours-reply",
        choices=["on", "off"],
        help="answer customers who write while the shop is closed (default: off)",
    )
    hours.add_argument(
        "--reply-en",
        metavar="TEXT",
        help="the English answer; {shop} and {reopen} are filled in; empty: the default",
    )
    hours.add_argument("--reply-fr", metavar="TEXT", help="the same in French")


def hours_command(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.errors import UserError
    from tui_sms.services import opening_hours
    from tui_sms.store.engine import session_scope
    from tui_sms.ui.i18n import _, language

    runtime = open_runtime(settings)
    login = settings.resolved_staff()
    with session_scope(runtime.engine) as session:
        for item in args.set_hours:
            days, equals, hours = item.partition("=")
            if not equals:
                raise UserError(_("'{item}' needs DAYS=HOURS, e.g. mon-fri=8:00-17:30.", item=item))
            opening_hours.set_hours(session, login, days, hours)
        if args.after_hours_reply or args.reply_en is not None or args.reply_fr is not None:
            opening_hours.set_after_hours_reply(
                session,
                login,
                on=None if args.after_hours_reply is None else args.after_hours_reply == "on",
                text_en=args.reply_en,
                text_fr=args.reply_fr,
            )
        view = opening_hours.shop_hours(session)
    for weekday in range(7):
        day = _("{label}:", label=_(opening_hours.weekday_name(weekday)))
        print(f"{day:<11} {view.line(weekday, language()) or _('closed')}")
    answer = _("{label}:", label=_("After-hours answer"))
    print(f"{answer:<20} {_('on') if view.after_hours_reply else _('off')}")
    if view.closed_reply_en:
        print(f"{'  ' + _('{label}:', label=_('In English')):<20} {view.closed_reply_en}")
    if view.closed_reply_fr:
        print(f"{'  ' + _('{label}:', label=_('In French')):<20} {view.closed_reply_fr}")
    return 0
