"""The conversation: one bubble per message, customer text always rendered as plain Text."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_sms.domain.status import label
from tui_sms.domain.text import clean
from tui_sms.store.models import Direction, Message
from tui_sms.ui.format import full_time

AUTOMATIC = {"disclaimer": "First-text disclaimer", "keyword_reply": "Automatic answer"}


def _classes(message: Message) -> str:
    return f"bubble {message.direction} {message.kind} status-{message.status}"


def bubble_text(message: Message, author: str | None, time_zone: str) -> Text:
    when = full_time(message.created_at, time_zone)
    if message.direction == Direction.INBOUND:
        head = f"Customer · {when}"
    elif message.direction == Direction.NOTE and message.kind == "event":
        head = f"{when} · only staff see this"
    elif message.direction == Direction.NOTE:
        head = f"Note by {author or 'staff'} · {when} · only staff see this"
    else:
        sender = author or AUTOMATIC.get(message.kind, "Shop")
        head = f"{sender} · {when} · {label(message.status)}"
        if message.error_message:
            head += f" — {clean(message.error_message)}"
    text = Text(head + "\n", style="dim")
    text.append(Text(clean(message.body)))
    return text


class MessageBubble(Static):
    def __init__(
        self, message: Message, author: str | None, time_zone: str, thread_id: int
    ) -> None:
        super().__init__(
            bubble_text(message, author, time_zone),
            markup=False,
            classes=_classes(message),
        )
        self.message_id = message.id
        self.thread_id = thread_id
        self.status = message.status


class Conversation(VerticalScroll):
    """Shows the newest page of a thread; refreshing only touches bubbles that changed."""

    thread_id: int | None = None

    def show(
        self, thread_id: int, messages: list[Message], authors: dict[int, str], time_zone: str
    ) -> None:
        if thread_id != self.thread_id:
            self.thread_id = thread_id
            self.remove_children()
        existing = {
            bubble.message_id: bubble
            for bubble in self.query(MessageBubble)
            if bubble.thread_id == thread_id
        }
        fresh: list[MessageBubble] = []
        for message in messages:
            author = authors.get(message.author_id or 0)
            bubble = existing.get(message.id)
            if bubble is None:
                fresh.append(MessageBubble(message, author, time_zone, thread_id))
            elif bubble.status != message.status:
                bubble.status = message.status
                bubble.set_classes(_classes(message))
                bubble.update(bubble_text(message, author, time_zone))
        if fresh:
            self.mount_all(fresh)
            self.call_after_refresh(self.scroll_end, animate=False)
