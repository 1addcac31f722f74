"""`tui-sms report messages` (the day's or a range's texts, sent / failed / both, optionally one
staff member or customer, optionally as CSV) and `tui-sms report usage` (a month's segments per
day against the bundles, the balance and when it runs out at this pace)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from tui_sms.config import Settings
from tui_sms.ui.i18n import _, n_


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date like 2026-03-10", value=text)
        ) from None


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", parents=[common], help="messages report, monthly usage")
    actions = report.add_subparsers(dest="report_action", required=True)
    messages = actions.add_parser(
        "messages", parents=[common], help="texts sent and failed for a day or a range"
    )
    messages.add_argument("--date", required=True, type=_day, help="the day, e.g. 2026-03-10")
    messages.add_argument("--to", type=_day, metavar="DATE", help="the last day of a range")
    messages.add_argument("--status", choices=["sent", "failed", "both"], default="both")
    messages.add_argument("--staff", metavar="LOGIN", help="only this staff member's texts")
    messages.add_argument("--customer", metavar="NAME_OR_NUMBER", help="only this customer")
    messages.add_argument("--csv", metavar="FILE", help="write the rows to a CSV file")
    messages.set_defaults(handler=messages_report)
    usage = actions.add_parser("usage", parents=[common], help="segments per day of a month")
    usage.add_argument("--month", metavar="YYYY-MM", help="default: this month")
    usage.set_defaults(handler=usage_report)


def messages_report(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.money import format_money
    from tui_sms.services import csv_export, reports
    from tui_sms.services.report_view import CSV_HEADER, csv_lines
    from tui_sms.store.engine import session_scope
    from tui_sms.ui.i18n import language

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        report = reports.make_filter(
            session,
            args.date,
            args.to,
            status=args.status,
            staff=args.staff,
            customer=args.customer,
        )
        rows = reports.all_rows(session, report)
        totals = reports.report_totals(session, report)
        zone = reports.shop_zone(session)
    lines = csv_lines(rows, zone)
    if args.csv:
        csv_export.write_csv(Path(args.csv), CSV_HEADER, lines)
        print(
            n_(
                "{count} row written to {path}.",
                "{count} rows written to {path}.",
                len(lines),
                path=args.csv,
            )
        )
    else:
        for line in lines:
            print("  ".join(str(cell) for cell in line))
    print(
        _(
            "{messages}: {sent} sent, {failed} failed, {segments}, {cost}.",
            messages=n_("{count} message", "{count} messages", totals.messages),
            sent=totals.sent,
            failed=totals.failed,
            segments=n_("{count} segment", "{count} segments", totals.segments),
            cost=format_money(totals.cost, language=language()),
        )
    )
    return 0


def usage_report(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services import reports
    from tui_sms.store.engine import session_scope
    from tui_sms.ui.format import count, one_decimal

    month = reports.parse_month(args.month) if args.month else None
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        found = reports.usage(session, month)
    peak = max((d.sent + d.received for d in found.days), default=0) or 1
    for day in found.days:
        bar = "#" * round(30 * (day.sent + day.received) / peak)
        sent = _("{count} sent", count=f"{day.sent:>6}")
        received = _("{count} received", count=f"{day.received:>6}")
        print(f"{day.day:%m-%d} {sent} {received}  {bar}")
    print(
        _(
            "{month}: {sent} sent and {received} received segments, {percent}% of the "
            "{available} the bundles made available; balance {balance}.",
            month=f"{found.month:%Y-%m}",
            sent=count(found.sent),
            received=count(found.received),
            percent=one_decimal(found.percent),
            available=count(found.available),
            balance=count(found.balance),
        )
    )
    if found.runs_out is not None:
        print(
            _(
                "At this month's pace the balance runs out on {day}.",
                day=f"{found.runs_out:%Y-%m-%d}",
            )
        )
    return 0
