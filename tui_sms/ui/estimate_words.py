"""What a message will cost, in the interface's language: the estimate line, why it is UCS-2,
what smart encoding would save, and why the balance cannot cover it.

`domain/pricing.py` writes the same facts in English for the CLI; the screens say them
through the catalog, with counts and money as the language writes them ("2 431", "0,045 $").
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tui_sms.domain.errors import InsufficientBalance, UserError
from tui_sms.domain.money import cost
from tui_sms.domain.pricing import char_label
from tui_sms.domain.segments import MAX_CHARACTERS, SegmentEstimate
from tui_sms.ui.format import count, money
from tui_sms.ui.i18n import _, n_, sentence

if TYPE_CHECKING:
    from tui_sms.services.billing import BalanceSummary


def segments(n: int) -> str:
    return n_("{count} segment", "{count} segments", n)


def estimate_line(found: SegmentEstimate, price_per_segment: Decimal, currency: str) -> str:
    """`UCS-2 · 3 segments · 150/1600 · $0.045`."""
    price = money(cost(found.segments, price_per_segment), currency)
    return (
        f"{found.encoding} · {segments(found.segments)} · "
        f"{found.characters}/{MAX_CHARACTERS} · {price}"
    )


def smart_hint(found: SegmentEstimate, price_per_segment: Decimal, currency: str) -> str | None:
    """What smart encoding would replace and save, when it can replace anything."""
    if not found.replaceable:
        return None
    labels = " ".join(char_label(char) for char in found.replaceable)
    if not found.smart_savings:
        stays = any(char not in found.replaceable for char in found.unicode_chars)
        if stays:
            return _("smart encoding can replace {labels} (the message stays UCS-2)", labels=labels)
        return _("smart encoding can replace {labels} (no saving at this length)", labels=labels)
    return _(
        "smart encoding replaces {labels}: saves {segments} ({saved})",
        labels=labels,
        segments=segments(found.smart_savings),
        saved=money(cost(found.smart_savings, price_per_segment), currency),
    )


def unicode_hint(found: SegmentEstimate) -> str | None:
    """The characters that force UCS-2 and have no GSM-7 equivalent, named."""
    fixed = [char for char in found.unicode_chars if char not in found.replaceable]
    if not fixed:
        return None
    labels = " ".join(char_label(char) for char in fixed)
    return _("UCS-2 because of {labels} (no GSM-7 equivalent)", labels=labels)


def smart_encoded(labels: str, saved: int) -> str:
    """What Ctrl+G did, once it replaced the look-alikes."""
    if saved > 0:
        return n_(
            "Replaced {labels}: the message is GSM-7 and {count} segment cheaper.",
            "Replaced {labels}: the message is GSM-7 and {count} segments cheaper.",
            saved,
            labels=labels,
        )
    return _("Replaced {labels}: the message is GSM-7 (same number of segments).", labels=labels)


def shortfall(summary: BalanceSummary, needed: int) -> str:
    """Why a message of `needed` segments cannot go (services/billing.shortfall_sentence
    says it in English for the outbox's refusal)."""
    left = summary.available
    if left > 0:
        has = n_(
            "The prepaid balance has {count} segment left",
            "The prepaid balance has {count} segments left",
            left,
        )
    elif left == 0:
        has = _("The prepaid balance is used up")
    else:
        has = _("The prepaid balance is at {balance}", balance=segments(left))
    if summary.waiting:
        has += " " + n_(
            "once the {count} segment waiting to go out is sent",
            "once the {count} segments waiting to go out are sent",
            summary.waiting,
        )
    needs = _("this message needs {needed}", needed=count(needed))
    if summary.floor < 0:
        needs += " " + _(
            "and the shop allows going down to {floor} only", floor=count(summary.floor)
        )
    return _("{has} and {needs}: buy a bundle (tui-sms balance buy) first.", has=has, needs=needs)


def refusal_words(refusal: UserError) -> str:
    """A service's refusal in the interface's language: the balance's with its numbers
    written the language's way, any other through the catalog."""
    if isinstance(refusal, InsufficientBalance) and refusal.summary is not None:
        return shortfall(refusal.summary, refusal.needed)  # type: ignore[arg-type]
    return sentence(refusal.sentence)
