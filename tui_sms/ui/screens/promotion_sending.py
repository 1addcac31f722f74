"""Sending from the Promotion screen: the one question with the total, the batch created, then
queued a chunk per transaction with the progress bar following, and its report; past
promotions and their reports."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tui_sms.domain.text import one_line
from tui_sms.services import promotion_view, promotions
from tui_sms.services.promotion_view import BatchEstimate, PromotionReport, Search
from tui_sms.ui.i18n import _, n_
from tui_sms.ui.screens.promotion_dialogs import (
    PastPromotions,
    PromotionReportDialog,
    QueueProgress,
    SendPromotion,
)


class PromotionSending:
    """Mixed into the Promotion screen (which provides found, selected, body(),
    total_sentence() and the ShopNode helpers)."""

    def action_send(self) -> None:
        found, body = self.found, self.body()
        name = " ".join(self.query_one("#promotion-name", Input).value.split())
        problem = None
        if found is None:
            problem = _("Find the customers first: fill in the criteria and press Enter.")
        elif not name:
            problem = _("Give the promotion a name: its report is found by it.")
        elif not body.strip():
            problem = _("Type the promotion's text beside its name.")
        elif not self.selected:
            problem = _("Nobody is selected: nothing to send.")
        if problem is not None or found is None:
            self.notify(problem or "", severity="warning", markup=False)
            return
        selected, now = set(self.selected), self.now()

        def ask(total: BatchEstimate) -> None:
            question = _("Send the promotion “{name}”?", name=one_line(name, 40))
            question += "\n\n" + self.total_sentence(total)

            def answered(yes: bool | None) -> None:
                if yes:
                    self.create(name, body, found, selected)

            self.app.push_screen(SendPromotion(question), answered)

        self.run_service(
            lambda: promotion_view.estimate(self.engine, found, selected, body, now),
            group="promotion-total",
            then=ask,
        )

    def create(self, name: str, body: str, found: Search, selected: set[int]) -> None:
        login, now = self.me.login, self.now()
        self.run_service(
            lambda: self.perform(
                lambda s: (
                    promotions.create_promotion(
                        s, name, body, found, selected, created_by=login, now=now
                    ).id
                    or 0
                )
            ),
            group="promotion-create",
            then=lambda promotion_id: self.queue(promotion_id, name),
        )

    def queue(self, promotion_id: int, name: str) -> None:
        """Queue the batch a chunk per transaction, the progress bar following each chunk."""
        progress = QueueProgress(name)
        self.app.push_screen(progress)
        me = self.me.id

        def work() -> PromotionReport:
            # A refusal or a failure half-way closes the bar too: what was queued stays
            # queued, and the promotion's report says how many are still to queue.
            try:
                while True:
                    done = self.perform(
                        lambda s: promotions.queue_next(
                            s, promotion_id, author_id=me, now=self.now()
                        )
                    )
                    self.app.call_from_thread(progress.advance, done.done, done.total)
                    if done.finished:
                        return promotion_view.report(self.engine, name)
            finally:
                self.app.call_from_thread(progress.dismiss)

        def finished(report: PromotionReport) -> None:
            self.notify(
                n_(
                    "“{name}”: {count} text queued.",
                    "“{name}”: {count} texts queued.",
                    report.queued,
                    name=one_line(name, 40),
                ),
                markup=False,
            )
            self.query_one("#promotion-name", Input).value = ""
            self.query_one("#promotion-body", TextArea).clear()
            self.app.push_screen(PromotionReportDialog(report, self.shop_time_zone))

        self.run_service(work, group="promotion-queue", then=finished)

    def action_past(self) -> None:
        def chosen(name: str | None) -> None:
            if name:
                self.run_service(
                    lambda: promotion_view.report(self.engine, name),
                    group="promotion-report",
                    then=lambda report: self.app.push_screen(
                        PromotionReportDialog(report, self.shop_time_zone)
                    ),
                )

        self.run_service(
            lambda: promotion_view.past_promotions(self.engine),
            group="promotion-past",
            then=lambda past: self.app.push_screen(
                PastPromotions(past, self.shop_time_zone), chosen
            ),
        )
