"""Long texts for old phones: numbered one-segment parts, cut between words."""

from __future__ import annotations

from tui_sms.domain.long_texts import split_for_old_phones
from tui_sms.domain.promotion_text import with_opt_out_line
from tui_sms.domain.segments import estimate

LONG = " ".join(f"word{i}" for i in range(60))  # 409 characters: 3 concatenated segments


def test_a_long_text_becomes_numbered_one_segment_parts_cut_between_words():
    split = split_for_old_phones(LONG)
    assert split.concatenated_segments == 3
    assert [part[:6] for part in split.parts] == ["(1/3) ", "(2/3) ", "(3/3) "]
    assert all(estimate(part).segments == 1 for part in split.parts)
    words = " ".join(part[6:] for part in split.parts).split(" ")
    assert words == LONG.split(" ")
    assert split.extra_segments == 0


def test_numbering_can_cost_one_more_text_than_the_concatenated_form():
    # Five 53-letter words (269 characters) fit 2 concatenated segments, but only two such
    # words fit a numbered part: cut between words, they take 3 texts.
    text = " ".join(["abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopq"] * 5)
    split = split_for_old_phones(text)
    assert split.concatenated_segments == 2 and split.split_segments == 3
    assert split.extra_segments == 1


def test_a_short_text_is_left_whole():
    assert split_for_old_phones("See you at 9.").parts == ("See you at 9.",)


def test_a_promotion_gets_the_opt_out_line_of_the_customers_language_once():
    assert with_opt_out_line("Tires -20%", "fr").endswith("Répondez STOP pour vous désabonner.")
    assert (
        with_opt_out_line("Tires -20%. Reply STOP to end.", "en")
        == "Tires -20%. Reply STOP to end."
    )
