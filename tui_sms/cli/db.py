"""`tui-sms db` (the schema: upgrade it or show its revision) and `tui-sms demo` (load the demo
data into an empty database)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tui_sms.config import Settings
from tui_sms.domain.errors import UserError


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
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store.backup import backup_sqlite
    from tui_sms.store.engine import is_sqlite

    if target.exists():
        raise UserError(f"{target} already exists: give the backup a new file name.")
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist: create it first.")
    runtime = open_runtime(settings)
    if not is_sqlite(runtime.engine):
        raise UserError(
            "This database is PostgreSQL: back it up with pg_dump "
            "(see docs/deployment.md, Backups)."
        )
    try:
        size = backup_sqlite(runtime.engine, target, settings.shop_group)
    except OSError as exc:
        raise UserError(f"The backup could not be written to {target}: {exc.strerror}.") from exc
    print(f"Backup written to {target} ({size:,} bytes).")
    return 0


def load_demo_data(args: argparse.Namespace, settings: Settings) -> int:
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
