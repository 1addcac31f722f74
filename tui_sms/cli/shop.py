"""`tui-sms shop set|show` (the shop's settings, for scripts: the same as the setup screen) and
`tui-sms provider check` (does the Twilio account open, and which of its numbers can text)."""

from __future__ import annotations

import argparse
import asyncio

from tui_sms.cli import shop_hours
from tui_sms.config import Settings
from tui_sms.ui.i18n import _, sentence


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shop = sub.add_parser("shop", parents=[common], help="the shop's settings")
    shop.set_defaults(handler=shop_command)
    shop_sub = shop.add_subparsers(dest="shop_action", required=True)
    set_ = shop_sub.add_parser("set", parents=[common], help="set the shop up or change it")
    set_.add_argument("--name")
    set_.add_argument("--phone")
    set_.add_argument("--country", help="CA or US")
    set_.add_argument("--province", help="province or state, two letters (QC, ON, NY …)")
    set_.add_argument("--time-zone", help="default: the province's, e.g. America/Toronto")
    set_.add_argument("--language", choices=["en", "fr", "auto"])
    set_.add_argument("--email", help="return address(es) for reply forwards, comma-separated")
    set_.add_argument("--quiet-hours", metavar="HH:MM-HH:MM", help="e.g. 21:00-08:00")
    set_.add_argument("--disclaimer-en", metavar="TEXT", help="first-message disclaimer")
    set_.add_argument("--disclaimer-fr", metavar="TEXT", help="the same in French")
    shop_sub.add_parser("show", parents=[common], help="print the shop's settings")
    shop_hours.add_parser(shop_sub, common)

    provider = sub.add_parser("provider", parents=[common], help="the SMS provider account")
    provider.set_defaults(handler=provider_check)
    provider_sub = provider.add_subparsers(dest="provider_action", required=True)
    provider_sub.add_parser(
        "check", parents=[common], help="check the Twilio account and list its numbers"
    )


def shop_command(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services import shop_setup
    from tui_sms.store.engine import session_scope

    if args.shop_action == "hours":
        return shop_hours.hours_command(args, settings)
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if args.shop_action == "set":
            changes = shop_setup.ShopChanges(
                name=args.name,
                phone=args.phone,
                country=args.country,
                province=args.province,
                time_zone=args.time_zone,
                language="" if args.language == "auto" else args.language,
                email=args.email,
                quiet_hours=args.quiet_hours,
                disclaimer_en=args.disclaimer_en,
                disclaimer_fr=args.disclaimer_fr,
            )
            shop_setup.save_shop(session, settings.resolved_staff(), changes)
        view = shop_setup.show_shop(session)
    for label, value in view.lines():
        shown = _("{label}:", label=_(label))
        print(f"{shown:<22} {_(value) if value == 'auto' else value}")
    return 0


def provider_check(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services import provider_check as check
    from tui_sms.services.sender_numbers import list_numbers
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        pools = {row.number: row.queue for row in list_numbers(session)}
        shop = queries.get_shop(session)
    region = (shop.country if shop else None) or "CA"
    result = asyncio.run(check.check_account(settings.provider, pools, region))
    print(sentence(result.summary))
    for number in result.numbers:
        if not number.sms:
            print(f"  {sentence(number.problem)}")
            continue
        where = _("in the {pool} pool", pool=_(number.pool)) if number.pool else _("not used yet")
        rate = f"{number.proposed_rate:g}/s" if number.proposed_rate else _("rate as contracted")
        print(f"  {number.shown:<16} {_(number.kind):<11} {rate:<20} {where}")
    return 0
