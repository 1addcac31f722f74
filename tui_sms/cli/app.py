"""`tui-sms run` (also what `tui-sms` alone does): open the message center."""

from __future__ import annotations

import argparse

from tui_sms.config import Settings
from tui_sms.domain.errors import UserError


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    run = sub.add_parser("run", parents=[common], help="open the message center (the default)")
    run.set_defaults(handler=run_app)


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
                "This database has no shop yet: set it up with 'tui-sms shop set' "
                "(see README: Setting up a shop), or try the app with 'tui-sms --demo'."
            )
    me = runtime.staff()
    from tui_sms.ui.app import TuiSmsApp

    TuiSmsApp(runtime, me, auto_reply=demo_auto_reply() if demo else None).run()
    return 0
