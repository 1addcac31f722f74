import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_sms.domain.text import clean, one_line


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[bold red]x[/]", "[bold red]x[/]"),
        ("[link=https://evil.example]click[/link]", "[link=https://evil.example]click[/link]"),
        ("before\x1b]52;c;ZXZpbA==\x07after", "beforeafter"),
        ("\x1b[2Jcleared?", "cleared?"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x00b\x07c\x7fd\x85e", "abcde"),
        ("line one\r\nline two", "line one\nline two"),
        ("abc\u202edcba", "abcdcba"),
        ("Merci! À demain 👍", "Merci! À demain 👍"),
        ("\x1bPq#0;2;0;0;0\x1b\\sixel", "sixel"),
    ],
)
def test_clean_removes_what_a_terminal_would_act_on(raw, shown):
    assert clean(raw) == shown


@given(st.text())
def test_clean_leaves_no_escape_or_control(raw):
    out = clean(raw)
    assert "\x1b" not in out
    assert all(ch == "\n" or ord(ch) >= 0x20 for ch in out)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in out)


def test_one_line_flattens_and_shortens():
    assert one_line("a\n\n b   c") == "a b c"
    assert one_line("x" * 100, width=10) == "x" * 9 + "…"
