"""French lines for reports and usage, promotions, job texts (confirmations, work stages) and
long texts for old phones (keyed by the English text, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # Reports
    "Reports": "Rapports",
    "Messages sent and failed, monthly usage chart": (
        "Messages envoyés et en erreur, graphique de l'utilisation du mois"
    ),
    "Messages": "Messages",
    "Usage": "Utilisation",
    "Export CSV": "Exporter en CSV",
    "Messages report": "Rapport des messages",
    "Usage chart": "Graphique d'utilisation",
    "from YYYY-MM-DD": "du AAAA-MM-JJ",
    "to YYYY-MM-DD": "au AAAA-MM-JJ",
    "Sent and failed": "Envoyés et en erreur",
    "Sent only": "Envoyés seulement",
    "Failed only": "En erreur seulement",
    "Any staff": "Tout le personnel",
    "customer: name or #number": "client : nom ou #numéro",
    "Time": "Heure",
    "Number": "Numéro",
    "Staff": "Employé",
    "Queue": "File",
    "Status": "Statut",
    "Reason": "Raison",
    "Seg.": "Seg.",
    "Cost": "Coût",
    "Month (YYYY-MM); empty: this month.": "Mois (AAAA-MM) ; vide : ce mois-ci.",
    "“{typed}” is not a date like 2026-03-10.": "« {typed} » n'est pas une date comme 2026-03-10.",
    "“{typed}” is not a month: write it as 2026-03.": (
        "« {typed} » n'est pas un mois : écrivez-le comme 2026-03."
    ),
    "{messages} messages: {sent} sent, {failed} failed, {segments} segments, {cost}.": (
        "{messages} messages : {sent} envoyés, {failed} en erreur, {segments} segments, {cost}."
    ),
    "{count} rows written to {path}.": "{count} lignes écrites dans {path}.",
    "Write the report to this CSV file (Enter), or Escape to cancel:": (
        "Écrire le rapport dans ce fichier CSV (Entrée), ou Échap pour annuler :"
    ),
    # The usage chart's legend; "sent" and "received" alone are message statuses.
    "segments sent": "segments envoyés",
    "segments received": "segments reçus",
    "{sent} sent and {received} received segments: {percent}% of the {available} "
    "the bundles made available. Balance: {balance}.": (
        "{sent} segments envoyés et {received} reçus : {percent} % des {available} "
        "que les forfaits ont rendus disponibles. Solde : {balance}."
    ),
    "At this month's pace it runs out on {day}.": "Au rythme de ce mois, il sera épuisé le {day}.",
    # Job texts
    "Already sent for this job (message {id}, {status}): it goes once per job.": (
        "Déjà envoyé pour ce travail (message {id}, {status}) : il part une seule fois."
    ),
    "Cancel (n)": "Annuler (n)",
    "Close": "Fermer",
    "Confirm appointment": "Confirmer le rendez-vous",
    "Ctrl+S sends it (asked once) · Escape closes": (
        "Ctrl+S l'envoie (une seule question) · Échap ferme"
    ),
    "Job texts": "Textos du travail",
    "No": "Non",
    "Yes": "Oui",
    "On my way": "En route",
    "Send (y)": "Envoyer (y)",
    "Send this text": "Envoyer ce texto",
    "Send “{kind}” to {customer}?": "Envoyer « {kind} » à {customer} ?",
    "Texts about a job for ": "Textos sur un travail pour ",
    "Thank you for your visit": "Merci de votre visite",
    "This customer has no job coming up or in the last two weeks.": (
        "Ce client n'a aucun travail à venir ni dans les deux dernières semaines."
    ),
    "This customer has no mobile number: add one first.": (
        "Ce client n'a pas de numéro de cellulaire : ajoutez-en un d'abord."
    ),
    "Work completed": "Travaux terminés",
    "already sent": "déjà envoyé",
    "confirmed": "confirmé",
    "{kind}: queued for {customer}.": "{kind} : en file pour {customer}.",
    # Where a clerk sends
    "SMS used this month: {used} ({percent}% of the bundles)": (
        "SMS utilisés ce mois-ci : {used} ({percent} % des forfaits)"
    ),
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"The range ends \((?P<last>.+)\) before it starts \((?P<first>.+)\)\.",
        "La période finit ({last}) avant de commencer ({first}).",
    ),
    (
        r"There is no staff member with the login (?P<login>.+)\.",
        "Aucun employé n'a l'identifiant {login}.",
    ),
    (r"There is no customer number (?P<n>.+)\.", "Il n'y a pas de client numéro {n}."),
    (
        r"No customer's name contains “(?P<term>.+)”\.",
        "Aucun nom de client ne contient « {term} ».",
    ),
    (
        r"Several customers' names contain “(?P<term>.+)”: give the customer's number\.",
        "Plusieurs noms de clients contiennent « {term} » : donnez le numéro du client.",
    ),
    (
        r"This (?P<kind>.+) text already went to (?P<customer>.+) \(message (?P<id>\d+), "
        r"(?P<status>\w+)\): it is sent once per job\.",
        "Ce texto ({kind}) est déjà parti à {customer} (message {id}, {status}) : "
        "il part une seule fois par travail.",
    ),
    (
        r"(?P<customer>.+) has no mobile number: add one first\.",
        "{customer} n'a pas de numéro de cellulaire : ajoutez-en un d'abord.",
    ),
]
