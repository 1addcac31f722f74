"""Messages of the inbox habits: dataclasses named as past events (ui/messages.py holds the
message center's own)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class SendLaterRequested(Message):
    """The composer's send-later key: what is typed should go out at a chosen time."""

    text: str
    note: bool = False
