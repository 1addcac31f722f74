"""Opening an administrator's screen: the services say whether the person at the keyboard
may (roles.require_admin); a staff member who may not sees the refusal in their language
and stays where they were."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.screen import Screen

from tui_sms.domain.errors import UserError
from tui_sms.services import setup_view
from tui_sms.ui.i18n import sentence


def open_for_admins(app: App[None], make: Callable[[], Screen[object]], what: str) -> None:
    """Push the screen `make` builds once the check passed; `what` finishes "Only an
    administrator can …"."""
    engine = app.runtime.engine  # type: ignore[attr-defined]
    login = app.me.login  # type: ignore[attr-defined]

    def check() -> None:
        try:
            setup_view.require_admin(engine, login, what)
        except UserError as refusal:
            app.call_from_thread(
                app.notify, sentence(refusal.sentence), severity="error", markup=False, timeout=8
            )
            return
        app.call_from_thread(lambda: app.push_screen(make()))

    app.run_worker(check, group="admin-gate", thread=True, exit_on_error=False)
