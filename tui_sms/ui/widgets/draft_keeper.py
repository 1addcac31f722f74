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
    """The one keeper of half-written replies: per thread, what the clerk last typed this
    session (so coming back is instant) and what the database holds (so nothing is written
    twice, and a draft not yet read is never overwritten by an empty composer)."""

    def __init__(self, composer: Composer) -> None:
        self.composer = composer
        self.thread_id: int | None = None
        self.typed: dict[int, str] = {}
        self.written: dict[int, str] = {}
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

    @property
    def loaded(self) -> bool:
        """The open thread's stored draft has been read (or there is no open thread)."""
        return self.thread_id is None or self.thread_id in self.written

    def leave(self, text: str) -> None:
        """The composer stops writing to its thread: what it holds is kept for that thread."""
        thread_id = self.thread_id
        self._stop_timer()
        self.thread_id = None
        if thread_id is None:
            return
        self.typed[thread_id] = text
        self._save(thread_id, text)

    def enter(self, thread_id: int | None) -> str:
        """The composer now writes to `thread_id`: the text to show, at once (what was
        typed there this session); a draft from an earlier session follows when read."""
        self.thread_id = thread_id
        if thread_id is None:
            return ""
        if thread_id not in self.written and (app := self._app) is not None:
            engine, me = app.runtime.engine, app.me.id
            self.composer.run_worker(
                lambda: self._read(engine, me, thread_id),
                group="draft-read",
                thread=True,
                exit_on_error=False,
            )
        return self.typed.get(thread_id, "")

    def _read(self, engine: Any, me: int, thread_id: int) -> None:
        try:
            body = draft_view.draft_for(engine, me, thread_id)
        except Exception as error:
            self._failed(error)
            body = ""
        self.composer.app.call_from_thread(self._loaded, thread_id, body)

    def _loaded(self, thread_id: int, body: str) -> None:
        self.written.setdefault(thread_id, body)
        if thread_id != self.thread_id or not self.composer.is_mounted:
            return
        if body and not self.composer.text:
            self.composer.replace_text(body)
        else:
            self.changed(self.composer.text)  # typed while it loaded: their text wins

    def changed(self, text: str) -> None:
        """Every edit: save once the clerk pauses."""
        thread_id = self.thread_id
        if thread_id is None:
            return
        self.typed[thread_id] = text
        self._stop_timer()
        if thread_id in self.written and text != self.written[thread_id]:
            self._timer = self.composer.set_timer(SAVE_AFTER_SECONDS, self.save_now)

    def save_now(self) -> None:
        self._stop_timer()
        if self.thread_id is not None:
            self._save(self.thread_id, self.typed.get(self.thread_id, ""))

    def discard(self, thread_id: int | None) -> None:
        """The reply went out (or the clerk cleared it): its draft goes now, not half a
        second later, replacing any save still pending for that thread."""
        if thread_id is None:
            return
        if thread_id == self.thread_id:
            self._stop_timer()
        self.typed[thread_id] = ""
        if self.written.get(thread_id) != "":
            self._write_later(thread_id, "")

    def save_blocking(self) -> None:
        """The app is closing: write what is pending before the process ends."""
        self.save_now()
        self._write_pending()

    def _save(self, thread_id: int, text: str) -> None:
        # An empty composer never erases a stored draft it has not read yet.
        if (thread_id in self.written or text) and self.written.get(thread_id) != text:
            self._write_later(thread_id, text)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _write_later(self, thread_id: int, text: str) -> None:
        if self._app is None:
            return
        self.written[thread_id] = text
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
