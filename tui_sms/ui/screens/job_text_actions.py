"""What the message center gained with job texts and usage: the jobs of the open thread's
customer, and the month's usage line under the composer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_sms.ui.format import count, one_decimal
from tui_sms.ui.i18n import _

if TYPE_CHECKING:
    from tui_sms.services.composer_view import Usage
    from tui_sms.services.job_text_view import JobLine


class JobTextsFromThread:
    """Mixed into MessageCenter (which provides current, engine, now and run_service)."""

    def action_job_texts(self) -> None:
        view = self.current
        if view is None:
            return
        from tui_sms.services import job_text_view

        thread_id = view.thread.id or 0
        now = self.now()

        def show(jobs: list[JobLine]) -> None:
            from tui_sms.ui.screens.job_texts import JobTexts

            if not jobs:
                self.notify(
                    _("This customer has no job coming up or in the last two weeks."),
                    markup=False,
                )
                return
            self.app.push_screen(JobTexts(jobs))

        self.run_service(
            lambda: job_text_view.jobs_of_thread(self.engine, thread_id, now),
            group="center-job-texts",
            then=show,
        )


def usage_line(usage: Usage | None) -> str:
    if usage is None:
        return ""
    # The balance is on the estimate line above, net of the texts still waiting to go out:
    # the ledger's figure here as well read as two balances that disagree.
    return _(
        "SMS used this month: {used} ({percent}% of the bundles)",
        used=count(usage.used),
        percent=one_decimal(usage.percent),
    )


class JobsAndUsage(JobTextsFromThread):
    """Mixed into MessageCenter: the job texts of the open thread, and the month's usage line
    under the composer's estimate, read with the balance (on load and on changes, never per
    keystroke)."""

    def load_usage(self) -> None:
        from tui_sms.ui.widgets.composer import Composer

        now = self.now()

        def read() -> Usage | None:
            from tui_sms.services import composer_view  # in the worker, after the first frame

            return composer_view.month_usage(self.engine, now)

        self.run_service(
            read,
            group="load-usage",
            exclusive=True,
            then=lambda usage: self.query_one(Composer).show_usage(usage_line(usage)),
        )
