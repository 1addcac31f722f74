"""`tui-sms notify`: text a job's confirmation or work-completed message (once per job and kind)."""

from __future__ import annotations

import argparse
import sys

from tui_sms.config import Settings


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    notify = sub.add_parser(
        "notify", parents=[common], help="text a job's confirmation or work-completed message"
    )
    notify.add_argument("--job", required=True, metavar="ID", help="the job's external id")
    notify.add_argument("--kind", required=True, choices=["confirmation", "completed"])
    notify.set_defaults(handler=notify_job)


def notify_job(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.status import LABELS
    from tui_sms.services import reminder_actions as reminders
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import utcnow
    from tui_sms.ui.i18n import _, sentence

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        author = queries.staff_by_login(session, settings.resolved_staff())
        message, new = reminders.notify(
            session, args.job, args.kind, utcnow(), author_id=author.id if author else None
        )
    if not new:
        status = sentence(LABELS.get(message.status, message.status))
        print(
            _(
                "Already sent for this job: message {id} ({status}).",
                id=message.id,
                status=status,
            ),
            file=sys.stderr,
        )
    print(message.id)
    return 0
