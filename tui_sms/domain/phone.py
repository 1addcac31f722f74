"""Phone numbers: parse what a clerk types into E.164, refuse what cannot receive a text.

Pure: phonenumbers' bundled metadata is the only source; nothing here dials out or looks a
number up with a carrier. Every refusal is an `InvalidNumber` whose sentence the UI shows as is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType
from phonenumbers import ValidationResult as Possible
from phonenumbers.timezone import time_zones_for_geographical_number, time_zones_for_number

from tui_sms.domain.errors import ComplianceError, InvalidNumber

__all__ = [
    "METADATA_VERSION",
    "PhoneNumber",
    "format_national",
    "parse_number",
    "region_is_configured",
    "sentence_for_provider_error",
    "time_zone_for",
]

MOBILE_ONLY = "text messages can only go to mobile phones."

# What phonenumbers *knows* cannot take a text. In Canada and the US the fixed-line and
# mobile ranges are the same, so those numbers come back FIXED_LINE_OR_MOBILE and pass;
# landlines there are only caught by Twilio (21614), see `sentence_for_provider_error`.
# VOIP is refused: phonenumbers only tags dedicated non-geographic ranges as VOIP (Canada's
# 600, UK 056, France 09 box lines), which are not handsets; geographic VoIP numbers such
# as Google Voice are FIXED_LINE_OR_MOBILE and still pass. PERSONAL_NUMBER (NANP 5XX,
# follow-me numbers) may forward to a mobile, so it is not known to be unreachable and passes.
_NOT_MOBILE: dict[int, str] = {
    PhoneNumberType.FIXED_LINE: "a landline",
    PhoneNumberType.TOLL_FREE: "a toll-free number",
    PhoneNumberType.PREMIUM_RATE: "a premium-rate number",
    PhoneNumberType.SHARED_COST: "a shared-cost number",
    PhoneNumberType.VOIP: "an internet phone line (VoIP)",
    PhoneNumberType.PAGER: "a pager",
    PhoneNumberType.UAN: "a company switchboard number",
    PhoneNumberType.VOICEMAIL: "a voicemail access number",
}

_EXAMPLES = {"US": "(212) 555-1234"}
_DEFAULT_EXAMPLE = "(514) 555-1234"
_NANP_COUNTRY_CODE = 1
_UNKNOWN_ZONE = "Etc/Unknown"
_E164 = re.compile(r"\+[0-9]{1,15}")  # ASCII digits only: `\d` would take any script's
_SHOWN_MAX = 30
# What a stored classification was worked out with: a newer phonenumbers may know a range
# better (a new area code, a zone), so a classification is only reused under the same one.
METADATA_VERSION: str = phonenumbers.__version__

PROVINCES = frozenset(
    {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
)
STATES = frozenset(
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
    }
)  # fmt: skip
_SUBDIVISIONS = {"CA": PROVINCES, "US": STATES}


@dataclass(frozen=True)
class PhoneNumber:
    """A number that passed every check and may be texted.

    `national` is how the shop shows it: "(514) 555-1234" for any North American number,
    the international form ("+33 6 12 34 56 78") for others, the same as `format_national`.
    `region` is the number's own country (ISO code), not the shop's. Both are worked out when
    first asked for: a batch checks thousands of numbers and shows none, and the region costs
    a second classification. `time_zone` is the IANA zone the number lives in, None when
    unsure (as `time_zone_for`): found with the number's type, which the checks already paid
    for. All three follow from `e164`, which alone tells two numbers apart.
    """

    e164: str
    time_zone: str | None = field(default=None, compare=False)

    @functools.cached_property
    def national(self) -> str:
        return format_national(self.e164)

    @functools.cached_property
    def region(self) -> str:
        return phonenumbers.region_code_for_number(_parse(self.e164, None)) or ""


def parse_number(raw: str, region: str) -> PhoneNumber:
    """Parse what a clerk typed, reading it as dialled from the shop's country `region`.

    Raises `InvalidNumber` for anything that cannot receive a text, and `ComplianceError`
    when the shop's country is not set and the number has no leading "+".
    """
    # A stored number (E.164) is already tidy and has no letters: a batch reads thousands.
    stored = _E164.fullmatch(raw) is not None
    typed = raw if stored else _tidy(raw)
    shown = typed if len(typed) <= _SHOWN_MAX else typed[: _SHOWN_MAX - 1] + "…"
    region = (region or "").strip().upper()
    example = _EXAMPLES.get(region, _DEFAULT_EXAMPLE)
    if not typed:
        raise InvalidNumber(f"Enter a mobile number, e.g. {example}.")
    # phonenumbers turns letters into keypad digits and skips words around a number, so
    # "514-555-CELL" or "call 514-555-1234" would pass as something the clerk never meant.
    if not stored and any(unicodedata.category(char).startswith("L") for char in typed):
        raise InvalidNumber(f"“{shown}” is not a phone number: use digits only, e.g. {example}.")
    known_region = region in phonenumbers.SUPPORTED_REGIONS
    if not known_region and not typed.startswith("+"):
        raise ComplianceError(
            "The shop's country is not set: choose it in Settings before entering numbers."
        )
    ten_digits = f"a mobile number has 10 digits, e.g. {example}."
    try:
        number = _parse(typed, region if known_region else None)
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise InvalidNumber(_unknown_country(shown, example)) from None
        if error.error_type == NumberParseException.TOO_LONG:
            raise InvalidNumber(f"“{shown}” has too many digits: {ten_digits}") from None
        raise InvalidNumber(f"“{shown}” is not a phone number: {ten_digits}") from None

    nanp = number.country_code == _NANP_COUNTRY_CODE
    if not nanp:
        ten_digits = "check the digits after the country code."
    if number.extension:
        raise InvalidNumber(f"“{shown}” has an extension, so it is an office line: {MOBILE_ONLY}")
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == Possible.IS_POSSIBLE_LOCAL_ONLY and nanp:
        raise InvalidNumber(f"“{shown}” is missing the area code: {ten_digits}")
    if possible == Possible.TOO_LONG:
        raise InvalidNumber(f"“{shown}” has too many digits: {ten_digits}")
    if possible == Possible.INVALID_COUNTRY_CODE:
        raise InvalidNumber(_unknown_country(shown, example))
    if possible != Possible.IS_POSSIBLE:
        raise InvalidNumber(f"“{shown}” is not a phone number: {ten_digits}")
    # Classifying is the slow step (NANP shares +1 among many regions, each tried in turn),
    # done once: the type says whether the number is valid (UNKNOWN: no pattern of its
    # region matches, as `is_valid_number` decides), whether it takes texts, and its zone.
    number_kind = phonenumbers.number_type(number)
    if number_kind == PhoneNumberType.UNKNOWN:
        raise InvalidNumber(_not_valid(shown))
    kind = _NOT_MOBILE.get(number_kind)
    if kind is not None:
        raise InvalidNumber(f"{_shown(number)} is {kind}: {MOBILE_ONLY}")
    return PhoneNumber(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        time_zone=_own_zone(number, number_kind),
    )


def parse_shop_phone(raw: str, region: str) -> str:
    """The shop's own number as customers dial it (a landline is fine: nobody texts it
    through us), or "" to leave it out. Raises `InvalidNumber` for what is not a number."""
    typed = _tidy(raw)
    if not typed:
        return ""
    region = (region or "").strip().upper()
    example = _EXAMPLES.get(region, _DEFAULT_EXAMPLE)
    shown = typed if len(typed) <= _SHOWN_MAX else typed[: _SHOWN_MAX - 1] + "…"
    wrong = f"“{shown}” is not the shop's phone number: give all its digits, e.g. {example}."
    if any(unicodedata.category(char).startswith("L") for char in typed):
        raise InvalidNumber(wrong)
    try:
        number = phonenumbers.parse(
            typed, region if region in phonenumbers.SUPPORTED_REGIONS else None
        )
    except NumberParseException:
        raise InvalidNumber(wrong) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidNumber(wrong)
    if number.country_code == _NANP_COUNTRY_CODE:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def format_national(e164: str) -> str:
    """Show a stored number: national form in North America, international elsewhere.

    Never raises: anything phonenumbers cannot read comes back as it was given.
    """
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return _shown(number)


def _shown(number: phonenumbers.PhoneNumber) -> str:
    style = (
        PhoneNumberFormat.NATIONAL
        if number.country_code == _NANP_COUNTRY_CODE
        else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


@functools.lru_cache(maxsize=4096)  # pure; a reminder batch asks it twice per number
def time_zone_for(e164: str, default: str) -> str:
    """The IANA zone the number lives in, or `default` (the shop's zone) when unsure.

    Unsure means unparseable, unknown to phonenumbers, or spread over several zones
    (e.g. 709 covers Newfoundland and Labrador; toll-free covers the continent): guessing
    one of them could text someone an hour early, the shop's own zone is at least expected.
    """
    try:
        number = _parse(e164, None)
    except NumberParseException:
        return default
    return _own_zone(number, phonenumbers.number_type(number)) or default


def _own_zone(number: phonenumbers.PhoneNumber, kind: int) -> str | None:
    """The one zone phonenumbers gives the number, or None. What `time_zones_for_number`
    does, with the number's type given: classifying a number is the costly step."""
    if kind == PhoneNumberType.UNKNOWN:
        return None
    if phonenumbers.is_number_type_geographical(kind, number.country_code):
        zones = time_zones_for_geographical_number(number)  # a lookup by prefix
    else:
        zones = time_zones_for_number(number)  # the country's zones, e.g. a personal number
    if len(zones) != 1 or zones[0] == _UNKNOWN_ZONE:
        return None
    return zones[0]


def _parse(typed: str, region: str | None) -> phonenumbers.PhoneNumber:
    """phonenumbers' parse; a number in international form ("+…") does not depend on the
    region, and is parsed once for the zone and the checks of a batch (read-only)."""
    if typed.startswith("+"):
        return _parse_international(typed)
    return phonenumbers.parse(typed, region)


@functools.lru_cache(maxsize=4096)
def _parse_international(typed: str) -> phonenumbers.PhoneNumber:
    return phonenumbers.parse(typed, None)


def region_is_configured(country: str | None, province: str | None) -> bool:
    """True when the shop's country is CA or US and its province or state is one of that country's.

    Parsing ten-digit numbers, quiet hours and the French defaults all hang on these two.
    """
    subdivisions = _SUBDIVISIONS.get((country or "").strip().upper())
    return subdivisions is not None and (province or "").strip().upper() in subdivisions


def sentence_for_provider_error(code: int, number: str) -> str | None:
    """The clerk's sentence for a Twilio error about the number itself, else None.

    21211 is Twilio's "invalid To"; 21614 is "not a mobile number", which is how Canadian
    and US landlines surface, since phonenumbers cannot tell them from mobiles.
    """
    shown = format_national(number)
    if code == 21211:
        return _not_valid(shown)
    if code == 21614:
        return f"{shown} is not a mobile number: {MOBILE_ONLY}"
    return None


def _unknown_country(shown: str, example: str) -> str:
    return f"“{shown}” starts with an unknown country code: type the 10 digits, e.g. {example}."


def _not_valid(shown: str) -> str:
    return f"“{shown}” is not a valid phone number: check the area code and the digits."


def _tidy(raw: str) -> str:
    """The input without control characters and with its spaces collapsed."""
    printable = "".join(
        " " if char.isspace() else char
        for char in raw
        if char.isspace() or not unicodedata.category(char).startswith("C")
    )
    return " ".join(printable.split())
