from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_sms.domain.compliance import QuietHours, send_time
from tui_sms.domain.errors import UserError
from tui_sms.domain.segments import is_gsm7
from tui_sms.domain.templates import (
    DEFAULT_TEMPLATES,
    FIELD_CODES,
    QUIET_HOURS_MARGIN,
    JobFields,
    TemplateError,
    occurrence_key,
    reminder_due,
    reminder_send_at,
    reminder_send_now,
    render,
    validate_template,
)

TORONTO = "America/Toronto"
ALL_CODES = "|".join(FIELD_CODES)
NINE_PM, EIGHT_AM = time(21, 0), time(8, 0)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: str, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)


def job(start: datetime, language: str = "en", **overrides: str) -> JobFields:
    values = {
        "first_name": "Marie-Eve",
        "last_name": "Tremblay",
        "customer_name": "Marie-Eve Tremblay",
        "technician": "Luc",
        "job_type": "Oil change",
        "shop_name": "Garage Gagnon",
        "shop_phone": "514-555-0134",
        "vehicle": "2019 Honda Civic",
    }
    values.update(overrides)
    return JobFields(job_start=start, tz=TORONTO, language=language, **values)


# --- rendering ---------------------------------------------------------------------------------


def test_field_codes_are_described_in_both_languages() -> None:
    assert list(FIELD_CODES) == [
        "{first_name}",
        "{last_name}",
        "{customer_name}",
        "{job_date}",
        "{job_time}",
        "{technician}",
        "{job_type}",
        "{vehicle}",
        "{shop_name}",
        "{shop_phone}",
    ]
    for description in FIELD_CODES.values():
        assert description.en and description.fr


def test_render_every_code_in_english() -> None:
    fields = job(local(TORONTO, 2026, 3, 10, 14, 30))
    assert render(ALL_CODES, fields) == (
        "Marie-Eve|Tremblay|Marie-Eve Tremblay|Tuesday, March 10|2:30 PM|Luc|Oil change"
        "|2019 Honda Civic|Garage Gagnon|514-555-0134"
    )


def test_render_every_code_in_french() -> None:
    fields = job(local(TORONTO, 2026, 3, 10, 14, 30), "fr", job_type="Changement d'huile")
    assert render(ALL_CODES, fields) == (
        "Marie-Eve|Tremblay|Marie-Eve Tremblay|mardi 10 mars|14 h 30|Luc|Changement d'huile"
        "|2019 Honda Civic|Garage Gagnon|514-555-0134"
    )


@pytest.mark.parametrize(
    ("wall", "language", "expected"),
    [
        ((2026, 3, 10, 0, 0), "en", "Tuesday, March 10 12:00 AM"),
        ((2026, 3, 10, 12, 0), "en", "Tuesday, March 10 12:00 PM"),
        ((2026, 3, 10, 9, 5), "en", "Tuesday, March 10 9:05 AM"),
        ((2026, 3, 10, 23, 59), "en", "Tuesday, March 10 11:59 PM"),
        ((2026, 3, 10, 9, 5), "fr", "mardi 10 mars 9 h 05"),
        ((2026, 3, 10, 14, 0), "fr", "mardi 10 mars 14 h"),
        ((2026, 3, 10, 0, 0), "fr", "mardi 10 mars 0 h"),
        ((2026, 3, 1, 8, 0), "fr", "dimanche 1er mars 8 h"),
        ((2026, 8, 3, 8, 0), "fr", "lundi 3 aout 8 h"),
        ((2026, 2, 6, 8, 0), "fr", "vendredi 6 février 8 h"),
        ((2026, 12, 31, 17, 45), "fr", "jeudi 31 décembre 17 h 45"),
        ((2026, 11, 1, 1, 30), "en", "Sunday, November 1 1:30 AM"),
    ],
)
def test_date_and_time_formats(wall: tuple[int, ...], language: str, expected: str) -> None:
    assert render("{job_date} {job_time}", job(local(TORONTO, *wall), language)) == expected


