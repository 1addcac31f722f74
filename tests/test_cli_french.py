"""The command line speaks the language of the person running it: their staff setting, else the
`language` setting, else the shop's, else the locale; results, refusals and counted sentences
go through the catalog, and every sentence the command line writes has its French line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.cli.promote import REASONS
from tui_sms.domain.opening_hours import DAY_NAMES
from tui_sms.services.shop_setup import ShopView
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import BalanceEntry
from tui_sms.ui import i18n
from tui_sms.ui.i18n import fr, fr_plurals

CLI = Path(__file__).parents[1] / "tui_sms" / "cli"


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


@pytest.fixture
def shop_db(sqlite_engine):
    """A shop with Marie (French) and Luc (English) on staff."""
    with session_scope(sqlite_engine) as session:
        make_shop(session)
    return ["--database", str(sqlite_engine.url)]


def _customers_csv(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / f"customers{rows}.csv"
    lines = [f"C-{n},Client {n},fr,514 236-12{n:02d}" for n in range(1, rows + 1)]
    path.write_text("external_id,name,language,mobile\n" + "\n".join(lines) + "\n")
    return path


def test_a_french_speaking_clerk_reads_results_refusals_and_plurals_in_french(
    shop_db, tmp_path, capsys
):
    marie = [*shop_db, "--as", "marie"]
    assert main([*marie, "send", "--to", "555", "Bonjour"]) == 1
    assert capsys.readouterr().err == (
        "tui-sms: « 555 » n'est pas un numéro de téléphone : un numéro de cellulaire a "
        "10 chiffres, p. ex. (514) 555-1234.\n"
    )
    assert main([*marie, "import", "customers", str(_customers_csv(tmp_path, 2))]) == 0
    assert capsys.readouterr().out == ("2 lignes importées (2 nouvelles, 0 mises à jour).\n")
    assert main([*marie, "import", "customers", str(_customers_csv(tmp_path, 1))]) == 0
    assert capsys.readouterr().out == "1 ligne importée (0 nouvelles, 1 mises à jour).\n"
    assert main([*marie, "balance", "buy", "10000", "--price", "130.00"]) == 0
    out = capsys.readouterr().out
    assert "10\xa0000 segments achetés pour 130,00\xa0$\xa0US (0,013\xa0$\xa0US le segment)." in out
    assert "Solde : 12\xa0500 segments" in out
    record = ["customer", "consent", "record", "--number", "514 236-1201", "--method", "verbal"]
    assert main([*marie, *record, "--wording", "Oui, textez-moi"]) == 0
    assert capsys.readouterr().out == "Consentement enregistré pour le (514) 236-1201.\n"
    assert main([*marie, "customer", "consent", "withdraw", "--number", "514 236-1201"]) == 0
    assert capsys.readouterr().out == "Consentement retiré pour le (514) 236-1201.\n"


def test_a_balance_too_low_is_refused_in_french_with_french_numbers(shop_db, sqlite_engine, capsys):
    with session_scope(sqlite_engine) as session:
        shop = queries.get_shop(session)
        # Spent down to nothing: the bundle's 2,500 segments drawn by earlier texts.
        session.add(BalanceEntry(shop_id=shop.id, kind="draw", segments=-2_500))
    marie = [*shop_db, "--as", "marie"]
    record = ["customer", "consent", "record", "--number", "514 236-1201", "--method", "verbal"]
    assert main([*marie, *record, "--wording", "Oui, textez-moi"]) == 0
    capsys.readouterr()
    assert main([*marie, "send", "--to", "514 236-1201", "Bonjour"]) == 1
    assert capsys.readouterr().err == (
        "tui-sms: Le solde prépayé est épuisé et ce message en demande 2 : achetez d'abord "
        "un forfait (tui-sms balance buy).\n"
    )
    luc = [*shop_db, "--as", "luc"]
    assert main([*luc, "send", "--to", "514 236-1201", "Hello"]) == 1
    assert capsys.readouterr().err == (
        "tui-sms: The prepaid balance is used up and this message needs 2: buy a bundle "
        "(tui-sms balance buy) first.\n"
    )


def test_rejected_import_rows_are_explained_in_french(shop_db, tmp_path, capsys):
    path = tmp_path / "clients.csv"
    path.write_text(
        "external_id,name,language,mobile\n"
        "C-1,Jean Tremblay,fr,514 236-1201\nC-2,X,de,514 236-1202\nC-3,Y,fr,555\n",
        encoding="utf-8",
    )
    assert main([*shop_db, "--as", "marie", "import", "customers", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "1 ligne importée (1 nouvelles, 0 mises à jour).\n"
    rejected = tmp_path / "clients.rejected.csv"
    assert err.splitlines() == [
        "Import de clients.csv : 3/3 lignes lues",
        "Ces 2 lignes ont été refusées :",
        "  ligne 3 : la langue « de » n'est pas en ou fr.",
        "  ligne 4 : « 555 » n'est pas un numéro de téléphone : un numéro de cellulaire a "
        "10 chiffres, p. ex. (514) 555-1234. Laissez mobile vide pour importer le client "
        "sans cellulaire.",
        f"tui-sms: 2 lignes ont été refusées : corrigez-les dans {rejected} et importez ce "
        "fichier de nouveau.",
    ]


def test_an_english_speaking_clerk_reads_the_same_in_english(shop_db, tmp_path, capsys):
    luc = [*shop_db, "--as", "luc"]
    assert main([*luc, "send", "--to", "555", "Hello"]) == 1
    assert capsys.readouterr().err == (
        "tui-sms: “555” is not a phone number: a mobile number has 10 digits, "
        "e.g. (514) 555-1234.\n"
    )
    assert main([*luc, "import", "customers", str(_customers_csv(tmp_path, 2))]) == 0
    assert capsys.readouterr().out == "2 rows imported (2 new, 0 updated).\n"
    assert main([*luc, "balance", "buy", "10000", "--price", "130.00"]) == 0
    assert "Bought 10,000 segments for $130.00 ($0.013 a segment)." in capsys.readouterr().out


def test_a_clerk_can_switch_to_french_in_their_staff_setting(shop_db, capsys):
    luc = [*shop_db, "--as", "luc"]
    assert main([*luc, "staff", "set", "luc", "--language", "fr"]) == 0
    capsys.readouterr()
    assert main([*luc, "demo"]) == 1
    assert capsys.readouterr().err == (
        "tui-sms: Cette base de données a déjà un garage : la démo ne se charge que dans une "
        "base vide.\n"
    )


def test_who_is_not_on_staff_reads_the_setting_then_the_shop_then_the_locale(
    sqlite_engine, shop_db, monkeypatch, capsys
):
    stranger = [*shop_db, "--as", "visitor"]
    assert main([*stranger, "send", "--to", "555", "Hi"]) == 1
    assert "is not a phone number" in capsys.readouterr().err  # nothing says French: English

    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert main([*stranger, "send", "--to", "555", "Hi"]) == 1
    assert "n'est pas un numéro de téléphone" in capsys.readouterr().err

    monkeypatch.setenv("LANG", "C.UTF-8")
    with session_scope(sqlite_engine) as session:
        shop = queries.get_shop(session)
        assert shop is not None
        shop.language = "fr"
    assert main([*stranger, "send", "--to", "555", "Hi"]) == 1
    assert "n'est pas un numéro de téléphone" in capsys.readouterr().err

    monkeypatch.setenv("TUI_SMS_LANGUAGE", "en")  # the `language` setting beats the shop's
    assert main([*stranger, "send", "--to", "555", "Hi"]) == 1
    assert "is not a phone number" in capsys.readouterr().err

    # ... and a staff member's own setting beats both.
    assert main([*shop_db, "--as", "marie", "send", "--to", "555", "Hi"]) == 1
    assert "n'est pas un numéro de téléphone" in capsys.readouterr().err


def test_argument_refusals_and_the_installation_check_follow_the_language(
    shop_db, monkeypatch, capsys
):
    monkeypatch.setenv("TUI_SMS_LANGUAGE", "fr")
    with pytest.raises(SystemExit):
        main([*shop_db, "balance", "buy", "0", "--price", "1"])
    assert capsys.readouterr().err == (
        "tui-sms: Argument segments : un forfait contient au moins un segment "
        "(voir « tui-sms balance buy --help »).\n"
    )
    main([*shop_db, "doctor"])
    out = capsys.readouterr().out
    assert "warn  fournisseur Le fournisseur bac à sable : aucun vrai texto ne quitte" in out
    assert "schéma à jour" in out


def test_an_estimate_reads_the_clerks_language_from_the_shops_database(shop_db, capsys):
    assert main([*shop_db, "--as", "marie", "estimate", "C’est prêt 😀"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "L'encodage malin peut remplacer ’ (le message reste en UCS-2).",
        "UCS-2 à cause de ê 😀 (sans équivalent GSM-7).",
    ]


def _catalog_calls() -> tuple[set[str], set[tuple[str, str]]]:
    texts: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and literals:
                texts.add(literals[0])
            if node.func.id == "n_" and len(literals) >= 2:
                pairs.add((literals[0], literals[1]))
    return texts, pairs


def test_every_sentence_of_the_command_line_has_a_french_line():
    texts, pairs = _catalog_calls()
    # What goes through `_()` as a value: the doctor's topics, the shop's labels, weekdays,
    # why a customer is left out of a promotion.
    texts |= {"settings", "provider", "mail", "files", "database", "sender"}
    texts |= {label for label, _ in ShopView(*[""] * 10, admins=()).lines()}
    texts |= {day.capitalize() for day in DAY_NAMES} | set(REASONS.values())
    assert texts and pairs
    assert sorted(text for text in texts if text not in fr.TEXTS) == []
    assert sorted(pair for pair in pairs if pair not in fr_plurals.PLURALS) == []


def test_who_sets_a_french_shop_up_by_commands_is_answered_in_french(
    sqlite_engine, monkeypatch, capsys
):
    """The first administrator, made by `shop set`, has no language of their own yet: the
    shop's French speaks for them, as it does for whoever first opens the app."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    julie = ["--database", str(sqlite_engine.url), "--as", "julie"]
    shop = ["--name", "Garage Lavoie", "--country", "CA", "--province", "QC", "--language", "fr"]
    assert main([*julie, "shop", "set", *shop]) == 0
    capsys.readouterr()
    assert main([*julie, "send", "--to", "555", "Salut"]) == 1
    assert "n'est pas un numéro de téléphone" in capsys.readouterr().err
    # So is a colleague she adds without saying which language they read.
    assert main([*julie, "staff", "add", "paul", "--name", "Paul Roy"]) == 0
    capsys.readouterr()
    paul = ["--database", str(sqlite_engine.url), "--as", "paul"]
    assert main([*paul, "send", "--to", "555", "Salut"]) == 1
    assert "n'est pas un numéro de téléphone" in capsys.readouterr().err
