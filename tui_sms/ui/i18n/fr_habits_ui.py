"""French lines of the inbox habits' screens: send later, scheduled texts, snooze, the
simulated customer reply, and the shop's opening hours in its settings."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # Keys (footer and palette)
    "Send later": "Envoyer plus tard",
    "Snooze": "Mettre en veille",
    "Unsnooze": "Sortir de veille",
    "Cancel scheduled": "Annuler un envoi planifié",
    "Keep them": "Les garder",
    # Palette
    "Simulate a customer reply": "Simuler une réponse de client",
    "Demo: the open conversation's customer texts the shop through the sandbox": (
        "Démo : le client de la conversation ouverte texte l'entreprise par le bac à sable"
    ),
    # Send later
    "Send this reply later": "Envoyer cette réponse plus tard",
    "When? The shop's time ({zone}).": "Quand ? À l'heure de l'entreprise ({zone}).",
    "tomorrow 8:00": "demain 8 h",
    "e.g. tomorrow 8:00 · friday 14:30 · in 2 hours · 2026-12-24 9:00": (
        # No-break spaces: an hour is never cut from its "h" at the end of a line.
        "p. ex. demain 8\u00a0h · vendredi 14\u00a0h\u00a030 · dans 2\u00a0h · 2026-12-24 9\u00a0h"
    ),
    "Enter schedules it, Esc keeps it in the composer.": (
        "Entrée la planifie, Esc la garde dans la zone de réponse."
    ),
    "That moment has passed: pick one to come.": "Ce moment est passé : choisissez-en un à venir.",
    "Scheduled for {when}.": "Planifié pour {when}.",
    "Type the reply first, then choose when it goes.": (
        "Tapez d'abord la réponse, puis choisissez quand elle part."
    ),
    "A note is for staff and is kept at once: only a reply can be sent later.": (
        "Une note est pour le personnel et est gardée tout de suite : seule une réponse peut "
        "être envoyée plus tard."
    ),
    "for {when}": "pour {when}",
    # Scheduled texts
    "Cancel a scheduled text": "Annuler un texto planifié",
    "Enter cancels the highlighted text; Esc keeps them all.": (
        "Entrée annule le texto en surbrillance ; Esc les garde tous."
    ),
    "Cancelled: that text will not be sent.": "Annulé : ce texto ne sera pas envoyé.",
    "Nothing is scheduled in this conversation.": "Rien n'est planifié dans cette conversation.",
    "Scheduled for {when}: {words} · u cancels": "Planifié pour {when} : {words} · u annule",
    # Snooze
    "Snooze this conversation until…": "Mettre cette conversation en veille jusqu'à…",
    "It leaves the lists and comes back unread then, or when the customer writes.": (
        "Elle quitte les listes et revient non lue à ce moment, ou quand le client écrit."
    ),
    "Later today ({when})": "Plus tard aujourd'hui ({when})",
    "Tomorrow morning ({when})": "Demain matin ({when})",
    "Next week ({when})": "La semaine prochaine ({when})",
    "Until the customer writes": "Jusqu'à ce que le client écrive",
    "Or another moment (Tab, then Enter):": "Ou un autre moment (Tab, puis Entrée) :",
    "Snoozed until {when}.": "En veille jusqu'à {when}.",
    "Snoozed until the customer writes.": "En veille jusqu'à ce que le client écrive.",
    "6 lists the snoozed conversations.": "6 liste les conversations en veille.",
    "Back in the lists.": "De retour dans les listes.",
    "This conversation is not snoozed.": "Cette conversation n'est pas en veille.",
    "Snoozed until {when} · Z brings it back now": (
        "En veille jusqu'à {when} · Z la ramène maintenant"
    ),
    "Snoozed until the customer writes · Z brings it back now": (
        "En veille jusqu'à ce que le client écrive · Z la ramène maintenant"
    ),
    "Z brings one back · 1 All": "Z en ramène une · 1 Toutes",
    # Simulated customer reply (demo)
    "{name} texts the shop, through the demo's sandbox:": (
        "{name} texte l'entreprise, par le bac à sable de la démo :"
    ),
    "Empty: a typical answer": "Vide : une réponse typique",
    "Enter sends it, Esc cancels. It arrives like a real text.": (
        "Entrée l'envoie, Esc annule. Il arrive comme un vrai texto."
    ),
    "The customer texted: {words}": "Le client a texté : {words}",
    # Shop settings: opening hours
    "One range per day, like 8:00-17:30; empty: closed.": (
        "Une plage par jour, comme 8:00-17:30 ; vide : fermé."
    ),
    "The answer ({shop} and {reopen} are filled in; empty: the default):": (
        "La réponse ({shop} et {reopen} sont remplis ; vide : celle par défaut) :"
    ),
    "Answer customers who write while the shop is closed": (
        "Répondre aux clients qui écrivent quand l'entreprise est fermée"
    ),
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"'(?P<x>.*)' is not a time: write it like 'tomorrow 8:00', 'friday 14:30' or "
        r"'2026-12-03 9:00'\.",
        "« {x} » n'est pas un moment : écrivez-le comme «\u00a0demain 8\u00a0h\u00a0», "
        "«\u00a0vendredi 14\u00a0h\u00a030\u00a0» ou «\u00a02026-12-03 9\u00a0h\u00a0».",
    ),
]

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    (
        "and {count} more scheduled text (u lists them)",
        "and {count} more scheduled texts (u lists them)",
    ): (
        "et {count} autre texto planifié (u les liste)",
        "et {count} autres textos planifiés (u les liste)",
    ),
}
