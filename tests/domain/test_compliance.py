from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_sms.domain.compliance import (
    DEFAULT_DISCLAIMERS,
    DEFAULT_QUIET_HOURS,
    DEFAULT_REPLIES,
    Keyword,
    QuietHours,
    classify_keyword,
    in_quiet_hours,
    last_allowed_send_before,
    local_time,
    next_allowed_send,
    resembles_opt_out,
)
from tui_sms.domain.errors import ConfigError

TORONTO = "America/Toronto"
VANCOUVER = "America/Vancouver"
NIGHT = QuietHours(time(21, 0), time(8, 0))

KEYWORDS = {
    Keyword.OPT_OUT: [
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
        "ARRET", "ARRÊT", "ARRETE", "ARRÊTE", "ARRETT",
    ],
    Keyword.OPT_IN: ["START", "YES", "UNSTOP"],
    Keyword.HELP: ["HELP", "INFO", "AIDE"],
}  # fmt: skip


def _dressed(word: str) -> list[str]:
    return [
        word,
        word.lower(),
        word.title(),
        f"  {word.lower()}  ",
        f"{word}!",
        f"{word.title()}.",
        f"«{word}»",
        f"*{word.lower()}*",
        f"¡{word}!!",
        f"{word} 🛑",
        f"\t{word}\n",
    ]


@pytest.mark.parametrize(
    ("body", "keyword"),
    [(body, kw) for kw, words in KEYWORDS.items() for word in words for body in _dressed(word)],
)
def test_classify_keyword_recognises_every_keyword_however_typed(body, keyword):
    assert classify_keyword(body) is keyword


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("  arrêt! ", Keyword.OPT_OUT),
        ("Arrêt", Keyword.OPT_OUT),
        ("ARRÉT", Keyword.OPT_OUT),
        ("Stop all", Keyword.OPT_OUT),
        ("stop-all", Keyword.OPT_OUT),
        ("Opt-out", Keyword.OPT_OUT),
        ("opt out", Keyword.OPT_OUT),
        ("ＳＴＯＰ", Keyword.OPT_OUT),
        ("Un-stop", Keyword.OPT_IN),
        ("Yes!", Keyword.OPT_IN),
        ("aide ?", Keyword.HELP),
    ],
)
def test_classify_keyword_variants(body, keyword):
    assert classify_keyword(body) is keyword


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        "!!!",
        "Stop. Thank you",
        "please stop texting me",
        "stop stop",
        "Stop by at 3?",
        "Yes please",
        "yes, see you at 3",
        "Oui",
        "OUI!",
        "arrêtez",
        "S.T.O.P",
        "stopp",
        "help me with my car",
        "Thanks, see you at 3",
        "Cancel my appointment",
        "стоп",
    ],
)
def test_classify_keyword_ignores_anything_but_a_lone_keyword(body):
    assert classify_keyword(body) is None


def test_keyword_values_match_reply_keys():
    assert DEFAULT_REPLIES[("opt_out", "en")] == DEFAULT_REPLIES[(Keyword.OPT_OUT, "en")]


@given(st.text())
def test_classify_keyword_never_raises(body):
    assert classify_keyword(body) in (None, *Keyword)


@given(st.text())
def test_resembles_opt_out_never_raises(body):
    assert resembles_opt_out(body) in (True, False)


