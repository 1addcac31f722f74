"""`tui-sms shop hours`, and counted sentences in the right form and language."""

from __future__ import annotations

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.store.engine import session_scope
from tui_sms.ui.i18n import n_, set_language


def test_shop_hours_are_set_shown_and_refused_in_one_sentence(sqlite_engine, capsys):
    with session_scope(sqlite_engine) as session:
        make_shop(session)
    database = ["--database", str(sqlite_engine.url), "--as", "luc"]
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
        "external_id,name,language,mobile\n"
        "C-1,Jean Tremblay,fr,514 236-1201\nC-2,X,de,514 236-1202\n",
        encoding="utf-8",
    )
    database = ["--database", str(sqlite_engine.url), "--as", "luc"]
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


def _parsers():
    import argparse

    from tui_sms.cli import build_parser

    found = []

    def walk(parser, path):
        found.append((path, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{path} {name}".strip())

    walk(build_parser(), "")
    return found


def test_every_command_has_a_manual_page_and_every_option_says_what_it_does():
    for path, parser in _parsers():
        assert parser.description, f"'tui-sms {path}' has no description"
        assert "examples:" in (parser.epilog or ""), f"'tui-sms {path}' has no example"
        for action in parser._actions:
            assert action.help, f"'tui-sms {path}': {action.dest} says nothing"


def test_every_example_in_the_manual_parses(capsys):
    import shlex

    from tui_sms.cli import build_parser

    for path, parser in _parsers():
        for line in (parser.epilog or "").splitlines():
            line = line.strip()
            if not line.startswith("tui-sms"):
                continue
            command = shlex.split(line.split(" < ")[0])[1:]
            try:
                build_parser().parse_args(command)
            except SystemExit:
                raise AssertionError(f"the example of 'tui-sms {path}' fails: {line}") from None
