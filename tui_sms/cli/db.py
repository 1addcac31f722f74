"""`tui-sms db` (the schema: upgrade it or show its revision) and `tui-sms demo` (load the demo
data into an empty database)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tui_sms.config import Settings
from tui_sms.domain.errors import UserError
from tui_sms.ui.i18n import _, n_


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", parents=[common], help="database schema and backups")
    db_sub = db.add_subparsers(dest="action", required=True)
    db_sub.add_parser("upgrade", parents=[common], help="bring the schema to this release")
    db_sub.add_parser("current", parents=[common], help="show the schema's revision")
    backup = db_sub.add_parser(
        "backup", parents=[common], help="copy the SQLite database while staff work"
    )
    backup.add_argument("file", metavar="FILE", help="the new backup file")
    db.set_defaults(handler=database)

    demo = sub.add_parser(
        "demo", parents=[common], help="load the demo data into an empty database"
    )
    demo.set_defaults(handler=load_demo_data)


def database(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.store import migrate
    from tui_sms.store.engine import make_engine

    if args.action == "backup":
        return backup(Path(args.file).expanduser(), settings)
    engine = make_engine(settings.resolved_database_url(), group=settings.shop_group)
    if args.action == "upgrade":
        migrate.upgrade(engine)
    print(json.dumps({"revision": migrate.current_revision(engine)}))
    return 0


def backup(target: Path, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.store.backup import backup_sqlite
    from tui_sms.store.engine import is_sqlite

    if target.exists():
        raise UserError(_("{path} already exists: give the backup a new file name.", path=target))
    if not target.parent.is_dir():
        raise UserError(_("The folder {path} does not exist: create it first.", path=target.parent))
    runtime = open_runtime(settings)
    if not is_sqlite(runtime.engine):
        raise UserError(
            _(
                "This database is PostgreSQL: back it up with pg_dump "
                "(see docs/deployment.md, Backups)."
            )
        )
    try:
        size = backup_sqlite(runtime.engine, target, settings.shop_group)
    except OSError as exc:
        raise UserError(
            _(
                "The backup could not be written to {path}: {reason}.",
                path=target,
                reason=exc.strerror,
            )
        ) from exc
    print(
        n_(
            "Backup written to {path} ({count} byte).",
            "Backup written to {path} ({count} bytes).",
            size,
            path=target,
        )
    )
    return 0


def load_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services.demo import is_empty, load_demo
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if not is_empty(session):
            raise UserError(
                _("This database already has a shop: the demo loads only into an empty one.")
            )
        load_demo(session, settings.resolved_staff())
    print(_("Demo data loaded."))
    return 0
