"""`tui-sms shop hours`, and counted sentences in the right form and language."""

from __future__ import annotations

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.store.engine import session_scope
from tui_sms.ui.i18n import n_, set_language


def test_shop_hours_are_set_shown_and_refused_in_one_sentence(sqlite_engine, capsys):
    with session_scope(sqlite_engine) as session:
        make_shop(session)
    database = ["--database", str(sqlite_engine.url), "--as", "marie"]
    assert (
        main(
            [
                "shop",
                "hours",
                "--set",
                "mon-fri=8:00-17:30",
                "--set",
                "sat=9h-12h",
                "--after-hours-reply",
                "on",
                *database,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Friday:     8:00–17:30" in out
    assert "Saturday:   9:00–12:00" in out
    assert "Sunday:     closed" in out
    assert "After-hours answer:  on" in out
    assert main(["shop", "hours", "--set", "mon=17:00-8:00", *database]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "tui-sms: In '17:00-8:00' the shop closes before it opens: write it like 8:00-17:30."
    )


def test_one_row_is_one_row_in_both_languages(sqlite_engine, tmp_path, capsys):
    with session_scope(sqlite_engine) as session:
        make_shop(session)
    path = tmp_path / "customers.csv"
    path.write_text(
        "external_id,name,language,mobile\nC-1,Jean Tremblay,fr,514 236-1201\nC-2,X,de,514 236-1202\n",
        encoding="utf-8",
    )
    database = ["--database", str(sqlite_engine.url), "--as", "marie"]
    assert main(["import", "customers", str(path), *database]) == 1
    out, err = capsys.readouterr()
    assert "1 row imported (1 new, 0 updated)." in out
    assert "This row was rejected" in err
    try:
        set_language("fr")
        assert n_("{count} reminder", "{count} reminders", 1) == "1 rappel"
        assert n_("{count} reminder", "{count} reminders", 0) == "0 rappel"
        assert n_("{count} reminder", "{count} reminders", 2431) == "2\xa0431 rappels"
    finally:
        set_language("en")
    assert n_("{count} reminder", "{count} reminders", 0) == "0 reminders"
    assert n_("{count} job listed", "{count} jobs listed", 1) == "1 job listed"
