"""French lines for the command line: its results, refusals and labels (keyed by the English
text, see i18n/__init__.py). The services' sentences it prints are in fr_cli_services.py and
fr_cli_refusals.py (first: its patterns are the narrower)."""

from __future__ import annotations

from tui_sms.ui.i18n import fr_cli_refusals, fr_cli_services

TEXTS: dict[str, str] = {
    # Refusals and the safety net
    "{message} (see '{prog} --help').": "{message} (voir « {prog} --help »).",
    "The value of {option}": "La valeur de {option}",
    "The {argument}": "L'argument {argument}",
    "{name} holds bytes that are not UTF-8: set the terminal to UTF-8 (LANG=C.UTF-8) and "
    "type it again.": (
        "{name} contient des octets qui ne sont pas de l'UTF-8 : réglez le terminal en UTF-8 "
        "(LANG=C.UTF-8) et tapez-la de nouveau."
    ),
    "{name} ({value}) is too large a number.": "{name} ({value}) est un nombre trop grand.",
    "{name} ({value}) is not an amount a shop can use.": (
        "{name} ({value}) n'est pas un montant qu'un garage peut utiliser."
    ),
    "{doing} failed unexpectedly ({error}); the details are in {path}, please send them "
    "with your report.": (
        "{doing} a échoué de façon inattendue ({error}) ; les détails sont dans {path} : "
        "joignez-les à votre signalement."
    ),
    "{doing} failed unexpectedly ({error}), and its details could not be written to "
    "{path} ({reason}); please report it.": (
        "{doing} a échoué de façon inattendue ({error}), et ses détails n'ont pas pu être "
        "écrits dans {path} ({reason}) ; signalez-le, s'il vous plaît."
    ),
    "Standard input is not UTF-8 text (byte {byte}): save the message as UTF-8.": (
        "L'entrée standard n'est pas du texte UTF-8 (octet {byte}) : enregistrez le message "
        "en UTF-8."
    ),
    "The text is not UTF-8: check the terminal's encoding.": (
        "Le texte n'est pas de l'UTF-8 : vérifiez l'encodage du terminal."
    ),
    # Argument values (argparse puts them after "argument --x:")
    "{value} is not a number of {what}": "{value} n'est pas un nombre de {what}",
    "give the limit as a positive number, e.g. 500": (
        "donnez la limite en nombre positif, p. ex. 500"
    ),
    "the limit is at most {count} segments": "la limite est d'au plus {count} segments",
    "a bundle holds at least one segment": "un forfait contient au moins un segment",
    "a bundle holds at most {count} segments": "un forfait contient au plus {count} segments",
    "{value} is not a price, e.g. 130.00": "{value} n'est pas un prix, p. ex. 130.00",
    "the price paid must be more than zero": "le prix payé doit être plus grand que zéro",
    "the price paid is at most {amount}": "le prix payé est d'au plus {amount}",
    "{value} has more decimals than cents, e.g. 130.00": (
        "{value} a plus de décimales que des cents, p. ex. 130.00"
    ),
    "{value} is not a number of segments per second": (
        "{value} n'est pas un nombre de segments par seconde"
    ),
    "a rate is 0 or more segments per second": "un débit est de 0 segment par seconde ou plus",
    "“{value}” is not an amount like 500": "« {value} » n'est pas un montant comme 500",
    "“{value}” is not a date like 2026-03-10": "« {value} » n'est pas une date comme 2026-03-10",
    "an account SID is AC followed by 32 hexadecimal digits, as in the Twilio console": (
        "un SID de compte est AC suivi de 32 chiffres hexadécimaux, comme dans la console Twilio"
    ),
    "the auth token cannot be empty": "le jeton d'authentification ne peut pas être vide",
    "the webhook URL must be an http or https URL": (
        "l'URL des webhooks doit être une URL http ou https"
    ),
    # send, estimate, balance
    "{question} Add --send-in-quiet-hours to send it.": (
        "{question} Ajoutez --send-in-quiet-hours pour l'envoyer."
    ),
    "Estimate again with --smart-encoding to see the replaced text.": (
        "Refaites l'estimation avec --smart-encoding pour voir le texte remplacé."
    ),
    "Sent as: {text}": "Envoyé ainsi : {text}",
    "the database could not be read; the cost uses the default price.": (
        "la base de données n'a pas pu être lue ; le coût utilise le prix par défaut."
    ),
    "Balance: {segments} (worth {worth} at {each} a segment)": (
        "Solde : {segments} (valeur {worth} à {each} le segment)"
    ),
    "Waiting to go out: {segments}": "En attente d'envoi : {segments}",
    "This month: {sent} sent, {received} received (segments)": (
        "Ce mois-ci : {sent} envoyés, {received} reçus (segments)"
    ),
    "The shop allows the balance to go down to {floor}.": (
        "Le garage permet au solde de descendre jusqu'à {floor}."
    ),
    "Sending stops at zero (tui-sms balance allow-negative LIMIT changes that).": (
        "L'envoi s'arrête à zéro (tui-sms balance allow-negative LIMITE change cela)."
    ),
    # db, demo, import
    "{path} already exists: give the backup a new file name.": (
        "{path} existe déjà : donnez un nouveau nom de fichier à la sauvegarde."
    ),
    "The folder {path} does not exist: create it first.": (
        "Le dossier {path} n'existe pas : créez-le d'abord."
    ),
    "This database is PostgreSQL: back it up with pg_dump (see docs/deployment.md, Backups).": (
        "Cette base de données est PostgreSQL : sauvegardez-la avec pg_dump "
        "(voir docs/deployment.md, Backups)."
    ),
    "The backup could not be written to {path}: {reason}.": (
        "La sauvegarde n'a pas pu être écrite dans {path} : {reason}."
    ),
    "This database already has a shop: the demo loads only into an empty one.": (
        "Cette base de données a déjà un garage : la démo ne se charge que dans une base vide."
    ),
    "Demo data loaded.": "Données de démo chargées.",
    "Importing {name}": "Import de {name}",
    "{label}: {done}/{total} rows read": "{label} : {done}/{total} lignes lues",
    "line {number}: {reason}": "ligne {number} : {reason}",
    "The rejected rows could not be written to {path} ({reason}); they are listed above, "
    "and the other rows were imported.": (
        "Les lignes refusées n'ont pas pu être écrites dans {path} ({reason}) ; elles sont "
        "listées plus haut, et les autres lignes ont été importées."
    ),
    # consent
    "Consent recorded for {number}.": "Consentement enregistré pour le {number}.",
    "Consent withdrawn for {number}.": "Consentement retiré pour le {number}.",
    "{when} {method} by {who}: {wording}": "{when} {method} par {who} : {wording}",
    "(withdrawn {when} by {who})": "(retiré le {when} par {who})",
    # job texts, notify
    "Name the job (--job) and the kind of text (--kind).": (
        "Nommez le travail (--job) et la sorte de texto (--kind)."
    ),
    "Already sent: message {id} ({status}).": "Déjà envoyé : message {id} ({status}).",
    "Already sent for this job: message {id} ({status}).": (
        "Déjà envoyé pour ce travail : message {id} ({status})."
    ),
    # mail
    "No mail waiting: every forward has gone out.": (
        "Aucun courriel en attente : tous les transferts sont partis."
    ),
    "; last error: {error}": " ; dernière erreur : {error}",
    "(nobody)": "(personne)",
    "Replies are e-mailed to: {to}": "Réponses transmises par courriel à : {to}",
    "Language of the forwards: {language}": "Langue des transferts : {language}",
    "STOP, START and HELP replies forwarded: {answer}": (
        "Réponses STOP, START et HELP transmises : {answer}"
    ),
    "{name} (each copy is a text: it costs segments)": (
        "{name} (chaque copie est un texto : elle coûte des segments)"
    ),
    "Replies also texted to: {to}": "Réponses aussi envoyées par texto à : {to}",
    # numbers, shop, provider, staff
    "(inactive)": "(inactif)",
    "{count} waiting": "{count} en attente",
    "{label}:": "{label} :",
    "auto": "auto",
    "in the {pool} pool": "dans le groupe {pool}",
    "not used yet": "pas encore utilisé",
    "rate as contracted": "débit selon le contrat",
    "{login}: SSH key {fingerprint} logs in as {login} ({path})": (
        "{login} : la clé SSH {fingerprint} ouvre une session en tant que {login} ({path})"
    ),
    "There is no staff member with the login '{login}'.": (
        "Aucun membre du personnel n'a l'identifiant « {login} »."
    ),
    "'{item}' needs DAYS=HOURS, e.g. mon-fri=8:00-17:30.": (
        "« {item} » doit s'écrire JOURS=HEURES, p. ex. lun-ven=8:00-17:30."
    ),
    "In English": "En anglais",
    "In French": "En français",
    "on": "activée",
    "off": "désactivée",
    # promote, reports
    "{cost}; balance after: {segments}.": "{cost} ; solde après : {segments}.",
    "Left out: {left_out}.": "Laissés de côté : {left_out}.",
    "Nothing sent: add --send (and --name) to queue it.": (
        "Rien n'est envoyé : ajoutez --send (et --name) pour la mettre en file."
    ),
    "Give the promotion a name with --name: its report is found by it.": (
        "Donnez un nom à la promotion avec --name : son rapport se trouve par ce nom."
    ),
    "Queued {done}/{total}": "En file {done}/{total}",
    "{name}: {queued} queued, {sent} sent, {delivered} delivered, {failed} failed, "
    "{replies} replies, {opt_outs} opt-outs.": (
        "{name} : {queued} en file, {sent} envoyés, {delivered} livrés, {failed} en échec, "
        "{replies} réponses, {opt_outs} désabonnements."
    ),
    "{count} refused when queued.": "{count} refusés à la mise en file.",
    "left out by the clerk": "laissé de côté par le commis",
    "no express consent for promotions": "pas de consentement exprès pour les promotions",
    "{messages}: {sent} sent, {failed} failed, {segments}, {cost}.": (
        "{messages} : {sent} envoyés, {failed} en échec, {segments}, {cost}."
    ),
    "{count} sent": "{count} envoyés",
    "{count} received": "{count} reçus",
    "{month}: {sent} sent and {received} received segments, {percent}% of the {available} "
    "the bundles made available; balance {balance}.": (
        "{month} : {sent} segments envoyés et {received} reçus, {percent} % des {available} "
        "que les forfaits ont fournis ; solde {balance}."
    ),
    "At this month's pace the balance runs out on {day}.": (
        "Au rythme de ce mois-ci, le solde s'épuise le {day}."
    ),
    # worker (its service log lines)
    "The worker cannot listen for webhooks on {listen} (webhooks.listen): {reason}.": (
        "Le worker ne peut pas écouter les webhooks sur {listen} (webhooks.listen) : {reason}."
    ),
    "tui-sms worker sending for {where}": "worker tui-sms : envoie pour {where}",
    "tui-sms worker standing by: another sender holds {where}": (
        "worker tui-sms en attente : un autre expéditeur tient {where}"
    ),
    "tui-sms worker running on {where}": "worker tui-sms lancé sur {where}",
    "webhooks: {url}/inbound and /status, served on {local}": (
        "webhooks : {url}/inbound et /status, servis sur {local}"
    ),
}

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Backup written to {path} ({count} byte).", "Backup written to {path} ({count} bytes)."): (
        "Sauvegarde écrite dans {path} ({count} octet).",
        "Sauvegarde écrite dans {path} ({count} octets).",
    ),
    (
        "Bought {count} segment for {paid} ({each} a segment).",
        "Bought {count} segments for {paid} ({each} a segment).",
    ): (
        "{count} segment acheté pour {paid} ({each} le segment).",
        "{count} segments achetés pour {paid} ({each} le segment).",
    ),
    ("{count} follow-up queued.", "{count} follow-ups queued."): (
        "{count} relance mise en file.",
        "{count} relances mises en file.",
    ),
    ("{count} mail waiting since {since} UTC", "{count} mails waiting since {since} UTC"): (
        "{count} courriel en attente depuis {since} UTC",
        "{count} courriels en attente depuis {since} UTC",
    ),
    (
        "{count} row was rejected: fix it in {path} and import that file again.",
        "{count} rows were rejected: fix them in {path} and import that file again.",
    ): (
        "{count} ligne a été refusée : corrigez-la dans {path} et importez ce fichier de nouveau.",
        "{count} lignes ont été refusées : corrigez-les dans {path} et importez ce fichier "
        "de nouveau.",
    ),
    ("{count} visit", "{count} visits"): ("{count} visite", "{count} visites"),
    (
        "{count} waiting message moved to the rest of the pool.",
        "{count} waiting messages moved to the rest of the pool.",
    ): (
        "{count} message en attente passé au reste du groupe.",
        "{count} messages en attente passés au reste du groupe.",
    ),
    (
        "{count} will wait for the end of quiet hours.",
        "{count} will wait for the end of quiet hours.",
    ): (
        "{count} attendra la fin des heures de silence.",
        "{count} attendront la fin des heures de silence.",
    ),
}

TEXTS.update(fr_cli_services.TEXTS)
TEXTS.update(fr_cli_refusals.TEXTS)
PATTERNS: list[tuple[str, str]] = [*fr_cli_refusals.PATTERNS, *fr_cli_services.PATTERNS]
