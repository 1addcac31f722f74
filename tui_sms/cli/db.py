"""`tui-sms db` (the schema: upgrade it or show its revision) and `tui-sms demo` (load the demo
data into an empty database)."""

from __future__ import annotations

import argparse
import json

from tui_sms.config import Settings
from tui_sms.domain.errors import UserError


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", parents=[common], help="database schema")
    db.add_argument("action", choices=["upgrade", "current"])
    db.set_defaults(handler=database)

    demo = sub.add_parser(
        "demo", parents=[common], help="load the demo data into an empty database"
    )
    demo.set_defaults(handler=load_demo_data)


def database(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.store import migrate
    from tui_sms.store.engine import make_engine

    engine = make_engine(settings.resolved_database_url())
    if args.action == "upgrade":
        migrate.upgrade(engine)
    print(json.dumps({"revision": migrate.current_revision(engine)}))
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
