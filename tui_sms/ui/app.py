"""The Textual application: loads themes, stands for the sender seat (it sends while no
worker service or other app does), and watches the change marker so every screen sees other
people's work within a second."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui_sms.domain.text import clean
from tui_sms.services import status_view
from tui_sms.services.runtime import Runtime
from tui_sms.services.status_view import ShopFacts
from tui_sms.store.models import Staff, utcnow
from tui_sms.ui import i18n
from tui_sms.ui.base import OwnChanges, letters_follow_focus
from tui_sms.ui.change_watch import ChangeWatch
from tui_sms.ui.i18n import _
from tui_sms.ui.keymap import apply_keymap
from tui_sms.ui.messages import ActionRefused
from tui_sms.ui.palette_language import TranslatedPalette, translated
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.settle import load_then_freeze
from tui_sms.ui.themes import register_themes
from tui_sms.ui.widgets.composer import Composer, ComposerInput
from tui_sms.ui.widgets.thread_list import ThreadList

if TYPE_CHECKING:
    from tui_sms.services.runtime import SandboxDoor

# Quitting waits this long for the sender to finish its posts in flight and leave the seat.
QUIT_WAIT_SECONDS = 5.0


class TuiSmsApp(ChangeWatch, TranslatedPalette, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tui-sms"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        # Priority bindings, read by the app as each key arrives: over SSH a clerk's keys come
        # in bursts, and a Tab handled by the focused widget moved the focus only after the
        # letters typed behind it had been handed to the field it was leaving.
        Binding("tab", "next_field", "Next field", show=False, priority=True, id="app.next_field"),
        Binding(
            "shift+tab",
            "previous_field",
            "Previous field",
            show=False,
            priority=True,
            id="app.previous_field",
        ),
    ]

    def __init__(
        self,
        runtime: Runtime,
        me: Staff,
        *,
        run_worker_inside: bool | None = None,
        auto_reply: Callable[[str, str], str | None] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        shop = status_view.shop_facts(runtime.engine)
        # The language is known before any widget exists, so binding descriptions follow it.
        i18n.set_language(i18n.pick_language(me.language, runtime.settings.language, shop.language))
        i18n.translate_bindings(*FIRST_FRAME)
        super().__init__()
        self.clock = clock or utcnow
        self.runtime = runtime
        self.me = me
        self.auto_reply = auto_reply
        self.run_worker_inside = run_worker_inside
        self.stop_worker = asyncio.Event()
        self.shop_exists = shop.exists
        self.last_change_id = shop.latest_change
        self.shop_time_zone = shop.time_zone
        self.shop_name = shop.name
        self.own_changes = OwnChanges()
        self.status_banner: str | None = None
        # Worker group -> what failed there, shown in the banner until that group succeeds.
        self.failures: dict[str, str] = {}
        self.first_frame_drawn = False
        self.screens_translated = False
        self.sender_started = False

    def on_mount(self) -> None:
        register_themes(self)
        apply_keymap(self, self.runtime.settings.keymap)
        wanted = self.runtime.settings.theme
        self.theme = wanted if wanted in self.available_themes else "shop-dark"
        self.title = self.shop_name
        self.sub_title = self.me.display_name
        if not self.shop_exists:
            # A new database opens on the setup screen; the center follows once it is saved.
            from tui_sms.ui.screens.shop_settings import ShopSettings

            i18n.translate_bindings(ShopSettings)
            self.push_screen(ShopSettings(first_run=True))
            self.call_after_refresh(self.after_first_frame)
            return
        self.open_message_center()

    def open_message_center(self) -> None:
        # Its first frame with rows calls center_drawn.
        self.push_screen(MessageCenter())

    def center_drawn(self) -> None:
        """The message center drew its rows: stand for the sender seat now (False: never
        send, for tests that look at queued texts). The sender brings the poller and the
        HTTP client, which the first frame does not need."""
        if self.run_worker_inside is not False and not self.sender_started:
            self.sender_started = True
            self.run_sms_worker()
        self.after_first_frame()

    def after_first_frame(self) -> None:
        """What the first frame does not need starts once it is drawn: the change watcher,
        and the modules of the other screens (in a thread, so keys are answered meanwhile)."""
        if self.first_frame_drawn:
            return
        self.first_frame_drawn = True
        self.start_watching()
        load = lambda: load_then_freeze(translated_classes)  # noqa: E731
        self.run_worker(load, thread=True, group="load-screens", exit_on_error=False)

    def translate_other_screens(self) -> None:
        """Binding descriptions of every screen the first frame does not show, in the
        interface's language. Instances made before this share their class's binding lists,
        so they follow too."""
        if not self.screens_translated:
            self.screens_translated = True
            i18n.translate_bindings(*translated_classes())

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        if self.first_frame_drawn:  # the first frame's own screen is translated already
            self.translate_other_screens()
        return super().push_screen(screen, *args, **kwargs)

    def shop_saved(self, member: Staff, *, first_run: bool) -> None:
        """The settings screen saved the shop: a first setup goes on to the message center."""
        self.me = member
        self.show_shop_facts(status_view.shop_facts(self.runtime.engine))
        self.sub_title = member.display_name
        if first_run:
            self.call_later(self.open_message_center)

    def show_shop_facts(self, shop: ShopFacts) -> None:
        """The shop's name (the title) and time zone, read after a change of them."""
        if not shop.exists:
            return
        self.shop_exists = True
        self.shop_name = self.title = shop.name
        self.shop_time_zone = shop.time_zone

    @work(exclusive=True, group="sms-worker", exit_on_error=False)
    async def run_sms_worker(self) -> None:
        """Send while this app holds the sender seat; stand by while a worker service or
        another app does (services/sender_lease.py, docs/architecture.md: Processes)."""
        from tui_sms.services.sender_lease import serve_as_sender
        from tui_sms.store import seat

        await serve_as_sender(
            self.runtime.settings,
            self.runtime.engine,
            seat.APP,
            self.stop_worker,
            auto_reply=self.auto_reply,
            on_sandbox=self._sandbox_opened,
        )

    # How to reach the sandbox this app serves (demo only): the palette's simulated reply.
    sandbox_door: SandboxDoor | None = None

    def _sandbox_opened(self, door: SandboxDoor | None) -> None:
        self.sandbox_door = door

    def show_banner(self) -> None:
        """The status line (provider, mail) and any failed background task, on the screen
        that has a banner."""
        parts = [part for part in (self.status_banner, *self.failures.values()) if part]
        screen = self.screen
        if isinstance(screen, MessageCenter):
            screen.show_banner("  ".join(parts) if parts else None)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from translated(super().get_system_commands(screen))
        if getattr(screen, "first_run", False):  # the setup screen of a new database
            return  # nothing else makes sense before the shop exists
        yield SystemCommand(
            _("Job reminders"),
            _("Review and send reminders for upcoming jobs"),
            self.open_reminders,
        )
        yield SystemCommand(
            _("Reminder templates"),
            _("Edit the reminder, confirmation and work-completed texts per job type"),
            self.open_template_editor,
        )
        yield SystemCommand(
            _("Reports"), _("Messages sent and failed, monthly usage chart"), self.open_reports
        )
        yield SystemCommand(
            _("Promotion"),
            _("Text customers found by what they bought, their visits or their car club"),
            self.open_promotions,
        )

        from tui_sms.ui.first_day_commands import first_day_commands

        yield from first_day_commands(self)
        from tui_sms.ui.habit_commands import habit_commands

        yield from habit_commands(self, screen)

    def open_reminders(self) -> None:
        from tui_sms.ui.screens.reminders import ReminderReview

        self.push_screen(ReminderReview())

    def open_reports(self) -> None:
        from tui_sms.ui.screens.reports import Reports

        self.push_screen(Reports())

    def open_promotions(self) -> None:
        from tui_sms.ui.screens.promotion import Promotions

        self.push_screen(Promotions())

    def open_template_editor(self) -> None:
        from tui_sms.services.review import EDIT_TEMPLATES
        from tui_sms.ui.admin_gate import open_for_admins
        from tui_sms.ui.screens.template_editor import TemplateEditor

        open_for_admins(self, TemplateEditor, EDIT_TEMPLATES)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "load-screens" and event.state == WorkerState.SUCCESS:
            self.translate_other_screens()
        self.worker_state_changed(event)

    def worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler for every worker: a failure is said in the banner (and a toast,
        seen on any screen) and the app keeps running; the group's next success clears it."""
        group = event.worker.group
        if event.state == WorkerState.SUCCESS:
            self.report_recovery(group)
        if event.state != WorkerState.ERROR or not self.is_running:
            return
        self.report_failure(group, event.worker.error)

    def report_failure(self, group: str, failure: BaseException | None) -> None:
        """A background task failed: said in the banner (and a toast, seen on any screen)
        until the group's next success; the app keeps running."""
        error = clean(str(failure))
        if group == "sms-worker":
            said = _(
                "The sender stopped: {error}. Messages wait in the queue; restart tui-sms.",
                error=error,
            )
        else:
            said = _(
                "Something went wrong ({task}): {error}. tui-sms keeps running; try again.",
                task=group,
                error=error,
            )
        if self.failures.get(group) == said:
            return  # a poll failing every second says so once
        self.failures[group] = said
        self.notify(said, severity="error", markup=False, timeout=15)
        self.show_banner()

    def report_recovery(self, group: str) -> None:
        if self.failures.pop(group, None):
            self.show_banner()

    def on_key(self, event: events.Key) -> None:
        if event.is_forwarded:  # it went to a widget, which did not use it
            letters_follow_focus(self.screen, event)

    def on_action_refused(self, event: ActionRefused) -> None:
        """Every refusal a screen did not show in place: its sentence, already translated."""
        self.notify(event.sentence, severity=event.severity, markup=False, timeout=8)

    def now(self) -> datetime:
        """The app's clock: fixed in snapshot tests, so relative times stay stable."""
        return self.clock()

    def action_next_field(self) -> None:
        """Tab: the screen's own next field when it has one (a new conversation chooses the
        number typed), else the next widget that takes the focus."""
        screen = self.screen
        own = getattr(screen, "action_next_field", None)
        if own is not None:
            own()
        else:
            screen.focus_next()

    def action_previous_field(self) -> None:
        self.screen.focus_previous()

    async def action_quit(self) -> None:
        """Give the sender seat up before leaving, so another app takes it at once."""
        self.stop_worker.set()
        for worker in self.workers:
            if worker.group == "sms-worker":
                # A sender that failed already said so; one that hangs loses the seat anyway.
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(worker.wait(), QUIT_WAIT_SECONDS)
        self.exit()


