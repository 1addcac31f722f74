"""Where a shop is: its country (CA or US), province or state, and the time zone proposed for it.

The proposal is the zone most of the province or state lives in; a shop in a split one
(western Ontario, the Florida panhandle …) changes it at setup.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui_sms.domain.errors import UserError
from tui_sms.domain.phone import PROVINCES, STATES

COUNTRIES = {"CA": PROVINCES, "US": STATES}

_CA_ZONES = {
    "AB": "America/Edmonton",
    "BC": "America/Vancouver",
    "MB": "America/Winnipeg",
    "NB": "America/Moncton",
    "NL": "America/St_Johns",
    "NS": "America/Halifax",
    "NT": "America/Yellowknife",
    "NU": "America/Iqaluit",
    "ON": "America/Toronto",
    "PE": "America/Halifax",
    "QC": "America/Toronto",
    "SK": "America/Regina",
    "YT": "America/Whitehorse",
}
_US_EASTERN = "CT DC DE FL GA IN MA MD ME MI NC NH NJ NY OH PA RI SC VA VT WV KY"
_US_CENTRAL = "AL AR IA IL KS LA MN MO MS ND NE OK SD TN TX WI"
_US_MOUNTAIN = "CO MT NM UT WY ID"
_US_ZONES = {
    **dict.fromkeys(_US_EASTERN.split(), "America/New_York"),
    **dict.fromkeys(_US_CENTRAL.split(), "America/Chicago"),
    **dict.fromkeys(_US_MOUNTAIN.split(), "America/Denver"),
    "AZ": "America/Phoenix",
    "CA": "America/Los_Angeles",
    "NV": "America/Los_Angeles",
    "OR": "America/Los_Angeles",
    "WA": "America/Los_Angeles",
    "AK": "America/Anchorage",
    "HI": "Pacific/Honolulu",
}
_ZONES = {"CA": _CA_ZONES, "US": _US_ZONES}


class InvalidRegion(UserError):
    """A country, province, state or time zone this program does not know."""


def check_country(raw: str) -> str:
    country = raw.strip().upper()
    if country not in COUNTRIES:
        raise InvalidRegion(f"“{raw.strip()}” is not a country tui-sms serves: use CA or US.")
    return country


def check_subdivision(country: str, raw: str) -> str:
    code = raw.strip().upper()
    if code not in COUNTRIES[country]:
        if country == "CA":
            raise InvalidRegion(
                f"“{raw.strip()}” is not a Canadian province or territory: use its two "
                "letters, e.g. QC or ON."
            )
        raise InvalidRegion(
            f"“{raw.strip()}” is not a U.S. state: use its two letters, e.g. NY or TX."
        )
    return code


def proposed_time_zone(country: str, subdivision: str) -> str:
    return _ZONES[country][subdivision]


def check_time_zone(raw: str) -> str:
    name = raw.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidRegion(
            f"“{name}” is not a time zone: use a name such as America/Toronto."
        ) from None
    return name
