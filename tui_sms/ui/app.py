"""The Textual application: loads themes, runs the worker in-process when none is running,
and watches the change marker so every screen sees other people's work within a second."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui_sms.services.mailer import MAIL_ALARM_AFTER
from tui_sms.services.runtime import Runtime, open_provider
from tui_sms.services.worker import HEARTBEAT_STALE, worker_is_running
from tui_sms.services.worker import Worker as SmsWorker
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Staff, utcnow
from tui_sms.ui import i18n
from tui_sms.ui.format import local
from tui_sms.ui.i18n import _
from tui_sms.ui.keymap import apply_keymap
from tui_sms.ui.messages import DataChanged
from tui_sms.ui.screens.failed import FailedMessages
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.screens.new_conversation import NewConversation
from tui_sms.ui.screens.shortcuts import ShortcutForm, ShortcutManager, ShortcutPicker
from tui_sms.ui.screens.transfer import TransferPicker
from tui_sms.ui.themes import register_themes
from tui_sms.ui.widgets.composer import Composer, ComposerInput
from tui_sms.ui.widgets.thread_list import ThreadList

CHANGE_POLL_SECONDS = 1.0


class TuiSmsApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tui-sms"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True)]

    def __init__(
        self,
        runtime: Runtime,
        me: Staff,
        *,
        run_worker_inside: bool | None = None,
        auto_reply: Callable[[str, str], str | None] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        # The language is known before any widget exists, so binding descriptions follow it.
        i18n.set_language(i18n.pick_language(me.language, runtime.settings.language))
        i18n.translate_bindings(*TRANSLATED)
        super().__init__()
        self.clock = clock or utcnow
        self.runtime = runtime
        self.me = me
        self.auto_reply = auto_reply
        self.run_worker_inside = run_worker_inside
        self.last_change_id = 0
        self.stop_worker = asyncio.Event()
        with session_scope(runtime.engine) as session:
            shop = queries.get_shop(session)
            self.last_change_id = queries.latest_change_id(session)
        self.shop_time_zone = shop.time_zone if shop else "UTC"
        self.shop_name = shop.name if shop else "tui-sms"

    def on_mount(self) -> None:
        register_themes(self)
        apply_keymap(self, self.runtime.settings.keymap)
        wanted = self.runtime.settings.theme
        self.theme = wanted if wanted in self.available_themes else "shop-dark"
        self.title = self.shop_name
        self.sub_title = self.me.display_name
        self.push_screen(MessageCenter())
        inside = self.run_worker_inside
        if inside is None:
            inside = not worker_is_running(self.runtime.engine)
        if inside:
            self.run_sms_worker()
        self.set_interval(CHANGE_POLL_SECONDS, self.watch_changes)

    @work(exclusive=True, group="sms-worker", exit_on_error=False)
    async def run_sms_worker(self) -> None:
        async with open_provider(self.runtime.settings, auto_reply=self.auto_reply) as provider:
            settings = self.runtime.settings
            await SmsWorker(self.runtime.engine, provider, settings.worker, mail=settings.mail).run(
                self.stop_worker
            )

    @work(thread=True, exclusive=True, group="changes", exit_on_error=False)
    def watch_changes(self) -> None:
        with session_scope(self.runtime.engine) as session:
            latest = queries.latest_change_id(session)
            changed = (
                queries.changed_threads_since(session, self.last_change_id)
                if latest != self.last_change_id
                else set()
            )
            workers = queries.live_workers(session, utcnow() - HEARTBEAT_STALE)
            down = [w.provider_down_since for w in workers if w.provider_down_since]
            waiting = queries.count_waiting(session) if down else 0
            mail = queries.mail_backlog(session)
        banner = None
        if down:
            since = local(min(down), self.shop_time_zone).strftime("%H:%M")
            banner = _(
                "Provider unreachable since {since} — {waiting} messages waiting to go out.",
                since=since,
                waiting=waiting,
            )
        mail_banner = self._mail_banner(mail)
        if mail_banner:
            banner = f"{banner}  {mail_banner}" if banner else mail_banner
        self.call_from_thread(self._after_watch, latest, changed, banner)

    def _mail_banner(self, mail: queries.MailBacklog) -> str | None:
        """Issue 9: e-mails unsent for a day (forwards, gateway texts) deserve a banner."""
        if mail.oldest is None or utcnow() - mail.oldest < MAIL_ALARM_AFTER:
            return None
        since = local(mail.oldest, self.shop_time_zone).strftime("%Y-%m-%d %H:%M")
        why = (
            f" Last error: {mail.last_error}"
            if mail.last_error
            else " Is the mail server set up? Try 'tui-sms mail test'."
        )
        return f"E-mails not sent since {since} — {mail.waiting} waiting (reply forwards).{why}"

    def _after_watch(self, latest: int, changed: set[int], banner: str | None) -> None:
        screen = self.screen
        if isinstance(screen, MessageCenter):
            screen.show_banner(banner)
        if latest != self.last_change_id:
            self.last_change_id = latest
            screen.post_message(DataChanged(frozenset(changed)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Job reminders", "Review and send reminders for upcoming jobs", self.open_reminders
        )
        yield SystemCommand(
            "Reminder templates",
            "Edit the reminder, confirmation and work-completed texts per job type",
            self.open_template_editor,
        )

    def open_reminders(self) -> None:
        from tui_sms.ui.screens.reminders import ReminderReview

        self.push_screen(ReminderReview())

    def open_template_editor(self) -> None:
        from tui_sms.ui.screens.template_editor import TemplateEditor

        self.push_screen(TemplateEditor())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "sms-worker":
            error = event.worker.error
            self.notify(
                _(
                    "The sender stopped: {error}. Messages wait in the queue; restart tui-sms.",
                    error=error,
                ),
                severity="error",
                markup=False,
                timeout=15,
            )

    def now(self) -> datetime:
        """The app's clock: fixed in snapshot tests, so relative times stay stable."""
        return self.clock()

    async def action_quit(self) -> None:
        self.stop_worker.set()
        self.exit()


TRANSLATED = (
    TuiSmsApp,
    MessageCenter,
    FailedMessages,
    NewConversation,
    ShortcutForm,
    ShortcutManager,
    ShortcutPicker,
    TransferPicker,
    Composer,
    ComposerInput,
    ThreadList,
)
