"""Segment counting, checked against boundaries, Twilio's own test vectors, and a literal
transcription of the calculator's bit packing."""

from __future__ import annotations

import math

import pytest
import regex
from hypothesis import assume, given
from hypothesis import strategies as st

from tui_sms.domain import segments
from tui_sms.domain.errors import EmptyMessage, MessageTooLong
from tui_sms.domain.segments import (
    MAX_CHARACTERS,
    check_length,
    estimate,
    is_gsm7,
    smart_encode,
)

GSM7_BASIC = segments._GSM7_BASIC
GSM7_EXTENSION = segments._GSM7_EXTENSION
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 8 code units
FLAG = "\U0001f1eb\U0001f1f7"  # 4 code units
THUMB_SKIN = "\U0001f44d\U0001f3fd"  # 4 code units
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"  # 6 code units
DIGITS = "1234567890" * 40


def digits(n: int) -> str:
    return DIGITS[:n]


@pytest.mark.parametrize(
    ("text", "encoding", "segments_", "units"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 1, 160),
        ("a" * 161, "GSM-7", 2, 161),
        ("a" * 306, "GSM-7", 2, 306),
        ("a" * 307, "GSM-7", 3, 307),
        ("{" * 80, "GSM-7", 1, 160),
        ("{" * 81, "GSM-7", 2, 162),
        # An escape pair never straddles 153: naive arithmetic (306 septets) says 2.
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 3, 306),
        ("a" * 151 + "€" + "a" * 153, "GSM-7", 2, 306),
        ("ê" * 70, "UCS-2", 1, 70),
        ("ê" * 71, "UCS-2", 2, 71),
        ("ê" * 134, "UCS-2", 2, 134),
        ("ê" * 135, "UCS-2", 3, 135),
        # Surrogate pair, ZWJ family, flag, skin tone, combining accent across unit 67.
        ("ê" * 66 + "😀" + "ê" * 66, "UCS-2", 3, 134),
        ("ê" * 65 + "😀" + "ê" * 67, "UCS-2", 2, 134),
        ("ê" * 60 + FAMILY + "ê" * 66, "UCS-2", 3, 134),
        ("ê" * 59 + FAMILY + "ê" * 67, "UCS-2", 2, 134),
        ("ê" * 64 + FLAG + "ê" * 66, "UCS-2", 3, 134),
        ("ê" * 63 + FLAG + "ê" * 67, "UCS-2", 2, 134),
        ("ê" * 64 + THUMB_SKIN + "ê" * 66, "UCS-2", 3, 134),
        ("ê" * 66 + "e\u0301" + "ê" * 66, "UCS-2", 3, 134),
        ("ê" * 65 + "e\u0301" + "ê" * 67, "UCS-2", 2, 134),
        # Twilio's calculator splits CR LF, so a segment may end between them.
        ("ê" * 66 + "\r\n" + "ê" * 66, "UCS-2", 2, 134),
        # In UCS-2 an extension character is one unit like any other.
        ("ê" + "{" * 69, "UCS-2", 1, 70),
        # A cluster bigger than a segment is cut between code points rather than overflowing.
        ("e" + "\u0301" * 100, "UCS-2", 2, 101),
    ],
)
def test_boundaries(text: str, encoding: str, segments_: int, units: int) -> None:
    found = estimate(text)
    assert (found.encoding, found.segments, found.units) == (encoding, segments_, units)


@pytest.mark.parametrize(
    ("text", "segments_"),
    [  # tests/index.test.js of TwilioDevEd/message-segment-calculator
        (digits(160), 1),
        (digits(161), 2),
        (digits(307), 3),
        ("😜" + digits(68), 1),
        ("😜" + digits(69), 2),
        ("😜" + digits(133), 3),
        ("🇮🇹" + digits(66), 1),
        ("🇮🇹" + digits(67), 2),
        (RAINBOW_FLAG + digits(64), 1),
        (RAINBOW_FLAG + digits(65), 2),
        ("😀" + "]" * 68, 1),
        ("😀" + "]" * 69, 2),
        ("e\u0301\u0301\u0301" + "a" * 66, 1),
        ("e\u0301\u0301\u0301" + "a" * 67, 2),
        *((char + digits(158), 1) for char in "|^€{}[]~\\"),
        *((char + digits(159), 2) for char in "|^€{}[]~\\"),
        *((char * 70, 1) for char in "ÁÚúçíÍóÓ"),
        *((char * 71, 2) for char in "ÁÚúçíÍóÓ"),
    ],
)
def test_twilio_test_vectors(text: str, segments_: int) -> None:
    assert estimate(text).segments == segments_


