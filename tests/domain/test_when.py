"""Moments typed by a clerk, read on the shop's wall clock; snooze choices; said back."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from tui_sms.domain.when import BadMoment, moment_words, parse_moment, snooze_choices

MONTREAL = ZoneInfo("America/Montreal")
# Tuesday 2 December 2026, 14:20 in Montréal.
NOW = datetime(2026, 12, 1, 14, 20, tzinfo=MONTREAL)


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=MONTREAL)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tomorrow 8:00", _local(2026, 12, 2, 8, 0)),
        ("Tomorrow", _local(2026, 12, 2, 8, 0)),
        ("demain 8 h", _local(2026, 12, 2, 8, 0)),
        ("demain à 13h30", _local(2026, 12, 2, 13, 30)),
        ("today 16:45", _local(2026, 12, 1, 16, 45)),
        ("aujourd'hui 17 h", _local(2026, 12, 1, 17, 0)),
        ("16:00", _local(2026, 12, 1, 16, 0)),
        ("9:00", _local(2026, 12, 2, 9, 0)),  # already past today: tomorrow
        ("4pm", _local(2026, 12, 1, 16, 0)),
        ("8:30 am", _local(2026, 12, 2, 8, 30)),
        ("friday 14:30", _local(2026, 12, 4, 14, 30)),
        ("vendredi", _local(2026, 12, 4, 8, 0)),
        ("mon 9:15", _local(2026, 12, 7, 9, 15)),
        ("tuesday 10:00", _local(2026, 12, 8, 10, 0)),  # said on a Tuesday afternoon
        ("tuesday 18:00", _local(2026, 12, 1, 18, 0)),
        ("2026-12-24 9:00", _local(2026, 12, 24, 9, 0)),
        ("2027-01-05", _local(2027, 1, 5, 8, 0)),
        ("in 2 hours", _local(2026, 12, 1, 16, 20)),
        ("dans 30 min", _local(2026, 12, 1, 14, 50)),
        ("in 3 days", _local(2026, 12, 4, 14, 20)),
    ],
)
def test_a_typed_moment_on_the_shops_clock(typed, meant):
    assert parse_moment(typed, NOW) == meant


@pytest.mark.parametrize(
    "typed", ["", "soon", "25:00", "8:75", "13pm", "2026-02-30 9:00", "tomorrow at noonish"]
)
def test_what_is_not_a_moment_gets_one_sentence(typed):
    with pytest.raises(BadMoment, match="is not a time: write it like 'tomorrow 8:00'"):
        parse_moment(typed, NOW)


def test_a_time_skipped_by_the_spring_change_moves_past_it():
    before = datetime(2027, 3, 13, 12, 0, tzinfo=MONTREAL)
    moment = parse_moment("tomorrow 2:30", before)
    assert moment.utcoffset() == _local(2027, 3, 14, 4, 0).utcoffset()
    assert moment.hour == 3


def test_snooze_choices_use_the_shops_mornings():
    choices = snooze_choices(NOW, {2: time(7, 30)})
    assert choices.later_today == _local(2026, 12, 1, 18, 0)
    assert choices.tomorrow_morning == _local(2026, 12, 2, 7, 30)
    assert choices.next_week == _local(2026, 12, 7, 8, 0)
    evening = snooze_choices(_local(2026, 12, 1, 21, 10))
    assert evening.later_today is None
    assert evening.tomorrow_morning == _local(2026, 12, 2, 8, 0)


@pytest.mark.parametrize(
    ("moment", "language", "said"),
    [
        (_local(2026, 12, 1, 16, 0), "en", "today 16:00"),
        (_local(2026, 12, 2, 8, 0), "en", "tomorrow 8:00"),
        (_local(2026, 12, 2, 8, 30), "fr", "demain 8 h 30"),
        (_local(2026, 12, 7, 8, 0), "en", "Monday 7 December 8:00"),
        (_local(2026, 12, 7, 8, 0), "fr", "lundi 7 décembre 8 h"),
        (_local(2027, 1, 5, 9, 0), "en", "Tuesday 5 January 2027 9:00"),
    ],
)
def test_a_moment_said_back(moment, language, said):
    assert moment_words(moment, NOW, language) == said
