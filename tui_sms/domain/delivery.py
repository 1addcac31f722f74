"""What a provider's refusal or non-delivery means for the shop, in plain words, and whether a
retry can help (and from which number)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FailureReason:
    sentence: str
    retry_helps: bool
    # The problem was our sending number (carrier filtering), so a retry uses another one.
    change_number: bool = False


REASONS: dict[int, FailureReason] = {
    30003: FailureReason(
        "The customer's phone was off or out of coverage; it may work later.", True
    ),
    30005: FailureReason(
        "The number does not exist or is no longer in service: check it with the customer.",
        False,
    ),
    30006: FailureReason("The number is a landline or its carrier cannot receive texts.", False),
    30007: FailureReason(
        "The carrier filtered the message as spam; a retry goes out from another shop number.",
        True,
        change_number=True,
    ),
    21211: FailureReason("The number is not a valid phone number: check it.", False),
    21614: FailureReason("The number is not a mobile phone, so it cannot get texts.", False),
    21610: FailureReason(
        "The customer replied STOP: they cannot be texted until they send START.", False
    ),
}


def failure_reason(code: int | None, provider_message: str | None) -> FailureReason:
    """The shop's words for a failure; unknown codes keep the provider's own text. Without a
    code the text is ours (no sender number, expired, refused by the gate): a whole sentence,
    shown as it is, not wrapped in "The message failed (…)." as a provider's would be."""
    if code in REASONS:
        return REASONS[code]
    if code is None and provider_message:
        return FailureReason(provider_message, True)
    detail = f" ({provider_message})" if provider_message else ""
    prefix = f"The provider refused the message, code {code}" if code else "The message failed"
    return FailureReason(f"{prefix}{detail}.", True)