def test_dates_are_read_in_the_shop_zone_not_utc() -> None:
    # 02:00 UTC on Wednesday is still Tuesday evening in Toronto.
    assert render("{job_date} {job_time}", job(utc(2026, 3, 11, 2, 0))) == (
        "Tuesday, March 10 10:00 PM"
    )


def test_values_go_in_verbatim_and_are_not_expanded_again() -> None:
    fields = job(utc(2026, 3, 10, 18), first_name="{last_name} [bold]x[/] }{")
    assert render("Hi {first_name}!", fields) == "Hi {last_name} [bold]x[/] }{!"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{first_name}}", "{first_name}"),
        ("{{{first_name}}}", "{Marie-Eve}"),
        ("Code {{A}} for {first_name}", "Code {A} for Marie-Eve"),
        ("}}{{", "}{"),
        ("no codes at all", "no codes at all"),
    ],
)
def test_doubled_braces_are_literal(body: str, expected: str) -> None:
    validate_template(body)
    assert render(body, job(utc(2026, 3, 10, 18))) == expected


def test_unknown_code_names_it_and_lists_the_valid_ones() -> None:
    with pytest.raises(TemplateError) as caught:
        validate_template("Hi {first_name}, {tech} will see you")
    sentence = str(caught.value)
    assert sentence.startswith("Unknown field code {tech}: use one of {first_name}, ")
    assert all(code in sentence for code in FIELD_CODES)
    assert isinstance(caught.value, UserError)


def test_several_unknown_codes_are_named_once_each() -> None:
    with pytest.raises(TemplateError, match=r"^Unknown field codes \{tech\}, \{Date\}: "):
        validate_template("{tech} {Date} {tech} {first_name}")


@pytest.mark.parametrize("body", ["{}", "{ first_name }", "{FIRST_NAME}"])
def test_codes_are_exact(body: str) -> None:
    with pytest.raises(TemplateError, match="Unknown field code"):
        validate_template(body)


@pytest.mark.parametrize(
    ("body", "brace"),
    [
        ("Hi {first_name, see you", "{"),
        ("Hi first_name}, see you", "}"),
        ("{first_{name}", "{"),
        ("see you at {job_time", "{"),
        ("{{first_name}", "}"),
        ("}", "}"),
    ],
)
def test_unbalanced_braces(body: str, brace: str) -> None:
    with pytest.raises(TemplateError) as caught:
        validate_template(body)
    assert str(caught.value).startswith(f'The "{brace}" in "')
    assert f"type {brace}{brace} for a literal {brace}." in str(caught.value)


@pytest.mark.parametrize("body", ["", "   ", "\n\t"])
def test_empty_template(body: str) -> None:
    with pytest.raises(TemplateError, match="empty"):
        validate_template(body)


def test_render_refuses_an_invalid_template() -> None:
    with pytest.raises(TemplateError):
        render("Hi {tech}", job(utc(2026, 3, 10, 18)))


def test_one_template_rendered_for_many_customers_gives_each_their_own_text() -> None:
    # The template is read once and kept: what one customer got never leaks into the next.
    body = "Hi {first_name} {last_name}, {job_date} at {job_time}."
    start = utc(2026, 3, 10, 18)
    texts = [
        render(body, job(start, first_name="Ana", last_name="Roy")),
        render(body, job(utc(2026, 3, 11, 14, 30), "fr", first_name="Luc", last_name="Cote")),
        render(body, job(start, first_name="Ana", last_name="Roy")),
    ]
    assert texts == [
        "Hi Ana Roy, Tuesday, March 10 at 2:00 PM.",
        "Hi Luc Cote, mercredi 11 mars at 10 h 30.",
        "Hi Ana Roy, Tuesday, March 10 at 2:00 PM.",
    ]


