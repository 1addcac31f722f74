"""French for what a shop meets on day one: the empty thread list, dropdown and dialog keys."""

from __future__ import annotations

TEXTS = {
    "No conversation yet. Press w to text a customer; "
    "customers' texts to the shop's numbers appear here.": (
        "Aucune conversation pour l'instant. Appuyez sur w pour texter un client ; "
        "les textos des clients aux numéros du garage arrivent ici."
    ),
    "No open conversation is assigned to you. Press c on one to claim it.": (
        "Aucune conversation ouverte ne vous est assignée. Appuyez sur c sur l'une "
        "d'elles pour la prendre."
    ),
    "Every open conversation has someone on it.": (
        "Chaque conversation ouverte a déjà quelqu'un qui s'en occupe."
    ),
    "No resolved conversation. Press x on one when it is done.": (
        "Aucune conversation réglée. Appuyez sur x sur l'une d'elles quand elle est terminée."
    ),
    "No text failed.": "Aucun texto en échec.",
    "No snoozed conversation. Press z on one to put it aside until later.": (
        "Aucune conversation en veille. Appuyez sur z sur l'une d'elles pour la mettre "
        "en veille jusqu'à plus tard."
    ),
    "No conversation matches “{term}”. Esc goes back to the list.": (
        "Aucune conversation ne correspond à « {term} ». Échap revient à la liste."
    ),
    "Dismiss menu": "Fermer le menu",
    "Show menu": "Ouvrir le menu",
    "Next field": "Champ suivant",
    "Previous field": "Champ précédent",
    "needs attention": "à corriger",
}

# Refusals the services word with a number or a name in them.
PATTERNS = [
    (
        r"(?P<number>.+) has not agreed to receive promotions: record a consent that covers "
        r"promotions first \(tui-sms customer consent record … --promotions\)\.",
        "{number} n'a pas accepté de recevoir des promotions : enregistrez d'abord un "
        "consentement qui couvre les promotions (tui-sms customer consent record … --promotions).",
    ),
    (r"There is no shortcut number (?P<n>\d+)\.", "Il n'y a pas de raccourci numéro {n}."),
    (
        r"There is no sent message number (?P<n>\d+)\.",
        "Il n'y a pas de message envoyé numéro {n}.",
    ),
    (
        r"Unknown field code (?P<codes>[^,]+): use one of (?P<known>.+)\.",
        "Code de champ inconnu {codes} : utilisez l'un de ceux-ci : {known}.",
    ),
    (
        r"Unknown field codes (?P<codes>.+): use one of (?P<known>.+)\.",
        "Codes de champ inconnus {codes} : utilisez l'un de ceux-ci : {known}.",
    ),
    (
        r"A reminder has to go out at least 1 day before the job, not (?P<n>-?\d+)\.",
        "Un rappel doit partir au moins 1 jour avant le travail, pas {n}.",
    ),
    (
        r"A bundle holds at least one segment, not (?P<n>-?[\d,]+)\.",
        "Un forfait contient au moins un segment, pas {n}.",
    ),
    (
        r"It is (?P<time>\d{1,2}:\d{2}) for this customer\. Send anyway\?",
        "Il est {time} pour ce client. L'envoyer quand même?",
    ),
    (
        r"It will be (?P<time>\d{1,2}:\d{2}) for this customer when it goes\. Send anyway\?",
        "Il sera {time} pour ce client à l'envoi. L'envoyer quand même?",
    ),
]
