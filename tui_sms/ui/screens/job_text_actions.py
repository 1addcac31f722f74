"""The message center's way to the job texts: the jobs of the open thread's customer."""

from __future__ import annotations

from tui_sms.services import job_text_view
from tui_sms.services.job_text_view import JobLine
from tui_sms.ui.i18n import _


class JobTextsFromThread:
    """Mixed into MessageCenter (which provides current, engine, now and run_service)."""

    def action_job_texts(self) -> None:
        view = self.current
        if view is None:
            return
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