@pytest.mark.parametrize(
    "body",
    [
        "Stop. Thank you",
        "Stop, thanks",
        "stop thanks",
        "Stop please",
        "Stop it",
        "STOP STOP STOP",
        "Stop!!! Who is this?",
        "please stop texting me",
        "Please stop",
        "ok stop",
        "stop sending me these",
        "Stop the texts",
        "quit messaging me",
        "cancel my subscription",
        "unsubscribe me",
        "Please unsubscribe",
        "I want to opt out",
        "don't text me",
        "Don’t text me again",
        "dont message me",
        "Do not contact me",
        "I don't want these messages",
        "No more texts please",
        "remove me from your list",
        "Remove my number",
        "take me off your list",
        "leave me alone",
        "Wrong number",
        "arrêtez",
        "Arretez svp",
        "arrêtez de m'écrire",
        "Arrête de m’écrire",
        "arrête les messages svp",
        "Arrêt svp",
        "Veuillez arrêter",
        "Cessez de m'envoyer des messages",
        "ne plus recevoir",
        "Je veux ne plus recevoir ces messages",
        "Je ne veux plus de textos",
        "Plus de messages svp",
        "Ne m'écrivez plus",
        "ne me textez plus",
        "Désabonnez-moi",
        "je veux me désinscrire",
        "Laissez-moi tranquille",
        "Mauvais numéro",
        "Retirez-moi de votre liste",
        "Supprimez mon numéro",
    ],
)
def test_resembles_opt_out_catches_informal_requests(body):
    assert resembles_opt_out(body)


@pytest.mark.parametrize(
    "body",
    [
        "Stop by at 3?",
        "I'll stop by tomorrow",
        "please stop by after work",
        "Thanks, see you at 3",
        "It squeals when I stop",
        "The car won't stop pulling left",
        "Can you stop the noise in the brakes?",
        "Cancel my appointment",
        "End of day works",
        "Yes please",
        "OK see you tomorrow",
        "What time do you open?",
        "Merci, à demain",
        "Oui, parfait",
        "Arrêté au feu rouge, j'arrive",
        "Je vais arrêter au garage demain",
        "L'arrêt de bus est juste à côté",
        "Je ne peux pas venir avant 17 h",
        "",
        # Keywords are handled as keywords, not flagged.
        "STOP",
        "arrêt!",
        "Yes",
        "HELP",
    ],
)
def test_resembles_opt_out_leaves_ordinary_replies_alone(body):
    assert not resembles_opt_out(body)


# GSM 03.38 basic character set: one such character costs 7 bits; anything else turns the
# whole message into UCS-2 and cuts a segment from 160 to 70 characters.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def test_default_replies_cover_every_keyword_in_both_languages():
    assert set(DEFAULT_REPLIES) == {(kw, lang) for kw in Keyword for lang in ("en", "fr")}


def test_default_english_replies_follow_twilio():
    assert DEFAULT_REPLIES[(Keyword.OPT_OUT, "en")].startswith(
        "You have successfully been unsubscribed."
    )
    assert "Reply START to resubscribe." in DEFAULT_REPLIES[(Keyword.OPT_OUT, "en")]
    assert DEFAULT_REPLIES[(Keyword.HELP, "en")] == (
        "Reply STOP to unsubscribe. Msg&Data Rates May Apply."
    )


@pytest.mark.parametrize(
    "text",
    [
        *DEFAULT_REPLIES.values(),
        *(text.format(shop_name="Garage Tremblay") for text in DEFAULT_DISCLAIMERS.values()),
    ],
)
def test_default_texts_are_gsm7(text):
    assert set(text) <= GSM7, set(text) - GSM7


@pytest.mark.parametrize(
    ("text", "word", "keyword"),
    [
        (DEFAULT_REPLIES[(Keyword.OPT_OUT, "en")], "START", Keyword.OPT_IN),
        (DEFAULT_REPLIES[(Keyword.OPT_OUT, "fr")], "START", Keyword.OPT_IN),
        (DEFAULT_REPLIES[(Keyword.OPT_IN, "fr")], "ARRET", Keyword.OPT_OUT),
        (DEFAULT_REPLIES[(Keyword.OPT_IN, "fr")], "AIDE", Keyword.HELP),
        (DEFAULT_REPLIES[(Keyword.HELP, "fr")], "ARRET", Keyword.OPT_OUT),
        (DEFAULT_DISCLAIMERS["en"], "STOP", Keyword.OPT_OUT),
        (DEFAULT_DISCLAIMERS["en"], "HELP", Keyword.HELP),
        (DEFAULT_DISCLAIMERS["fr"], "ARRET", Keyword.OPT_OUT),
        (DEFAULT_DISCLAIMERS["fr"], "AIDE", Keyword.HELP),
    ],
)
def test_every_word_a_text_tells_people_to_reply_works(text, word, keyword):
    assert f"{word} " in text
    assert classify_keyword(word) is keyword


