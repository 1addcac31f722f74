"""Message life cycles and the words staff see for each status."""

from __future__ import annotations

OUTBOUND_FLOW = ("scheduled", "queued", "sending", "accepted", "sent")
FINAL = frozenset({"delivered", "undelivered", "failed", "canceled", "received", "read"})

# A later report never moves a message back: callbacks and polls can arrive out of order.
_RANK = {
    "scheduled": 0,
    "queued": 1,
    "mailing": 1,  # Waiting in the mail outbox for a carrier e-mail gateway
    "sending": 2,
    "accepted": 3,
    "sent": 4,
    "receiving": 4,
    "delivered": 5,
    "undelivered": 5,
    "failed": 5,
    "canceled": 5,
    "received": 5,
    "read": 6,
}

LABELS = {
    "scheduled": "scheduled",
    "queued": "queued",
    "mailing": "queued (e-mail gateway)",
    "sending": "sending",
    "accepted": "accepted",
    "sent": "sent",
    "delivered": "delivered",
    "undelivered": "not delivered",
    "failed": "failed",
    "canceled": "canceled",
    "receiving": "receiving",
    "received": "received",
    "read": "read",
}


def is_final(status: str) -> bool:
    return status in FINAL


def may_move(current: str, reported: str) -> bool:
    """Whether a reported status replaces the current one."""
    if current == reported:
        return False
    # Twilio may still turn "undelivered" into "delivered" when a late receipt comes.
    if current == "undelivered":
        return reported in ("delivered", "read")
    if current == "delivered":
        return reported == "read"
    if is_final(current):
        return False
    return _RANK.get(reported, 0) >= _RANK.get(current, 0)


def label(status: str) -> str:
    return LABELS.get(status, status)
