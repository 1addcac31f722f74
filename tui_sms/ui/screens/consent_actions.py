"""Recording what a customer said about being texted, from the message center: a consent
(Shift+C, in a form naming how it was given) or an opt-out staff heard (Shift+O, offered on
a thread a keyword reply flagged). Each is one service call in its own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_sms.domain.phone import format_national
from tui_sms.ui.i18n import _, for_reader

if TYPE_CHECKING:
    from tui_sms.ui.screens.consent import ConsentForm


class ConsentActions:
    """Mixed into MessageCenter (which provides current, open_thread_id, the loaders and
    the ShopNode helpers)."""

    def action_record_consent(self) -> None:
        from tui_sms.ui.screens.consent import ConsentScreen

        if self.current is None:
            return
        thread_id = self.current.thread.id or 0
        number = self.current.thread.number
        wording = for_reader(
            self.current.language,
            "I agree to receive text messages from {shop}.",
            shop=self.shop_app.shop_name,
        )

        def recorded(form: ConsentForm | None) -> None:
            if form is not None:
                self.save_consent(thread_id, number, form)

        self.app.push_screen(ConsentScreen(format_national(number), wording), recorded)

    def save_consent(self, thread_id: int, number: str, form: ConsentForm) -> None:
        from tui_sms.services import consent

        login = self.me.login
        self.run_service(
            lambda: self.perform(
                lambda s: consent.record_consent(s, number, login, form.method, form.wording)
            ),
            group="consent",
            then=lambda _done: self._after_consent_change(thread_id, _("Consent recorded.")),
        )

    def action_record_opt_out(self) -> None:
        from tui_sms.services import consent

        if self.current is None:
            return
        thread_id = self.current.thread.id or 0
        login = self.me.login
        self.run_service(
            lambda: self.perform(lambda s: consent.record_opt_out_by_staff(s, thread_id, login)),
            group="consent",
            then=lambda _done: self._after_consent_change(
                thread_id, _("Opt-out recorded: texting disabled.")
            ),
        )

    def _after_consent_change(self, thread_id: int, said: str) -> None:
        self.notify(said, markup=False)
        if thread_id == self.open_thread_id:
            self.load_conversation(thread_id, mark_read=False)
        self.load_threads()
