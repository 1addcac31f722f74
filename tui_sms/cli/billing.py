"""`tui-sms estimate` (what a text costs, before sending; a fixed contract for shop scripts) and
`tui-sms balance` (the prepaid balance; `buy` records a bundle, `allow-negative` sets the floor)."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from tui_sms.cli.args import negative_limit, price_paid, read_text, segment_count
from tui_sms.cli.errors import say
from tui_sms.config import Settings, default_database_url
from tui_sms.domain.errors import UserError
from tui_sms.ui.i18n import _, n_


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    estimate = sub.add_parser(
        "estimate", parents=[common], help="segments, encoding and cost of a text, before sending"
    )
    estimate.add_argument(
        "--smart-encoding",
        action="store_true",
        help="replace look-alikes (curly quotes, long dashes …) by their GSM-7 equivalents",
    )
    estimate.add_argument("--json", action="store_true", help="print one JSON object")
    estimate.add_argument("text", help="the message; - reads standard input (UTF-8)")
    estimate.set_defaults(handler=estimate_text)

    balance = sub.add_parser(
        "balance", parents=[common], help="prepaid balance, price per segment, this month's use"
    )
    balance.add_argument("--json", action="store_true", help="print one JSON object")
    balance.set_defaults(handler=show_balance)
    balance_actions = balance.add_subparsers(dest="balance_action")
    buy = balance_actions.add_parser("buy", parents=[common], help="record a bundle bought")
    buy.add_argument("segments", type=segment_count, help="segments in the bundle, e.g. 10000")
    buy.add_argument(
        "--price", required=True, type=price_paid, help="price paid for the bundle, e.g. 130.00"
    )
    negative = balance_actions.add_parser(
        "allow-negative",
        parents=[common],
        help="let the balance go below zero down to -LIMIT segments (0: never)",
    )
    negative.add_argument("limit", type=negative_limit, help="segments, e.g. 500; 0 forbids it")


def estimate_text(args: argparse.Namespace, settings: Settings) -> int:
    """Print what a text costs. Works with no shop and no database: it never creates one."""
    from tui_sms.domain.errors import MessageTooLong
    from tui_sms.domain.money import cost
    from tui_sms.domain.pricing import decimal_string
    from tui_sms.domain.segments import check_length, estimate
    from tui_sms.ui.estimate_words import estimate_line, smart_hint, unicode_hint

    text = read_text(args.text)
    found = estimate(text, smart_encoding=args.smart_encoding)
    price, currency = _estimate_price(settings)
    if args.json:
        print(
            json.dumps(
                {
                    "encoding": found.encoding,
                    "segments": found.segments,
                    "characters": found.characters,
                    "unicode_chars": list(found.unicode_chars),
                    "body": found.body,
                    "cost": decimal_string(cost(found.segments, price)),
                    "currency": currency,
                },
                # Readable UTF-8 where stdout takes it; \u escapes (equally valid JSON) elsewhere.
                ensure_ascii=(sys.stdout.encoding or "").lower().replace("-", "") != "utf8",
            )
        )
    else:
        print(estimate_line(found, price, currency))
        hints = [smart_hint(found, price, currency), unicode_hint(found)]
        for hint in filter(None, hints):
            print(hint[0].upper() + hint[1:] + ".")
        if found.replaceable and found.smart_savings and not args.smart_encoding:
            print(_("Estimate again with --smart-encoding to see the replaced text."))
        if args.smart_encoding and found.body != text:
            print(_("Sent as: {text}", text=found.body))
    try:
        check_length(found.body)
    except MessageTooLong as error:
        say(error.sentence)
        return 1
    except UserError:
        pass  # an empty text costs nothing; there is nothing more to say
    return 0


def _estimate_price(settings: Settings) -> tuple[Decimal, str]:
    """The latest bundle's price when a database exists and has one, else the default price."""
    import sqlalchemy as sa

    from tui_sms.cli.language import speak_as_reader
    from tui_sms.domain.pricing import DEFAULT_CURRENCY, DEFAULT_SEGMENT_PRICE
    from tui_sms.services import billing
    from tui_sms.store.engine import make_engine, session_scope

    url = settings.database_url or default_database_url()
    default = (DEFAULT_SEGMENT_PRICE, DEFAULT_CURRENCY)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return default
    # Opening a missing SQLite file would create it: an estimate must leave no trace.
    if parsed.get_backend_name() == "sqlite" and not (
        parsed.database and Path(parsed.database).is_file()
    ):
        return default
    engine = make_engine(url)
    try:
        speak_as_reader(settings, engine)
        with session_scope(engine) as session:
            return billing.current_price(session)
    except sa.exc.SQLAlchemyError:
        say(_("the database could not be read; the cost uses the default price."))
        return default
    finally:
        engine.dispose()


def show_balance(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.pricing import decimal_string
    from tui_sms.services import billing
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.ui.estimate_words import segments
    from tui_sms.ui.format import count, money

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if queries.get_shop(session) is None:
            raise UserError(
                "This database has no shop yet: set it up with 'tui-sms shop set' "
                "(see README: Setting up a shop)."
            )
        if getattr(args, "balance_action", None) == "buy":
            billing.buy_bundle(session, settings.resolved_staff(), args.segments, args.price)
        if getattr(args, "balance_action", None) == "allow-negative":
            billing.set_negative_limit(session, args.limit)
        summary = billing.balance(session)
    if getattr(args, "balance_action", None) == "buy":
        print(
            n_(
                "Bought {count} segment for {paid} ({each} a segment).",
                "Bought {count} segments for {paid} ({each} a segment).",
                args.segments,
                paid=money(args.price, summary.currency),
                each=money(summary.price_per_segment, summary.currency),
            )
        )
    if getattr(args, "json", False):
        print(
            json.dumps(
                {
                    "segments": summary.segments,
                    "waiting": summary.waiting,
                    "available": summary.available,
                    "price_per_segment": decimal_string(summary.price_per_segment),
                    "currency": summary.currency,
                    "this_month_sent": summary.this_month_sent,
                    "this_month_received": summary.this_month_received,
                    "floor": summary.floor,
                }
            )
        )
        return 0
    worth = (summary.price_per_segment * summary.segments).quantize(Decimal("0.01"))
    print(
        _(
            "Balance: {segments} (worth {worth} at {each} a segment)",
            segments=segments(summary.segments),
            worth=money(worth, summary.currency),
            each=money(summary.price_per_segment, summary.currency),
        )
    )
    if summary.waiting:
        print(_("Waiting to go out: {segments}", segments=segments(summary.waiting)))
    print(
        _(
            "This month: {sent} sent, {received} received (segments)",
            sent=count(summary.this_month_sent),
            received=count(summary.this_month_received),
        )
    )
    if summary.floor < 0:
        print(
            _(
                "The shop allows the balance to go down to {floor}.",
                floor=count(summary.floor),
            )
        )
    else:
        print(_("Sending stops at zero (tui-sms balance allow-negative LIMIT changes that)."))
    return 0
