"""French lines for sentences the services and the domain write that the command line shows:
phone numbers, the installation check (doctor), shop and hours labels, and refusals of the
commands the screens do not have (keyed by the English text, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # doctor's topics
    "settings": "réglages",
    "provider": "fournisseur",
    "mail": "courriel",
    "files": "fichiers",
    "database": "base",
    "sender": "envoi",
    # shop show
    "Phone": "Téléphone",
    "Country": "Pays",
    "Time zone": "Fuseau horaire",
    "Return e-mail": "Courriel de retour",
    "Quiet hours": "Heures de silence",
    "Disclaimer (English)": "Avis (anglais)",
    "Disclaimer (French)": "Avis (français)",
    "Administrators": "Administrateurs",
    # shop hours
    "Monday": "Lundi",
    "Tuesday": "Mardi",
    "Wednesday": "Mercredi",
    "Thursday": "Jeudi",
    "Friday": "Vendredi",
    "Saturday": "Samedi",
    "Sunday": "Dimanche",
    # doctor's findings without values
    "The sandbox provider: no real text leaves this machine.": (
        "Le fournisseur bac à sable : aucun vrai texto ne quitte cette machine."
    ),
    "Twilio needs provider.account_sid and the auth token "
    "(TUI_SMS_PROVIDER__AUTH_TOKEN or provider.auth_token_file).": (
        "Twilio a besoin de provider.account_sid et du jeton d'authentification "
        "(TUI_SMS_PROVIDER__AUTH_TOKEN ou provider.auth_token_file)."
    ),
    "No mail server: reply forwards wait (set mail.host and mail.sender).": (
        "Aucun serveur de courriel : les transferts de réponses attendent "
        "(réglez mail.host et mail.sender)."
    ),
    "No sender runs now: texts go out once the worker or any tui-sms app runs.": (
        "Aucun expéditeur ne tourne : les textos partiront dès que le worker ou une "
        "application tui-sms tournera."
    ),
    # Phone numbers
    "The shop's country is not set: choose it in Settings before entering numbers.": (
        "Le pays du garage n'est pas réglé : choisissez-le dans les réglages avant d'entrer "
        "des numéros."
    ),
    "text messages can only go to mobile phones.": (
        "les textos ne peuvent aller qu'à des cellulaires."
    ),
    # Opening the shop's database
    "The database schema is not up to date: run 'tui-sms db upgrade' once, then start again.": (
        "Le schéma de la base de données n'est pas à jour : lancez « tui-sms db upgrade » une "
        "fois, puis recommencez."
    ),
    "The Twilio provider needs provider.account_sid and its auth token "
    "(TUI_SMS_PROVIDER__AUTH_TOKEN or provider.auth_token_file).": (
        "Le fournisseur Twilio a besoin de provider.account_sid et de son jeton "
        "d'authentification (TUI_SMS_PROVIDER__AUTH_TOKEN ou provider.auth_token_file)."
    ),
    # Billing and reports
    "A purchase adds at least one segment: give the bundle's size.": (
        "Un achat ajoute au moins un segment : donnez la taille du forfait."
    ),
    "Give the price paid for the bundle, for example --price 37.50.": (
        "Donnez le prix payé pour le forfait, par exemple --price 37.50."
    ),
    "This database has no shop yet: set the shop up before buying segments.": (
        "Cette base de données n'a pas encore de garage : créez-le avant d'acheter des segments."
    ),
    "Give the limit as a number of segments, 0 or more (e.g. 500).": (
        "Donnez la limite en nombre de segments, 0 ou plus (p. ex. 500)."
    ),
    "This database has no shop yet: set the shop up first.": (
        "Cette base de données n'a pas encore de garage : créez-le d'abord."
    ),
    "This database has no shop yet.": "Cette base de données n'a pas encore de garage.",
    "The shop is not set up yet (tui-sms shop set).": (
        "Le garage n'est pas encore configuré (tui-sms shop set)."
    ),
    # Messages
    "There is nothing to send: the message is empty.": "Rien à envoyer : le message est vide.",
    "E-mail is not set up: give mail.host and mail.sender in the settings file.": (
        "Le courriel n'est pas configuré : indiquez mail.host et mail.sender dans le fichier "
        "de réglages."
    ),
    "A carrier gateway needs the employee's cell number: give --sms NUMBER too.": (
        "Une passerelle d'opérateur a besoin du cellulaire de l'employé : donnez aussi "
        "--sms NUMÉRO."
    ),
}

_NOT_MOBILE = {
    "a landline": "une ligne fixe",
    "a toll-free number": "un numéro sans frais",
    "a premium-rate number": "un numéro surtaxé",
    "a shared-cost number": "un numéro à coût partagé",
    "an internet phone line \\(VoIP\\)": "une ligne téléphonique Internet (VoIP)",
    "a pager": "un téléavertisseur",
}

PATTERNS: list[tuple[str, str]] = [
    # argparse's refusals (its own messages carry no French catalog)
    (r"argument (?P<arg>[^:]+): (?P<reason>.+)", "argument {arg} : {reason}"),
    (
        r"the following arguments are required: (?P<args>.+)",
        "ces arguments sont obligatoires : {args}",
    ),
    (
        r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
        "choix invalide : {value} (choisissez parmi {choices})",
    ),
    (r"unrecognized arguments: (?P<args>.+)", "arguments inconnus : {args}"),
    (r"expected one argument", "un argument est attendu"),
    (r"invalid (?P<type>\w+) value: (?P<value>.+)", "valeur invalide ({type}) : {value}"),
    # Phone numbers (domain/phone.py); {reason} is translated on its own
    (r"Enter a mobile number, e\.g\. (?P<ex>.+)\.", "Entrez un numéro de cellulaire, p. ex. {ex}."),
    (
        r"a mobile number has 10 digits, e\.g\. (?P<ex>.+)\.",
        "un numéro de cellulaire a 10 chiffres, p. ex. {ex}.",
    ),
    (r"use digits only, e\.g\. (?P<ex>.+)\.", "n'utilisez que des chiffres, p. ex. {ex}."),
    (
        r"“(?P<x>.+)” is not a phone number: (?P<reason>.+)",
        "« {x} » n'est pas un numéro de téléphone : {reason}",
    ),
    (r"“(?P<x>.+)” has too many digits: (?P<reason>.+)", "« {x} » a trop de chiffres : {reason}"),
    (
        r"“(?P<x>.+)” is missing the area code: (?P<reason>.+)",
        "Il manque l'indicatif régional à « {x} » : {reason}",
    ),
    (
        r"“(?P<x>.+)” has an extension, so it is an office line: (?P<reason>.+)",
        "« {x} » a un poste : c'est une ligne de bureau ; {reason}",
    ),
    (
        r"“(?P<x>.+)” starts with an unknown country code: type the 10 digits, e\.g\. (?P<ex>.+)\.",
        "« {x} » commence par un indicatif de pays inconnu : tapez les 10 chiffres, p. ex. {ex}.",
    ),
    (
        r"“(?P<x>.+)” is not a valid phone number: check the area code and the digits\.",
        "« {x} » n'est pas un numéro de téléphone valide : vérifiez l'indicatif et les chiffres.",
    ),
    *(
        (
            rf"(?P<number>.+) is {english}: text messages can only go to mobile phones\.",
            f"Le {{number}} est {french} : les textos ne peuvent aller qu'à des cellulaires.",
        )
        for english, french in _NOT_MOBILE.items()
    ),
    # Who runs the command (services/runtime.py)
    (
        r"'(?P<login>.+)' is not a staff member of this shop: ask a manager to add you "
        r"\(tui-sms staff add\), or start with --as NAME\.",
        "« {login} » ne fait pas partie du personnel de ce garage : demandez à un gérant de "
        "vous ajouter (tui-sms staff add), ou lancez avec --as NOM.",
    ),
    (
        r"The database at (?P<url>.+) cannot be reached \((?P<detail>.*)\): check database_url "
        r"and that the database server is running\.",
        "La base de données {url} est injoignable ({detail}) : vérifiez database_url et que "
        "le serveur de base de données tourne.",
    ),
    # doctor's findings (services/doctor.py)
    (r"Settings read from (?P<path>.+)\.", "Réglages lus dans {path}."),
    (
        r"Settings no file at (?P<path>.+), environment only\.",
        "Réglages : aucun fichier à {path}, environnement seulement.",
    ),
    (
        r"Twilio account (?P<sid>\S+), auth token set\.",
        "Compte Twilio {sid}, jeton d'authentification réglé.",
    ),
    (
        r"Mail through (?P<host>.+): try it with 'tui-sms mail test'\.",
        "Courriel par {host} : essayez-le avec « tui-sms mail test ».",
    ),
    (
        r"Anyone can change (?P<path>.+): run 'chmod o-w (?P=path)'\.",
        "Tout le monde peut modifier {path} : lancez « chmod o-w {path} ».",
    ),
    (
        r"(?P<path>.+) does not exist yet: it will be created private\.",
        "{path} n'existe pas encore : il sera créé privé.",
    ),
    (
        r"(?P<path>.+) is open to other users \((?P<mode>\d+)\): "
        r"run 'chmod (?P<fix>\S+) (?P=path)'\.",
        "{path} est ouvert aux autres utilisateurs ({mode}) : lancez « chmod {fix} {path} ».",
    ),
    (r"(?P<path>.+) is private \((?P<mode>\d+)\)\.", "{path} est privé ({mode})."),
    (
        r"(?P<url>.+) cannot be opened \((?P<detail>.*)\): check database_url\.",
        "{url} ne s'ouvre pas ({detail}) : vérifiez database_url.",
    ),
    (
        r"(?P<url>.+) is at schema (?P<current>\S+), not (?P<head>\S+): start tui-sms once\.",
        "{url} est au schéma {current}, pas {head} : lancez tui-sms une fois.",
    ),
    (
        r"(?P<url>.+) is at schema (?P<current>\S+), not (?P<head>\S+): "
        r"run 'tui-sms db upgrade'\.",
        "{url} est au schéma {current}, pas {head} : lancez « tui-sms db upgrade ».",
    ),
    (
        r"(?P<url>.+), schema up to date \((?P<head>\S+)\)\.",
        "{url}, schéma à jour ({head}).",
    ),
    (
        r"Texts are sent by the worker service \((?P<holder>.+)\)\.",
        "Les textos sont envoyés par le service worker ({holder}).",
    ),
    (
        r"Texts are sent by a tui-sms app \((?P<holder>.+)\)\.",
        "Les textos sont envoyés par une application tui-sms ({holder}).",
    ),
    (
        r"Nothing is sending and (?P<n>\d+) texts wait: start the worker "
        r"\('systemctl start tui-sms-worker' or 'tui-sms worker'\)\.",
        "Rien n'envoie et {n} textos attendent : démarrez le worker "
        "(« systemctl start tui-sms-worker » ou « tui-sms worker »).",
    ),
    # The Twilio account check (services/provider_check.py)
    (
        r"Twilio account (?P<name>.+) is active \(trial account: it texts only verified "
        r"numbers\): (?P<n>\d+) numbers that can text\.",
        "Le compte Twilio {name} est actif (compte d'essai : il n'écrit qu'aux numéros "
        "vérifiés) : {n} numéros pouvant envoyer des textos.",
    ),
    (
        r"Twilio account (?P<name>.+) is active \(trial account: it texts only verified "
        r"numbers\): (?P<n>\d+) number that can text\.",
        "Le compte Twilio {name} est actif (compte d'essai : il n'écrit qu'aux numéros "
        "vérifiés) : {n} numéro pouvant envoyer des textos.",
    ),
    (
        r"Twilio account (?P<name>.+) is active: (?P<n>\d+) numbers that can text\.",
        "Le compte Twilio {name} est actif : {n} numéros pouvant envoyer des textos.",
    ),
    (
        r"Twilio account (?P<name>.+) is active: (?P<n>\d+) number that can text\.",
        "Le compte Twilio {name} est actif : {n} numéro pouvant envoyer des textos.",
    ),
    (
        r"(?P<number>.+) cannot send text messages \(no SMS capability on this number\)\.",
        "{number} ne peut pas envoyer de textos (ce numéro n'a pas la capacité SMS).",
    ),
    # Texting employees (services/employees.py): one estimate line
    (
        r"SMS to (?P<n>\d+) employees?: (?P<s>\d+) segments?",
        "SMS à {n} employé(s) : {s} segment(s)",
    ),
    (
        r"SMS to (?P<n>\d+) employees?: (?P<s>\d+) segments? · (?P<free>\d+) free "
        r"\(e-mail gateway\)",
        "SMS à {n} employé(s) : {s} segment(s) · {free} gratuit(s) (passerelle courriel)",
    ),
    (r"(?P<free>\d+) free \(e-mail gateway\)", "{free} gratuit(s) (passerelle courriel)"),
    # Refusals of the commands only the command line has
    (
        r"There is no job (?P<job>.+): import the jobs first\.",
        "Il n'y a pas de travail {job} : importez d'abord les travaux.",
    ),
    (
        r"There is no '(?P<kind>.+)' text: use confirmation, completed, thanks or on_my_way\.",
        "Il n'y a pas de texto « {kind} » : utilisez confirmation, completed, thanks ou on_my_way.",
    ),
    (
        r"There is no '(?P<kind>.+)' message: use confirmation or completed\.",
        "Il n'y a pas de message « {kind} » : utilisez confirmation ou completed.",
    ),
    (
        r"There is no '(?P<queue>.+)' queue: use transactional or promotional\.",
        "Il n'y a pas de file « {queue} » : utilisez transactional ou promotional.",
    ),
    (r"There is no promotion number (?P<n>\d+)\.", "Il n'y a pas de promotion {n}."),
    (r"There is no contact number (?P<n>\d+)\.", "Il n'y a pas de contact {n}."),
    (r"There is no staff member number (?P<n>\d+)\.", "Il n'y a pas de membre du personnel {n}."),
    (r"(?P<name>.+) has no mobile number on file\.", "{name} n'a pas de cellulaire au dossier."),
    (
        r"(?P<number>.+) is already in the (?P<pool>\S+) pool\.",
        "{number} est déjà dans le groupe {pool}.",
    ),
    (
        r"“(?P<x>.+)” is not a status of the report: use sent, failed or both\.",
        "« {x} » n'est pas un statut du rapport : utilisez sent, failed ou both.",
    ),
    (
        r"(?P<x>.+) is not a day a report can cover: give a day such as 2026-03-10\.",
        "{x} n'est pas un jour qu'un rapport peut couvrir : donnez un jour comme 2026-03-10.",
    ),
    (
        r"“(?P<x>.+)” is not a month: write it as 2026-03\.",
        "« {x} » n'est pas un mois : écrivez-le comme 2026-03.",
    ),
    (
        r"(?P<name>.+) has no SMS number: set one first \(tui-sms staff set (?P<login>\S+) "
        r"--sms NUMBER\)\.",
        "{name} n'a pas de numéro SMS : réglez-en un d'abord "
        "(tui-sms staff set {login} --sms NUMÉRO).",
    ),
    (
        r"There is already a staff member with the login '(?P<login>.+)'\.",
        "Il y a déjà un membre du personnel avec l'identifiant « {login} ».",
    ),
    (r"The key file (?P<path>.+) does not exist\.", "Le fichier de clé {path} n'existe pas."),
    (
        r"(?P<path>.+) is not an SSH public key: give the \.pub file, e\.g\. id_ed25519\.pub\.",
        "{path} n'est pas une clé publique SSH : donnez le fichier .pub, p. ex. id_ed25519.pub.",
    ),
    (
        r"(?P<path>.+) cannot be written: (?P<reason>.+)\.",
        "{path} ne peut pas être écrit : {reason}.",
    ),
    (r"(?P<path>.+) cannot be read: (?P<reason>.+)\.", "{path} ne peut pas être lu : {reason}."),
    # Import rows (services/importer.py): the reasons listed under "line N:"
    (r"(?P<column>\w+) is empty\.", "{column} est vide."),
    (r"language '(?P<x>.*)' is not en or fr\.", "la langue « {x} » n'est pas en ou fr."),
    (
        r"There is no customer (?P<x>.+): import the customers first\.",
        "Il n'y a pas de client {x} : importez d'abord les clients.",
    ),
    (
        r"status '(?P<x>.*)' is not active or cancelled\.",
        "le statut « {x} » n'est pas active ou cancelled.",
    ),
    (
        r"external_id (?P<x>.+) is already on line (?P<n>\d+) of this file\.",
        "external_id {x} est déjà à la ligne {n} de ce fichier.",
    ),
    (
        r"(?P<file>.+) is not UTF-8 text: save it from the spreadsheet as CSV UTF-8\.",
        "{file} n'est pas du texte UTF-8 : enregistrez-le depuis le tableur en CSV UTF-8.",
    ),
    (
        r"(?P<file>.+) has no (?P<column>\S+) column: the first line must name the columns "
        r"\(see docs/import\.md\)\.",
        "{file} n'a pas de colonne {column} : la première ligne doit nommer les colonnes "
        "(voir docs/import.md).",
    ),
    # Mail (services/mailer.py)
    (
        r"(?P<server>\S+) accepted the test for (?P<to>.+): (?P<answer>.*)",
        "{server} a accepté le test pour {to} : {answer}",
    ),
    (
        r"The mail server (?P<host>\S+) cannot be reached: (?P<reason>.+)\.",
        "Le serveur de courriel {host} est injoignable : {reason}.",
    ),
    (
        r"The mail server (?P<host>\S+) refused the login of (?P<user>.+): (?P<reason>.+)\.",
        "Le serveur de courriel {host} a refusé la connexion de {user} : {reason}.",
    ),
]
