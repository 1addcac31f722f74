"""Carrier e-mail gateways, as the shop suites list them."""

from __future__ import annotations

import pytest

from tui_sms.domain.carriers import CARRIERS, find_carrier, gateway_address
from tui_sms.domain.errors import InvalidNumber, NotFound
from tui_sms.domain.mailtext import InvalidAddress, check_address, parse_addresses


@pytest.mark.parametrize(
    ("carrier", "number", "kind", "address"),
    [
        ("bell", "(514) 555-1234", "mms", "5145551234@txt.bell.ca"),
        ("Bell Canada", "+1 514 555 1234", "sms", "5145551234@txt.bell.ca"),
        ("telus", "604.555.0199", "mms", "6045550199@msg.telus.com"),
        ("rogers", "1-416-555-0100", "mms", "4165550100@pcs.rogers.com"),
        ("verizon", "212 555 0100", "mms", "2125550100@vzwpix.com"),
        ("verizon", "212 555 0100", "sms", "2125550100@vtext.com"),
        ("AT&T", "+12125550100", "sms", "2125550100@txt.att.net"),
        ("t-mobile", "2125550100", "sms", "2125550100@tmomail.net"),
        ("tracfone", "2125550100", "sms", "2125550100@mmst5.tracfone.com"),
    ],
)
def test_gateway_address_from_the_carrier_list(carrier, number, kind, address):
    assert gateway_address(carrier, number, kind=kind) == address


def test_every_listed_carrier_gives_a_valid_address():
    assert len(CARRIERS) == 23
    for key in CARRIERS:
        assert check_address(gateway_address(key, "5145551234"))


def test_unknown_carrier_and_bad_number_are_clear():
    with pytest.raises(NotFound, match="not a known carrier: use one of"):
        find_carrier("Comcast")
    with pytest.raises(InvalidNumber, match="not a phone number"):
        gateway_address("bell", "555-12")


def test_return_addresses_are_checked():
    assert parse_addresses("a@garage.example, b@garage.example; c@x.ca") == [
        "a@garage.example",
        "b@garage.example",
        "c@x.ca",
    ]
    for bad in ("nobody", "a@b", "x@evil.example\r\nBcc: y@evil.example", "<a@b.ca>"):
        with pytest.raises(InvalidAddress):
            parse_addresses(bad)
