"""After a day of failed e-mails, the message center says so."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from tests.factories import make_shop
from tests.ui.conftest import until
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import MailOut, utcnow
from tui_sms.ui.app import TuiSmsApp


def _mail(created_ago: timedelta, error: str | None) -> MailOut:
    return MailOut(
        recipients="atelier@garage.example",
        subject="Texto",
        body="x",
        created_at=utcnow() - created_ago,
        attempts=3,
        last_error=error,
    )


async def test_a_day_of_failed_mail_shows_a_banner(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        make_shop(session)
        session.add(_mail(timedelta(hours=2), None))
        me = queries.staff_by_login(session, "marie")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        banner = app.screen.query_one("#banner", Static)
        await pilot.pause(1.5)
        assert not banner.display  # two hours: retries are still on their way
        with session_scope(runtime.engine) as session:
            session.add(_mail(timedelta(days=1, minutes=5), "The mail server [b]x[/b] said no."))
        assert await until(pilot, lambda: banner.display, 20.0)
        shown = str(banner.render())
        assert "Courriels non envoyés depuis" in shown and "2 en attente" in shown  # Marie: fr
        assert "[b]x[/b]" in shown  # the server's words are shown literally
