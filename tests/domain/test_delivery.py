"""Why a text failed, in the shop's words: a provider's code, its own text, or ours."""

from tui_sms.domain.delivery import REASONS, failure_reason


def test_a_known_code_has_the_shops_sentence():
    assert failure_reason(21211, "Invalid 'To' Phone Number") == REASONS[21211]


def test_a_providers_own_text_is_framed_as_its_refusal():
    reason = failure_reason(30008, "Unknown error")
    assert reason.sentence == "The provider refused the message, code 30008 (Unknown error)."


def test_our_own_reason_is_shown_as_the_sentence_it_is():
    """No code: the sender or the gate wrote it (no sender number, expired, refused), a
    whole sentence the reader's language can look up, not "The message failed (….)."."""
    ours = "No active sender number in the transactional queue."
    assert failure_reason(None, ours).sentence == ours
    assert failure_reason(None, None).sentence == "The message failed."
