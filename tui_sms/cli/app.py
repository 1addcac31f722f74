"""`tui-sms run` (also what `tui-sms` alone does): open the message center, or the setup
screen on a database that has no shop yet."""

from __future__ import annotations

import argparse

from tui_sms.config import Settings


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    run = sub.add_parser("run", parents=[common], help="open the message center (the default)")
    run.set_defaults(handler=run_app)


def run_app(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.services.demo import demo_auto_reply, is_empty, load_demo
    from tui_sms.services.setup_view import needs_setup
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import Staff

    runtime = open_runtime(settings)
    demo = getattr(args, "demo", False)
    if demo:
        with session_scope(runtime.engine) as session:
            if is_empty(session):
                load_demo(session, settings.resolved_staff())
    if needs_setup(runtime.engine):
        # Nobody is on file yet: whoever finishes the setup screen becomes the administrator.
        login = settings.resolved_staff()
        me = Staff(login=login, display_name=login, language=settings.language or "")
    else:
        me = runtime.staff()
    from tui_sms.ui.app import TuiSmsApp

    TuiSmsApp(runtime, me, auto_reply=demo_auto_reply() if demo else None).run()
    return 0
