"""`tui-sms customer consent record|withdraw|show`: a customer number's consent, as staff."""

from __future__ import annotations

import argparse

from tui_sms.cli import customers
from tui_sms.config import Settings
from tui_sms.ui.i18n import _, sentence


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    customer = sub.add_parser("customer", parents=[common], help="customers and their consent")
    customer.set_defaults(handler=customer_consent)
    customer_sub = customer.add_subparsers(dest="customer_command", required=True)
    consent = customer_sub.add_parser(
        "consent", parents=[common], help="record, withdraw or show a number's consent"
    )
    consent_sub = consent.add_subparsers(dest="consent_action", required=True)
    record = consent_sub.add_parser("record", parents=[common], help="record a consent")
    record.add_argument("--number", required=True, metavar="NUMBER")
    record.add_argument("--method", required=True, choices=["signed_paper", "electronic", "verbal"])
    record.add_argument(
        "--wording", required=True, metavar="TEXT", help="what the customer agreed to"
    )
    record.add_argument(
        "--promotions",
        action="store_true",
        help="the customer also agreed to receive promotions (default: service texts only)",
    )
    withdraw = consent_sub.add_parser("withdraw", parents=[common], help="withdraw a consent")
    withdraw.add_argument("--number", required=True, metavar="NUMBER")
    show = consent_sub.add_parser("show", parents=[common], help="consent and opt-out of a number")
    show.add_argument("--number", required=True, metavar="NUMBER")
    customers.add_parsers(customer_sub, common)


def customer_consent(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.phone import format_national
    from tui_sms.services import consent
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    me = settings.resolved_staff()
    with session_scope(runtime.engine) as session:
        if args.consent_action == "record":
            for row in consent.record_consent(
                session, args.number, me, args.method, args.wording, promotions=args.promotions
            ):
                print(_("Consent recorded for {number}.", number=format_national(row.number)))
            return 0
        if args.consent_action == "withdraw":
            for row in consent.withdraw_consent(session, args.number, me):
                print(_("Consent withdrawn for {number}.", number=format_national(row.number)))
            return 0
        state = consent.state_for_raw_number(session, args.number)
        shop = queries.get_shop(session)
        zone = shop.time_zone if shop else "UTC"
        print(f"{format_national(state.number)}: {sentence(consent.describe(state, zone))}")
        for row in state.history:
            line = _(
                "{when} {method} by {who}: {wording}",
                when=row.recorded_at.isoformat(timespec="minutes"),
                method=sentence(consent.METHODS.get(row.method, row.method)),
                who=row.recorded_by,
                wording=repr(row.wording),
            )
            if row.withdrawn_at is not None:
                line += " " + _(
                    "(withdrawn {when} by {who})",
                    when=row.withdrawn_at.isoformat(timespec="minutes"),
                    who=row.withdrawn_by,
                )
            print("  " + line)
    return 0
