"""Carriers' e-mail-to-SMS gateways: texting an employee without the texting module.

The address is the phone's national significant number, digits only, at the carrier's
domain: `5145551234@txt.bell.ca`. The seed recommends the MMS domain where a carrier has
one (SMS gateways may cut long texts); `gateway_address` does that unless told `sms`.
Carriers the seed lists without a domain (Cellular One, Comcast, Chatr) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import phonenumbers
from phonenumbers import NumberParseException

from tui_sms.domain.errors import InvalidNumber, NotFound


@dataclass(frozen=True)
class Carrier:
    key: str
    name: str
    country: str  # ISO 3166 alpha-2
    sms_domain: str | None
    mms_domain: str | None


def _carrier(key: str, name: str, country: str, sms: str | None, mms: str | None) -> Carrier:
    return Carrier(key, name, country, sms, mms)


CARRIERS = MappingProxyType(
    {
        carrier.key: carrier
        for carrier in (
            _carrier("att", "AT&T", "US", "txt.att.net", "mms.att.net"),
            _carrier("boost", "Boost Mobile", "US", "sms.myboostmobile.com", "myboostmobile.com"),
            _carrier("consumer-cellular", "Consumer Cellular", "US", "mailmymobile.net", None),
            _carrier("cricket", "Cricket Wireless", "US", "sms.mycricket.com",
                     "mms.cricketwireless.net"),
            _carrier("c-spire", "C-Spire", "US", "cspire1.com", None),
            _carrier("google-fi", "Google Fi", "US", "msg.fi.google.com", "msg.fi.google.com"),
            _carrier("metro-pcs", "Metro PCS", "US", "mymetropcs.com", "mymetropcs.com"),
            _carrier("republic", "Republic Wireless", "US", "text.republicwireless.com", None),
            _carrier("sprint", "Sprint", "US", "messaging.sprintpcs.com", "pm.sprint.com"),
            _carrier("t-mobile", "T-Mobile", "US", "tmomail.net", "tmomail.net"),
            _carrier("tracfone", "Tracfone", "US", None, "mmst5.tracfone.com"),
            _carrier("us-cellular", "U.S. Cellular", "US", "email.uscc.net", "mms.uscc.net"),
            _carrier("verizon", "Verizon", "US", "vtext.com", "vzwpix.com"),
            _carrier("virgin-us", "Virgin Mobile (US)", "US", "vmobl.com", "vmpix.com"),
            _carrier("bell", "Bell Canada", "CA", "txt.bell.ca", None),
            _carrier("fido", "Fido Solutions", "CA", "sms.fido.ca", None),
            _carrier("koodo", "Koodo", "CA", "msg.koodomobile.com", None),
            _carrier("mts", "MTS (Manitoba Telecom Services)", "CA", "text.mts.net", None),
            _carrier("rogers", "Rogers Communications", "CA", "pcs.rogers.com", None),
            _carrier("sasktel", "Sasktel", "CA", "sms.sasktel.com", None),
            _carrier("telus", "Telus", "CA", "msg.telus.com", None),
            _carrier("virgin-ca", "Virgin Mobile (Canada)", "CA", "vmobile.ca", None),
            _carrier("wind", "WIND", "CA", "txt.windmobile.ca", None),
        )
    }
)  # fmt: skip


def find_carrier(name_or_key: str) -> Carrier:
    """A carrier by key ("bell") or name, any case; NotFound lists a few keys otherwise."""
    wanted = " ".join(name_or_key.split()).casefold()
    for carrier in CARRIERS.values():
        if wanted in (carrier.key, carrier.name.casefold()):
            return carrier
    raise NotFound(
        f"“{name_or_key.strip()[:40]}” is not a known carrier: use one of "
        f"{', '.join(sorted(CARRIERS))}."
    )


def gateway_address(carrier: str | Carrier, number: str, *, kind: str = "mms") -> str:
    """The carrier's e-mail address for a phone: digits of the national number @ domain.

    `kind` "mms" falls back to the SMS domain when the carrier has no MMS one, and "sms"
    the other way round, so every listed carrier gives an address.
    """
    found = carrier if isinstance(carrier, Carrier) else find_carrier(carrier)
    if kind == "mms":
        domain = found.mms_domain or found.sms_domain
    else:
        domain = found.sms_domain or found.mms_domain
    assert domain is not None  # every carrier in the list has at least one
    return f"{national_digits(number, found.country)}@{domain}"


def national_digits(number: str, country: str) -> str:
    """The national significant number, digits only ("+1 (514) 555-1234" → "5145551234")."""
    try:
        parsed = phonenumbers.parse(number, country)
    except NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        raise InvalidNumber(
            f"“{number.strip()[:40]}” is not a phone number: type the 10 digits, e.g. 514 555-1234."
        )
    return phonenumbers.national_significant_number(parsed)
