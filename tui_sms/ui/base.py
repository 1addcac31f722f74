"""What every tui-sms screen shares: typed access to the runtime, the staff member at the
keyboard and the app's clock; one way to run a service call in a thread worker; one way to
show a refusal (always in the staff's language); one place a failed worker is reported.

Screens mix `ShopNode` in ahead of their Textual class. Reads go through the read-model
functions in services (each takes the engine); changes go through `perform`, which runs one
service call in its own transaction and notes the change markers it wrote, so the app's
change watcher does not reload a second time for the app's own action.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from sqlalchemy.engine import Engine
from sqlmodel import Session
from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea
from textual.worker import Worker, get_current_worker

from tui_sms.domain.errors import UserError
from tui_sms.services import staff_action
from tui_sms.services.runtime import Runtime
from tui_sms.store.models import Staff
from tui_sms.ui.messages import ActionRefused

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.screen import Screen

    from tui_sms.ui.app import TuiSmsApp


T = TypeVar("T")
Severity = Literal["information", "warning", "error"]


class OwnChanges:
    """Change markers written by this app's own actions, until the change watcher sees them.

    Noted from worker threads, taken by the watcher's thread: hence the lock."""

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._lock = threading.Lock()

    def note(self, ids: Iterable[int]) -> None:
        with self._lock:
            self._ids.update(ids)

    def take(self, seen: Iterable[int]) -> set[int]:
        """Which of the `seen` changes were ours; forgets those and any older (a rolled-back
        action noted ids that will never be seen)."""
        seen = list(seen)
        if not seen:
            return set()
        with self._lock:
            own = self._ids.intersection(seen)
            newest = max(seen)
            self._ids = {change for change in self._ids if change > newest}
        return own


class ShopNode:
    """Mixed into every tui-sms screen, ahead of the Textual class it extends."""

    # Provided by the Textual class this is mixed into.
    app: Any
    post_message: Callable[[Message], bool]
    run_worker: Callable[..., Worker[Any]]

    @property
    def shop_app(self) -> TuiSmsApp:
        return cast("TuiSmsApp", self.app)

    @property
    def runtime(self) -> Runtime:
        return self.shop_app.runtime

    @property
    def engine(self) -> Engine:
        return self.shop_app.runtime.engine

    @property
    def me(self) -> Staff:
        return self.shop_app.me

    @property
    def shop_time_zone(self) -> str:
        return self.shop_app.shop_time_zone

    def now(self) -> datetime:
        """The app's clock (fixed in tests, so relative times and dates stay stable)."""
        return self.shop_app.now()

    def perform(self, work: Callable[[Session], T]) -> T:
        """One service call in its own transaction. Call it from a worker, never the UI thread."""
        return staff_action.perform(self.engine, work, wrote_changes=self.shop_app.own_changes.note)

    def run_service(
        self,
        call: Callable[[], T],
        *,
        group: str,
        then: Callable[[T], object] | None = None,
        exclusive: bool = False,
        severity: Severity = "error",
    ) -> Worker[T | None]:
        """Run `call` in a thread worker. Its result goes to `then` on the UI thread; when
        `then` returns a Message (named as a past event), it is posted to this node. A
        refusal (UserError) is shown as its translated sentence; any other failure reaches
        the app's worker-failure handler, and the app keeps running."""

        def run() -> T | None:
            try:
                result = call()
            except UserError as refusal:
                self.refuse(refusal, severity)
                return None
            # An exclusive group cancels the previous worker but cannot stop its thread: a
            # superseded load (the All view still loading when the clerk pressed 3) must not
            # paint its older answer over the newer one.
            # The check runs on the UI thread, where cancelling happens, so none slips between.
            worker = get_current_worker()
            if then is not None:
                said = self.app.call_from_thread(
                    lambda: None if worker.is_cancelled or self._leaving() else then(result)
                )
                if isinstance(said, Message):
                    self.post_message(said)
            return result

        return self.run_worker(
            run, group=group, exclusive=exclusive, thread=True, exit_on_error=False
        )

    def _leaving(self) -> bool:
        """Closed, or its widgets being removed (a screen dismissed while its load ran):
        an answer arriving now has nothing left to fill."""
        return not self.is_attached or any(
            getattr(self, flag, False) for flag in ("_closing", "_closed", "_pruning")
        )

    def refuse(self, refusal: UserError, severity: Severity = "error") -> None:
        """A service said no: the app (or a screen that shows it in place) displays why."""
        from tui_sms.ui.estimate_words import refusal_words

        self.post_message(ActionRefused(refusal_words(refusal), severity))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker state messages do not bubble: each screen hands them to the app's one handler.
        self.shop_app.worker_state_changed(event)


def letters_follow_focus(screen: Screen[Any], event: events.Key) -> None:
    """A letter typed right after a key that moves the focus (/ to search, Enter on the
    list) is handed to the widget that had the focus when the app read it, if the app was
    busy enough to read both before the focus moved. That widget has no use for it and it
    bubbles back up to the app, where it is given to the input that has the focus now:
    otherwise "Émilie" typed after "/" at start-up vanished. A focused input takes every
    letter it is given, so a letter coming back while one has the focus was typed for it.
    (The keys that move the focus move it at once, with `Screen.set_focus`, not later.)"""
    focused = screen.focused
    if not event.is_printable or focused is None or focused.disabled:
        return
    if isinstance(focused, Input) or (isinstance(focused, TextArea) and not focused.read_only):
        event.stop()
        event.prevent_default()
        focused.post_message(events.Key(event.key, event.character))


def after_typed_keys(node: MessagePump, callback: Callable[[], object]) -> None:
    """Run `callback` once the focused widget has taken the keys already sent to it.

    A priority binding (Enter that sends, Ctrl+S that saves) runs as the app reads its key,
    while the letters typed just before may still wait in the focused input's own queue on a
    slow link: queued behind them, the callback reads the text with every letter in it."""
    target = node.app.focused or node
    target.call_later(callback)
