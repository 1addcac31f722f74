"""Keeps what the clerk types in the composer as their draft of the open thread.

Saved half a second after the last key, at once when another conversation is shown, and when
the app closes; so a dropped SSH connection, a closed terminal or a killed app loses at most
the last half second. The next time the same person shows that thread, the draft is back.

Saves run in thread workers. Each takes the newest pending text of every thread under one
lock, so a slow save can never overwrite a newer one with older text.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from tui_sms.domain.text import clean
from tui_sms.services import draft_view, drafts, staff_action
from tui_sms.ui.i18n import _

if TYPE_CHECKING:
    from tui_sms.ui.widgets.composer import Composer

log = logging.getLogger(__name__)

SAVE_AFTER_SECONDS = 0.5


class DraftKeeper:
    def __init__(self, composer: Composer) -> None:
        self.composer = composer
        self.thread_id: int | None = None
        # What the database holds for `thread_id`; None until its draft has been read.
        self.written: str | None = None
        self.text = ""
        self._timer: Timer | None = None
        self._pending: dict[int, str] = {}
        self._pending_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._said_failure = False

    @property
    def _app(self) -> Any | None:
        """The tui-sms app (a composer shown alone in a test app keeps nothing)."""
        app = self.composer.app
        return app if hasattr(app, "runtime") and hasattr(app, "me") else None

    def show_thread(self, thread_id: int) -> None:
        """The composer now writes to `thread_id`: what was typed so far is saved for the
        thread it was typed for, and this thread's draft (if any) comes back."""
        if thread_id == self.thread_id:
            return
        self.save_now()
        had_thread = self.thread_id is not None
        self.thread_id = thread_id
        self.written = None
        if had_thread:
            # Text typed before any conversation was shown stays, for this one.
            self.composer.replace_text("")
        app = self._app
        if app is None:
            return
        engine, me = app.runtime.engine, app.me.id
        self.composer.run_worker(
            lambda: self._read(engine, me, thread_id),
            group="draft-read",
            thread=True,
            exit_on_error=False,
        )

    def _read(self, engine: Any, me: int, thread_id: int) -> None:
        try:
            body = draft_view.draft_for(engine, me, thread_id)
        except Exception as error:
            self._failed(error)
            body = ""
        self.composer.app.call_from_thread(self._loaded, thread_id, body)

    def _loaded(self, thread_id: int, body: str) -> None:
        if thread_id != self.thread_id or not self.composer.is_mounted:
            return
        self.written = body
        if body and not self.text:
            self.composer.replace_text(body)
        else:
            self.changed(self.text)  # typed while it loaded: their text wins

    def changed(self, text: str) -> None:
        """Every edit: save once the clerk pauses."""
        self.text = text
        if self.thread_id is None or self.written is None:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if text != self.written:
            self._timer = self.composer.set_timer(SAVE_AFTER_SECONDS, self.save_now)

    def save_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.thread_id is None or self.written is None or self.text == self.written:
            return
        self._write_later(self.thread_id, self.text)

    def discard(self) -> None:
        """The reply went out (or the clerk cleared it): its draft goes now, not half a
        second later, replacing any save still pending for that thread."""
        self.text = ""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.thread_id is not None and self.written is not None:
            self._write_later(self.thread_id, "")

    def save_blocking(self) -> None:
        """The app is closing: write what is pending before the process ends."""
        self.save_now()
        self._write_pending()

    def _write_later(self, thread_id: int, text: str) -> None:
        if self._app is None:
            return
        self.written = text
        with self._pending_lock:
            self._pending[thread_id] = text
        self.composer.run_worker(
            self._write_pending, group="draft-save", thread=True, exit_on_error=False
        )

    def _write_pending(self) -> None:
        app = self._app
        if app is None:
            return
        engine, me = app.runtime.engine, app.me.id
        with self._write_lock:
            with self._pending_lock:
                pending, self._pending = self._pending, {}
            for thread_id, text in pending.items():
                try:
                    staff_action.perform(
                        engine, lambda s, t=thread_id, b=text: drafts.keep_draft(s, me, t, b)
                    )
                except Exception as error:
                    self._failed(error)

    def _failed(self, error: Exception) -> None:
        log.exception("keeping a reply draft failed")
        if self._said_failure:
            return  # once per composer: typing goes on, the sentence does not repeat
        self._said_failure = True
        said = _("Your draft could not be saved: {error}.", error=clean(str(error)))
        # From the UI thread (the app closing) call_from_thread refuses: the log has it.
        with contextlib.suppress(RuntimeError):
            self.composer.app.call_from_thread(
                self.composer.notify, said, severity="warning", markup=False
            )