def test_disclaimers_name_the_shop():
    for text in DEFAULT_DISCLAIMERS.values():
        assert text.format(shop_name="Garage Tremblay").startswith("Garage Tremblay ")
    assert DEFAULT_DISCLAIMERS["en"].endswith("Msg&data rates may apply.")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_default_quiet_hours_are_nine_to_eight():
    assert DEFAULT_QUIET_HOURS == QuietHours() == NIGHT


@pytest.mark.parametrize(
    ("now", "quiet"),
    [
        # January: Toronto is UTC-5.
        (utc(2026, 1, 15, 1, 59), False),  # 20:59
        (utc(2026, 1, 15, 2, 0), True),  # 21:00, start included
        (utc(2026, 1, 15, 5, 0), True),  # midnight
        (utc(2026, 1, 15, 12, 59), True),  # 07:59
        (utc(2026, 1, 15, 13, 0), False),  # 08:00, end excluded
        (utc(2026, 1, 15, 17, 0), False),  # noon
        # July: Toronto is UTC-4.
        (utc(2026, 7, 15, 1, 0), True),  # 21:00
        (utc(2026, 7, 15, 12, 30), False),  # 08:30
    ],
)
def test_in_quiet_hours_wrapping_midnight(now, quiet):
    assert in_quiet_hours(now, TORONTO, NIGHT) is quiet


@pytest.mark.parametrize(
    ("local", "quiet"),
    [(time(11, 59), False), (time(12, 0), True), (time(13, 29), True), (time(13, 30), False)],
)
def test_in_quiet_hours_within_one_day(local, quiet):
    lunch = QuietHours(time(12, 0), time(13, 30))
    now = datetime.combine(datetime(2026, 1, 15), local).replace(tzinfo=UTC)
    assert in_quiet_hours(now, "UTC", lunch) is quiet


def test_equal_start_and_end_mean_no_quiet_hours():
    never = QuietHours(time(8, 0), time(8, 0))
    now = utc(2026, 1, 15, 3, 0)
    assert not in_quiet_hours(now, TORONTO, never)
    assert next_allowed_send(now, TORONTO, never) == now


def test_vancouver_customer_at_half_past_eleven_in_montreal():
    now = utc(2026, 1, 16, 4, 30)
    assert local_time(now, TORONTO).strftime("%H:%M") == "23:30"
    assert local_time(now, VANCOUVER).strftime("%H:%M") == "20:30"
    assert not in_quiet_hours(now, VANCOUVER, NIGHT)
    assert next_allowed_send(now, VANCOUVER, NIGHT) == now
    assert in_quiet_hours(now, TORONTO, NIGHT)
    assert next_allowed_send(now, TORONTO, NIGHT) == utc(2026, 1, 16, 13, 0)


