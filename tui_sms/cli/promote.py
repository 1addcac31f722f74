"""`tui-sms promote`: find customers by what they bought, their visits, their spending or their
car club; show who would get a promotion and who is left out and why; send it as a named batch
through the promotional queue (`--send`, after the total); `promote report NAME`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal, InvalidOperation

from tui_sms.config import Settings
from tui_sms.ui.i18n import _, n_

REASONS = {
    "no_promotional_consent": "no express consent for promotions",
    "opted_out": "opted out",
    "no_mobile": "no mobile number",
    "unselected": "left out by the clerk",
}


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.replace("$", "").replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not an amount like 500", value=text)
        ) from None


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    promote = sub.add_parser(
        "promote", parents=[common], help="promotions to customers found by search criteria"
    )
    promote.add_argument("--item", default="", help="bought this item")
    promote.add_argument("--category", default="", help="bought in this category")
    promote.add_argument("--min-visits", type=int, default=0, metavar="N")
    promote.add_argument("--min-spent", type=_amount, default=Decimal(0), metavar="AMOUNT")
    promote.add_argument("--club", default="", metavar="NAME", help="member of this car club")
    promote.add_argument("--since", type=date.fromisoformat, metavar="DATE")
    promote.add_argument("--until", type=date.fromisoformat, metavar="DATE")
    promote.add_argument("--exclude", type=int, action="append", default=[], metavar="CUSTOMER")
    promote.add_argument("--name", help="the promotion's name (its report is found by it)")
    promote.add_argument("--text", help="the promotion's text (the opt-out line is added)")
    promote.add_argument("--send", action="store_true", help="queue it after showing the total")
    promote.set_defaults(handler=promote_customers)
    actions = promote.add_subparsers(dest="promote_action")
    report = actions.add_parser("report", parents=[common], help="a promotion's results")
    report.add_argument("name")
    report.set_defaults(handler=promotion_report)


def promote_customers(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.errors import UserError
    from tui_sms.domain.money import format_money
    from tui_sms.domain.text import clean
    from tui_sms.services import promotions
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.ui.i18n import language

    criteria = promotions.Criteria(
        item=args.item,
        category=args.category,
        min_visits=args.min_visits,
        min_spent=args.min_spent,
        car_club=args.club,
        since=args.since,
        until=args.until,
    )
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        found = promotions.search(session, criteria)
        selected = {c.match.customer_id for c in found.eligible} - set(args.exclude)
        for candidate in found.candidates:
            why = _reason(candidate.excluded or "") if candidate.excluded else ""
            if not why and candidate.match.customer_id not in selected:
                why = _reason("unselected")
            mark = "  " if why else "✓ "
            visits = n_("{count} visit", "{count} visits", candidate.match.visits)
            spent = format_money(candidate.match.spent, language=language())
            print(
                f"{mark}#{candidate.match.customer_id} {clean(candidate.match.name)} "
                f"({visits}, {spent})" + (f" — {why}" if why else "")
            )
        if not args.text:
            print(
                n_(
                    "{count} customer may receive a promotion.",
                    "{count} customers may receive a promotion.",
                    len(selected),
                )
            )
            return 0
        total = promotions.estimate_batch(session, found, selected, args.text)
        left_out = _left_out(total.excluded)
        print(
            n_("{count} text", "{count} texts", total.texts)
            + ", "
            + n_("{count} segment", "{count} segments", total.segments)
            + ", "
            + _(
                "{cost}; balance after: {segments}.",
                cost=format_money(total.cost, total.currency, language()),
                segments=n_("{count} segment", "{count} segments", total.balance_after),
            )
            + (" " + _("Left out: {left_out}.", left_out=left_out) if left_out else "")
        )
        if total.held_until_morning:
            print(
                n_(
                    "{count} will wait for the end of quiet hours.",
                    "{count} will wait for the end of quiet hours.",
                    total.held_until_morning,
                )
            )
        if not args.send:
            print(_("Nothing sent: add --send (and --name) to queue it."))
            return 0
        if not args.name:
            raise UserError(_("Give the promotion a name with --name: its report is found by it."))
        me = queries.staff_by_login(session, settings.resolved_staff())
        promotion = promotions.create_promotion(
            session, args.name, args.text, found, selected, created_by=settings.resolved_staff()
        )
        promotion_id = promotion.id or 0
    while True:
        with session_scope(runtime.engine) as session:
            progress = promotions.queue_next(session, promotion_id, author_id=me.id if me else None)
        queued = _("Queued {done}/{total}", done=progress.done, total=progress.total)
        print(f"\r{queued}", end="", file=sys.stderr)
        if progress.finished:
            print(file=sys.stderr)
            return 0


def promotion_report(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services import promotions
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        found = promotions.promotion_report(session, args.name)
    left_out = _left_out(found.excluded)
    print(
        _(
            "{name}: {queued} queued, {sent} sent, {delivered} delivered, {failed} failed, "
            "{replies} replies, {opt_outs} opt-outs.",
            name=found.name,
            queued=found.queued,
            sent=found.sent,
            delivered=found.delivered,
            failed=found.failed,
            replies=found.replies,
            opt_outs=found.opt_outs,
        )
    )
    if found.refused:
        print(_("{count} refused when queued.", count=found.refused))
    if left_out:
        print(_("Left out: {left_out}.", left_out=left_out))
    return 0


def _reason(code: str) -> str:
    return _(REASONS.get(code, code))


def _left_out(excluded: dict[str, int]) -> str:
    """'3 opted out, 1 no mobile number': how many were left out, by reason."""
    return ", ".join(f"{n} {_reason(code)}" for code, n in sorted(excluded.items()))