# The classes whose bindings the first frame shows: translated before any of them is made.
FIRST_FRAME = (TuiSmsApp, MessageCenter, Composer, ComposerInput, ThreadList)


def translated_classes() -> tuple[type, ...]:
    """Every class whose binding descriptions follow the interface's language; importing the
    screens the first frame does not show is why this is a function."""
    # A dropdown's open list shows "esc Dismiss menu" in the footer; Textual does not
    # export the class, and its text would stay English in a French interface.
    from textual.widgets._select import SelectOverlay

    from tui_sms.ui.first_day_commands import FIRST_DAY_SCREENS
    from tui_sms.ui.habit_commands import HABIT_SCREENS
    from tui_sms.ui.screens.consent import ConfirmScreen, ConsentScreen
    from tui_sms.ui.screens.failed import FailedMessages
    from tui_sms.ui.screens.job_text_question import AskOnce
    from tui_sms.ui.screens.job_texts import JobTexts
    from tui_sms.ui.screens.new_conversation import NewConversation
    from tui_sms.ui.screens.promotion import Promotions
    from tui_sms.ui.screens.promotion_dialogs import (
        PastPromotions,
        PromotionReportDialog,
        SendPromotion,
    )
    from tui_sms.ui.screens.reminder_dialogs import AddNumber, ConfirmSchedule
    from tui_sms.ui.screens.reminders import ReminderReview
    from tui_sms.ui.screens.report_dialogs import ExportPath
    from tui_sms.ui.screens.reports import Reports
    from tui_sms.ui.screens.shop_settings import ShopSettings
    from tui_sms.ui.screens.shortcuts import ShortcutForm, ShortcutManager, ShortcutPicker
    from tui_sms.ui.screens.template_editor import TemplateEditor
    from tui_sms.ui.screens.text_employees import TextEmployees
    from tui_sms.ui.screens.transfer import TransferPicker

    return (
        *FIRST_FRAME,
        FailedMessages,
        NewConversation,
        ShopSettings,
        *FIRST_DAY_SCREENS,
        *HABIT_SCREENS,
        ShortcutForm,
        ShortcutManager,
        ShortcutPicker,
        TransferPicker,
        Reports,
        ExportPath,
        JobTexts,
        AskOnce,
        Promotions,
        SendPromotion,
        PromotionReportDialog,
        PastPromotions,
        ReminderReview,
        ConfirmSchedule,
        AddNumber,
        TemplateEditor,
        TextEmployees,
        ConsentScreen,
        ConfirmScreen,
        SelectOverlay,
    )