def test_a_template_in_error_is_refused_every_time_it_is_rendered() -> None:
    for _ in range(2):
        with pytest.raises(TemplateError, match="Unknown field code"):
            render("Hi {tech}", job(utc(2026, 3, 10, 18)))


def test_fields_need_an_aware_start_and_a_known_language() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        job(datetime(2026, 3, 10, 18))
    with pytest.raises(ValueError, match="language"):
        job(utc(2026, 3, 10, 18), "de")


# --- default templates --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["reminder", "confirmation", "completed"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_default_templates_validate_and_stay_in_one_gsm7_segment(kind: str, language: str) -> None:
    body = DEFAULT_TEMPLATES[kind][language]
    validate_template(body)
    assert is_gsm7(body)
    # The longest French day and month names, a long first name and a long job type.
    fields = job(
        local(TORONTO, 2026, 9, 30, 14, 30),
        language,
        first_name="Marie-Christine",
        job_type="Changement de pneus",
        shop_name="Garage Gagnon et Fils",
    )
    text = render(body, fields)
    assert is_gsm7(text)
    assert len(text) <= 160, text


def test_defaults_cover_every_kind_and_language() -> None:
    assert {(k, lang) for k, by_lang in DEFAULT_TEMPLATES.items() for lang in by_lang} == {
        (k, lang) for k in ("reminder", "confirmation", "completed") for lang in ("en", "fr")
    }


# --- when reminders are due ---------------------------------------------------------------------


def test_one_day_ahead_is_the_same_local_time_the_day_before() -> None:
    start = local(TORONTO, 2026, 6, 16, 9, 0)
    assert reminder_due(start, 1, TORONTO) == local(TORONTO, 2026, 6, 15, 9, 0)
    assert reminder_due(start, 2, TORONTO) == start - timedelta(hours=48)


def test_one_day_across_spring_forward_is_23_hours() -> None:
    start = local(TORONTO, 2026, 3, 8, 10, 0)  # EDT, the morning clocks went forward
    due = reminder_due(start, 1, TORONTO)
    assert due == local(TORONTO, 2026, 3, 7, 10, 0)
    assert start - due == timedelta(hours=23)


def test_one_day_across_fall_back_is_25_hours() -> None:
    start = local(TORONTO, 2026, 11, 1, 10, 0)  # EST, the morning clocks went back
    due = reminder_due(start, 1, TORONTO)
    assert due == local(TORONTO, 2026, 10, 31, 10, 0)
    assert start - due == timedelta(hours=25)


def test_a_due_time_the_clock_skips_moves_forward_by_the_gap() -> None:
    due = reminder_due(local(TORONTO, 2026, 3, 9, 2, 30), 1, TORONTO)
    assert due == local(TORONTO, 2026, 3, 8, 3, 30)


def test_a_due_time_the_clock_repeats_takes_the_first_occurrence() -> None:
    due = reminder_due(local(TORONTO, 2026, 11, 2, 1, 30), 1, TORONTO)
    assert due == utc(2026, 11, 1, 5, 30)  # 1:30 EDT, an hour before 1:30 EST


def test_due_is_utc_and_reckoned_in_the_given_zone() -> None:
    start = utc(2026, 3, 10, 14, 0)
    due = reminder_due(start, 1, "Europe/Paris")  # Paris has not changed clocks yet
    assert due.tzinfo is UTC
    assert due == utc(2026, 3, 9, 14, 0)


@pytest.mark.parametrize("days", [0, -1])
def test_days_ahead_must_be_at_least_one(days: int) -> None:
    with pytest.raises(TemplateError, match="at least 1 day"):
        reminder_due(utc(2026, 3, 10, 14), days, TORONTO)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        reminder_due(datetime(2026, 3, 10, 14), 1, TORONTO)
    with pytest.raises(ValueError, match="timezone-aware"):
        reminder_send_at(utc(2026, 3, 10), 1, TORONTO, NINE_PM, EIGHT_AM, datetime(2026, 3, 1))


