"""The conversation: one bubble per message, customer text always rendered as plain Text."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_sms.domain.delivery import failure_reason
from tui_sms.domain.status import label
from tui_sms.domain.text import clean
from tui_sms.store.models import Direction, Message
from tui_sms.ui.format import full_time
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import OlderMessagesWanted

AUTOMATIC = {"disclaimer": "First-text disclaimer", "keyword_reply": "Automatic answer"}


def _classes(message: Message) -> str:
    return f"bubble {message.direction} kind-{message.kind} status-{message.status}"


def bubble_text(message: Message, author: str | None, time_zone: str) -> Text:
    when = full_time(message.created_at, time_zone)
    if message.kind == "transfer":
        return Text(f"{clean(message.body)} · {when}", style="dim italic", justify="center")
    if message.direction == Direction.INBOUND:
        head = _("Customer · {when}", when=when)
    elif message.direction == Direction.NOTE and message.kind == "event":
        head = _("{when} · only staff see this", when=when)
    elif message.direction == Direction.NOTE:
        head = _(
            "Note by {author} · {when} · only staff see this",
            author=author or _("staff"),
            when=when,
        )
    else:
        sender = author or _(AUTOMATIC.get(message.kind, "Shop"))
        head = f"{sender} · {when} · {_(label(message.status))}"
        if message.error_code or message.error_message:
            # The shop's words for a known code (as the failed view says it), in the
            # interface's language; an unknown code keeps the provider's own text.
            reason = failure_reason(message.error_code, message.error_message)
            head += f" — {clean(sentence(reason.sentence))}"
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
    """Shows the newest page of a thread and older pages when scrolled to the top;
    refreshing only touches bubbles that changed."""

    thread_id: int | None = None
    has_older = False
    loading_older = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value <= 0 < old_value:
            self.want_older()

    def want_older(self) -> None:
        bubbles = list(self.query(MessageBubble))
        if not self.has_older or self.loading_older or not bubbles or self.thread_id is None:
            return
        self.loading_older = True
        self.post_message(OlderMessagesWanted(self.thread_id, bubbles[0].message_id or 0))

    def prepend(
        self, thread_id: int, messages: list[Message], authors: dict[int, str], time_zone: str
    ) -> None:
        """Put an older page above what is shown, keeping the reader where they were."""
        self.loading_older = False
        if thread_id != self.thread_id:
            return
        self.has_older = bool(messages)
        if not messages:
            return
        older = [
            MessageBubble(m, authors.get(m.author_id or 0), time_zone, thread_id) for m in messages
        ]
        first = self.query(MessageBubble).first()
        self.mount_all(older, before=first)

        def keep_place() -> None:
            self.scroll_to(y=first.region.y - self.region.y + self.scroll_y, animate=False)

        self.call_after_refresh(keep_place)

    def close(self) -> None:
        self.thread_id = None
        self.has_older = False
        self.remove_children()

    def show(
        self,
        thread_id: int,
        messages: list[Message],
        authors: dict[int, str],
        time_zone: str,
        page_size: int = 200,
    ) -> None:
        if thread_id != self.thread_id:
            self.thread_id = thread_id
            self.has_older = len(messages) >= page_size
            self.loading_older = False
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
