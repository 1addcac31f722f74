"""Rate slots, back-off and validity periods: the arithmetic of the sender."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui_sms.domain.sending import (
    MAX_VALIDITY,
    Bookings,
    backoff,
    book,
    remaining_validity,
    reserve,
    valid_until,
)

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("free_in", "segments", "rate", "guard", "start_in", "free_after"),
    [
        (None, 1, 1.0, 0.0, 0.0, 1.0),  # a fresh number
        (-5.0, 3, 1.0, 0.0, 0.0, 3.0),  # idle since long: no credit is saved up
        (2.0, 3, 1.0, 0.0, 2.0, 5.0),  # busy: the slot waits, 3 segments hold it 3 s
        (0.0, 3, 3.0, 0.0, 0.0, 1.0),  # toll-free, 3 segments/s
        (0.0, 1, 20.0, 0.01, 0.0, 0.06),  # the guard is added to each booking
        (0.0, 0, 1.0, 0.0, 0.0, 1.0),  # never less than one segment
    ],
)
def test_reserve_books_segments_over_the_rate(free_in, segments, rate, guard, start_in, free_after):
    free_at = None if free_in is None else NOW + timedelta(seconds=free_in)
    slot = reserve(free_at, NOW, segments, rate, guard)
    assert slot.start == NOW + timedelta(seconds=start_in)
    assert slot.next_free == NOW + timedelta(seconds=free_after)


def test_an_unmetered_number_is_never_booked():
    slot = reserve(NOW + timedelta(seconds=9), NOW, 3, 0.0, 0.02)
    assert slot.start == NOW


def _at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_a_booker_following_its_own_booking_keeps_only_its_own_slack():
    line = Bookings(free_at=None)
    first, line = book(line, "w1", NOW, 1, 1.0, 0.06, 0.01)
    assert (first.start, first.next_free) == (NOW, _at(1.01))
    assert (line.free_at, line.own_free_at, line.booked_by) == (_at(1.06), _at(1.01), "w1")
    second, line = book(line, "w1", NOW, 2, 1.0, 0.06, 0.01)
    assert (second.start, second.next_free) == (_at(1.01), _at(3.02))
    # Another booker (or this one restarted, under a new name) keeps the whole guard.
    third, line = book(line, "w2", NOW, 1, 1.0, 0.06, 0.01)
    assert third.start == _at(3.07)
    assert (line.free_at, line.booked_by) == (_at(4.13), "w2")


def test_a_nameless_booker_is_a_stranger_even_to_itself():
    slot, line = book(Bookings(free_at=None), None, NOW, 1, 1.0, 0.06, 0.01)
    assert slot.next_free == line.free_at == _at(1.06)
    again, _ = book(line, None, NOW, 1, 1.0, 0.06, 0.01)
    assert again.start == _at(1.06)


def test_an_unmetered_line_is_left_as_it_was():
    line = Bookings(free_at=_at(9), own_free_at=_at(8), booked_by="w1")
    slot, after = book(line, "w1", NOW, 3, 0.0, 0.06, 0.01)
    assert slot.start == NOW and after == line


@pytest.mark.parametrize(
    ("attempt", "retry_after", "draw", "expected"),
    [
        (1, None, 0.0, 1.0),  # half of base (2 s) is fixed ...
        (1, None, 0.999999, 2.0),  # ... the other half is the jitter
        (3, None, 0.0, 4.0),  # exponential: 2 s × 2² / 2
        (20, None, 1.0, 300.0),  # capped
        (1, 30.0, 0.5, 30.0),  # Retry-After wins when longer
        (4, 1.0, 0.0, 8.0),  # and back-off when Retry-After is shorter
    ],
)
def test_backoff(attempt, retry_after, draw, expected):
    assert backoff(attempt, 2.0, 300.0, retry_after, draw) == pytest.approx(expected, rel=1e-5)


def test_validity_runs_from_the_schedule_and_is_handed_on_as_what_is_left():
    created = NOW - timedelta(hours=2)
    scheduled = NOW - timedelta(minutes=10)
    until = valid_until(created, scheduled, 3600)
    assert until == NOW + timedelta(minutes=50)
    assert valid_until(created, None, 3600) == NOW - timedelta(hours=1)
    assert valid_until(created, scheduled, None) is None
    assert remaining_validity(until, NOW) == 3000
    assert remaining_validity(NOW + timedelta(days=3), NOW) == MAX_VALIDITY
    assert remaining_validity(None, NOW) is None
