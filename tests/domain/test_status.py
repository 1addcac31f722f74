import pytest

from tui_sms.domain.status import is_final, label, may_move


@pytest.mark.parametrize(
    ("current", "reported", "expected"),
    [
        ("queued", "sent", True),
        ("sending", "queued", False),
        ("sent", "delivered", True),
        ("sent", "undelivered", True),
        ("delivered", "sent", False),
        ("undelivered", "delivered", True),
        ("failed", "delivered", False),
        ("delivered", "delivered", False),
        ("accepted", "sending", False),
        ("accepted", "sent", True),
    ],
)
def test_a_report_never_moves_a_message_back(current, reported, expected):
    assert may_move(current, reported) is expected


def test_final_statuses_and_labels():
    assert is_final("delivered") and is_final("received") and not is_final("sent")
    assert label("undelivered") == "not delivered"
