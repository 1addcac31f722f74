"""French lines, keyed by the English text the code writes (see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # views, bindings, commands
    "All": "Toutes",
    "Mine": "Les miennes",
    "Unassigned": "Non assignées",
    "Resolved": "Réglées",
    "Failed": "Échecs",
    "Search": "Chercher",
    "Back": "Retour",
    "Claim": "Prendre",
    "Resolve": "Régler",
    "Resolve+next": "Régler+suiv.",
    "Reopen": "Rouvrir",
    "Transfer": "Transférer",
    "Next unread": "Non lue suiv.",
    "Reply": "Répondre",
    "New": "Nouvelle",
    "Shortcuts": "Raccourcis",
    "Shortcut": "Raccourci",
    "Send": "Envoyer",
    "New line": "Nouvelle ligne",
    "Note ⇄ Send": "Note ⇄ Envoi",
    "Smart encode": "Encodage malin",
    "Job reminders": "Rappels de travaux",
    "Record consent": "Consentement",
    "Record opt-out": "Désabonnement",
    "Text employee": "Texter un employé",
    "Quit": "Quitter",
    "Threads": "Conversations",
    "Retry": "Réessayer",
    "Open conversation": "Ouvrir la conversation",
    "Down": "Bas",
    "Up": "Haut",
    "Cancel": "Annuler",
    "Add": "Ajouter",
    "Edit": "Modifier",
    "Delete": "Supprimer",
    "Save": "Enregistrer",
    # days and months, short
    "Mon": "lun.",
    "Tue": "mar.",
    "Wed": "mer.",
    "Thu": "jeu.",
    "Fri": "ven.",
    "Sat": "sam.",
    "Sun": "dim.",
    "Jan": "janv.",
    "Feb": "févr.",
    "Mar": "mars",
    "Apr": "avr.",
    "May": "mai",
    "Jun": "juin",
    "Jul": "juil.",
    "Aug": "août",
    "Sep": "sept.",
    "Oct": "oct.",
    "Nov": "nov.",
    "Dec": "déc.",
    # message center
    "Search: {term}": "Recherche : {term}",
    "Search: name, number or words in a message": "Chercher : nom, numéro ou mots d'un message",
    "Pick a conversation on the left.": "Choisissez une conversation à gauche.",
    "Unknown sender": "Expéditeur inconnu",
    "Français": "Français",
    "English": "English",
    "assigned to {name}": "assignée à {name}",
    "unassigned": "non assignée",
    "open": "ouverte",
    "resolved": "réglée",
    "Pick a conversation first.": "Choisissez d'abord une conversation.",
    "Note added.": "Note ajoutée.",
    "It is yours now.": "Elle est à vous.",
    "Resolved.": "Réglée.",
    "Open again.": "Rouverte.",
    "Transferred to {name}.": "Transférée à {name}.",
    "Nothing unread here.": "Rien de non lu ici.",
    "Conversation": "Conversation",
    "consent on file": "consentement au dossier",
    "no consent on file": "aucun consentement au dossier",
    "opted out (STOP)": "désabonné (STOP)",
    "transactional": "transactionnel",
    "promotional": "promotionnel",
    "When": "Quand",
    "Assignee": "Assignée à",
    # composer and conversation
    "Type a reply. Enter sends, Ctrl+J starts a new line.": (
        "Tapez une réponse. Entrée envoie, Ctrl+J change de ligne."
    ),
    "Note — only staff see this (Ctrl+T: back to reply)": (
        "Note — seul le personnel la voit (Ctrl+T : revenir à la réponse)"
    ),
    "Reply to the customer (Ctrl+T: write a note)": (
        "Réponse au client (Ctrl+T : écrire une note)"
    ),
    "Customer · {when}": "Client · {when}",
    "Note by {author} · {when} · only staff see this": (
        "Note de {author} · {when} · seul le personnel la voit"
    ),
    "{when} · only staff see this": "{when} · seul le personnel la voit",
    "First-text disclaimer": "Avis du premier texto",
    "Automatic answer": "Réponse automatique",
    "staff": "personnel",
    "Shop": "Garage",
    "segment": "segment",
    "segments": "segments",
    # statuses
    "scheduled": "planifié",
    "queued": "en file",
    "queued (e-mail gateway)": "en file (passerelle courriel)",
    "sending": "envoi en cours",
    "accepted": "accepté",
    "sent": "envoyé",
    "delivered": "distribué",
    "not delivered": "non distribué",
    "failed": "échoué",
    "canceled": "annulé",
    "receiving": "réception",
    "received": "reçu",
    "read": "lu",
    # failed view
    "Customer": "Client",
    "Why": "Pourquoi",
    "Message": "Message",
    "No failed messages.": "Aucun message en échec.",
    "{count} failed messages": "{count} messages en échec",
    "Queued again from {number}.": "Renvoyé depuis le {number}.",
    "Queued again.": "Renvoyé.",
    # transfer, new conversation, shortcuts
    "Transfer this conversation to…": "Transférer cette conversation à…",
    "New conversation": "Nouvelle conversation",
    "To: customer, contact or a phone number": "À : client, contact ou numéro de téléphone",
    "First message. Enter sends.": "Premier message. Entrée envoie.",
    "Text {number}": "Écrire au {number}",
    "To {number}": "À {number}",
    "Pick a customer or type a number first.": "Choisissez d'abord un client ou tapez un numéro.",
    "Insert a shortcut": "Insérer un raccourci",
    "Filter shortcuts": "Filtrer les raccourcis",
    "Title": "Titre",
    "Text": "Texte",
    "Lang": "Langue",
    "en or fr": "en ou fr",
    # app
    "Provider unreachable since {since} — {waiting} messages waiting to go out.": (
        "Fournisseur injoignable depuis {since} — {waiting} messages attendent d'être envoyés."
    ),
    "The sender stopped: {error}. Messages wait in the queue; restart tui-sms.": (
        "L'envoi s'est arrêté : {error}. Les messages attendent ; redémarrez tui-sms."
    ),
    "Something went wrong ({task}): {error}. tui-sms keeps running; try again.": (
        "Une tâche a échoué ({task}) : {error}. tui-sms continue ; réessayez."
    ),
    "Consent recorded.": "Consentement enregistré.",
    "Opt-out recorded: texting disabled.": "Refus enregistré : les textos sont désactivés.",
    # sentences from services and the domain
    "The note is empty: type something to keep.": "La note est vide : écrivez quelque chose.",
    "The message is empty: type something to send.": (
        "Le message est vide : écrivez quelque chose à envoyer."
    ),
    "This message did not fail: there is nothing to retry.": (
        "Ce message n'a pas échoué : il n'y a rien à réessayer."
    ),
    "This message was already sent again.": "Ce message a déjà été renvoyé.",
    "A shortcut needs a title and a text.": "Un raccourci a besoin d'un titre et d'un texte.",
    "The language of a shortcut is en (English) or fr (French).": (
        "La langue d'un raccourci est en (anglais) ou fr (français)."
    ),
    "That shortcut was deleted meanwhile.": "Ce raccourci a été supprimé entre-temps.",
    "Set the shop's country and province first (tui-sms shop set): "
    "nothing can be texted until they are configured.": (
        "Indiquez d'abord le pays et la province du garage (tui-sms shop set) : "
        "rien ne peut être envoyé avant."
    ),
    "The customer's phone was off or out of coverage; it may work later.": (
        "Le téléphone du client était éteint ou hors réseau ; cela pourra marcher plus tard."
    ),
    "The number does not exist or is no longer in service: check it with the customer.": (
        "Le numéro n'existe pas ou n'est plus en service : vérifiez-le avec le client."
    ),
    "The number is a landline or its carrier cannot receive texts.": (
        "Le numéro est une ligne fixe ou son opérateur ne reçoit pas les textos."
    ),
    "The carrier filtered the message as spam; a retry goes out from another shop number.": (
        "L'opérateur a filtré le message comme pourriel ; un nouvel essai part d'un autre "
        "numéro du garage."
    ),
    "The number is not a valid phone number: check it.": (
        "Le numéro n'est pas un numéro de téléphone valide : vérifiez-le."
    ),
    "The number is not a mobile phone, so it cannot get texts.": (
        "Le numéro n'est pas un cellulaire : il ne peut pas recevoir de textos."
    ),
    "The customer replied STOP: they cannot be texted until they send START.": (
        "Le client a répondu STOP : on ne peut plus lui écrire avant qu'il envoie START."
    ),
    # themes and keymap from the user's config folder
    "The theme file {path} was skipped: {reason}": (
        "Le fichier de thème {path} a été ignoré : {reason}"
    ),
    "The keymap in the settings file names bindings that do not exist: {ids}.": (
        "La table [keymap] du fichier de réglages nomme des raccourcis inexistants : {ids}."
    ),
}

# Sentences with values in them: (English regular expression, French template).
PATTERNS: list[tuple[str, str]] = [
    (r"(?P<name>.+) already has this conversation\.", "{name} a déjà cette conversation."),
    (
        r"(?P<name>.+) has this conversation: only they can transfer it\.",
        "{name} a cette conversation : seule cette personne peut la transférer.",
    ),
    (
        r"(?P<name>.+) took this conversation a moment ago\.",
        "{name} a pris cette conversation il y a un instant.",
    ),
    (r"(?P<name>.+) is not an active staff member\.", "{name} ne fait pas partie du personnel."),
    (r"There is no conversation number (?P<n>\d+)\.", "Il n'y a pas de conversation {n}."),
    (
        r"Sending again would fail the same way: (?P<reason>.+)",
        "Renvoyer échouerait de la même façon : {reason}",
    ),
    (
        r"The provider refused the message, code (?P<code>\d+)(?P<rest>.*)\.",
        "Le fournisseur a refusé le message, code {code}{rest}.",
    ),
    (r"The message failed(?P<rest>.*)\.", "Le message a échoué{rest}."),
    (
        r"Not sent: it could not leave within its validity period \((?P<n>\d+) minutes\), so it "
        r"was dropped rather than reach the customer late\.",
        "Non envoyé : il n'a pas pu partir dans sa période de validité ({n} minutes) ; il a "
        "été abandonné plutôt que d'arriver en retard.",
    ),
    (
        r"Not sent: it could not leave within its validity period \((?P<n>\d+) hours\), so it "
        r"was dropped rather than reach the customer late\.",
        "Non envoyé : il n'a pas pu partir dans sa période de validité ({n} heures) ; il a "
        "été abandonné plutôt que d'arriver en retard.",
    ),
]

# Our own reasons a text failed (stored in English, shown in the reader's language).
TEXTS.update(
    {
        "No active sender number in the transactional queue.": (
            "Aucun numéro d'envoi actif dans la file transactionnelle."
        ),
        "No active sender number in the promotional queue.": (
            "Aucun numéro d'envoi actif dans la file promotionnelle."
        ),
        # Refused before queuing (services/outbox_rules.py, no_sender_sentence).
        "No sender number is set up for replies and job texts yet, so nothing was sent: an "
        "administrator adds one in 'Provider and numbers' (Ctrl+P) or with "
        "'tui-sms numbers add NUMBER'.": (
            "Aucun numéro d'envoi n'est encore configuré pour les réponses et les textos de "
            "travaux : rien n'a été envoyé. Un administrateur en ajoute un dans « Fournisseur "
            "et numéros » (Ctrl+P) ou avec « tui-sms numbers add NUMÉRO »."
        ),
        "No sender number is set up for promotions yet, so nothing was sent: an "
        "administrator adds one in 'Provider and numbers' (Ctrl+P) or with "
        "'tui-sms numbers add NUMBER --queue promotional'.": (
            "Aucun numéro d'envoi n'est encore configuré pour les promotions : rien n'a été "
            "envoyé. Un administrateur en ajoute un dans « Fournisseur et numéros » (Ctrl+P) "
            "ou avec « tui-sms numbers add NUMÉRO --queue promotional »."
        ),
    }
)

# Setting a shop up has its own table, kept beside this one.
from tui_sms.ui.i18n import fr_setup  # noqa: E402

TEXTS.update(fr_setup.TEXTS)
PATTERNS.extend(fr_setup.PATTERNS)

# Reports, promotions, job texts and long texts have theirs.
from tui_sms.ui.i18n import fr_seeds  # noqa: E402

TEXTS.update(fr_seeds.TEXTS)
PATTERNS.extend(fr_seeds.PATTERNS)

# The inbox habits (hours, send later, snooze, mentions) have theirs.
from tui_sms.ui.i18n import fr_habits  # noqa: E402

TEXTS.update(fr_habits.TEXTS)
PATTERNS.extend(fr_habits.PATTERNS)

# The first-day screens (setup, provider, staff, customers) have their own table too.
from tui_sms.ui.i18n import fr_first_day_ui  # noqa: E402

for _text, _french in fr_first_day_ui.TEXTS.items():
    TEXTS.setdefault(_text, _french)
PATTERNS.extend(fr_first_day_ui.PATTERNS)

# The sender banner and reply drafts.
from tui_sms.ui.i18n import fr_seat_drafts  # noqa: E402

TEXTS.update(fr_seat_drafts.TEXTS)
PATTERNS.extend(fr_seat_drafts.PATTERNS)

# The message center's header, consent standing and composer have theirs.
from tui_sms.ui.i18n import fr_center  # noqa: E402

TEXTS.update(fr_center.TEXTS)
PATTERNS.extend(fr_center.PATTERNS)

# The Promotion screen and long texts for old phones have theirs.
from tui_sms.ui.i18n import fr_promo  # noqa: E402

TEXTS.update(fr_promo.TEXTS)
PATTERNS.extend(fr_promo.PATTERNS)

# The screens, dialogs, palette entries and banners that were still English have theirs.
from tui_sms.ui.i18n import fr_everywhere, fr_plurals  # noqa: E402

TEXTS.update(fr_everywhere.TEXTS)
PATTERNS.extend(fr_everywhere.PATTERNS)
fr_plurals.PLURALS.update(fr_everywhere.PLURALS)

# Narrow terminals, keys named in footers, the template editor's questions.
from tui_sms.ui.i18n import fr_narrow  # noqa: E402

TEXTS.update(fr_narrow.TEXTS)
PATTERNS.extend(fr_narrow.PATTERNS)
# The inbox habits' screens (send later, snooze, simulated reply, opening hours).
from tui_sms.ui.i18n import fr_habits_ui  # noqa: E402

TEXTS.update(fr_habits_ui.TEXTS)
PATTERNS.extend(fr_habits_ui.PATTERNS)
fr_plurals.PLURALS.update(fr_habits_ui.PLURALS)

# The command line's results, refusals and labels have theirs (never replacing a screen's).
from tui_sms.ui.i18n import fr_cli  # noqa: E402

for _text, _french in fr_cli.TEXTS.items():
    TEXTS.setdefault(_text, _french)
PATTERNS.extend(fr_cli.PATTERNS)
for _pair, _forms in fr_cli.PLURALS.items():
    fr_plurals.PLURALS.setdefault(_pair, _forms)

# The conversation list's own keys have theirs.
from tui_sms.ui.i18n import fr_perf_ui  # noqa: E402

TEXTS.update(fr_perf_ui.TEXTS)
PATTERNS.extend(fr_perf_ui.PATTERNS)

# Day one: what an empty thread list says, dropdown and dialog keys.
from tui_sms.ui.i18n import fr_day_one  # noqa: E402

TEXTS.update(fr_day_one.TEXTS)
PATTERNS.extend(fr_day_one.PATTERNS)
