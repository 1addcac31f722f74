"""French lines for the message center's header, consent standing, composer and banners
(keyed by the English text, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "signed paper": "papier signé",
    "electronic": "électronique",
    "verbal": "verbal",
    "No consent on file — record it before texting": (
        "Aucun consentement au dossier — enregistrez-le avant d'écrire"
    ),
    " (press C)": " (touche C)",
    "balance {count}": "solde {count}",
    "Pick a conversation on the left.": "Choisissez une conversation à gauche.",
    "This reply may ask to stop texts: read it, and press O to record the opt-out.": (
        "Cette réponse demande peut-être d'arrêter les textos : lisez-la, et appuyez sur O "
        "pour enregistrer le désabonnement."
    ),
    # Threads flagged before the key was named right.
    "This reply may ask to stop texts: read it, and press o to record the opt-out.": (
        "Cette réponse demande peut-être d'arrêter les textos : lisez-la, et appuyez sur O "
        "pour enregistrer le désabonnement."
    ),
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"Consent: (?P<reason>.+), (?P<day>[\d-]+), by (?P<who>.+)",
        "Consentement : {reason}, {day}, par {who}",
    ),
    (
        r"Opted out \(recorded by staff on (?P<day>[\d-]+)\) — texting disabled",
        "Désabonné (enregistré par le personnel le {day}) — textos désactivés",
    ),
    (
        r"Opted out \(carrier refused on (?P<day>[\d-]+)\) — texting disabled",
        "Désabonné (refus de l'opérateur le {day}) — textos désactivés",
    ),
    (
        r"Opted out \((?P<word>\S+) on (?P<day>[\d-]+)\) — texting disabled",
        "Désabonné ({word} le {day}) — textos désactivés",
    ),
    (
        r"(?P<number>.+) asked not to be texted \(recorded by staff on (?P<day>[\d-]+)\): "
        r"texting is disabled until the customer texts START to the shop's number\.",
        "{number} a demandé à ne plus recevoir de textos (enregistré par le personnel le {day}) : "
        "les textos sont désactivés jusqu'à ce que le client écrive START au numéro du garage.",
    ),
    (
        r"(?P<number>.+) unsubscribed \(the carrier refused a text on (?P<day>[\d-]+)\): "
        r"texting is disabled until the customer texts START to the shop's number\.",
        "{number} est désabonné (l'opérateur a refusé un texto le {day}) : "
        "les textos sont désactivés jusqu'à ce que le client écrive START au numéro du garage.",
    ),
    (
        r"(?P<number>.+) replied (?P<word>\S+) on (?P<day>[\d-]+): "
        r"texting is disabled until the customer texts START to the shop's number\.",
        "{number} a répondu {word} le {day} : "
        "les textos sont désactivés jusqu'à ce que le client écrive START au numéro du garage.",
    ),
]
