"""`tui-sms`: the message center (default), the worker, the sandbox and shop scripts' commands.

Errors a person can fix are printed as one sentence on stderr; a configuration error exits
with 2, a refused action with 1. No traceback for either.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Callable, Sequence

from tui_sms.config import Settings, data_dir, load_settings
from tui_sms.domain.errors import ConfigError, UserError

COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {}


def command(name: str) -> Callable[[Callable[..., int]], Callable[..., int]]:
    def register(func: Callable[..., int]) -> Callable[..., int]:
        COMMANDS[name] = func
        return func

    return register


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="settings file (TOML); default: $TUI_SMS_CONFIG or the user config dir",
    )
    common.add_argument(
        "--as",
        dest="staff",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="work as this staff login instead of the OS login name",
    )
    common.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLAlchemy database URL (default: a SQLite file in the data dir)",
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the demo database with demo data and the sandbox provider",
    )

    parser = argparse.ArgumentParser(
        prog="tui-sms", parents=[common], description="SMS message center for shops."
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", parents=[common], help="open the message center (the default)")
    sub.add_parser("worker", parents=[common], help="run the sender and poller as a service")

    sandbox = sub.add_parser("sandbox", parents=[common], help="serve the sandbox provider")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8787)

    send = sub.add_parser("send", parents=[common], help="queue one text message")
    send.add_argument("--to", required=True, metavar="NUMBER")
    send.add_argument("--queue", choices=["transactional", "promotional"], default="transactional")
    send.add_argument(
        "--send-in-quiet-hours",
        action="store_true",
        help="send even when it is night for the customer (otherwise refused then)",
    )
    send.add_argument("text", help="the message; - reads standard input")

    db = sub.add_parser("db", parents=[common], help="database schema")
    db.add_argument("action", choices=["upgrade", "current"])

    sub.add_parser("demo", parents=[common], help="load the demo data into an empty database")

    customer = sub.add_parser("customer", parents=[common], help="customers and their consent")
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
    withdraw = consent_sub.add_parser("withdraw", parents=[common], help="withdraw a consent")
    withdraw.add_argument("--number", required=True, metavar="NUMBER")
    show = consent_sub.add_parser("show", parents=[common], help="consent and opt-out of a number")
    show.add_argument("--number", required=True, metavar="NUMBER")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if getattr(args, "staff", None):
        overrides["staff"] = args.staff
    if getattr(args, "database", None):
        overrides["database_url"] = args.database
    settings = load_settings(getattr(args, "config", None), **overrides)
    if getattr(args, "demo", False):
        if not settings.database_url:
            settings.database_url = f"sqlite:///{data_dir() / 'demo.db'}"
        settings.provider.kind = "sandbox"
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    name = args.command or "run"
    try:
        settings = settings_from(args)
        return COMMANDS[name](args, settings)
    except ConfigError as error:
        print(f"tui-sms: {error.sentence}", file=sys.stderr)
        return 2
    except UserError as error:
        print(f"tui-sms: {error.sentence}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


@command("run")
def run_app(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services.demo import demo_auto_reply, is_empty, load_demo
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    demo = getattr(args, "demo", False)
    if demo:
        with session_scope(runtime.engine) as session:
            if is_empty(session):
                load_demo(session, settings.resolved_staff())
    with session_scope(runtime.engine) as session:
        from tui_sms.store import queries

        if queries.get_shop(session) is None:
            raise UserError(
                "This database has no shop yet. Try the app with 'tui-sms --demo', "
                "or load your shop's data first (see README: Setting up a shop)."
            )
    me = runtime.staff()
    from tui_sms.ui.app import TuiSmsApp

    TuiSmsApp(runtime, me, auto_reply=demo_auto_reply() if demo else None).run()
    return 0


@command("worker")
def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services.runtime import open_provider, open_runtime
    from tui_sms.services.worker import Worker

    runtime = open_runtime(settings)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        async with open_provider(settings) as provider:
            print(f"tui-sms worker running on {settings.resolved_database_url()}", flush=True)
            await Worker(runtime.engine, provider, settings.worker).run(stop)

    asyncio.run(serve())
    return 0


@command("sandbox")
def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.provider.sandbox.server import serve

    with contextlib.suppress(KeyboardInterrupt):
        serve(args.host, args.port)
    return 0


@command("send")
def send(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.domain.errors import QuietHoursConfirmation
    from tui_sms.services import outbox
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    text = sys.stdin.read() if args.text == "-" else args.text
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
            raise UserError(f"{question.sentence} Add --send-in-quiet-hours to send it.") from None
    print(message.id)
    return 0


@command("db")
def database(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.store import migrate
    from tui_sms.store.engine import make_engine

    engine = make_engine(settings.resolved_database_url())
    if args.action == "upgrade":
        migrate.upgrade(engine)
    print(json.dumps({"revision": migrate.current_revision(engine)}))
    return 0


@command("demo")
def demo(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services.demo import is_empty, load_demo
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if not is_empty(session):
            raise UserError(
                "This database already has a shop: the demo loads only into an empty one."
            )
        load_demo(session, settings.resolved_staff())
    print("Demo data loaded.")
    return 0


@command("customer")
def customer_consent(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.domain.phone import format_national
    from tui_sms.services import consent
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    me = settings.resolved_staff()
    with session_scope(runtime.engine) as session:
        if args.consent_action == "record":
            for row in consent.record_consent(session, args.number, me, args.method, args.wording):
                print(f"Consent recorded for {format_national(row.number)}.")
            return 0
        if args.consent_action == "withdraw":
            for row in consent.withdraw_consent(session, args.number, me):
                print(f"Consent withdrawn for {format_national(row.number)}.")
            return 0
        state = consent.state_for_raw_number(session, args.number)
        shop = queries.get_shop(session)
        zone = shop.time_zone if shop else "UTC"
        print(f"{format_national(state.number)}: {consent.describe(state, zone)}")
        for row in state.history:
            when = row.recorded_at.isoformat(timespec="minutes")
            line = f"  {when} {row.method} by {row.recorded_by}: {row.wording!r}"
            if row.withdrawn_at is not None:
                line += f" (withdrawn {row.withdrawn_at.isoformat(timespec='minutes')}"
                line += f" by {row.withdrawn_by})"
            print(line)
    return 0
