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
}
