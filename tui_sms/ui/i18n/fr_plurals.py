"""French forms of sentences that hold a count, keyed by the English (singular, plural) pair
the code writes (see `n_` in i18n/__init__.py). French takes the singular for 0 and 1."""

from __future__ import annotations

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("{count} failed message", "{count} failed messages"): (
        "{count} message en échec",
        "{count} messages en échec",
    ),
    ("{count} job listed", "{count} jobs listed"): (
        "{count} travail listé",
        "{count} travaux listés",
    ),
    ("{count} reminder", "{count} reminders"): ("{count} rappel", "{count} rappels"),
    ("{count} reminder scheduled.", "{count} reminders scheduled."): (
        "{count} rappel planifié.",
        "{count} rappels planifiés.",
    ),
    ("{count} segment", "{count} segments"): ("{count} segment", "{count} segments"),
    ("{count} selected", "{count} selected"): ("{count} choisi", "{count} choisis"),
    ("{count} row written to {path}.", "{count} rows written to {path}."): (
        "{count} ligne écrite dans {path}.",
        "{count} lignes écrites dans {path}.",
    ),
    (
        "{count} row imported ({created} new, {updated} updated).",
        "{count} rows imported ({created} new, {updated} updated).",
    ): (
        "{count} ligne importée ({created} nouvelles, {updated} mises à jour).",
        "{count} lignes importées ({created} nouvelles, {updated} mises à jour).",
    ),
    ("This row was rejected:", "These {count} rows were rejected:"): (
        "Cette ligne a été refusée :",
        "Ces {count} lignes ont été refusées :",
    ),
    (
        "{count} customer may receive a promotion.",
        "{count} customers may receive a promotion.",
    ): (
        "{count} client peut recevoir une promotion.",
        "{count} clients peuvent recevoir une promotion.",
    ),
    ("{count} text", "{count} texts"): ("{count} texto", "{count} textos"),
    ("{count} message", "{count} messages"): ("{count} message", "{count} messages"),
    (
        "First texts to {count} number start with the disclaimer (counted).",
        "First texts to {count} numbers start with the disclaimer (counted).",
    ): (
        "Le premier texto à {count} numéro commence par l'avis (compté).",
        "Les premiers textos à {count} numéros commencent par l'avis (compté).",
    ),
    (
        "Provider unreachable since {since} — {count} message waiting to go out.",
        "Provider unreachable since {since} — {count} messages waiting to go out.",
    ): (
        "Fournisseur injoignable depuis {since} — {count} message en attente d'envoi.",
        "Fournisseur injoignable depuis {since} — {count} messages en attente d'envoi.",
    ),
}
