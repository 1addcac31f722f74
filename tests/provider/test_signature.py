"""X-Twilio-Signature against the test vectors of twilio-python's RequestValidator tests."""

from __future__ import annotations

from tui_sms.provider.signature import body_hash, compute_signature, validate_signature

TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
    "Caller": "+14158675309",
}
EXPECTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
JSON_BODY = '{"property": "value", "boolean": true}'
JSON_BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"


def test_form_parameters_vector() -> None:
    assert compute_signature(TOKEN, URL, PARAMS) == EXPECTED
    assert validate_signature(TOKEN, URL, PARAMS, EXPECTED)


def test_repeated_names_are_sorted_by_value_whatever_the_input_shape() -> None:
    pairs = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]
    as_lists = {"Sid": ["CA123"], "SidAccount": ["AC123"], "Digits": ["5678", "1234"]}
    assert compute_signature(TOKEN, URL, pairs) == "IK+Dwps556ElfBT0I3Rgjkr1wJU="
    assert compute_signature(TOKEN, URL, as_lists) == "IK+Dwps556ElfBT0I3Rgjkr1wJU="


def test_json_body_is_checked_by_hash_and_signed_without_parameters() -> None:
    assert body_hash(JSON_BODY) == JSON_BODY_HASH
    url = f"{URL}&bodySHA256={JSON_BODY_HASH}"
    assert validate_signature(TOKEN, url, JSON_BODY, "a9nBmqA0ju/hNViExpshrM61xv4=")
    assert not validate_signature(TOKEN, url, JSON_BODY + " ", "a9nBmqA0ju/hNViExpshrM61xv4=")
    assert not validate_signature(TOKEN, URL, JSON_BODY, "a9nBmqA0ju/hNViExpshrM61xv4=")


def test_ports_are_accepted_with_or_without_the_default() -> None:
    with_port = URL.replace(".com", ".com:1234")
    assert validate_signature(TOKEN, with_port, PARAMS, EXPECTED)
    # Signed with the default port (443) while we saw the URL without it.
    assert validate_signature(TOKEN, URL, PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w=")
    http = URL.replace("https", "http")
    assert validate_signature(TOKEN, http, PARAMS, "0ZXoZLH/DfblKGATFgpif+LLRf4=")


def test_anything_altered_fails() -> None:
    assert not validate_signature("54321", URL, PARAMS, EXPECTED)
    assert not validate_signature(TOKEN, URL, {**PARAMS, "Digits": "1235"}, EXPECTED)
    assert not validate_signature(TOKEN, URL + "&baz=3", PARAMS, EXPECTED)
    assert not validate_signature(TOKEN, URL, PARAMS, "")
    assert not validate_signature(TOKEN, URL, PARAMS, "ünïcode")
