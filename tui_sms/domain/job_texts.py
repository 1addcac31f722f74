"""Texts sent about a job at its stages: appointment confirmation, work completed, thank you
for the visit, and "on my way" for field service, with their default wording per language,
and the answers that confirm an appointment.

Defaults stay in GSM-7 where they can (see domain/templates.py on why it matters).
"""

from __future__ import annotations

import unicodedata
from types import MappingProxyType

JOB_TEXT_KINDS = ("confirmation", "completed", "thanks", "on_my_way")

# The confirmation asks for an answer; without these words nobody knows how to confirm.
CONFIRM_ASK = MappingProxyType({"en": "Reply C to confirm.", "fr": "Répondez C pour confirmer."})

DEFAULT_JOB_TEXTS = MappingProxyType(
    {
        "confirmation": MappingProxyType(
            {
                "en": "Hi {first_name}, {shop_name} here: your appointment is on {job_date} at "
                "{job_time}. Reply C to confirm.",
                "fr": "Bonjour {first_name}, ici {shop_name} : votre rendez-vous est le "
                "{job_date} à {job_time}. Répondez C pour confirmer.",
            }
        ),
        "completed": MappingProxyType(
            {
                "en": "Hi {first_name}, {shop_name} here: the work is done ({job_type}). "
                "Questions? Call us at {shop_phone}.",
                "fr": "Bonjour {first_name}, ici {shop_name} : les travaux sont terminés "
                "({job_type}). Des questions? Appelez-nous au {shop_phone}.",
            }
        ),
        "thanks": MappingProxyType(
            {
                "en": "Thank you for your visit, {first_name}! The {shop_name} team.",
                "fr": "Merci de votre visite, {first_name}! L'équipe {shop_name}.",
            }
        ),
        "on_my_way": MappingProxyType(
            {
                "en": "Hi {first_name}, {technician} from {shop_name} is on the way to you.",
                "fr": "Bonjour {first_name}, {technician} de {shop_name} est en route vers vous.",
            }
        ),
    }
)

# Answers that confirm an appointment: the letter the text asks for, and the usual yeses.
CONFIRM_WORDS = frozenset({"c", "yes", "y", "oui", "o"})


def confirms(body: str) -> bool:
    """Whether a reply is a confirmation: one of the words, any case, accents and trailing
    punctuation ignored ("Oui!", "c.", " YES ")."""
    text = unicodedata.normalize("NFKD", body.strip()).encode("ascii", "ignore").decode()
    return text.strip(" .!?,;:").lower() in CONFIRM_WORDS


def with_confirm_ask(body: str, language: str) -> str:
    """A confirmation edited by a clerk still tells the customer how to confirm."""
    ask = CONFIRM_ASK["fr" if language == "fr" else "en"]
    if ask.lower().rstrip(".") in body.lower():
        return body
    return f"{body.rstrip()} {ask}"
