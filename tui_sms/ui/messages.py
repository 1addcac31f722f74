"""Messages the widgets and screens post: dataclasses named as past events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Another process or the worker changed something: these threads (or all) need a look."""

    thread_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass
class ThreadSelected(Message):
    thread_id: int


@dataclass
class ThreadHighlighted(Message):
    """The clerk moved the list's cursor to another conversation (a reload never posts this)."""

    thread_id: int
    cursor_row: int


@dataclass
class ComposerSubmitted(Message):
    text: str
    note: bool = False


@dataclass
class ReplySent(Message):
    thread_id: int
    message_id: int


@dataclass
class ActionRefused(Message):
    """A service said no. `sentence` is already in the staff's language; it bubbles up to
    the app, which shows it, unless a screen shows it in place and stops it."""

    sentence: str
    severity: Literal["information", "warning", "error"] = "error"


@dataclass
class ThreadUpdated(Message):
    """A claim, resolve, reopen, transfer or note went through; `sentence` says what."""

    thread_id: int
    sentence: str
    open_next: int | None = None


@dataclass
class OlderMessagesWanted(Message):
    """The conversation was scrolled to its top and has older messages to show."""

    thread_id: int
    before_id: int


@dataclass
class ShortcutRequested(Message):
    """The composer wants a canned reply picked and inserted."""
