"""French lines for setting a shop up: shop settings, roles, sending numbers, the Twilio
account check, staff and customers (keyed by the English text, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "A new shop needs a name, a country (CA or US) and a province or state.": (
        "Un nouveau garage a besoin d'un nom, d'un pays (CA ou US) et d'une province ou d'un État."
    ),
    "The shop needs a name: customers see it in every disclaimer.": (
        "Le garage a besoin d'un nom : les clients le voient dans chaque avis."
    ),
    "Give the shop's country (CA or US) with its province or state.": (
        "Indiquez le pays du garage (CA ou US) avec sa province ou son État."
    ),
    "The shop's language is en (English) or fr (French).": (
        "La langue du garage est en (anglais) ou fr (français)."
    ),
    "This database has no shop yet: set it up with 'tui-sms shop set' "
    "(see README: Setting up a shop).": (
        "Cette base de données n'a pas encore de garage : créez-le avec « tui-sms shop set » "
        "(voir le README : Setting up a shop)."
    ),
    "This database has no shop yet: set it up with 'tui-sms shop set' "
    "(see README: Setting up a shop), or try the app with 'tui-sms --demo'.": (
        "Cette base de données n'a pas encore de garage : créez-le avec « tui-sms shop set » "
        "(voir le README : Setting up a shop), ou essayez l'application avec « tui-sms --demo »."
    ),
    "A rate is a number of segments per second, 0 or more.": (
        "Un débit est un nombre de segments par seconde, 0 ou plus."
    ),
    "Twilio refused the account SID and auth token: copy both again from the Twilio console.": (
        "Twilio a refusé le SID du compte et le jeton : copiez-les de nouveau depuis la "
        "console Twilio."
    ),
    "Set provider.account_sid and provider.auth_token (or TUI_SMS_PROVIDER__ACCOUNT_SID and "
    "TUI_SMS_PROVIDER__AUTH_TOKEN) to the values of the Twilio console.": (
        "Donnez à provider.account_sid et provider.auth_token (ou TUI_SMS_PROVIDER__ACCOUNT_SID "
        "et TUI_SMS_PROVIDER__AUTH_TOKEN) les valeurs de la console Twilio."
    ),
    "A customer needs a name.": "Un client a besoin d'un nom.",
    "A customer's language is en (English) or fr (French).": (
        "La langue d'un client est en (anglais) ou fr (français)."
    ),
    "This conversation is with a staff member, not a customer.": (
        "Cette conversation est avec un employé, pas avec un client."
    ),
    # what an administrator alone may do ("Only an administrator can …")
    "change the shop's settings": "changer les réglages du garage",
    "manage the shop's sending numbers": "gérer les numéros d'envoi du garage",
    "add or change staff members": "ajouter ou modifier des employés",
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"“(?P<x>.*)” is not a country tui-sms serves: use CA or US\.",
        "« {x} » n'est pas un pays que tui-sms dessert : utilisez CA ou US.",
    ),
    (
        r"“(?P<x>.*)” is not a Canadian province or territory: use its two letters, "
        r"e\.g\. QC or ON\.",
        "« {x} » n'est pas une province ou un territoire du Canada : utilisez ses deux "
        "lettres, p. ex. QC ou ON.",
    ),
    (
        r"“(?P<x>.*)” is not a U\.S\. state: use its two letters, e\.g\. NY or TX\.",
        "« {x} » n'est pas un État américain : utilisez ses deux lettres, p. ex. NY ou TX.",
    ),
    (
        r"“(?P<x>.*)” is not a time zone: use a name such as America/Toronto\.",
        "« {x} » n'est pas un fuseau horaire : utilisez un nom comme America/Toronto.",
    ),
    (
        r"“(?P<x>.*)” are not quiet hours: write them as 21:00-08:00\.",
        "« {x} » n'est pas une plage de silence : écrivez-la 21:00-08:00.",
    ),
    (
        r"Only an administrator can (?P<reason>.+): ask (?P<names>.+)\.",
        "Seul un administrateur peut {reason} : demandez à {names}.",
    ),
    (
        r"“(?P<x>.*)” is not a role: use admin or staff\.",
        "« {x} » n'est pas un rôle : utilisez admin ou staff.",
    ),
    (
        r"(?P<name>.+) is the shop's last administrator: make someone else an administrator "
        r"first\.",
        "{name} est le dernier administrateur du garage : nommez d'abord quelqu'un d'autre "
        "administrateur.",
    ),
    (
        r"“(?P<x>.*)” is not a phone number: give the shop's number as \+14386013562, "
        r"\(438\) 601-3562, or a short code's 5 or 6 digits\.",
        "« {x} » n'est pas un numéro de téléphone : donnez le numéro du garage sous la forme "
        "+14386013562, (438) 601-3562, ou les 5 ou 6 chiffres d'un code court.",
    ),
    (
        r"“(?P<x>.*)” is not a queue: use transactional or promotional\.",
        "« {x} » n'est pas une file : utilisez transactional ou promotional.",
    ),
    (
        r"(?P<n>.+) is a short code: give the rate you contracted, e\.g\. --rate 100\.",
        "{n} est un code court : donnez le débit prévu à votre contrat, p. ex. --rate 100.",
    ),
    (
        r"(?P<n>.+) is not one of the shop's sending numbers\.",
        "{n} n'est pas un des numéros d'envoi du garage.",
    ),
    (
        r"(?P<n>.+) is already in the (?P<reason>transactional|promotional) pool\.",
        "{n} est déjà dans le groupe {reason}.",
    ),
    (
        r"(?P<n>.+) is the last (?P<reason>transactional|promotional) number and "
        r"(?P<count>\d+) messages? waits? for it: add another number to that pool first\.",
        "{n} est le dernier numéro du groupe {reason} et {count} message(s) l'attendent : "
        "ajoutez d'abord un autre numéro à ce groupe.",
    ),
    (
        r"(?P<n>.+) cannot send text messages \(no SMS capability on this number\)\.",
        "{n} ne peut pas envoyer de textos (ce numéro n'a pas la fonction SMS).",
    ),
    (
        r"Twilio account (?P<name>.+) is active(?P<trial> \(trial account: it texts only "
        r"verified numbers\))?: (?P<count>\d+) numbers that can text\.",
        "Le compte Twilio {name} est actif : {count} numéros peuvent texter.",
    ),
    (
        r"Twilio account (?P<name>.+) is active(?P<trial> \(trial account: it texts only "
        r"verified numbers\))?: (?P<count>\d+) number that can text\.",
        "Le compte Twilio {name} est actif : {count} numéro peut texter.",
    ),
    (
        r"The Twilio account (?P<name>.+) is suspended: nothing can be sent until Twilio "
        r"reactivates it\.",
        "Le compte Twilio {name} est suspendu : rien ne peut partir avant que Twilio le réactive.",
    ),
    (
        r"The Twilio account (?P<name>.+) is (?P<status>\w+): it cannot send\.",
        "Le compte Twilio {name} est {status} : il ne peut pas envoyer.",
    ),
    (
        r"Twilio has no account (?P<sid>\S+): check provider\.account_sid\.",
        "Twilio n'a pas de compte {sid} : vérifiez provider.account_sid.",
    ),
    (
        r"Twilio refused the account check: (?P<error>.+)\.",
        "Twilio a refusé la vérification du compte : {error}.",
    ),
    (
        r"(?P<n>.+) is already a contact of (?P<name>.+)\.",
        "{n} est déjà un contact de {name}.",
    ),
    (r"There is no contact number (?P<n>\d+)\.", "Il n'y a pas de contact {n}."),
    (r"There is no customer number (?P<n>\d+)\.", "Il n'y a pas de client {n}."),
    (
        r"This conversation is already linked to (?P<name>.+)\.",
        "Cette conversation est déjà liée à {name}.",
    ),
    (
        r"The database directory (?P<d>.+) does not exist: create it first, or give "
        r"--database a file in a directory that exists\.",
        "Le dossier de la base de données {d} n'existe pas : créez-le d'abord, ou donnez à "
        "--database un fichier dans un dossier qui existe.",
    ),
    (
        r"(?P<n>\d+) segments? · (?P<enc>GSM-7|UCS-2)",
        "{n} segment(s) · {enc}",
    ),
]
