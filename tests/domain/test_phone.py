import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from tui_sms.domain.errors import ComplianceError, InvalidNumber
from tui_sms.domain.phone import (
    PhoneNumber,
    format_national,
    parse_number,
    region_is_configured,
    sentence_for_provider_error,
    time_zone_for,
)

MOBILE_ONLY = "text messages can only go to mobile phones."
TEN_DIGITS = "a mobile number has 10 digits, e.g. (514) 555-1234."


@pytest.mark.parametrize(
    ("raw", "region", "e164", "national", "number_region"),
    [
        ("514-555-1234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("(514) 555 1234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("+1 514 555 1234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("1-514-555-1234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("5145551234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("15145551234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("514.555.1234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("+1 (514) 555-1234", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("  514 555 1234  ", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("５１４５５５１２３４", "CA", "+15145551234", "(514) 555-1234", "CA"),
        ("514-555-1234", "ca", "+15145551234", "(514) 555-1234", "CA"),
        ("604 555 1234", "CA", "+16045551234", "(604) 555-1234", "CA"),
        ("212-555-1234", "CA", "+12125551234", "(212) 555-1234", "US"),
        ("(212) 555-1234", "US", "+12125551234", "(212) 555-1234", "US"),
        ("514-555-1234", "US", "+15145551234", "(514) 555-1234", "CA"),
        ("+15145551234", "", "+15145551234", "(514) 555-1234", "CA"),
        # Foreign mobiles are allowed and shown the way they are dialled from Canada.
        ("+33 6 12 34 56 78", "CA", "+33612345678", "+33 6 12 34 56 78", "FR"),
        ("011 33 6 12 34 56 78", "CA", "+33612345678", "+33 6 12 34 56 78", "FR"),
        ("06 12 34 56 78", "FR", "+33612345678", "+33 6 12 34 56 78", "FR"),
        # NANP 5XX personal numbers may forward to a mobile: not known to be unreachable.
        ("521-902-3456", "CA", "+15219023456", "(521) 902-3456", "US"),
    ],
)
def test_parse_number_accepts_common_formats(raw, region, e164, national, number_region):
    number = parse_number(raw, region)
    assert (number.e164, number.national, number.region) == (e164, national, number_region)
    assert number == PhoneNumber(e164)


@pytest.mark.parametrize(
    ("raw", "region", "sentence"),
    [
        ("", "CA", "Enter a mobile number, e.g. (514) 555-1234."),
        ("   ", "CA", "Enter a mobile number, e.g. (514) 555-1234."),
        ("", "US", "Enter a mobile number, e.g. (212) 555-1234."),
        ("514-55", "CA", f"“514-55” is not a phone number: {TEN_DIGITS}"),
        ("514555123", "CA", f"“514555123” is not a phone number: {TEN_DIGITS}"),
        ("--", "CA", f"“--” is not a phone number: {TEN_DIGITS}"),
        ("+", "CA", f"“+” is not a phone number: {TEN_DIGITS}"),
        ("5145551234567", "CA", f"“5145551234567” has too many digits: {TEN_DIGITS}"),
        ("+1 514 555 12345", "CA", f"“+1 514 555 12345” has too many digits: {TEN_DIGITS}"),
        ("555-1234", "CA", f"“555-1234” is missing the area code: {TEN_DIGITS}"),
        (
            "555-1234",
            "US",
            "“555-1234” is missing the area code: "
            "a mobile number has 10 digits, e.g. (212) 555-1234.",
        ),
        ("abc", "CA", "“abc” is not a phone number: use digits only, e.g. (514) 555-1234."),
        (
            "514-555-CELL",
            "CA",
            "“514-555-CELL” is not a phone number: use digits only, e.g. (514) 555-1234.",
        ),
        (
            "514-555-1234 cell",
            "CA",
            "“514-555-1234 cell” is not a phone number: use digits only, e.g. (514) 555-1234.",
        ),
        (
            "+999 123 4567",
            "CA",
            "“+999 123 4567” starts with an unknown country code: "
            "type the 10 digits, e.g. (514) 555-1234.",
        ),
        (
            "123 456 7890",
            "CA",
            "“123 456 7890” is not a valid phone number: check the area code and the digits.",
        ),
        (
            "(555) 123-4567",
            "US",
            "“(555) 123-4567” is not a valid phone number: check the area code and the digits.",
        ),
        (
            "+44 7400 12",
            "CA",
            "“+44 7400 12” is not a phone number: check the digits after the country code.",
        ),
        (
            "514 555 1234 #5",
            "CA",
            f"“514 555 1234 #5” has an extension, so it is an office line: {MOBILE_ONLY}",
        ),
    ],
)
def test_parse_number_refuses_with_a_sentence(raw, region, sentence):
    with pytest.raises(InvalidNumber) as caught:
        parse_number(raw, region)
    assert caught.value.sentence == sentence


# Each example is checked against phonenumbers' own classification first, so a metadata
# update that moves a range shows up here rather than as a puzzling sentence.
@pytest.mark.parametrize(
    ("raw", "region", "kind", "sentence"),
    [
        ("01 42 68 53 00", "FR", PhoneNumberType.FIXED_LINE, "+33 1 42 68 53 00 is a landline"),
        ("+44 20 7946 0958", "CA", PhoneNumberType.FIXED_LINE, "+44 20 7946 0958 is a landline"),
        # Bermuda is in the NANP, dialled like a Canadian number, yet a known landline.
        ("1-441-412-3456", "CA", PhoneNumberType.FIXED_LINE, "(441) 412-3456 is a landline"),
        ("1-800-234-5678", "CA", PhoneNumberType.TOLL_FREE, "(800) 234-5678 is a toll-free number"),
        ("888 234 5678", "US", PhoneNumberType.TOLL_FREE, "(888) 234-5678 is a toll-free number"),
        (
            "900-212-3456",
            "US",
            PhoneNumberType.PREMIUM_RATE,
            "(900) 212-3456 is a premium-rate number",
        ),
        (
            "+61 1300 123 456",
            "CA",
            PhoneNumberType.SHARED_COST,
            "+61 1300 123 456 is a shared-cost number",
        ),
        (
            "600-201-2345",
            "CA",
            PhoneNumberType.VOIP,
            "(600) 201-2345 is an internet phone line (VoIP)",
        ),
        ("+1 268 406 1234", "CA", PhoneNumberType.PAGER, "(268) 406-1234 is a pager"),
        (
            "+32 78 10 23 45",
            "CA",
            PhoneNumberType.UAN,
            "+32 78 10 23 45 is a company switchboard number",
        ),
        (
            "+41 860 12 345 67 89",
            "CA",
            PhoneNumberType.VOICEMAIL,
            "+41 860 12 345 67 89 is a voicemail access number",
        ),
    ],
)
def test_parse_number_refuses_numbers_known_not_to_be_mobile(raw, region, kind, sentence):
    assert phonenumbers.number_type(phonenumbers.parse(raw, region)) == kind
    with pytest.raises(InvalidNumber) as caught:
        parse_number(raw, region)
    assert caught.value.sentence == f"{sentence}: {MOBILE_ONLY}"


@pytest.mark.parametrize("region", ["CA", "US"])
def test_no_canadian_or_us_number_is_known_as_a_landline(region):
    # phonenumbers cannot tell landlines from mobiles in Canada and the US: the two ranges
    # are the same, so these numbers pass and Twilio's 21614 is what catches a landline.
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    assert metadata.fixed_line.national_number_pattern == metadata.mobile.national_number_pattern
    number = phonenumbers.parse("514-555-0000" if region == "CA" else "212-555-0000", region)
    assert phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE_OR_MOBILE


@pytest.mark.parametrize("region", ["", "XX", "  "])
def test_parse_number_needs_the_shop_country_for_local_numbers(region):
    with pytest.raises(ComplianceError) as caught:
        parse_number("514-555-1234", region)
    assert "country is not set" in caught.value.sentence


def test_sentence_quotes_input_without_control_characters_and_short():
    with pytest.raises(InvalidNumber) as caught:
        parse_number("\x1b]52;c;x\x07" + "1" * 60, "CA")
    quoted = caught.value.sentence.split("”")[0]
    assert "\x1b" not in quoted and "\x07" not in quoted
    assert quoted.endswith("…") and len(quoted) <= 31


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+15145551234", "(514) 555-1234"),
        ("+12125551234", "(212) 555-1234"),
        ("+33612345678", "+33 6 12 34 56 78"),
        ("+447400123456", "+44 7400 123456"),
        ("garbage", "garbage"),
        ("", ""),
        ("5145551234", "5145551234"),
    ],
)
def test_format_national(e164, shown):
    assert format_national(e164) == shown


@given(st.text())
def test_format_national_never_raises(text):
    assert isinstance(format_national(text), str)


@given(st.text())
def test_parse_number_raises_only_invalid_number(text):
    try:
        number = parse_number(text, "CA")
    except InvalidNumber as error:
        assert error.sentence.endswith(".")
    else:
        assert parse_number(number.e164, "US") == number


@given(st.from_regex(r"(?:\+1|1)?[2-9][0-9]{2}[2-9][0-9]{6}", fullmatch=True))
def test_parsed_numbers_round_trip(digits):
    try:
        number = parse_number(digits, "CA")
    except InvalidNumber:
        return
    assert number.e164.startswith("+1") and len(number.e164) == 12
    assert parse_number(number.national, "CA") == number


SHOP_ZONE = "America/Regina"


@pytest.mark.parametrize(
    ("e164", "zone"),
    [
        ("+16045551234", "America/Vancouver"),
        ("+15145551234", "America/Toronto"),
        ("+14165551234", "America/Toronto"),
        ("+12125551234", "America/New_York"),
        ("+14035551234", "America/Edmonton"),
        ("+19025551234", "America/Halifax"),
        ("+33612345678", "Europe/Paris"),
        # 709 covers Newfoundland and Labrador, two zones: the shop's zone is used.
        ("+17092345678", SHOP_ZONE),
        ("+19072345678", SHOP_ZONE),
        ("+18002345678", SHOP_ZONE),
        ("+11234567890", SHOP_ZONE),
        ("not a number", SHOP_ZONE),
        ("", SHOP_ZONE),
    ],
)
def test_time_zone_for(e164, zone):
    assert time_zone_for(e164, SHOP_ZONE) == zone


def test_time_zone_for_uses_a_number_parse_number_produced():
    assert time_zone_for(parse_number("604 555 1234", "CA").e164, SHOP_ZONE) == (
        "America/Vancouver"
    )


@pytest.mark.parametrize(
    ("country", "province", "configured"),
    [
        ("CA", "QC", True),
        ("ca", " on ", True),
        ("US", "NY", True),
        ("US", "DC", True),
        ("CA", "NY", False),
        ("US", "QC", False),
        ("CA", None, False),
        ("CA", "", False),
        (None, "QC", False),
        ("FR", "IDF", False),
        (None, None, False),
    ],
)
def test_region_is_configured(country, province, configured):
    assert region_is_configured(country, province) is configured


@pytest.mark.parametrize(
    ("code", "number", "sentence"),
    [
        (
            21211,
            "+15145551234",
            "“(514) 555-1234” is not a valid phone number: check the area code and the digits.",
        ),
        (21614, "+15145550000", f"(514) 555-0000 is not a mobile number: {MOBILE_ONLY}"),
        (21614, "+33142685300", f"+33 1 42 68 53 00 is not a mobile number: {MOBILE_ONLY}"),
        (21610, "+15145551234", None),
        (30006, "+15145551234", None),
    ],
)
def test_sentence_for_provider_error(code, number, sentence):
    assert sentence_for_provider_error(code, number) == sentence


def test_provider_invalid_number_reads_like_parse_failure():
    with pytest.raises(InvalidNumber) as caught:
        parse_number("(555) 123-4567", "US")
    assert caught.value.sentence == sentence_for_provider_error(21211, "(555) 123-4567")


@pytest.mark.parametrize(
    "e164",
    [
        "+16045551234",
        "+15145551234",
        "+14385551234",
        "+12125551234",
        "+14035551234",
        "+33612345678",
        "+17092345678",  # two zones: none of its own
        "+15219023456",  # a personal number: not geographic, the continent's zones
    ],
)
def test_a_parsed_number_carries_the_zone_time_zone_for_gives_it(e164):
    number = parse_number(e164, "CA")
    assert (number.time_zone or SHOP_ZONE) == time_zone_for(e164, SHOP_ZONE)


def test_numbers_of_one_country_keep_their_own_zones_whatever_was_parsed_before():
    # Parsed in turn (and again), each number's zone is its own, never the last one's.
    numbers = ["+16045551234", "+15145551234", "+16045551235", "+14035551234", "+15145551235"]
    zones = [parse_number(n, "CA").time_zone for n in numbers + numbers]
    expected = [
        "America/Vancouver",
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "America/Toronto",
    ]
    assert zones == expected + expected
