"""Texts about a job, from the reminders screen or a customer's thread: confirm the
appointment, work completed, thank you for the visit, on my way.

The clerk picks the job (a thread's customer may have several) and the kind, reads and edits
the text with its cost under it, and sends it after one question. A kind already sent for the
job says so and cannot go again (the service refuses a second one with a sentence anyway).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui_sms.domain.job_texts import JOB_TEXT_KINDS
from tui_sms.domain.pricing import DEFAULT_CURRENCY, DEFAULT_SEGMENT_PRICE
from tui_sms.domain.segments import estimate
from tui_sms.domain.text import one_line
from tui_sms.services import job_text_view, job_texts
from tui_sms.services.job_text_view import Draft, JobLine
from tui_sms.store.models import utcnow
from tui_sms.ui.base import ShopNode
from tui_sms.ui.estimate_words import estimate_line
from tui_sms.ui.format import full_time
from tui_sms.ui.i18n import _
from tui_sms.ui.screens.job_text_question import AskOnce


def kind_label(kind: str) -> str:
    labels = {
        "confirmation": _("Confirm appointment"),
        "completed": _("Work completed"),
        "thanks": _("Thank you for your visit"),
        "on_my_way": _("On my way"),
    }
    return labels[kind]


class JobTexts(ShopNode, ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="job-texts.close"),
        Binding("ctrl+s", "send", "Send this text", id="job-texts.send"),
    ]
    DEFAULT_CSS = """
    JobTexts { align: center middle; }
    #job-texts { width: 90%; max-width: 100; height: auto; max-height: 95%;
                 border: round $accent; padding: 0 1; background: $surface; }
    #job-list { height: auto; max-height: 6; }
    #kind-list { height: auto; max-height: 6; }
    #job-text-body { height: 6; }
    #job-text-said { color: $error; }
    """

    def __init__(self, jobs: list[JobLine]) -> None:
        super().__init__()
        self.jobs = jobs
        self.job = jobs[0]
        self.kind = JOB_TEXT_KINDS[0]
        self.current: Draft | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="job-texts"):
            yield Static(id="job-texts-title", markup=False)
            yield OptionList(id="job-list")
            yield OptionList(id="kind-list")
            yield TextArea(id="job-text-body", soft_wrap=True)
            yield Static(id="job-text-estimate", markup=False)
            yield Static(id="job-text-said", markup=False)
            yield Static(
                Text(_("Ctrl+S sends it (asked once) · Escape closes"), style="dim"),
                markup=False,
            )

    def on_mount(self) -> None:
        jobs = self.query_one("#job-list", OptionList)
        jobs.display = len(self.jobs) > 1
        self._show_jobs()
        self._show_kinds()
        self.query_one("#kind-list", OptionList).focus()
        self.load_draft()

    def _job_label(self, job: JobLine) -> Text:
        label = Text(f"{full_time(job.start, self.shop_time_zone)}  {one_line(job.job_type, 30)}")
        label.append(f"  {one_line(job.external_id, 20)}", style="dim")
        if job.confirmed_at is not None:
            label.append("  ✔ " + _("confirmed"), style="bold green")
        return label

    def _show_jobs(self) -> None:
        jobs = self.query_one("#job-list", OptionList)
        jobs.clear_options()
        jobs.add_options(Option(self._job_label(job), id=str(job.job_id)) for job in self.jobs)
        title = Text(_("Texts about a job for "), style="bold")
        title.append(one_line(self.job.customer, 40))
        title.append("\n")
        title.append_text(self._job_label(self.job))
        self.query_one("#job-texts-title", Static).update(title)

    def _show_kinds(self) -> None:
        kinds = self.query_one("#kind-list", OptionList)
        highlighted = kinds.highlighted
        kinds.clear_options()
        for kind in JOB_TEXT_KINDS:
            label = Text(kind_label(kind))
            if kind in self.job.sent:
                label.append("  " + _("already sent"), style="dim")
            kinds.add_option(Option(label, id=kind))
        kinds.highlighted = highlighted if highlighted is not None else 0

    # --- loading -----------------------------------------------------------------------

    def load_draft(self) -> None:
        job_id, kind = self.job.job_id, self.kind
        self.run_service(
            lambda: job_text_view.draft(self.engine, job_id, kind),
            group="job-text-draft",
            exclusive=True,
            then=self._show_draft,
        )

    def _show_draft(self, found: Draft) -> None:
        self.current = found
        area = self.query_one("#job-text-body", TextArea)
        area.load_text(found.body)
        said = self.query_one("#job-text-said", Static)
        if found.sent is not None:
            said.update(
                _(
                    "Already sent for this job (message {id}, {status}): it goes once per job.",
                    id=found.sent.id,
                    status=found.sent.status,
                )
            )
        elif found.number is None:
            said.update(_("This customer has no mobile number: add one first."))
        else:
            said.update("")
        self.refresh_bindings()

    @on(TextArea.Changed, "#job-text-body")
    def _estimate(self, event: TextArea.Changed) -> None:
        found = estimate(event.text_area.text)
        line = estimate_line(found, DEFAULT_SEGMENT_PRICE, DEFAULT_CURRENCY)
        self.query_one("#job-text-estimate", Static).update(Text(line, style="dim"))

    @on(OptionList.OptionHighlighted, "#kind-list")
    def _kind_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.kind:
            self.kind = event.option.id
            self.load_draft()

    @on(OptionList.OptionSelected, "#kind-list")
    def _kind_picked(self) -> None:
        self.query_one("#job-text-body", TextArea).focus()

    @on(OptionList.OptionHighlighted, "#job-list")
    def _job_chosen(self, event: OptionList.OptionHighlighted) -> None:
        chosen = next((j for j in self.jobs if str(j.job_id) == event.option.id), None)
        if chosen is not None and chosen is not self.job:
            self.job = chosen
            self._show_jobs()
            self._show_kinds()
            self.load_draft()

    # --- sending -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            found = self.current
            ready = found is not None and found.sent is None and found.number is not None
            return True if ready else None
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_send(self) -> None:
        found = self.current
        if found is None or found.sent is not None:
            return
        body = self.query_one("#job-text-body", TextArea).text
        question = Text(
            _(
                "Send “{kind}” to {customer}?",
                kind=kind_label(found.kind),
                customer=one_line(found.customer, 40),
            )
        )
        self.app.push_screen(AskOnce(question), lambda yes: self.send(found, body) if yes else None)

    def send(self, found: Draft, body: str) -> None:
        me = self.me.id

        def send_and_reread() -> JobLine:
            self.perform(
                lambda s: job_texts.send(
                    s, found.job_id, found.kind, utcnow(), author_id=me, body=body
                )
            )
            return job_text_view.job_line(self.engine, found.job_id)

        def sent(line: JobLine) -> None:
            self.notify(
                _(
                    "{kind}: queued for {customer}.",
                    kind=kind_label(found.kind),
                    customer=one_line(found.customer, 40),
                ),
                markup=False,
            )
            self.job = line
            self.jobs = [line if job.job_id == line.job_id else job for job in self.jobs]
            self._show_jobs()
            self._show_kinds()
            self.load_draft()

        self.run_service(send_and_reread, group="job-text-send", then=sent)
