"""French lines for the inbox habits' sentences: opening hours, the after-hours answer, send
later, snooze, the simulated customer reply, and the opt-out flag."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "This reply may ask to stop texts: read it, and press O to record the opt-out.": (
        "Cette réponse demande peut-être d'arrêter les textos : lisez-la, et appuyez sur O "
        "pour enregistrer le désabonnement."
    ),
    "Pick a time in the future to send this text later.": (
        "Choisissez une heure à venir pour envoyer ce texto plus tard."
    ),
    "This text is not scheduled any more: it has left or was cancelled.": (
        "Ce texto n'est plus planifié : il est parti ou a été annulé."
    ),
    "Pick a time in the future to snooze this conversation until.": (
        "Choisissez une heure à venir jusqu'à laquelle mettre cette conversation en veille."
    ),
    "Simulating a customer works only in the demo, with the sandbox in this process.": (
        "La simulation d'un client ne fonctionne qu'en démo, avec le bac à sable de ce processus."
    ),
    "Only a customer's conversation can have a simulated reply.": (
        "Seule la conversation d'un client peut recevoir une réponse simulée."
    ),
    "The shop has no sender number for the customer to write to.": (
        "L'entreprise n'a aucun numéro d'envoi auquel le client peut écrire."
    ),
    "Set the shop up first (tui-sms shop set --name …).": (
        "Configurez d'abord l'entreprise (tui-sms shop set --name …)."
    ),
    "Opening hours": "Heures d'ouverture",
    "After-hours answer": "Réponse hors des heures",
    "closed": "fermé",
    "Snoozed": "En veille",
    "Scheduled": "Planifié",
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"'(?P<x>.*)' is not a day of the week: use mon, tue, wed, thu, fri, sat or sun\.",
        "« {x} » n'est pas un jour de la semaine : utilisez lun, mar, mer, jeu, ven, sam ou dim.",
    ),
    (
        r"'(?P<x>.*)' is not a range of hours: write it like 8:00-17:30\.",
        "« {x} » n'est pas une plage d'heures : écrivez-la comme 8:00-17:30.",
    ),
    (
        r"'(?P<x>.*)' has an hour that does not exist: write it like 8:00-17:30\.",
        "« {x} » contient une heure qui n'existe pas : écrivez-la comme 8:00-17:30.",
    ),
    (
        r"In '(?P<x>.*)' the shop closes before it opens: write it like 8:00-17:30\.",
        "Dans « {x} », l'entreprise ferme avant d'ouvrir : écrivez-la comme 8:00-17:30.",
    ),
    (
        r"The sandbox did not answer \((?P<x>.*)\)\.",
        "Le bac à sable n'a pas répondu ({x}).",
    ),
    (
        r"The sandbox refused the simulated text \(HTTP (?P<x>\d+)\)\.",
        "Le bac à sable a refusé le texto simulé (HTTP {x}).",
    ),
    (
        r"There is no text number (?P<x>\d+)\.",
        "Il n'y a pas de texto numéro {x}.",
    ),
]