@pytest.mark.parametrize(
    ("zone", "now", "allowed"),
    [
        # Spring forward on 2026-03-08: 08:00 that morning is already daylight time.
        (TORONTO, utc(2026, 3, 8, 4, 0), utc(2026, 3, 8, 12, 0)),  # Sat 23:00 EST
        (TORONTO, utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 12, 0)),  # 03:30 EDT, after jump
        (TORONTO, utc(2026, 3, 9, 1, 0), utc(2026, 3, 9, 12, 0)),  # Sun 21:00 EDT
        (VANCOUVER, utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 15, 0)),  # Sat 23:00 PST
        (VANCOUVER, utc(2026, 3, 8, 14, 59), utc(2026, 3, 8, 15, 0)),  # 07:59 PDT
        # Fall back on 2026-11-01: 08:00 that morning is standard time again.
        (TORONTO, utc(2026, 11, 1, 3, 0), utc(2026, 11, 1, 13, 0)),  # Sat 23:00 EDT
        (TORONTO, utc(2026, 11, 1, 6, 30), utc(2026, 11, 1, 13, 0)),  # second 01:30
        (VANCOUVER, utc(2026, 11, 1, 6, 0), utc(2026, 11, 1, 16, 0)),  # Sat 23:00 PDT
        (VANCOUVER, utc(2026, 11, 1, 15, 30), utc(2026, 11, 1, 16, 0)),  # 07:30 PST
        # Outside quiet hours nothing moves.
        (TORONTO, utc(2026, 3, 8, 12, 0), utc(2026, 3, 8, 12, 0)),
        (VANCOUVER, utc(2026, 11, 1, 16, 0), utc(2026, 11, 1, 16, 0)),
    ],
)
def test_next_allowed_send_across_clock_changes(zone, now, allowed):
    assert next_allowed_send(now, zone, NIGHT) == allowed
    assert local_time(allowed, zone).time() == time(8, 0) or allowed == now


def test_quiet_hours_ending_in_the_skipped_hour_end_at_the_jump():
    # 02:30 does not exist in Toronto on 2026-03-08: the clock goes from 01:59:59 to 03:00.
    early = QuietHours(time(22, 0), time(2, 30))
    now = utc(2026, 3, 8, 6, 45)  # 01:45 EST
    allowed = next_allowed_send(now, TORONTO, early)
    assert allowed == utc(2026, 3, 8, 7, 0)
    assert local_time(allowed, TORONTO).strftime("%H:%M") == "03:00"


def test_quiet_hours_return_in_the_repeated_hour():
    # On 2026-11-01 Toronto lives 01:00–02:00 twice; quiet hours follow the wall clock.
    small = QuietHours(time(0, 0), time(1, 30))
    assert not in_quiet_hours(utc(2026, 11, 1, 5, 40), TORONTO, small)  # first 01:40
    second_ten_past_one = utc(2026, 11, 1, 6, 10)
    assert in_quiet_hours(second_ten_past_one, TORONTO, small)
    assert next_allowed_send(second_ten_past_one, TORONTO, small) == utc(2026, 11, 1, 6, 30)


@pytest.mark.parametrize(
    ("deadline", "latest"),
    [
        (utc(2026, 1, 15, 14, 0), utc(2026, 1, 15, 14, 0)),  # 09:00: unchanged
        (utc(2026, 1, 15, 13, 0), utc(2026, 1, 15, 13, 0)),  # 08:00: unchanged
        (utc(2026, 1, 15, 12, 30), utc(2026, 1, 15, 1, 59)),  # 07:30 -> 20:59 the day before
        (utc(2026, 1, 15, 2, 0), utc(2026, 1, 15, 1, 59)),  # 21:00 -> 20:59
        (utc(2026, 1, 15, 4, 59), utc(2026, 1, 15, 1, 59)),  # 23:59 -> 20:59
        # 07:30 EDT on 2026-03-08 -> 20:59 EST on Saturday.
        (utc(2026, 3, 8, 11, 30), utc(2026, 3, 8, 1, 59)),
        # 07:30 EST on 2026-11-01 -> 20:59 EDT on Saturday.
        (utc(2026, 11, 1, 12, 30), utc(2026, 11, 1, 0, 59)),
    ],
)
def test_last_allowed_send_before(deadline, latest):
    assert last_allowed_send_before(deadline, TORONTO, NIGHT) == latest


def test_last_allowed_send_before_in_vancouver():
    appointment = utc(2026, 1, 15, 15, 30)  # 07:30 PST
    assert local_time(last_allowed_send_before(appointment, VANCOUVER, NIGHT), VANCOUVER) == (
        datetime(2026, 1, 14, 20, 59, tzinfo=local_time(appointment, VANCOUVER).tzinfo)
    )