# --- when reminders are sent --------------------------------------------------------------------


def send_at(start: datetime, now: datetime, days: int = 1, **kwargs: object) -> datetime | None:
    quiet = {"quiet_start": NINE_PM, "quiet_end": EIGHT_AM, **kwargs}
    return reminder_send_at(start, days, TORONTO, now_utc=now, **quiet)


EARLY = utc(2026, 1, 1)


def test_a_due_time_outside_quiet_hours_is_kept() -> None:
    start = local(TORONTO, 2026, 3, 10, 14, 30)
    assert send_at(start, EARLY) == local(TORONTO, 2026, 3, 9, 14, 30)


def test_a_due_time_in_the_evening_quiet_hours_moves_earlier_the_same_day() -> None:
    start = local(TORONTO, 2026, 3, 10, 21, 5)
    assert send_at(start, EARLY) == local(TORONTO, 2026, 3, 9, 21, 0) - QUIET_HOURS_MARGIN


def test_a_due_time_in_the_early_morning_moves_to_the_evening_before() -> None:
    start = local(TORONTO, 2026, 3, 10, 7, 30)
    assert send_at(start, EARLY) == local(TORONTO, 2026, 3, 8, 20, 30)


def test_quiet_hours_that_start_the_moment_the_reminder_is_due() -> None:
    start = local(TORONTO, 2026, 3, 10, 21, 0)
    assert send_at(start, EARLY) == local(TORONTO, 2026, 3, 9, 20, 30)
    assert send_at(local(TORONTO, 2026, 3, 10, 8, 0), EARLY) == local(TORONTO, 2026, 3, 9, 8, 0)


def test_quiet_hours_within_one_day() -> None:
    start = local(TORONTO, 2026, 3, 10, 13, 0)
    moved = send_at(start, EARLY, quiet_start=time(12, 0), quiet_end=time(14, 0))
    assert moved == local(TORONTO, 2026, 3, 9, 11, 30)


def test_equal_quiet_times_mean_no_quiet_hours() -> None:
    start = local(TORONTO, 2026, 3, 10, 3, 0)
    assert send_at(start, EARLY, quiet_start=time(0), quiet_end=time(0)) == start - timedelta(1)


def test_margin_stops_at_the_start_of_a_short_sending_window() -> None:
    start = local(TORONTO, 2026, 3, 10, 22, 0)
    moved = send_at(start, EARLY, quiet_start=time(21, 0), quiet_end=time(20, 50))
    assert moved == local(TORONTO, 2026, 3, 9, 20, 50)


def test_quiet_hours_follow_the_recipients_zone() -> None:
    def for_vancouver(start: datetime) -> datetime | None:
        return reminder_send_at(
            start, 1, "America/Vancouver", NINE_PM, EIGHT_AM, EARLY, tz_shop=TORONTO
        )

    # Due 23:30 in the Toronto shop is 20:30 for a customer in Vancouver: not quiet there.
    late = local(TORONTO, 2026, 3, 10, 23, 30)
    assert for_vancouver(late) == local(TORONTO, 2026, 3, 9, 23, 30)
    # Due 07:00 in Toronto is 04:00 in Vancouver: moved to the evening before, Vancouver time.
    early = local(TORONTO, 2026, 3, 10, 7, 0)
    assert for_vancouver(early) == local("America/Vancouver", 2026, 3, 8, 20, 30)


def test_moving_earlier_across_spring_forward() -> None:
    # Due 2026-03-08 07:00 EDT, quiet since 21:00 EST the evening before.
    start = local(TORONTO, 2026, 3, 9, 7, 0)
    assert send_at(start, EARLY) == local(TORONTO, 2026, 3, 7, 20, 30)


def test_moving_earlier_across_fall_back() -> None:
    start = local(TORONTO, 2026, 11, 2, 7, 0)
    assert send_at(start, EARLY) == local(TORONTO, 2026, 10, 31, 20, 30)


