"""French lines for a shop's first day in the app: the setup and settings screen, the
Provider, Staff and Customers screens, linking an unknown sender, and consent from the
new-conversation dialog (keyed by the English text, see i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "Active": "Actif",
    "Add a contact": "Ajouter un contact",
    "Add a customer": "Ajouter un client",
    "Add a staff member": "Ajouter un employé",
    "Add and change customers and their contacts, each with its own consent": (
        "Ajouter et modifier des clients et leurs contacts, chacun avec son consentement"
    ),
    "Add staff, change their language, SMS number and role (administrators)": (
        "Ajouter des employés, changer leur langue, leur numéro SMS et leur rôle (administrateurs)"
    ),
    "Administrator": "Administrateur",
    "Automatic (French in Quebec)": "Automatique (français au Québec)",
    "Canada": "Canada",
    "Change {name}": "Modifier {name}",
    "Check the Twilio account and put its numbers in a pool (administrators)": (
        "Vérifier le compte Twilio et placer ses numéros dans un groupe (administrateurs)"
    ),
    "Checking the Twilio account…": "Vérification du compte Twilio…",
    "Class": "Classe",
    "Consent": "Consentement",
    "Contact": "Contact",
    "Contact added.": "Contact ajouté.",
    "Contacts (each with its own consent)": "Contacts (chacun avec son consentement)",
    "Conversation linked to the customer.": "Conversation liée au client.",
    "Country, then province or state": "Pays, puis province ou État",
    "Customer name": "Nom du client",
    "Customer saved.": "Client enregistré.",
    "Customers": "Clients",
    "Customers see: {shown}  ({count})": "Les clients voient : {shown}  ({count})",
    "Find by name": "Chercher par nom",
    "First-message disclaimer (English)": "Avis du premier message (anglais)",
    "First-message disclaimer (French)": "Avis du premier message (français)",
    "How did the customer agree?": "Comment le client a-t-il accepté?",
    "I agree to receive text messages from {shop}.": (
        "J'accepte de recevoir des textos de {shop}."
    ),
    "Kind": "Type",
    "Language": "Langue",
    "Language of a new customer": "Langue d'un nouveau client",
    "Link to {name}": "Lier à {name}",
    "Login": "Identifiant",
    "Login (the name they start tui-sms with)": (
        "Identifiant (le nom avec lequel la personne lance tui-sms)"
    ),
    "Mobile number": "Numéro de cellulaire",
    "Mobile number (the first contact)": "Numéro de cellulaire (le premier contact)",
    "Name": "Nom",
    "Name, region, time zone, language, quiet hours, disclaimers (administrators)": (
        "Nom, région, fuseau horaire, langue, heures de silence, avis (administrateurs)"
    ),
    "New customer: {name}": "Nouveau client : {name}",
    "Not now (n)": "Pas maintenant (n)",
    "Nothing is set up yet. Fill in the shop and press Ctrl+S: you become its administrator, "
    "then the message center opens.": (
        "Rien n'est encore configuré. Remplissez la fiche du garage et appuyez sur Ctrl+S : "
        "vous en devenez l'administrateur, puis le centre de messages s'ouvre."
    ),
    "Number": "Numéro",
    "Pool": "Groupe",
    "Proposed rate": "Débit proposé",
    "Provider account": "Compte du fournisseur",
    "Provider and numbers": "Fournisseur et numéros",
    "Province or state": "Province ou État",
    "Quiet hours (no texts between)": "Heures de silence (aucun texto entre)",
    "Rate (segments per second) for the next assignment: ": (
        "Débit (segments par seconde) pour la prochaine attribution : "
    ),
    "Record": "Enregistrer",
    "Record consent for {number}": "Enregistrer le consentement de {number}",
    "Return e-mail for reply forwards": "Courriel de retour pour les réponses transférées",
    "Role": "Rôle",
    "SMS number": "Numéro SMS",
    "SMS number (for texts to staff)": "Numéro SMS (pour les textos aux employés)",
    "Save (Ctrl+S)": "Enregistrer (Ctrl+S)",
    "Send anyway (y)": "Envoyer quand même (y)",
    "Sending numbers saved.": "Numéros d'envoi enregistrés.",
    "Set the shop up first (Ctrl+S saves), or quit with Ctrl+Q.": (
        "Configurez d'abord le garage (Ctrl+S enregistre), ou quittez avec Ctrl+Q."
    ),
    "Set up your shop": "Configurez votre garage",
    "Shop language (disclaimers, keyword answers)": (
        "Langue du garage (avis, réponses aux mots-clés)"
    ),
    "Shop name": "Nom du garage",
    "Shop phone": "Téléphone du garage",
    "Shop settings": "Réglages du garage",
    "Staff": "Employés",
    "Staff saved.": "Employé enregistré.",
    "The account could not be checked.": "Le compte n'a pas pu être vérifié.",
    "The wording they agreed to:": "Le texte accepté :",
    "This conversation already has a customer.": "Cette conversation a déjà un client.",
    "Time zone (proposed from the province)": "Fuseau horaire (proposé selon la province)",
    "Type": "Type",
    "Type a customer's name; Enter links, or makes a new customer.": (
        "Tapez le nom d'un client; Entrée lie la conversation, ou crée un nouveau client."
    ),
    "United States": "États-Unis",
    "Who is {number}?": "Qui est {number}?",
    "as contracted": "selon le contrat",
    "cannot text": "ne peut pas texter",
    "e.g. Garage Lavoie": "p. ex. Garage Lavoie",
    "no": "non",
    "none": "aucun",
    "not used": "non utilisé",
    "proposed": "proposé",
    "t: transactional pool · p: promotional pool · d: remove from its pool · F5: check again": (
        "t : groupe transactionnel · p : groupe promotionnel · d : retirer de son groupe "
        "· F5 : vérifier de nouveau"
    ),
    "yes": "oui",
    "{number} has no consent on file: press F2 to record how the customer agreed, and the "
    "message goes out.": (
        "{number} n'a pas de consentement au dossier : appuyez sur F2 pour enregistrer comment "
        "le client a accepté, et le message part."
    ),
    "{rate}/s": "{rate}/s",
    # Values shown through _() from the services' rows.
    "Signed paper": "Papier signé",
    "Electronic": "Électronique",
    "Verbal": "Verbal",
    "signed paper": "papier signé",
    "electronic": "électronique",
    "verbal": "verbal",
    "long code": "numéro local",
    "toll-free": "sans frais",
    "short code": "code court",
    # What only an administrator can do (the end of "Only an administrator can …").
    "buy bundles of segments": "acheter des forfaits de segments",
    "edit the message templates": "modifier les modèles de messages",
    # Binding descriptions of the new screens.
    "Close": "Fermer",
    "Change": "Modifier",
    "Transactional": "Transactionnel",
    "Promotional": "Promotionnel",
    "Remove from pool": "Retirer du groupe",
    "Check again": "Vérifier de nouveau",
    "Deactivate/reactivate": "Désactiver/réactiver",
    "Add customer": "Ajouter un client",
    "Add contact": "Ajouter un contact",
    "Link to customer": "Lier à un client",
}

PATTERNS: list[tuple[str, str]] = [
    (
        r"Record the customer's consent first: (?P<n>.+) has no consent on file "
        r"\(tui-sms customer consent record .*\)\.",
        "Enregistrez d'abord le consentement du client : {n} n'a pas de consentement au "
        "dossier (Maj+C dans la conversation, ou F2 dans une nouvelle conversation).",
    ),
]