def test_seed_examples() -> None:
    assert estimate("x" * 200).segments == 2
    assert estimate("x" * 149 + "ê").segments == 3


@pytest.mark.parametrize(
    "sentence",
    [
        "Votre véhicule est réparé, vous pouvez passer le récupérer à 17 h.",
        "Ça va: le garage ferme à midi, les pièces arrivent lundi.",
        "É, è, à, ù et Ç sont dans l'alphabet GSM-7.",
    ],
)
def test_french_in_gsm7(sentence: str) -> None:
    assert estimate(sentence).encoding == "GSM-7"


@pytest.mark.parametrize("letter", list("êâîôûëïçœÀÈ"))
def test_french_letters_outside_gsm7(letter: str) -> None:
    found = estimate(f"Votre auto est pr{letter}te.")
    assert found.encoding == "UCS-2"
    assert found.unicode_chars == (letter,)
    assert found.replaceable == ()


def test_decomposed_accent_forces_ucs2_but_precomposed_does_not() -> None:
    assert estimate("caf\u00e9").encoding == "GSM-7"
    decomposed = estimate("cafe\u0301")
    assert decomposed.encoding == "UCS-2"
    assert decomposed.unicode_chars == ("e\u0301",)


def test_unicode_chars_are_distinct_clusters_in_order() -> None:
    found = estimate(f"ç, ê et {THUMB_SKIN} puis ç et {FLAG}")
    assert found.unicode_chars == ("ç", "ê", THUMB_SKIN, FLAG)


@pytest.mark.parametrize(("text", "characters"), [("a", 1), ("é", 2), ("€", 3), ("😀", 4)])
def test_characters_count_bytes_as_twilio_does(text: str, characters: int) -> None:
    assert estimate(text).characters == characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Bonjour”", '"Bonjour"'),
        ("l’huile ‘synthétique’", "l'huile 'synthétique'"),
        ("freins – disques — plaquettes", "freins - disques - plaquettes"),
        ("À bientôt…", "À bientôt..."),
        ("45\u00a0$ ou 45\u202f$ ou 45\u2009$", "45 $ ou 45 $ ou 45 $"),
        ("« prêt »", '" prêt "'),
        ("‹a› ½ ‼", "<a> 1/2 !!"),
        ("zero\u200bwidth", "zerowidth"),
        ("ＡＢＣ１２３", "ABC123"),
        ("cafe\u0301 Cre\u0300me", "café Crème"),
    ],
)
def test_smart_encode(text: str, expected: str) -> None:
    assert smart_encode(text) == expected


def test_smart_encode_keeps_meaningful_letters() -> None:
    letters = "êâîôûëïçœÀ e\u0302"
    assert smart_encode(letters) == letters


def test_combining_marks_are_a_separate_choice() -> None:
    assert smart_encode("e\u0302", combining_marks=True) == "e^"
    assert estimate("pre\u0302t").replaceable == ()
    assert estimate("pre\u0302t", combining_marks=True).replaceable == ("e\u0302",)


def test_every_replacement_is_gsm7() -> None:
    assert is_gsm7("".join(segments._SMART_WITH_MARKS.values()))


def test_smart_encoding_says_what_it_saves() -> None:
    text = "Bonjour, c’est le garage: vos pneus d’hiver sont posés — merci! " * 2
    plain = estimate(text)
    assert (plain.encoding, plain.segments, plain.body) == ("UCS-2", 2, text)
    assert plain.replaceable == ("’", "—")
    assert plain.smart_savings == 1
    smart = estimate(text, smart_encoding=True)
    assert (smart.encoding, smart.segments, smart.smart_savings) == ("GSM-7", 1, 1)
    assert smart.body == smart_encode(text)
    assert smart.unicode_chars == ()


def test_smart_encoding_left_out_when_it_would_cost_more() -> None:
    text = "😀" + "…" * 68  # 70 units; as "..." it would take 206
    found = estimate(text, smart_encoding=True)
    assert (found.body, found.segments, found.smart_savings) == (text, 1, 0)
    assert found.replaceable == ("…",)


