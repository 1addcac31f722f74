"""French lines for the screens that were still English: text employees, the consent dialog,
the job reminders review, the template editor, the command palette's own entries, the mail
banner (keyed by the English text, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # Text employees
    "Text employees": "Texter des employés",
    "Message to the employees": "Message aux employés",
    "e-mail gateway {address}": "passerelle courriel {address}",
    "No employee has an SMS number or a gateway: add one in Staff (command palette) or with "
    "tui-sms staff set LOGIN --sms …": (
        "Aucun employé n'a de numéro SMS ni de passerelle : ajoutez-en un dans Employé "
        "(palette de commandes) ou avec tui-sms staff set LOGIN --sms …"
    ),
    "{people}: {segments}": "{people} : {segments}",
    "Pick at least one employee.": "Choisissez au moins un employé.",
    "Sent.": "Envoyé.",
    "replied STOP: texts to them are blocked": (
        "a répondu STOP : les textos vers ce numéro sont bloqués"
    ),
    "not enough texting credit, and no gateway": "pas assez de crédit SMS, et pas de passerelle",
    "the shop has no texting number, and no gateway": (
        "le garage n'a pas de numéro pour texter, et pas de passerelle"
    ),
    "no SMS number nor gateway": "ni numéro SMS ni passerelle",
    # Job reminders
    "Any technician": "Tous les techniciens",
    "from YYYY-MM-DD": "du AAAA-MM-JJ",
    "to YYYY-MM-DD": "au AAAA-MM-JJ",
    "Any class": "Toutes les catégories",
    "Any customer type": "Tout type de client",
    "Any job type": "Tout type de travail",
    "Date": "Date",
    "Technician": "Technicien",
    "Seg": "Seg",
    "State": "État",
    "not sent": "à envoyer",
    "skipped": "sauté",
    "Select": "Choisir",
    # Short: the footer holds every key of the screen; the dialog it opens says "Planifier".
    "Mark selected to be auto-sent": "Planifier",
    "Send now": "Envoyer maintenant",
    "Add mobile": "Ajouter un cellulaire",
    "Edit template": "Modifier le modèle",
    "Several texts to one customer (recurring jobs):": (
        "Plusieurs textos au même client (travaux récurrents) :"
    ),
    "Several texts to one customer:": "Plusieurs textos au même client :",
    "Each goes out at its planned time before the job.": (
        "Chacun part à son heure prévue avant le travail."
    ),
    "Queue them": "Les planifier",
    "Queue them (y)": "Les planifier (y)",
    "Mobile number for {name}": "Numéro de cellulaire de {name}",
    "e.g. (514) 555-1234": "ex. (514) 555-1234",
    "Reminder queued: it goes when the customer's quiet hours end.": (
        "Rappel mis en file : il partira à la fin des heures de silence du client."
    ),
    "Reminder queued to go now.": "Rappel mis en file pour partir maintenant.",
    "No mobile number: press n to add one.": (
        "Pas de numéro de cellulaire : touche n pour en ajouter un."
    ),
    "Too late to remind before the job.": "Trop tard pour un rappel avant le travail.",
    # Template editor
    "Reminder templates": "Modèles de rappel",
    "Review and send reminders for upcoming jobs": (
        "Vérifier et envoyer les rappels des prochains travaux"
    ),
    "Edit the reminder, confirmation and work-completed texts per job type": (
        "Modifier les textes de rappel, de confirmation et de travaux terminés par type de travail"
    ),
    "Job type": "Type de travail",
    "Reminder": "Rappel",
    "Confirmation": "Confirmation",
    "Auto-send": "Envoi auto",
    "days": "jours",
    "days before the job": "jours avant le travail",
    "Field codes": "Codes de champ",
    "There are no job types yet: import jobs first (tui-sms import jobs).": (
        "Il n'y a pas encore de types de travail : importez d'abord des travaux "
        "(tui-sms import jobs)."
    ),
    "Not saved yet: this is the suggested text. Edit it, then save (ctrl+s).": (
        "Pas encore enregistré : voici le texte suggéré. Modifiez-le, puis enregistrez (ctrl+s)."
    ),
    "Preview for {whom}:": "Aperçu pour {whom} :",
    "a sample customer": "un client fictif",
    "{cost} a text": "{cost} le texto",
    "Not GSM-7 because of {characters}: a segment holds 70 characters instead of 160, so each "
    "text can cost up to three times as much.": (
        "Pas GSM-7 à cause de {characters} : un segment contient 70 caractères au lieu de 160, "
        "chaque texto peut donc coûter jusqu'à trois fois plus."
    ),
    "Template saved.": "Modèle enregistré.",
    # Textual's own palette entries
    "Search for commands…": "Chercher une commande…",
    "Theme": "Thème",
    "Change the current theme": "Changer le thème",
    "Quit the application as soon as possible": "Quitter l'application dès que possible",
    "Keys": "Touches",
    "Hide the keys and widget help panel": "Cacher le panneau des touches et de l'aide",
    "Show help for the focused widget and a summary of available keys": (
        "Afficher l'aide de l'élément actif et un résumé des touches"
    ),
    "Minimize": "Réduire",
    "Minimize the widget and restore to normal size": (
        "Réduire l'élément et lui rendre sa taille normale"
    ),
    "Maximize": "Agrandir",
    "Maximize the focused widget": "Agrandir l'élément actif",
    "Screenshot": "Capture d'écran",
    "Save an SVG 'screenshot' of the current screen": (
        "Enregistrer une capture d'écran SVG de l'écran actuel"
    ),
    # The mail banner
    "Last error: {error}": "Dernière erreur : {error}",
    "Is the mail server set up? Try 'tui-sms mail test'.": (
        "Le serveur de courriel est-il configuré? Essayez « tui-sms mail test »."
    ),
    # The estimate under the composer (and the promotion's, the job texts')
    "smart encoding can replace {labels} (the message stays UCS-2)": (
        "l'encodage malin peut remplacer {labels} (le message reste en UCS-2)"
    ),
    "smart encoding can replace {labels} (no saving at this length)": (
        "l'encodage malin peut remplacer {labels} (aucune économie à cette longueur)"
    ),
    "smart encoding replaces {labels}: saves {segments} ({saved})": (
        "l'encodage malin remplace {labels} : économise {segments} ({saved})"
    ),
    "UCS-2 because of {labels} (no GSM-7 equivalent)": (
        "UCS-2 à cause de {labels} (sans équivalent GSM-7)"
    ),
    "{key} replaces them": "{key} les remplace",
    "Smart encoding would make this message too long: nothing was replaced.": (
        "L'encodage malin rendrait ce message trop long : rien n'a été remplacé."
    ),
    "Replaced {labels}: the message is GSM-7 (same number of segments).": (
        "{labels} remplacés : le message est en GSM-7 (même nombre de segments)."
    ),
    "The prepaid balance is used up": "Le solde prépayé est épuisé",
    "The prepaid balance is at {balance}": "Le solde prépayé est à {balance}",
    "this message needs {needed}": "ce message en demande {needed}",
    "and the shop allows going down to {floor} only": (
        "et le garage ne permet de descendre qu'à {floor}"
    ),
    "{has} and {needs}: buy a bundle (tui-sms balance buy) first.": (
        "{has} et {needs} : achetez d'abord un forfait (tui-sms balance buy)."
    ),
    # Promotions and reports, with their counts
    "(in French: {segments})": "(en français : {segments})",
    "Total: {texts}, {segments}, {cost}; balance after: {balance}.": (
        "Total : {texts}, {segments}, {cost} ; solde après : {balance}."
    ),
    "{replies} · {opt_outs} since it went out": "{replies} · {opt_outs} depuis l'envoi",
    "{messages}: {sent}, {failed}, {segments}, {cost}.": (
        "{messages} : {sent}, {failed}, {segments}, {cost}."
    ),
    # What the services refuse on those screens
    "Pick at least one employee to text.": "Choisissez au moins un employé à texter.",
    "That customer no longer exists.": "Ce client n'existe plus.",
    "That job type no longer exists.": "Ce type de travail n'existe plus.",
    "That job is not on the schedule any more.": "Ce travail n'est plus à l'horaire.",
    "This job has already started: it is too late for a reminder.": (
        "Ce travail a déjà commencé : il est trop tard pour un rappel."
    ),
    "It is quiet hours for this customer until after the job: too late for a reminder.": (
        "C'est l'heure de silence pour ce client jusqu'après le travail : trop tard pour un rappel."
    ),
    "This reminder has already gone out (see the conversation).": (
        "Ce rappel est déjà parti (voir la conversation)."
    ),
    "Write the wording the customer agreed to: it is the proof of the consent.": (
        "Écrivez le texte que le client a accepté : c'est la preuve du consentement."
    ),
    "There is no consent on file to withdraw for that number.": (
        "Il n'y a pas de consentement au dossier à retirer pour ce numéro."
    ),
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"No French reminder template for (?P<job_type>.+): press e to write one\.",
        "Pas de modèle de rappel en français pour {job_type} : touche e pour l'écrire.",
    ),
    (
        r"No English reminder template for (?P<job_type>.+): press e to write one\.",
        "Pas de modèle de rappel en anglais pour {job_type} : touche e pour l'écrire.",
    ),
    (
        r"The job type (?P<job_type>.+) has no French reminder template yet\.",
        "Le type de travail {job_type} n'a pas encore de modèle de rappel en français.",
    ),
    (
        r"The job type (?P<job_type>.+) has no English reminder template yet\.",
        "Le type de travail {job_type} n'a pas encore de modèle de rappel en anglais.",
    ),
    (
        r"Send reminders 1 to 60 days before the job, not (?P<days>-?\d+)\.",
        "Envoyez les rappels de 1 à 60 jours avant le travail, pas {days}.",
    ),
    (
        r"Job (?P<job>.+) has lost its customer or job type\.",
        "Le travail {job} a perdu son client ou son type de travail.",
    ),
    (
        r"“(?P<method>.*)” is not a way to give consent: use signed_paper, electronic or verbal\.",
        "« {method} » n'est pas une façon de donner son consentement : utilisez signed_paper, "
        "electronic ou verbal.",
    ),
    (
        r"Nobody can receive this text: (?P<who>.+)\.",
        "Personne ne peut recevoir ce texto : {who}.",
    ),
]

# Sentences holding a count (see `n_`), merged into fr_plurals.PLURALS.
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("SMS to {count} employee", "SMS to {count} employees"): (
        "SMS à {count} employé",
        "SMS à {count} employés",
    ),
    ("{count} free (e-mail gateway)", "{count} free (e-mail gateway)"): (
        "{count} gratuit (passerelle courriel)",
        "{count} gratuits (passerelle courriel)",
    ),
    ("{count} needs attention", "{count} need attention"): (
        "{count} à corriger",
        "{count} à corriger",
    ),
    (
        "Queue {count} reminder ({segments}, {cost})?",
        "Queue {count} reminders ({segments}, {cost})?",
    ): (
        "Planifier {count} rappel ({segments}, {cost})?",
        "Planifier {count} rappels ({segments}, {cost})?",
    ),
    ("(and {count} more)", "(and {count} more)"): ("(et {count} autre)", "(et {count} autres)"),
    (
        "E-mails not sent since {since} — {count} waiting (reply forwards).",
        "E-mails not sent since {since} — {count} waiting (reply forwards).",
    ): (
        "Courriels non envoyés depuis {since} — {count} en attente (renvois de réponses).",
        "Courriels non envoyés depuis {since} — {count} en attente (renvois de réponses).",
    ),
    (
        "No sender has run yet: {count} text waits to go out.",
        "No sender has run yet: {count} texts wait to go out.",
    ): (
        "Aucun expéditeur n'a encore tourné : {count} texto attend d'être envoyé.",
        "Aucun expéditeur n'a encore tourné : {count} textos attendent d'être envoyés.",
    ),
    (
        "No sender has run since {since}: {count} text waits to go out.",
        "No sender has run since {since}: {count} texts wait to go out.",
    ): (
        "Aucun expéditeur n'a tourné depuis {since} : {count} texto attend d'être envoyé.",
        "Aucun expéditeur n'a tourné depuis {since} : {count} textos attendent d'être envoyés.",
    ),
    ("Old phones: {count} text · ", "Old phones: {count} texts · "): (
        "Vieux téléphones : {count} texto · ",
        "Vieux téléphones : {count} textos · ",
    ),
    (
        "old phones: {count} text, {parts_cost} (one long text: {segments} seg., {long_cost})",
        "old phones: {count} texts, {parts_cost} (one long text: {segments} seg., {long_cost})",
    ): (
        "vieux téléphones : {count} texto, {parts_cost} (un long texto : {segments} seg., "
        "{long_cost})",
        "vieux téléphones : {count} textos, {parts_cost} (un long texto : {segments} seg., "
        "{long_cost})",
    ),
    (
        "Replaced {labels}: the message is GSM-7 and {count} segment cheaper.",
        "Replaced {labels}: the message is GSM-7 and {count} segments cheaper.",
    ): (
        "{labels} remplacés : le message est en GSM-7 et coûte {count} segment de moins.",
        "{labels} remplacés : le message est en GSM-7 et coûte {count} segments de moins.",
    ),
    (
        "The prepaid balance has {count} segment left",
        "The prepaid balance has {count} segments left",
    ): (
        "Il reste {count} segment au solde prépayé",
        "Il reste {count} segments au solde prépayé",
    ),
    (
        "once the {count} segment waiting to go out is sent",
        "once the {count} segments waiting to go out are sent",
    ): (
        "une fois envoyé le {count} segment en attente",
        "une fois envoyés les {count} segments en attente",
    ),
    ("{count} queued", "{count} queued"): ("{count} mis en file", "{count} mis en file"),
    ("{count} sent", "{count} sent"): ("{count} envoyé", "{count} envoyés"),
    ("{count} delivered", "{count} delivered"): ("{count} livré", "{count} livrés"),
    ("{count} failed", "{count} failed"): ("{count} en erreur", "{count} en erreur"),
    ("{count} reply", "{count} replies"): ("{count} réponse", "{count} réponses"),
    ("{count} opt-out", "{count} opt-outs"): ("{count} désabonnement", "{count} désabonnements"),
    (
        "{count} refused by the gate when queued.",
        "{count} refused by the gate when queued.",
    ): (
        "{count} refusé par la vérification à la mise en file.",
        "{count} refusés par la vérification à la mise en file.",
    ),
    ("{done} of {count} text queued", "{done} of {count} texts queued"): (
        "{done} sur {count} texto mis en file",
        "{done} sur {count} textos mis en file",
    ),
    ("“{name}”: {count} text queued.", "“{name}”: {count} texts queued."): (
        "« {name} » : {count} texto mis en file.",
        "« {name} » : {count} textos mis en file.",
    ),
}
