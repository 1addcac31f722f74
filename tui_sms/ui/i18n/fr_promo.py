"""French lines for the Promotion screen and for long texts sent to old phones (keyed by the
English text, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # The command palette and the screen
    "Promotion": "Promotion",
    "Text customers found by what they bought, their visits or their car club": (
        "Texter les clients trouvés par leurs achats, leurs visites ou leur club auto"
    ),
    "Select ⇄ leave out": "Sélectionner ⇄ écarter",
    "Select all": "Tout sélectionner",
    "Unselect all": "Tout désélectionner",
    "Review and send": "Vérifier et envoyer",
    "Past promotions": "Promotions passées",
    "bought item": "item acheté",
    "in category": "dans la catégorie",
    "min. visits": "visites min.",
    "min. $ spent": "achats min. $",
    "car club": "club auto",
    "promotion name": "nom de la promotion",
    "Visits": "Visites",
    "Spent": "Achats",
    "Club": "Club",
    "Left out": "Écarté",
    "Fill in one or more criteria and press Enter to find the customers.": (
        "Remplissez un ou plusieurs critères et appuyez sur Entrée pour trouver les clients."
    ),
    "The promotion's text (the opt-out line is added in each customer's language).": (
        "Le texte de la promotion (la ligne de désabonnement est ajoutée dans la langue "
        "de chaque client)."
    ),
    "no consent for promotions": "sans consentement aux promotions",
    "opted out": "désabonné",
    "no mobile number": "sans cellulaire",
    "unselected": "désélectionné",
    "{found} found · {selected} selected": "{found} trouvés · {selected} sélectionnés",
    "left out: {who}": "écartés : {who}",
    "Nobody matches these criteria.": "Aucun client ne répond à ces critères.",
    "{name} cannot receive promotions: {why}.": (
        "{name} ne peut pas recevoir de promotions : {why}."
    ),
    "“{typed}” is not an amount like 500.": "« {typed} » n'est pas un montant comme 500.",
    "“{typed}” is not a date like 2026-03-10.": "« {typed} » n'est pas une date comme 2026-03-10.",
    "Type the promotion's text beside its name.": (
        "Tapez le texte de la promotion à côté de son nom."
    ),
    "Each text, with the opt-out line: {estimate}": (
        "Chaque texto, avec la ligne de désabonnement : {estimate}"
    ),
    "(in French: {n} segments)": "(en français : {n} segments)",
    "Total: {texts} texts, {segments} segments, {cost}; balance after: {balance}.": (
        "Total : {texts} textos, {segments} segments, {cost} ; solde après : {balance}."
    ),
    "Left out: {who}.": "Écartés : {who}.",
    "{n} in quiet hours now: sent in the morning.": (
        "{n} en heures de silence maintenant : envoyés le matin."
    ),
    # Sending
    "Find the customers first: fill in the criteria and press Enter.": (
        "Trouvez d'abord les clients : remplissez les critères et appuyez sur Entrée."
    ),
    "Give the promotion a name: its report is found by it.": (
        "Donnez un nom à la promotion : son rapport se retrouve par ce nom."
    ),
    "Nobody is selected: nothing to send.": "Personne n'est sélectionné : rien à envoyer.",
    "Send the promotion “{name}”?": "Envoyer la promotion « {name} » ?",
    "Send (y)": "Envoyer (y)",
    "Not now (n)": "Pas maintenant (n)",
    "Queuing “{name}”…": "Mise en file de « {name} »…",
    "{done} of {total} texts queued": "{done} textos sur {total} mis en file",
    "“{name}”: {n} texts queued.": "« {name} » : {n} textos mis en file.",
    # The report and past promotions
    "Promotion “{name}”": "Promotion « {name} »",
    "Created {at} by {who}.": "Créée le {at} par {who}.",
    "{queued} queued · {sent} sent · {delivered} delivered · {failed} failed": (
        "{queued} mis en file · {sent} envoyés · {delivered} livrés · {failed} en erreur"
    ),
    "{replies} replies · {opt_outs} opt-outs since it went out": (
        "{replies} réponses · {opt_outs} désabonnements depuis l'envoi"
    ),
    "{n} still to queue.": "{n} encore à mettre en file.",
    "{n} refused by the gate when queued.": "{n} refusés par la vérification à la mise en file.",
    "Escape or Enter closes.": "Échap ou Entrée ferme.",
    "Past promotions (Enter: its report)": "Promotions passées (Entrée : son rapport)",
    "No promotion has been sent yet.": "Aucune promotion n'a encore été envoyée.",
    "Name": "Nom",
    "Created": "Créée",
    "By": "Par",
    # Sentences from the services
    "Nobody selected may receive this promotion: nothing to send.": (
        "Aucune personne sélectionnée ne peut recevoir cette promotion : rien à envoyer."
    ),
    "A promotion goes out through the promotional queue only.": (
        "Une promotion part uniquement par la file promotionnelle."
    ),
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"There is already a promotion named “(?P<name>.*)”: choose another name\.",
        "Il existe déjà une promotion nommée « {name} » : choisissez un autre nom.",
    ),
    (
        r"There is no promotion named “(?P<name>.*)”\.",
        "Il n'y a pas de promotion nommée « {name} ».",
    ),
    (
        r"This message needs more than (?P<n>\d+) texts for old phones: shorten it, "
        r"or send it as one long text\.",
        "Ce message demande plus de {n} textos pour les vieux téléphones : raccourcissez-le, "
        "ou envoyez-le en un seul long texto.",
    ),
]

TEXTS.update(
    {
        # Long texts for old phones, in the composer
        "Old phones: off": "Vieux téléphones : non",
        "Old phones: ON": "Vieux téléphones : OUI",
        "Send a long message as numbered one-segment texts, for phones that cannot join a "
        "long text": (
            "Envoyer un long message en textos numérotés d'un segment, pour les téléphones "
            "qui ne savent pas joindre un long texto"
        ),
        "old phones: fits one text": "vieux téléphones : tient en un texto",
        "old phones: too long to split, shorten it": (
            "vieux téléphones : trop long pour être découpé, raccourcissez-le"
        ),
        "old phones: {n} texts, {parts_cost} (one long text: {segments} seg., {long_cost})": (
            "vieux téléphones : {n} textos, {parts_cost} (un long texto : {segments} seg., "
            "{long_cost})"
        ),
    }
)

TEXTS["“{typed}” is not a number of visits like 3."] = (
    "« {typed} » n'est pas un nombre de visites comme 3."
)

TEXTS["Old phones: {n} texts · "] = "Vieux téléphones : {n} textos · "
