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
    send.add_argument("text", help="the message; - reads standard input")

    db = sub.add_parser("db", parents=[common], help="database schema")
    db.add_argument("action", choices=["upgrade", "current"])

    sub.add_parser("demo", parents=[common], help="load the demo data into an empty database")
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
    from tui_sms.services import outbox
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    text = sys.stdin.read() if args.text == "-" else args.text
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        author = queries.staff_by_login(session, settings.resolved_staff())
        message = outbox.queue_to_number(
            session, args.to, text, author_id=author.id if author else None, queue=args.queue
        )
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