def test_check_length_accepts_the_limit() -> None:
    check_length("a" * MAX_CHARACTERS)
    check_length("😀" * (MAX_CHARACTERS // 4))


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("a" * 1601, "remove 1 character."),
        ("é" * 801, "remove 2 characters."),
        ("😀" * 401, "remove 4 characters."),
        ("a" * 2700, "remove 1,100 characters."),
    ],
)
def test_check_length_says_how_much_to_remove(text: str, sentence: str) -> None:
    with pytest.raises(MessageTooLong) as refused:
        check_length(text)
    assert sentence in str(refused.value)
    assert "1,600" in str(refused.value)


@pytest.mark.parametrize("text", ["", "  \n "])
def test_check_length_refuses_an_empty_message(text: str) -> None:
    with pytest.raises(EmptyMessage):
        check_length(text)


# --- properties -------------------------------------------------------------------------------

ALPHABET = [
    *"abcXYZ 09.,\n\r",
    *GSM7_EXTENSION,
    *"éàÇ",
    *"êçœ",
    *"“”’—…\u00a0",
    "😀",
    "\U0001f3fd",
    "\u200d",
    "\U0001f1eb",
    "\u0301",
    "\u0302",
    "\u0915\u094d",  # Devanagari ka + virama: a conjunct cluster
    "\u0600",  # prepended to what follows
    "\u0903",  # spacing mark
    *"\u1100\u1161\u11a8",  # Hangul jamo
    "\U0001f1f7",
    "\ufe0f",
]
texts = st.lists(st.sampled_from(ALPHABET), max_size=400).map("".join) | st.text(max_size=300)


def twilio_segments(text: str) -> int:
    """The calculator's packing transcribed literally: bits per grapheme, a 48-bit header, and
    characters pushed back out of the first segment once it gets its header."""
    graphemes = [part for g in regex.findall(r"\X", text) for part in (g if g == "\r\n" else [g])]
    ucs2 = any(len(g) > 1 or g not in GSM7_BASIC + GSM7_EXTENSION for g in graphemes)

    def bits(grapheme: str) -> int:
        if ucs2:
            return 8 * len(grapheme.encode("utf-16-le"))
        return 14 if grapheme in GSM7_EXTENSION else 7

    parts: list[list[int]] = [[]]
    headers = [False]
    for size in map(bits, graphemes):
        if 1120 - 48 * headers[-1] - sum(parts[-1]) < size:
            parts.append([])
            headers.append(True)
            if not headers[-2]:
                headers[-2] = True
                while 1120 - 48 - sum(parts[-2]) < 0:
                    parts[-1].insert(0, parts[-2].pop())
        parts[-1].append(size)
    return len(parts) if text else 0


@given(texts)
def test_agrees_with_twilio_packing(text: str) -> None:
    clusters = regex.findall(r"\X", text)
    assume(all(len(c.encode("utf-16-le")) <= 134 for c in clusters))
    assert estimate(text).segments == twilio_segments(text)


@given(texts)
def test_never_fewer_segments_than_units_allow(text: str) -> None:
    found = estimate(text)
    single, part = (160, 153) if found.encoding == "GSM-7" else (70, 67)
    assert found.segments >= math.ceil(found.units / (single if found.units <= single else part))
    assert (found.segments == 0) == (text == "")


@given(texts)
def test_smart_encoding_never_adds_segments(text: str) -> None:
    assert estimate(text, smart_encoding=True).segments <= estimate(text).segments
    both = estimate(text, smart_encoding=True, combining_marks=True)
    assert both.segments <= estimate(text).segments


@given(st.text(alphabet=GSM7_BASIC + GSM7_EXTENSION, min_size=1, max_size=160))
def test_short_gsm7_is_one_segment(text: str) -> None:
    assume(len(text) + sum(c in GSM7_EXTENSION for c in text) <= 160)
    found = estimate(text)
    assert (found.encoding, found.segments) == ("GSM-7", 1)
    assert smart_encode(text) == text


@given(texts)
def test_unicode_chars_are_the_clusters_twilio_flags(text: str) -> None:
    flagged = [
        g
        for g in regex.findall(r"\r|\X", text)
        if len(g) > 1 or g not in GSM7_BASIC + GSM7_EXTENSION
    ]
    assert estimate(text).unicode_chars == tuple(dict.fromkeys(flagged))
