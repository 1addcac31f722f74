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
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tui_sms.config import Settings, data_dir, default_database_url, load_settings
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

    balance = sub.add_parser(
        "balance", parents=[common], help="prepaid balance, price per segment, this month's use"
    )
    balance.add_argument("--json", action="store_true", help="print one JSON object")
    balance_actions = balance.add_subparsers(dest="balance_action")
    buy = balance_actions.add_parser("buy", parents=[common], help="record a bundle bought")
    buy.add_argument("segments", type=_segment_count, help="segments in the bundle, e.g. 10000")
    buy.add_argument(
        "--price", required=True, type=_price, help="price paid for the bundle, e.g. 130.00"
    )
    negative = balance_actions.add_parser(
        "allow-negative",
        parents=[common],
        help="let the balance go below zero down to -LIMIT segments (0: never)",
    )
    negative.add_argument("limit", type=_limit, help="segments, e.g. 500; 0 forbids it")
    importer = sub.add_parser(
        "import", parents=[common], help="import customers or jobs from CSV (docs/import.md)"
    )
    importer.add_argument("what", choices=["customers", "jobs"])
    importer.add_argument("file", metavar="FILE.csv")
    importer.add_argument(
        "--rejected",
        metavar="PATH",
        help="where rejected rows are written (default: FILE.rejected.csv next to FILE)",
    )

    notify = sub.add_parser(
        "notify", parents=[common], help="text a job's confirmation or work-completed message"
    )
    notify.add_argument("--job", required=True, metavar="ID", help="the job's external id")
    notify.add_argument("--kind", required=True, choices=["confirmation", "completed"])

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
    _add_issue9_parsers(sub, common)
    return parser


def _add_issue9_parsers(sub, common: argparse.ArgumentParser) -> None:  # type: ignore[no-untyped-def]
    """`mail …` and `staff …` (issue 9)."""
    mail = sub.add_parser("mail", parents=[common], help="reply forwards by e-mail")
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

    staff = sub.add_parser("staff", parents=[common], help="staff members and their numbers")
    staff_sub = staff.add_subparsers(dest="staff_action", required=True)
    for action in ("add", "set"):
        one = staff_sub.add_parser(action, parents=[common], help=f"{action} a staff member")
        one.add_argument("login")
        one.add_argument("--name", required=action == "add", help="display name")
        one.add_argument("--sms", metavar="NUMBER", help="cell number ('' removes it)")
        one.add_argument("--email", metavar="ADDRESS")
        one.add_argument("--carrier", help="carrier key or name: builds the gateway address")
        one.add_argument("--gateway", metavar="ADDRESS", help="carrier gateway address as is")
        one.add_argument("--language", choices=["en", "fr"])
        one.add_argument("--active", choices=["yes", "no"])
    staff_sub.add_parser("list", parents=[common], help="list staff members")
    staff_sub.add_parser("carriers", parents=[common], help="carriers with an e-mail gateway")

    text = sub.add_parser("text-employees", parents=[common], help="text one or more employees")
    text.add_argument("--to", required=True, metavar="LOGINS", help="staff logins, comma-separated")
    text.add_argument("text", help="the message; - reads standard input")


