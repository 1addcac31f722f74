"""`tui-sms estimate` (a fixed contract shop scripts rely on) and `tui-sms balance`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.services import billing
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope

KEYS = {"encoding", "segments", "characters", "unicode_chars", "body", "cost", "currency"}


def _json(capsys) -> dict:
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # exactly one object, one line
    return json.loads(out)


@pytest.fixture
def shop_db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        make_shop(session)
    engine.dispose()
    return url


def test_estimate_json_without_any_database(tmp_path, capsys):
    assert main(["estimate", "--json", "a" * 161]) == 0
    found = _json(capsys)
    assert set(found) == KEYS
    assert found == {
        "encoding": "GSM-7",
        "segments": 2,
        "characters": 161,
        "unicode_chars": [],
        "body": "a" * 161,
        "cost": "0.03",
        "currency": "USD",
    }
    # An estimate leaves no trace: no database file was created to answer it.
    assert not list((tmp_path / "data").rglob("*.db"))


def test_estimate_names_unicode_chars_in_order_of_first_appearance(capsys):
    text = "Votre pièce est arrivée 👍 — ça coûte 12 $, ê ça 👍"
    assert main(["estimate", "--json", text]) == 0
    found = _json(capsys)
    assert found["encoding"] == "UCS-2"
    assert found["unicode_chars"] == ["👍", "—", "ç", "û", "ê"]
    assert found["body"] == text


def test_estimate_with_smart_encoding_reports_the_body_sent(capsys):
    text = "It’s ready — pick it up “today”… " * 5  # 170 characters
    assert main(["estimate", "--json", text]) == 0
    plain = _json(capsys)
    assert main(["estimate", "--json", "--smart-encoding", text]) == 0
    smart = _json(capsys)
    assert (plain["encoding"], plain["segments"]) == ("UCS-2", 3)
    assert (smart["encoding"], smart["segments"], smart["unicode_chars"]) == ("GSM-7", 2, [])
    assert smart["body"] == text.replace("’", "'").replace("—", "-").replace("“", '"').replace(
        "”", '"'
    ).replace("…", "...")
    assert Decimal(smart["cost"]) == Decimal("0.03")


def test_estimate_reads_utf8_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Prêt à 15 h".encode())))
    assert main(["estimate", "--json", "-"]) == 0
    found = _json(capsys)
    assert (found["body"], found["unicode_chars"]) == ("Prêt à 15 h", ["ê"])


def test_estimate_uses_the_latest_bundle_price_and_shop_currency(shop_db, capsys):
    engine = make_engine(shop_db)
    with session_scope(engine) as session:
        billing.record_purchase(session, 10_000, Decimal("130.00"))
    engine.dispose()
    assert main(["estimate", "--json", "--database", shop_db, "a" * 400]) == 0
    found = _json(capsys)
    assert (found["segments"], found["cost"], found["currency"]) == (3, "0.039", "USD")


def test_estimate_text_output_says_why_and_what_smart_encoding_saves(capsys):
    assert main(["estimate", "It’s ready — " * 6]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "UCS-2 · 2 segments · 102/1600 · $0.03"
    assert out[1] == "Smart encoding replaces ’ —: saves 1 segment ($0.015)."


def test_estimate_too_long_says_how_much_to_remove(capsys):
    assert main(["estimate", "--json", "a" * 1650]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["segments"] == 11
    assert "remove 50 characters" in captured.err


def test_balance_buy_and_show(shop_db, capsys):
    assert main(["balance", "--database", shop_db, "buy", "10000", "--price", "130.00"]) == 0
    out = capsys.readouterr().out
    assert "Bought 10,000 segments for $130.00 ($0.013 a segment)." in out
    assert "Balance: 12,500 segments" in out
    assert main(["balance", "--json", "--database", shop_db]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["segments"] == 12_500 and summary["price_per_segment"] == "0.013"
    assert (summary["this_month_sent"], summary["this_month_received"]) == (0, 0)


def test_balance_buy_refuses_a_bad_price(shop_db, capsys):
    with pytest.raises(SystemExit):
        main(["balance", "--database", shop_db, "buy", "10000", "--price", "free"])
    assert "is not a price" in capsys.readouterr().err


def test_balance_without_a_shop_says_what_to_do(tmp_path, capsys):
    assert main(["balance", "--database", f"sqlite:///{tmp_path / 'empty.db'}"]) == 1
    assert "no shop yet" in capsys.readouterr().err


def test_estimate_as_a_real_process_reading_stdin(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "tui_sms", "estimate", "--json", "--smart-encoding", "-"],
        input="On vous attend… à 15 h 😀".encode(),
        capture_output=True,
        env=env,
        check=True,
    )
    found = json.loads(done.stdout.decode("utf-8"))
    assert found["unicode_chars"] == ["😀"] and found["encoding"] == "UCS-2"
    assert found["body"] == "On vous attend... à 15 h 😀"


def test_balance_allow_negative_sets_the_shop_limit(shop_db, capsys):
    assert main(["balance", "--database", shop_db, "allow-negative", "500"]) == 0
    assert "go down to -500." in capsys.readouterr().out
    assert main(["balance", "--json", "--database", shop_db]) == 0
    assert json.loads(capsys.readouterr().out)["floor"] == -500
    assert main(["balance", "--database", shop_db, "allow-negative", "0"]) == 0
    assert "Sending stops at zero" in capsys.readouterr().out


def test_estimate_refuses_stdin_that_is_not_utf8(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Prêt".encode("latin-1"))))
    assert main(["estimate", "--json", "-"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "not UTF-8" in captured.err
