"""Errors a shop clerk can hit. Each carries one sentence the UI and CLI show as it is."""

from __future__ import annotations

from datetime import datetime


class UserError(Exception):
    """Base of every error whose message is meant for the person at the keyboard."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence

    def __str__(self) -> str:
        return self.sentence


class InvalidNumber(UserError):
    """A phone number that cannot be texted: malformed, not valid, or not a mobile."""


class ComplianceError(UserError):
    """Sending would break a consent, opt-out, quiet-hours or shop-setup rule."""


class MessageTooLong(UserError):
    """The body is over the 1600-character limit."""


class EmptyMessage(UserError):
    """There is nothing to send."""


class InsufficientBalance(UserError):
    """The prepaid balance cannot cover the message.

    `summary` (the balance read, a services.billing.BalanceSummary) and `needed` let a screen
    say the same facts in its own language, with its own number formats."""

    def __init__(self, sentence: str, *, summary: object = None, needed: int = 0) -> None:
        super().__init__(sentence)
        self.summary = summary
        self.needed = needed


class NotFound(UserError):
    """A thread, customer, message or staff member that does not exist."""


class AlreadyClaimed(UserError):
    """Somebody else claimed the thread first."""


class NoSenderNumber(UserError):
    """The queue a text would go out of has no active sender number yet."""


class ConfigError(UserError):
    """A malformed or unknown setting."""


class InvalidPurchase(UserError):
    """A bundle purchase with no segments or no price."""


class OptedOut(ComplianceError):
    """The number replied STOP (or the provider says it unsubscribed): nothing more goes to it."""


class ConsentMissing(ComplianceError):
    """Nobody recorded that this number agreed to be texted (or the consent was withdrawn)."""


class QuietHoursConfirmation(ComplianceError):
    """A staff reply typed during the recipient's quiet hours: it goes only once confirmed.

    `local_time` is the recipient's wall clock (aware), for the question the UI asks.
    """

    def __init__(self, sentence: str, local_time: datetime) -> None:
        super().__init__(sentence)
        self.local_time = local_time


class NotAllowed(UserError):
    """The action belongs to an administrator and the person asking is not one."""