def test_too_late_for_the_planned_time_sends_now_when_allowed() -> None:
    start = local(TORONTO, 2026, 3, 10, 14, 30)
    now = local(TORONTO, 2026, 3, 10, 9, 15)  # job booked this morning for this afternoon
    assert send_at(start, now) == now


def test_too_late_during_quiet_hours_goes_when_they_end_if_before_the_job() -> None:
    start = local(TORONTO, 2026, 3, 10, 9, 0)
    assert send_at(start, local(TORONTO, 2026, 3, 9, 22, 0)) == local(TORONTO, 2026, 3, 10, 8, 0)
    after_midnight = local(TORONTO, 2026, 3, 10, 2, 0)
    assert send_at(start, after_midnight) == local(TORONTO, 2026, 3, 10, 8, 0)


def test_too_late_during_quiet_hours_that_end_after_the_job_is_dropped() -> None:
    start = local(TORONTO, 2026, 3, 10, 7, 45)
    assert send_at(start, local(TORONTO, 2026, 3, 9, 22, 0)) is None
    assert send_at(local(TORONTO, 2026, 3, 10, 8, 0), local(TORONTO, 2026, 3, 9, 22, 0)) is None


def test_too_late_during_quiet_hours_across_spring_forward() -> None:
    # 2026-03-08: quiet since 21:00 EST; they end at 08:00 EDT, 10 real hours after 22:00 EST.
    start = local(TORONTO, 2026, 3, 8, 10, 0)
    assert send_at(start, local(TORONTO, 2026, 3, 7, 22, 0)) == local(TORONTO, 2026, 3, 8, 8, 0)


def test_too_late_after_the_job_started_is_dropped() -> None:
    start = local(TORONTO, 2026, 3, 10, 14, 30)
    assert send_at(start, local(TORONTO, 2026, 3, 10, 15, 0)) is None
    assert send_at(start, start) is None


def test_the_planned_time_itself_is_not_too_late() -> None:
    start = local(TORONTO, 2026, 3, 10, 14, 30)
    planned = local(TORONTO, 2026, 3, 9, 14, 30)
    assert send_at(start, planned) == planned


# --- properties ---------------------------------------------------------------------------------

ZONES = ["America/Toronto", "America/Vancouver", "America/St_Johns", "Australia/Lord_Howe", "UTC"]
# Instants near DST changes, where the arithmetic is most likely to go wrong.
PIVOTS = [
    utc(2026, 3, 8, 7),
    utc(2026, 11, 1, 6),
    utc(2026, 3, 8, 10),
    utc(2026, 11, 1, 9),
    utc(2026, 3, 8, 5, 30),
    utc(2026, 4, 4, 15),
    utc(2026, 10, 3, 15),
]
minutes = st.integers(min_value=0, max_value=59)
wall_times = st.builds(time, st.integers(min_value=0, max_value=23), minutes)
instants = st.one_of(
    st.builds(
        lambda pivot, offset: pivot + timedelta(minutes=offset),
        st.sampled_from(PIVOTS),
        st.integers(min_value=-4 * 1440, max_value=4 * 1440),
    ),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
)


def is_quiet(moment: datetime, zone: str, start: time, end: time) -> bool:
    clock = moment.astimezone(ZoneInfo(zone)).time()
    if start == end:
        return False
    return start <= clock < end if start < end else (clock >= start or clock < end)


