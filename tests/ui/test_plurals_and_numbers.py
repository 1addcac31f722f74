"""Sentences with a count take the catalog's plural forms (English: singular for 1 only;
French: for 0 and 1), and counts and money are written as the interface's language writes
them ("2,431" / "2 431", "$0.015" / "0,015 $ US")."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.ui.conftest import until
from tests.ui.test_composer_estimate import _lines, _prepare, _type
from tui_sms.domain.segments import estimate
from tui_sms.services.employees import GATEWAY, SMS, EmployeeRoute, EmployeeTextPlan
from tui_sms.services.review import Review, ReviewRow
from tui_sms.services.sender_lease import SenderMissing
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.estimate_words import estimate_line
from tui_sms.ui.i18n import fr_plurals
from tui_sms.ui.screens.reminder_table import queue_question, summary
from tui_sms.ui.screens.text_employees import plan_summary
from tui_sms.ui.sender_banner import sender_missing_sentence
from tui_sms.ui.widgets.composer import Composer
from tui_sms.ui.widgets.thread_list import ThreadList

UI = Path(__file__).parents[2] / "tui_sms" / "ui"
NBSP = "\xa0"
USD_FR = f"{NBSP}${NBSP}US"  # fr_CA writes a US dollar amount "0,015 $ US"


@pytest.fixture
def speak():
    def choose(language: str) -> None:
        i18n.set_language(language)

    yield choose
    i18n.set_language("en")


def _counted_sentences() -> set[tuple[str, str]]:
    found = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "n_":
                singular, plural = node.args[:2]
                assert isinstance(singular, ast.Constant) and isinstance(plural, ast.Constant)
                found.add((singular.value, plural.value))
    return found


def _names(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_counted_sentence_has_its_french_forms():
    counted = _counted_sentences()
    assert len(counted) > 20  # the scan finds the screens' sentences
    missing = sorted(pair for pair in counted if pair not in fr_plurals.PLURALS)
    assert missing == []
    for english in counted:
        french = fr_plurals.PLURALS[english]
        # The same values go into every form, so no form drops or invents one.
        assert {frozenset(_names(form)) for form in (*english, *french)} == {
            frozenset(_names(english[1]))
        }, english


def _row(job_id: int, number: str, segments: int, disclaimer: int = 0) -> ReviewRow:
    return ReviewRow(
        job_id=job_id,
        start=datetime(2026, 11, 24, 13, tzinfo=UTC),
        customer_id=job_id,
        customer_name=f"Client {job_id}",
        job_type_id=1,
        job_type="Oil change",
        language="fr",
        technician="Luc",
        number=number,
        series_id=None,
        body="Bonjour",
        problem="",
        segments=segments,
        encoding="GSM-7",
        state="not sent",
        disclaimer_segments=disclaimer,
    )


ONE = _row(1, "+15142361201", 1, disclaimer=2)
TWO = _row(2, "+15142361202", 1)


def _review(*rows: ReviewRow) -> Review:
    return Review(list(rows), Decimal("0.015"), "USD", {})


@pytest.mark.parametrize(
    ("language", "rows", "chosen", "expected"),
    [
        ("en", (ONE,), (), "1 job listed · 0 selected · 0 segments · $0.00"),
        ("en", (ONE, TWO), (ONE, TWO), "2 jobs listed · 2 selected · 4 segments · $0.06"),
        ("en", (TWO,), (TWO,), "1 job listed · 1 selected · 1 segment · $0.015"),
        ("fr", (ONE,), (), f"1 travail listé · 0 choisi · 0 segment · 0,00{USD_FR}"),
        ("fr", (ONE, TWO), (ONE, TWO), f"2 travaux listés · 2 choisis · 4 segments · 0,06{USD_FR}"),
    ],
)
def test_the_reminder_summary_counts_in_both_languages(speak, language, rows, chosen, expected):
    speak(language)
    assert summary(_review(*rows), list(chosen)).plain == expected


@pytest.mark.parametrize(
    ("language", "chosen", "first_line"),
    [
        ("en", (ONE,), "Queue 1 reminder (3 segments, $0.045)?"),
        ("en", (ONE, TWO), "Queue 2 reminders (4 segments, $0.06)?"),
        ("fr", (ONE,), f"Planifier 1 rappel (3 segments, 0,045{USD_FR})?"),
        ("fr", (ONE, TWO), f"Planifier 2 rappels (4 segments, 0,06{USD_FR})?"),
    ],
)
def test_the_queue_question_counts_in_both_languages(speak, language, chosen, first_line):
    speak(language)
    question = queue_question(_review(ONE, TWO), list(chosen)).plain
    assert question.split("\n")[0] == first_line
    disclaimer = question.split("\n")[2]
    assert (
        disclaimer
        == {
            "en": "First texts to 1 number start with the disclaimer (counted).",
            "fr": "Le premier texto à 1 numéro commence par l'avis (compté).",
        }[language]
    )


PAUL = EmployeeRoute(1, "Paul", SMS, "+15142361301")
LUC = EmployeeRoute(2, "Luc", SMS, "+15142361302")
NADIA = EmployeeRoute(3, "Nadia", GATEWAY, "5145551234@txt.bell.ca")


@pytest.mark.parametrize(
    ("language", "routes", "expected"),
    [
        ("en", (PAUL,), "SMS to 1 employee: 1 segment"),
        ("en", (PAUL, LUC, NADIA), "SMS to 2 employees: 2 segments · 1 free (e-mail gateway)"),
        ("fr", (PAUL,), "SMS à 1 employé : 1 segment"),
        (
            "fr",
            (PAUL, LUC, NADIA),
            "SMS à 2 employés : 2 segments · 1 gratuit (passerelle courriel)",
        ),
        ("fr", (), "Choisissez au moins un employé."),
    ],
)
def test_texting_employees_counts_in_both_languages(speak, language, routes, expected):
    speak(language)
    assert plan_summary(EmployeeTextPlan(routes, 1)) == expected


@pytest.mark.parametrize(
    ("language", "waiting", "expected"),
    [
        ("en", 1, "No sender has run yet: 1 text waits to go out."),
        ("en", 2431, "No sender has run yet: 2,431 texts wait to go out."),
        ("fr", 1, "Aucun expéditeur n'a encore tourné : 1 texto attend d'être envoyé."),
        (
            "fr",
            2431,
            f"Aucun expéditeur n'a encore tourné : 2{NBSP}431 textos attendent d'être envoyés.",
        ),
    ],
)
def test_the_sender_banner_counts_in_both_languages(speak, language, waiting, expected):
    speak(language)
    said = sender_missing_sentence(SenderMissing(since=None, waiting=waiting), "America/Toronto")
    assert said.startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "UCS-2 · 2 segments · 160/1600 · $0.03"),
        ("fr", f"UCS-2 · 2 segments · 160/1600 · 0,03{USD_FR}"),
    ],
)
def test_the_estimate_line_writes_money_as_the_language_does(speak, language, expected):
    speak(language)
    assert estimate_line(estimate("ê" * 80), Decimal("0.015"), "USD") == expected


async def test_the_french_composer_writes_counts_and_money_in_french(settings):
    runtime, me = _prepare(settings)
    me.language = "fr"
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            threads = app.screen.query_one(ThreadList)
            assert await until(pilot, lambda: threads.row_count == 1, 10.0)
            await pilot.press("enter")
            composer = app.screen.query_one(Composer)
            assert await until(pilot, lambda: composer.balance is not None, 10.0)
            await _type(pilot, "Prête à 5 h’")
            line, hint = _lines(app)
            assert line == (
                f"UCS-2 · 1 segment · 16/1600 · 0,015{USD_FR} · solde 2{NBSP}497 → 2{NBSP}496"
            )
            assert hint.startswith("l'encodage malin peut remplacer ’")
    finally:
        i18n.set_language("en")
