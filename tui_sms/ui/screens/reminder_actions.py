"""What staff do from the reminder review: queue the selected reminders (in chunks, with a
progress bar), send one now, add a missing mobile number, open the job type's template.
Each change is one service call in its own transaction, in a thread worker."""

from __future__ import annotations

from textual.widgets import ProgressBar

from tui_sms.domain.text import one_line
from tui_sms.services import review
from tui_sms.services.reminder_actions import send_reminder_now
from tui_sms.services.reminder_scheduler import schedule_reminders
from tui_sms.store.models import Message, utcnow
from tui_sms.ui.i18n import _, n_, sentence
from tui_sms.ui.screens.reminder_dialogs import AddNumber, ConfirmSchedule
from tui_sms.ui.screens.reminder_table import queue_question

QUEUE_CHUNK = 50


class ReminderActions:
    """Mixed into ReminderReview (which provides current, rows, selected, queuing,
    _highlighted, load_rows and the ShopNode helpers)."""

    def action_mark_auto_send(self) -> None:
        found = self.current
        if found is None or not self.selected:
            return
        chosen = [self.rows[job_id] for job_id in sorted(self.selected)]
        ids = [row.job_id for row in chosen]
        self.app.push_screen(
            ConfirmSchedule(queue_question(found, chosen)),
            lambda yes: self.schedule(ids) if yes else None,
        )

    def schedule(self, job_ids: list[int]) -> None:
        me = self.me.id

        def queue_all() -> tuple[int, list[str]]:
            self.app.call_from_thread(self._start_progress, len(job_ids))
            created = 0
            problems: list[str] = []
            for start in range(0, len(job_ids), QUEUE_CHUNK):
                chunk = job_ids[start : start + QUEUE_CHUNK]
                report = self.perform(
                    lambda s, chunk=chunk: schedule_reminders(s, chunk, utcnow(), author_id=me)
                )
                created += report.created
                problems += [sentence for _, sentence in report.problems]
                self.app.call_from_thread(self._advance, len(chunk))
            return created, problems

        self.run_service(
            queue_all,
            group="review-queue",
            exclusive=True,
            then=lambda done: self._done_queuing(*done),
        )

    def _start_progress(self, total: int) -> None:
        self.queuing = True
        bar = self.query_one("#review-progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True
        self.refresh_bindings()

    def _advance(self, count: int) -> None:
        self.query_one("#review-progress", ProgressBar).advance(count)

    def _done_queuing(self, created: int, problems: list[str]) -> None:
        self.queuing = False
        self.query_one("#review-progress").display = False
        self.selected.clear()
        self.notify(
            n_("{count} reminder scheduled.", "{count} reminders scheduled.", created),
            markup=False,
        )
        if problems:
            said = sentence(problems[0])
            if len(problems) > 1:
                said += " " + n_("(and {count} more)", "(and {count} more)", len(problems) - 1)
            self.notify(said, severity="warning", markup=False, timeout=10)
        self.load_rows()

    def action_send_now(self) -> None:
        row = self._highlighted()
        if row is not None and row.sendable:
            self.send_now(row.job_id)

    def send_now(self, job_id: int) -> None:
        me = self.me.id

        def queued(message: Message) -> None:
            if message.status == "scheduled":
                said = _("Reminder queued: it goes when the customer's quiet hours end.")
            else:
                said = _("Reminder queued to go now.")
            self.notify(said, markup=False)
            self.load_rows()

        self.run_service(
            lambda: self.perform(lambda s: send_reminder_now(s, job_id, utcnow(), author_id=me)),
            group="review-send",
            then=queued,
        )

    def action_add_number(self) -> None:
        row = self._highlighted()
        if row is None or row.number is not None:
            return
        customer_id = row.customer_id
        self.app.push_screen(
            AddNumber(one_line(row.customer_name, 60)),
            lambda typed: self.save_number(customer_id, typed) if typed else None,
        )

    def save_number(self, customer_id: int, typed: str) -> None:
        login = self.me.login
        self.run_service(
            lambda: self.perform(
                lambda s: review.add_mobile(s, customer_id, typed, staff_login=login, now=utcnow())
            ),
            group="review-number",
            then=lambda _done: self.load_rows(),
        )

    def action_edit_template(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        from tui_sms.ui.screens.template_editor import TemplateEditor

        language = "fr" if row.language == "fr" else "en"
        self.app.push_screen(
            TemplateEditor(row.job_type_id, language), lambda _saved: self.load_rows()
        )