def _limit(raw: str) -> int:
    try:
        limit = int(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of segments") from None
    if limit < 0:
        raise argparse.ArgumentTypeError("give the limit as a positive number, e.g. 500")
    return limit


def _segment_count(raw: str) -> int:
    try:
        count = int(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of segments") from None
    if count <= 0:
        raise argparse.ArgumentTypeError("a bundle holds at least one segment")
    return count


def _price(raw: str) -> Decimal:
    try:
        price = Decimal(raw.strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a price, e.g. 130.00") from None
    if not price.is_finite() or price <= 0:
        raise argparse.ArgumentTypeError("the price paid must be more than zero")
    return price


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
            await Worker(runtime.engine, provider, settings.worker, mail=settings.mail).run(stop)

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


@command("estimate")
def estimate_text(args: argparse.Namespace, settings: Settings) -> int:
    """Print what a text costs. Works with no shop and no database: it never creates one."""
    from tui_sms.domain import pricing
    from tui_sms.domain.errors import MessageTooLong
    from tui_sms.domain.money import cost
    from tui_sms.domain.pricing import decimal_string
    from tui_sms.domain.segments import check_length, estimate

    text = _read_text(args.text)
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
        print(pricing.estimate_line(found, price, currency))
        hints = [pricing.smart_hint(found, price, currency), pricing.unicode_hint(found)]
        for hint in filter(None, hints):
            print(hint[0].upper() + hint[1:] + ".")
        if found.replaceable and found.smart_savings and not args.smart_encoding:
            print("Estimate again with --smart-encoding to see the replaced text.")
        if args.smart_encoding and found.body != text:
            print(f"Sent as: {found.body}")
    try:
        check_length(found.body)
    except MessageTooLong as error:
        print(f"tui-sms: {error.sentence}", file=sys.stderr)
        return 1
    except UserError:
        pass  # an empty text costs nothing; there is nothing more to say
    return 0


def _read_text(raw: str) -> str:
    if raw == "-":
        try:
            return sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(
                "Standard input is not UTF-8 text: save the message as UTF-8."
            ) from None
    try:
        raw.encode("utf-8")  # bytes that were not UTF-8 reach argv as lone surrogates
    except UnicodeEncodeError:
        raise UserError("The text is not UTF-8: check the terminal's encoding.") from None
    return raw


def _estimate_price(settings: Settings) -> tuple[Decimal, str]:
    """The latest bundle's price when a database exists and has one, else the default price."""
    import sqlalchemy as sa

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
        with session_scope(engine) as session:
            return billing.current_price(session)
    except sa.exc.SQLAlchemyError:
        print(
            "tui-sms: the database could not be read; the cost uses the default price.",
            file=sys.stderr,
        )
        return default
    finally:
        engine.dispose()


@command("balance")
def show_balance(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.domain.money import format_count, format_money
    from tui_sms.domain.pricing import decimal_string, plural
    from tui_sms.services import billing
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if queries.get_shop(session) is None:
            raise UserError(
                "This database has no shop yet: load your shop's data first "
                "(see README: Setting up a shop)."
            )
        if getattr(args, "balance_action", None) == "buy":
            billing.record_purchase(
                session, args.segments, args.price, recorded_by=settings.resolved_staff()
            )
        if getattr(args, "balance_action", None) == "allow-negative":
            billing.set_negative_limit(session, args.limit)
        summary = billing.balance(session)
    if getattr(args, "balance_action", None) == "buy":
        each = format_money(summary.price_per_segment, summary.currency)
        paid = format_money(args.price, summary.currency)
        print(f"Bought {plural(args.segments, 'segment')} for {paid} ({each} a segment).")
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
    money = format_money(worth, summary.currency)
    each = format_money(summary.price_per_segment, summary.currency)
    print(f"Balance: {plural(summary.segments, 'segment')} (worth {money} at {each} a segment)")
    if summary.waiting:
        print(f"Waiting to go out: {plural(summary.waiting, 'segment')}")
    print(
        f"This month: {format_count(summary.this_month_sent)} sent, "
        f"{format_count(summary.this_month_received)} received (segments)"
    )
    if summary.floor < 0:
        print(f"The shop allows the balance to go down to {format_count(summary.floor)}.")
    else:
        print("Sending stops at zero (tui-sms balance allow-negative LIMIT changes that).")
    return 0


def _progress_bar(label: str) -> Callable[[int, int], None]:
    """A bar on stderr that redraws in place; only the last line when stderr is not a terminal."""
    width = 30
    shown = -1

    def draw(done: int, total: int) -> None:
        nonlocal shown
        percent = 100 * done // max(total, 1)
        if not sys.stderr.isatty():
            if done == total:
                print(f"{label}: {done}/{total} rows read", file=sys.stderr)
            return
        if percent == shown and done != total:
            return
        shown = percent
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        print(f"\r{label} [{bar}] {percent:3d}% {done}/{total}", end=end, file=sys.stderr)
        sys.stderr.flush()

    return draw


@command("import")
def import_file(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from tui_sms.services import importer
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import utcnow

    path = Path(args.file)
    runtime = open_runtime(settings)
    progress = _progress_bar(f"Importing {path.name}")
    with session_scope(runtime.engine) as session:
        if args.what == "customers":
            report = importer.import_customers(
                session,
                path,
                recorded_by=settings.resolved_staff(),
                now=utcnow(),
                progress=progress,
            )
        else:
            report = importer.import_jobs(session, path, now=utcnow(), progress=progress)
    print(f"{report.imported} rows imported ({report.created} new, {report.updated} updated).")
    if not report.rejected:
        return 0
    rejected = Path(args.rejected) if args.rejected else path.with_suffix(".rejected.csv")
    importer.write_rejected(report, rejected)
    count = len(report.rejected)
    print(f"These {count} rows were rejected (written to {rejected}):", file=sys.stderr)
    for row in report.rejected:
        print(f"  line {row.line}: {row.error}", file=sys.stderr)
    return 1


@command("notify")
def notify_job(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services import reminder_actions as reminders
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import utcnow

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        author = queries.staff_by_login(session, settings.resolved_staff())
        message, new = reminders.notify(
            session, args.job, args.kind, utcnow(), author_id=author.id if author else None
        )
    if not new:
        print(
            f"Already sent for this job: message {message.id} ({message.status}).", file=sys.stderr
        )
    print(message.id)
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


# --- issue 9: mail, staff, texting employees -------------------------------------------


@command("mail")
def mail(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services import mailer

    if args.mail_action == "test":
        try:
            answer = asyncio.run(mailer.send_test(settings.mail, args.to))
        except mailer.MailFailed as failure:
            print(f"tui-sms: {failure.sentence}", file=sys.stderr)
            return 1
        print(answer)
        return 0

    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    if args.mail_action == "status":
        with session_scope(runtime.engine) as session:
            backlog = queries.mail_backlog(session)
        if not backlog.waiting:
            print("No mail waiting: every forward has gone out.")
            return 0
        assert backlog.oldest is not None
        print(
            f"{backlog.waiting} mail(s) waiting since {backlog.oldest:%Y-%m-%d %H:%M} UTC"
            + (f"; last error: {backlog.last_error}" if backlog.last_error else ".")
        )
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
        print(f"Replies are e-mailed to: {shop.return_email or '(nobody)'}")
        print(f"Language of the forwards: {language_of(shop.language, shop.province)}")
        print(f"STOP, START and HELP replies forwarded: {'yes' if shop.forward_keywords else 'no'}")
        copy = f"{sms_to[0].display_name} (each copy is a text: it costs segments)"
        print(f"Replies also texted to: {copy if sms_to else '(nobody)'}")
    return 0


@command("staff")
def staff(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.domain.carriers import CARRIERS

    if args.staff_action == "carriers":
        for carrier in CARRIERS.values():
            domains = " / ".join(
                f"{domain} ({kind})"
                for kind, domain in (("SMS", carrier.sms_domain), ("MMS", carrier.mms_domain))
                if domain
            )
            print(f"{carrier.key:<18} {carrier.name:<34} {carrier.country}  {domains}")
        return 0

    from tui_sms.services.employees import save_staff
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if args.staff_action == "list":
            for member in queries.all_staff(session):
                ways = ", ".join(
                    way for way in (member.sms_number, member.gateway_address, member.email) if way
                )
                state = "" if member.active else " (inactive)"
                print(f"{member.login:<16} {member.display_name:<28} {ways}{state}")
            return 0
        member = save_staff(
            session,
            args.login,
            create=args.staff_action == "add",
            name=args.name,
            sms=args.sms,
            email=args.email,
            carrier=args.carrier,
            gateway=args.gateway,
            language=args.language,
            active=None if args.active is None else args.active == "yes",
        )
        ways = ", ".join(w for w in (member.sms_number, member.gateway_address) if w)
        print(f"{member.login}: {member.display_name}" + (f" — {ways}" if ways else ""))
    return 0


@command("text-employees")
def text_employees(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services import employees
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import utcnow

    text = sys.stdin.read() if args.text == "-" else args.text
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        ids = []
        for login in (part.strip() for part in args.to.split(",")):
            member = queries.staff_by_login(session, login) if login else None
            if member is None:
                raise UserError(f"There is no staff member with the login '{login}'.")
            ids.append(member.id or 0)
        author = queries.staff_by_login(session, settings.resolved_staff())
        plan = employees.text_employees(session, ids, text, author.id if author else None, utcnow())
    print(plan.summary())
    return 0
