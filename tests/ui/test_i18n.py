"""English and French: every `_()` text, binding description, status name and failure
reason has its French line; the app speaks the staff member's language."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.binding import Binding

from tests.factories import make_customer, make_shop
from tui_sms.domain.delivery import REASONS
from tui_sms.domain.status import LABELS
from tui_sms.services import outbox, threads
from tui_sms.services.outbox_rules import no_sender_sentence
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp, translated_classes
from tui_sms.ui.i18n import fr
from tui_sms.ui.screens.message_center import STANDING, VIEWS
from tui_sms.ui.widgets.conversation import AUTOMATIC

UI = Path(__file__).parents[2] / "tui_sms" / "ui"


def _texts_in_source() -> set[str]:
    found = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_text_has_a_french_line():
    wanted = _texts_in_source()
    # Textual's own widgets may write a binding as a (key, action, description) tuple.
    bindings = [
        Binding(*b) if isinstance(b, tuple) else b
        for cls in translated_classes()
        for b in cls.BINDINGS
    ]
    wanted |= {binding.description for binding in bindings if binding.description}
    wanted |= set(LABELS.values()) | {title for _, _, title in VIEWS}
    wanted |= {reason.sentence for reason in REASONS.values()}
    wanted |= {words for words, _ in STANDING.values()} | {"transactional", "promotional"}
    wanted |= set(AUTOMATIC.values())
    missing = sorted(text for text in wanted if text not in fr.TEXTS)
    assert missing == []


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Luc Bouchard already has this conversation.", "Luc Bouchard a déjà cette conversation."),
        (
            "Sending again would fail the same way: The number is not a mobile phone, "
            "so it cannot get texts.",
            "Renvoyer échouerait de la même façon : Le numéro n'est pas un cellulaire : "
            "il ne peut pas recevoir de textos.",
        ),
        ("There is no shortcut number 12.", "Il n'y a pas de raccourci numéro 12."),
        (
            "Unknown field codes {{foo}}, {{bar}}: use one of {{a}}, {{b}}.",
            "Codes de champ inconnus {{foo}}, {{bar}} : utilisez l'un de ceux-ci : {{a}}, {{b}}.",
        ),
        (
            "It is 22:40 for this customer. Send anyway?",
            "Il est 22:40 pour ce client. L'envoyer quand même?",
        ),
        ("Something nobody translated.", "Something nobody translated."),
        (
            "No active sender number in the transactional queue.",
            "Aucun numéro d'envoi actif dans la file transactionnelle.",
        ),
        (
            no_sender_sentence("transactional"),
            "Aucun numéro d'envoi n'est encore configuré pour les réponses et les textos de "
            "travaux : rien n'a été envoyé. Un administrateur en ajoute un dans « Fournisseur "
            "et numéros » (Ctrl+P) ou avec « tui-sms numbers add NUMÉRO ».",
        ),
        (
            no_sender_sentence("promotional"),
            "Aucun numéro d'envoi n'est encore configuré pour les promotions : rien n'a été "
            "envoyé. Un administrateur en ajoute un dans « Fournisseur et numéros » (Ctrl+P) "
            "ou avec « tui-sms numbers add NUMÉRO --queue promotional ».",
        ),
        (
            "Not sent: it could not leave within its validity period (3 hours), so it was "
            "dropped rather than reach the customer late.",
            "Non envoyé : il n'a pas pu partir dans sa période de validité (3 heures) ; il a "
            "été abandonné plutôt que d'arriver en retard.",
        ),
    ],
)
def test_service_sentences_in_french(english, french):
    i18n.set_language("fr")
    try:
        assert i18n.sentence(english) == french
    finally:
        i18n.set_language("en")


def test_language_choice_staff_then_settings_then_locale(monkeypatch):
    assert i18n.pick_language("fr", "en") == "fr"
    assert i18n.pick_language("", "fr") == "fr"
    monkeypatch.setattr("locale.getlocale", lambda: ("fr_CA", "UTF-8"))
    assert i18n.pick_language("", "") == "fr"
    monkeypatch.setattr("locale.getlocale", lambda: (None, None))
    assert i18n.pick_language(None, "") == "en"


async def test_the_app_speaks_french_to_marie(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)  # Marie's language is fr
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        message = outbox.queue_to_number(session, "+15142361201", "Prête", author_id=None)
        luc = queries.staff_by_login(session, "luc")
        threads.claim_thread(session, message.thread_id, luc)
        marie = queries.staff_by_login(session, "marie")
    app = TuiSmsApp(runtime, marie, run_worker_inside=False)
    try:
        async with app.run_test(size=(150, 40)) as pilot:
            for _ in range(200):
                if app.screen.current is not None:
                    break
                await pilot.pause(0.05)
            views = str(app.screen.query_one("#views").render())
            # At 150 columns the list is 66 wide: the long French titles are shortened.
            assert "1 Toutes 1" in views and "3 Non assig. 0" in views
            header = str(app.screen.query_one("#thread-header").render())
            assert "assignée à Luc Bouchard" in header and "ouverte" in header
            descriptions = {a.binding.description for a in app.screen.active_bindings.values()}
            assert {"Toutes", "Prendre", "Chercher"} <= descriptions
            await pilot.press("c")
            for _ in range(200):
                if any(
                    "Luc Bouchard a déjà cette conversation" in str(n.message)
                    for n in app._notifications
                ):
                    break
                await pilot.pause(0.05)
            assert any(
                "Luc Bouchard a déjà cette conversation" in str(n.message)
                for n in app._notifications
            )
    finally:
        i18n.set_language("en")
        i18n.translate_bindings(*translated_classes())