def test_results_are_aware_utc():
    now = datetime(2026, 1, 15, 23, 0, tzinfo=local_time(utc(2026, 1, 1), TORONTO).tzinfo)
    assert next_allowed_send(now, TORONTO, NIGHT).tzinfo is UTC
    assert last_allowed_send_before(now, TORONTO, NIGHT).tzinfo is UTC


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        in_quiet_hours(datetime(2026, 1, 15, 3, 0), TORONTO, NIGHT)
    with pytest.raises(ValueError, match="timezone-aware"):
        last_allowed_send_before(datetime(2026, 1, 15, 3, 0), TORONTO, NIGHT)


def test_quiet_hours_are_wall_clock_times():
    with pytest.raises(ValueError, match="wall-clock"):
        QuietHours(time(21, 0, tzinfo=UTC), time(8, 0))


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_unknown_zone_is_a_settings_error(zone):
    with pytest.raises(ConfigError) as caught:
        local_time(utc(2026, 1, 15, 3, 0), zone)
    assert "is not a known time zone" in caught.value.sentence


ZONES = st.sampled_from(
    [TORONTO, VANCOUVER, "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
)
MINUTE_TIMES = st.builds(time, st.integers(0, 23), st.integers(0, 59))
INSTANTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
STEP = timedelta(minutes=10)


@given(INSTANTS, ZONES, MINUTE_TIMES, MINUTE_TIMES)
def test_next_allowed_send_is_never_early_nor_quiet(now, zone, start, end):
    quiet = QuietHours(start, end)
    allowed = next_allowed_send(now, zone, quiet)
    assert allowed >= now
    assert not in_quiet_hours(allowed, zone, quiet)
    if allowed > now:
        assert in_quiet_hours(allowed - timedelta(seconds=1), zone, quiet)
        moment = now
        while moment < allowed:
            assert in_quiet_hours(moment, zone, quiet)
            moment += STEP


@given(INSTANTS, ZONES, MINUTE_TIMES, MINUTE_TIMES)
def test_last_allowed_send_before_is_never_late_nor_quiet(deadline, zone, start, end):
    quiet = QuietHours(start, end)
    latest = last_allowed_send_before(deadline, zone, quiet)
    assert latest <= deadline
    assert not in_quiet_hours(latest, zone, quiet)
    moment = latest + timedelta(minutes=1)
    while moment <= deadline:
        assert in_quiet_hours(moment, zone, quiet)
        moment += STEP


CLOCK_CHANGES = {
    TORONTO: [utc(2026, 3, 8, 7, 0), utc(2026, 11, 1, 6, 0)],
    VANCOUVER: [utc(2026, 3, 8, 10, 0), utc(2026, 11, 1, 9, 0)],
    "America/St_Johns": [utc(2026, 3, 8, 5, 30), utc(2026, 11, 1, 4, 30)],
    "Australia/Lord_Howe": [utc(2026, 4, 4, 15, 0), utc(2026, 10, 3, 15, 30)],
}
NEAR_CLOCK_CHANGES = st.sampled_from(
    [(zone, change) for zone, changes in CLOCK_CHANGES.items() for change in changes]
).flatmap(
    lambda pair: st.tuples(
        st.just(pair[0]),
        st.integers(-26 * 60, 26 * 60).map(lambda minutes: pair[1] + timedelta(minutes=minutes)),
    )
)


def _scan(moment: datetime, zone: str, quiet: QuietHours, step: timedelta) -> datetime:
    while in_quiet_hours(moment, zone, quiet):
        moment += step
    return moment


@given(NEAR_CLOCK_CHANGES, MINUTE_TIMES, MINUTE_TIMES)
def test_quiet_hours_match_a_minute_by_minute_scan_near_clock_changes(case, start, end):
    zone, now = case
    quiet = QuietHours(start, end)
    minute = timedelta(minutes=1)
    assert next_allowed_send(now, zone, quiet) == _scan(now, zone, quiet, minute)
    assert last_allowed_send_before(now, zone, quiet) == _scan(now, zone, quiet, -minute)
