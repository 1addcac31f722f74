"""`tui-sms job-text`: a job's confirmation, work-completed, thank-you or on-my-way text, shown
for review (`--preview`), edited (`--body`), then sent once per job and kind;
`tui-sms job-text follow-ups` sends the one follow-up of unanswered confirmations that are due."""

from __future__ import annotations

import argparse

from tui_sms.config import Settings


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    texts = sub.add_parser(
        "job-text", parents=[common], help="confirmation or work-stage text for a job"
    )
    texts.add_argument("--job", metavar="ID", help="the job's external id")
    texts.add_argument(
        "--kind", choices=["confirmation", "completed", "thanks", "on_my_way"], default=None
    )
    texts.add_argument("--body", help="the text as edited (default: the template's)")
    texts.add_argument("--preview", action="store_true", help="show the text, send nothing")
    texts.add_argument("--follow-ups", action="store_true", help="send due confirmation follow-ups")
    texts.set_defaults(handler=job_text)


def job_text(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.errors import UserError
    from tui_sms.domain.status import LABELS
    from tui_sms.domain.text import clean
    from tui_sms.services import job_texts
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import utcnow
    from tui_sms.ui.i18n import _, n_, sentence

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        if args.follow_ups:
            queued = job_texts.send_follow_ups(session, utcnow())
            print(n_("{count} follow-up queued.", "{count} follow-ups queued.", queued))
            return 0
        if not args.job or not args.kind:
            raise UserError(_("Name the job (--job) and the kind of text (--kind)."))
        if args.preview:
            draft = job_texts.draft(session, args.job, args.kind)
            print(clean(draft.body))
            if draft.sent is not None:
                print(
                    _(
                        "Already sent: message {id} ({status}).",
                        id=draft.sent.id,
                        status=sentence(LABELS.get(draft.sent.status, draft.sent.status)),
                    )
                )
            return 0
        author = queries.staff_by_login(session, settings.resolved_staff())
        message = job_texts.send(
            session,
            args.job,
            args.kind,
            utcnow(),
            author_id=author.id if author else None,
            body=args.body,
        )
    print(message.id)
    return 0
