"""`tui-sms staff add|set|list|keys|carriers` (staff members, their numbers, carrier gateways
and SSH keys) and `tui-sms text-employees` (text one or more of them)."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from tui_sms.cli.args import read_text
from tui_sms.config import Settings
from tui_sms.domain.errors import UserError
from tui_sms.ui.i18n import _, sentence


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    staff = sub.add_parser("staff", parents=[common], help="staff members and their numbers")
    staff.set_defaults(handler=staff_command)
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
        one.add_argument(
            "--role",
            choices=["admin", "staff"],
            help="admin: shop settings, numbers, bundles, templates and staff (admins only)",
        )
        one.add_argument(
            "--ssh-key", metavar="FILE", help="public key (.pub) that logs in as this person"
        )
        one.add_argument("--authorized-keys", metavar="PATH", help=AUTHORIZED_KEYS_HELP)
    staff_sub.add_parser("list", parents=[common], help="list staff members")
    keys = staff_sub.add_parser(
        "keys", parents=[common], help="the SSH keys that log in as staff members"
    )
    keys.add_argument("--authorized-keys", metavar="PATH", help=AUTHORIZED_KEYS_HELP)
    staff_sub.add_parser("carriers", parents=[common], help="carriers with an e-mail gateway")

    text = sub.add_parser("text-employees", parents=[common], help="text one or more employees")
    text.add_argument("--to", required=True, metavar="LOGINS", help="staff logins, comma-separated")
    text.add_argument("text", help="the message; - reads standard input")
    text.set_defaults(handler=text_employees)


AUTHORIZED_KEYS_HELP = "default: ~/.ssh/authorized_keys of the shop account running this"


def staff_command(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.domain.carriers import CARRIERS

    if args.staff_action == "keys":
        from tui_sms.services import ssh_keys

        path = _authorized_keys(args)
        for key in ssh_keys.staff_keys(path):
            print(f"{key.login:<16} {key.kind:<12} {key.fingerprint}")
        return 0

    if args.staff_action == "carriers":
        for carrier in CARRIERS.values():
            domains = " / ".join(
                f"{domain} ({kind})"
                for kind, domain in (("SMS", carrier.sms_domain), ("MMS", carrier.mms_domain))
                if domain
            )
            print(f"{carrier.key:<18} {carrier.name:<34} {carrier.country}  {domains}")
        return 0

    from tui_sms.cli.language import open_runtime
    from tui_sms.services import staff_admin
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if args.staff_action == "list":
            for member in queries.all_staff(session):
                ways = ", ".join(
                    way for way in (member.sms_number, member.gateway_address, member.email) if way
                )
                state = "" if member.active else " " + _("(inactive)")
                role = f"{member.role:<6}"
                print(f"{member.login:<16} {role} {member.display_name:<28} {ways}{state}")
            return 0
        details = {
            key: value
            for key, value in (
                ("sms", args.sms),
                ("email", args.email),
                ("carrier", args.carrier),
                ("gateway", args.gateway),
                ("language", args.language),
            )
            if value is not None
        }
        me = settings.resolved_staff()
        if args.staff_action == "add":
            member = staff_admin.add_staff(
                session, me, args.login, name=args.name, role=args.role or "staff", **details
            )
        else:
            if args.name is not None:
                details["name"] = args.name
            member = staff_admin.change_staff(
                session,
                me,
                args.login,
                role=args.role,
                active=None if args.active is None else args.active == "yes",
                **details,
            )
        ways = ", ".join(w for w in (member.sms_number, member.gateway_address) if w)
        print(f"{member.login}: {member.display_name}" + (f" — {ways}" if ways else ""))
    if getattr(args, "ssh_key", None):
        from tui_sms.services import ssh_keys

        path = _authorized_keys(args)
        key = ssh_keys.add_key(path, _program(), member.login, Path(args.ssh_key).expanduser())
        print(
            _(
                "{login}: SSH key {fingerprint} logs in as {login} ({path})",
                login=member.login,
                fingerprint=key.fingerprint,
                path=path,
            )
        )
    return 0


def _authorized_keys(args: argparse.Namespace) -> Path:
    from tui_sms.services import ssh_keys

    given = getattr(args, "authorized_keys", None)
    return Path(given).expanduser() if given else ssh_keys.default_path()


def _program() -> str:
    """This installation's `tui-sms`, by absolute path: sshd runs it without a PATH search."""
    beside = Path(sys.executable).with_name("tui-sms")
    if beside.exists():
        return str(beside)
    found = shutil.which("tui-sms")
    return str(Path(found).resolve()) if found else str(Path(sys.argv[0]).resolve())


def text_employees(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services import employees
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import utcnow

    text = read_text(args.text)
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        ids = []
        for login in (part.strip() for part in args.to.split(",")):
            member = queries.staff_by_login(session, login) if login else None
            if member is None:
                raise UserError(
                    _("There is no staff member with the login '{login}'.", login=login)
                )
            ids.append(member.id or 0)
        author = queries.staff_by_login(session, settings.resolved_staff())
        plan = employees.text_employees(session, ids, text, author.id if author else None, utcnow())
    print(sentence(plan.summary()))
    return 0
