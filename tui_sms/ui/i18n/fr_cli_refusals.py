"""French lines for refusals the command line can meet that no screen shows: the settings
file, import rows, sales, SSH keys, mail, the provider's connection, message length
(keyed by the English text or matched as a pattern, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "The template is empty: write the text the customer will receive.": (
        "Le modèle est vide : écrivez le texte que le client recevra."
    ),
}

PATTERNS: list[tuple[str, str]] = [
    # Message length (domain/segments.py)
    (
        r"This message is too long to send: remove (?P<n>[\d,]+) characters?\. A text holds at "
        r"most (?P<max>[\d,]+) characters, and accented letters, symbols and emoji count as "
        r"2 to 4\.",
        "Ce message est trop long pour être envoyé : retirez {n} caractère(s). Un texto contient "
        "au plus {max} caractères, et les lettres accentuées, les symboles et les émojis "
        "comptent pour 2 à 4.",
    ),
    # Sending numbers and jobs
    (
        r"(?P<number>.+) is the last (?P<queue>\S+) number and (?P<n>\d+) messages? waits? for "
        r"it: add another number to that pool first\.",
        "{number} est le dernier numéro {queue} et {n} message(s) l'attendent : ajoutez d'abord "
        "un autre numéro à ce groupe.",
    ),
    (
        r"This (?P<kind>.+) text already went to (?P<customer>.+) \(message (?P<id>\d+), "
        r"(?P<status>\w+)\): it is sent once per job\.",
        "Ce texto ({kind}) est déjà parti à {customer} (message {id}, {status}) : il ne part "
        "qu'une fois par travail.",
    ),
    (r"There is no job number (?P<n>\d+)\.", "Il n'y a pas de travail {n}."),
    (
        r"A bundle holds at most (?P<segments>\S+) segments for at most (?P<price>\S+): check "
        r"the figures for an extra zero\.",
        "Un forfait contient au plus {segments} segments pour au plus {price} : vérifiez qu'il "
        "n'y a pas un zéro de trop.",
    ),
    # Import rows (services/importer.py, services/sales_import.py)
    (
        r"(?P<reason>.+) Leave mobile empty to import the customer without one\.",
        "{reason} Laissez mobile vide pour importer le client sans cellulaire.",
    ),
    (
        r"opted_in '(?P<x>.*)' is not one of (?P<methods>.+) \(or empty when the customer has "
        r"not agreed to texts\)\.",
        "opted_in « {x} » n'est pas l'un de {methods} (ou vide quand le client n'a pas accepté "
        "les textos).",
    ),
    (
        r"start '(?P<x>.*)' is not a date and time like 2026-03-10 14:30\.",
        "start « {x} » n'est pas une date et une heure comme 2026-03-10 14:30.",
    ),
    (
        r"start '(?P<x>.*)' is not a date a job can have: give a year between (?P<a>\d+) and "
        r"(?P<b>\d+)\.",
        "start « {x} » n'est pas une date possible pour un travail : donnez une année entre "
        "{a} et {b}.",
    ),
    (
        r"external_id (?P<x>.+) is already on line (?P<n>\d+) of this file: a repeated customer "
        r"adds a contact, and this row has no new mobile\.",
        "external_id {x} est déjà à la ligne {n} de ce fichier : un client répété ajoute un "
        "contact, et cette ligne n'a pas de nouveau cellulaire.",
    ),
    (
        r"Line (?P<n>\d+) of (?P<file>.+) cannot be read as CSV \((?P<why>.*)\): fix that line "
        r"and import the file again\.",
        "La ligne {n} de {file} ne se lit pas en CSV ({why}) : corrigez cette ligne et importez "
        "le fichier de nouveau.",
    ),
    (
        r"amount '(?P<x>.*)' is not an amount like 129\.95\.",
        "amount « {x} » n'est pas un montant comme 129.95.",
    ),
    (
        r"date '(?P<x>.*)' is not a date like 2026-03-10\.",
        "date « {x} » n'est pas une date comme 2026-03-10.",
    ),
    (
        r"customer (?P<x>.+) is not known: import the customers first\.",
        "le client {x} est inconnu : importez d'abord les clients.",
    ),
    (
        r"item (?P<item>.+) of invoice (?P<invoice>.+) is already on line (?P<n>\d+) of this "
        r"file\.",
        "l'article {item} de la facture {invoice} est déjà à la ligne {n} de ce fichier.",
    ),
    # The settings file (config.py)
    (r"Config file (?P<path>.+) does not exist\.", "Le fichier de réglages {path} n'existe pas."),
    (
        r"Config file (?P<path>.+) is not a file: give the settings file's path\.",
        "Le fichier de réglages {path} n'est pas un fichier : donnez le chemin du fichier de "
        "réglages.",
    ),
    (
        r"Config file (?P<path>.+) is not valid TOML: (?P<why>.+)\.",
        "Le fichier de réglages {path} n'est pas du TOML valide : {why}.",
    ),
    (
        r"The file (?P<path>.+) named by (?P<key>\S+) does not exist\.",
        "Le fichier {path} nommé par {key} n'existe pas.",
    ),
    (
        r"The file (?P<path>.+) named by (?P<key>\S+) can be read by other users: run "
        r"'chmod 600 (?P=path)' and try again\.",
        "Le fichier {path} nommé par {key} est lisible par d'autres utilisateurs : lancez "
        "« chmod 600 {path} » et recommencez.",
    ),
    (
        r"The file (?P<path>.+) named by (?P<key>\S+) belongs to another user: it must belong "
        r"to the user that runs tui-sms\.",
        "Le fichier {path} nommé par {key} appartient à un autre utilisateur : il doit "
        "appartenir à l'utilisateur qui lance tui-sms.",
    ),
    (
        r"mail\.password_env names the variable (?P<name>\S+), which is not set in this "
        r"environment\.",
        "mail.password_env nomme la variable {name}, qui n'est pas définie dans cet environnement.",
    ),
    (
        r"“(?P<x>.+)” is not a known time zone: choose one such as America/Toronto in Settings\.",
        "« {x} » n'est pas un fuseau horaire connu : choisissez-en un comme America/Toronto "
        "dans les réglages.",
    ),
    (
        r"The database URL (?P<url>.+) cannot be used: (?P<why>.+)\.",
        "L'URL de base de données {url} est inutilisable : {why}.",
    ),
    # Mail, carriers, SSH keys
    (
        r"The mail server (?P<host>\S+) refused every recipient: (?P<why>.+)\.",
        "Le serveur de courriel {host} a refusé tous les destinataires : {why}.",
    ),
    (
        r"The mail server (?P<host>\S+) answered (?P<code>\d+) (?P<why>.+)\.",
        "Le serveur de courriel {host} a répondu {code} {why}.",
    ),
    (
        r"“(?P<x>.+)” is not an e-mail address: write it as name@example\.com\.",
        "« {x} » n'est pas une adresse courriel : écrivez-la comme nom@exemple.com.",
    ),
    (
        r"“(?P<x>.+)” is not a known carrier: use one of (?P<keys>.+)\.",
        "« {x} » n'est pas un opérateur connu : utilisez l'un de {keys}.",
    ),
    (
        r"(?P<path>.+) must hold exactly one public key \(the \.pub file\)\.",
        "{path} doit contenir exactement une clé publique (le fichier .pub).",
    ),
    (r"(?P<path>.+) holds a damaged SSH public key\.", "{path} contient une clé SSH abîmée."),
    (
        r"The login (?P<login>.+) cannot be used over SSH: letters, digits, '\.', '_' and '-' "
        r"only\.",
        "L'identifiant {login} ne peut pas servir par SSH : lettres, chiffres, « . », « _ » et "
        "« - » seulement.",
    ),
    (
        r"This key already belongs to (?P<login>.+) in (?P<path>.+)\.",
        "Cette clé appartient déjà à {login} dans {path}.",
    ),
    # The provider's connection (provider/twilio.py)
    (
        r"The SMS provider did not answer within (?P<n>[\d.]+) seconds\.",
        "Le fournisseur SMS n'a pas répondu en {n} secondes.",
    ),
    (
        r"Could not reach the SMS provider at (?P<url>\S+) \((?P<why>.*)\)\.",
        "Impossible de joindre le fournisseur SMS à {url} ({why}).",
    ),
    (
        r"The connection to the SMS provider at (?P<url>\S+) broke \((?P<why>.*)\)\.",
        "La connexion au fournisseur SMS à {url} a été coupée ({why}).",
    ),
]
