"""The views line stays one line: the fullest wording that fits the list's width."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui_sms.services.inbox_view import Counts
from tui_sms.ui import i18n
from tui_sms.ui.widgets.views_line import fitted_line

COUNTS = Counts({"all": 122, "mine": 18, "unassigned": 28, "resolved": 310}, 11)


@pytest.fixture(params=["en", "fr"])
def language(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (120, "3 Unassigned 28"),  # room: the full titles, padded
        (64, "3 Unassigned 28│"),  # one bar between the views instead of two spaces
        (60, "3 Unassig. 28"),
        (40, "3:28"),  # only the shown view keeps its title
    ],
)
def test_english_picks_the_fullest_line_that_fits(width, expected):
    line = fitted_line("all", COUNTS, "", width).plain
    assert expected in line and cell_len(line) <= width
    assert "1 All 122" in line


@pytest.mark.parametrize("width", [120, 80, 72, 66, 45, 40])
def test_every_width_gets_one_line_that_fits(language, width):
    for shown in ("all", "mine", "unassigned", "resolved"):
        line = fitted_line(shown, COUNTS, "", width).plain
        assert "\n" not in line and cell_len(line) <= width, (language, shown, line)


def test_a_long_search_term_is_cut_to_fit(language):
    line = fitted_line("search", COUNTS, "Bélanger-Lachance Marie-Ève " * 3, 80).plain
    assert cell_len(line) <= 80 and "…" in line