@settings(max_examples=600, deadline=None)
@given(
    start=instants,
    days=st.integers(min_value=1, max_value=7),
    zone=st.sampled_from(ZONES),
    shop_zone=st.sampled_from([*ZONES, None]),
    quiet_start=wall_times,
    quiet_end=wall_times,
    before=st.integers(min_value=-2 * 1440, max_value=9 * 1440),
)
def test_reminders_never_go_after_the_job_nor_in_quiet_hours(
    start: datetime,
    days: int,
    zone: str,
    shop_zone: str | None,
    quiet_start: time,
    quiet_end: time,
    before: int,
) -> None:
    now = start - timedelta(minutes=before)
    sent = reminder_send_at(start, days, zone, quiet_start, quiet_end, now, tz_shop=shop_zone)
    if sent is None:
        return
    due = reminder_due(start, days, shop_zone or zone)
    assert now <= sent < start
    assert not is_quiet(sent, zone, quiet_start, quiet_end)
    if sent > due and sent != now:
        # Too late for the planned time and quiet now: the first allowed minute after now.
        assert is_quiet(now, zone, quiet_start, quiet_end)
        # When quiet hours end at a time the clock skips, the reminder waits for that wall
        # time after the skip: up to one gap later than the very first allowed minute.
        tz = ZoneInfo(zone)
        hour_before = (sent - timedelta(hours=1)).astimezone(tz)
        jumped = sent.astimezone(tz).utcoffset() != hour_before.utcoffset()
        assert jumped or is_quiet(sent - timedelta(minutes=1), zone, quiet_start, quiet_end)


@settings(max_examples=600, deadline=None)
@given(
    start=instants,
    days=st.integers(min_value=1, max_value=7),
    zone=st.sampled_from(ZONES),
    quiet_start=wall_times,
    quiet_end=wall_times,
    before=st.integers(min_value=-2 * 1440, max_value=9 * 1440),
)
def test_the_outbox_quiet_hours_leave_a_reminder_time_as_it_is(
    start: datetime,
    days: int,
    zone: str,
    quiet_start: time,
    quiet_end: time,
    before: int,
) -> None:
    # The outbox holds a quiet automated text LATER; the reminder rule moves it EARLIER. The
    # reminder rule decides, so the times it gives must be ones the outbox lets through.
    now = start - timedelta(minutes=before)
    quiet = QuietHours(quiet_start, quiet_end)
    for sent in (
        reminder_send_at(start, days, zone, quiet_start, quiet_end, now),
        reminder_send_now(start, zone, quiet_start, quiet_end, now),
    ):
        if sent is not None:
            assert now <= sent < start
            assert send_time(sent, zone, quiet, automated=True, confirmed=False) == sent


@settings(max_examples=300, deadline=None)
@given(start=instants, days=st.integers(min_value=1, max_value=7), zone=st.sampled_from(ZONES))
def test_due_keeps_the_wall_clock_time_unless_the_clock_skips_it(
    start: datetime, days: int, zone: str
) -> None:
    tz = ZoneInfo(zone)
    due = reminder_due(start, days, zone)
    wall_before = start.astimezone(tz).replace(tzinfo=None) - timedelta(days=days)
    wall_due = due.astimezone(tz).replace(tzinfo=None)
    assert wall_due == wall_before or timedelta(0) < wall_due - wall_before <= timedelta(hours=1)
    assert timedelta(hours=days * 24 - 1) <= start - due <= timedelta(hours=days * 24 + 1)


# --- idempotency --------------------------------------------------------------------------------


def test_occurrence_key_is_stable_per_job_and_start() -> None:
    start = local(TORONTO, 2026, 3, 10, 14, 30)
    key = occurrence_key("J-42", start)
    assert key == "reminder:J-42:20260310T183000Z"
    assert occurrence_key("J-42", start.astimezone(ZoneInfo(TORONTO))) == key
    assert occurrence_key("J-42", start + timedelta(days=7)) != key  # the next recurrence
    assert occurrence_key("J-43", start) != key
    assert occurrence_key("J-42", start, "confirmation") == "confirmation:J-42:20260310T183000Z"


def test_occurrence_key_needs_a_job_and_an_aware_start() -> None:
    with pytest.raises(ValueError):
        occurrence_key("", utc(2026, 3, 10))
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrence_key("J-42", datetime(2026, 3, 10))
