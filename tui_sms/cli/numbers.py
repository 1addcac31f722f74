"""`tui-sms numbers add|list|set|remove`: the shop's sending numbers and their pools."""

from __future__ import annotations

import argparse

from tui_sms.config import Settings
from tui_sms.ui.i18n import _, n_


def _rate(raw: str) -> float:
    try:
        rate = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a number of segments per second", value=repr(raw))
        ) from None
    if not 0 <= rate < float("inf"):  # refuses nan too
        raise argparse.ArgumentTypeError(_("a rate is 0 or more segments per second"))
    return rate


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    numbers = sub.add_parser("numbers", parents=[common], help="the shop's sending numbers")
    numbers.set_defaults(handler=numbers_command)
    numbers_sub = numbers.add_subparsers(dest="numbers_action", required=True)
    queues = ["transactional", "promotional"]
    add = numbers_sub.add_parser("add", parents=[common], help="add a number to a pool")
    add.add_argument("number")
    add.add_argument("--queue", required=True, choices=queues)
    add.add_argument(
        "--rate", type=_rate, help="segments per second (long code 1, toll-free 3, short code: ask)"
    )
    change = numbers_sub.add_parser("set", parents=[common], help="change a number's pool or rate")
    change.add_argument("number")
    change.add_argument("--queue", choices=queues)
    change.add_argument("--rate", type=_rate)
    change.add_argument("--active", choices=["yes", "no"])
    remove = numbers_sub.add_parser(
        "remove",
        parents=[common],
        help="remove a number; its waiting texts go to the rest of the pool",
    )
    remove.add_argument("number")
    numbers_sub.add_parser("list", parents=[common], help="list the sending numbers")


def numbers_command(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services import sender_numbers
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    me = settings.resolved_staff()
    with session_scope(runtime.engine) as session:
        action = args.numbers_action
        if action == "add":
            sender_numbers.add_number(session, me, args.number, queue=args.queue, rate=args.rate)
        elif action == "set":
            active = None if args.active is None else args.active == "yes"
            sender_numbers.set_number(
                session, me, args.number, queue=args.queue, rate=args.rate, active=active
            )
        elif action == "remove":
            moved = sender_numbers.remove_number(session, me, args.number)
            if moved:
                print(
                    n_(
                        "{count} waiting message moved to the rest of the pool.",
                        "{count} waiting messages moved to the rest of the pool.",
                        moved,
                    )
                )
        rows = sender_numbers.list_numbers(session)
    for row in rows:
        state = "" if row.active else " " + _("(inactive)")
        waiting = ", " + _("{count} waiting", count=row.waiting) if row.waiting else ""
        print(f"{row.shown:<16} {_(row.queue):<14} {row.rate:g}/s{waiting}{state}")
    return 0
