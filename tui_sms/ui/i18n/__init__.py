"""The interface in English and French.

A small in-repo catalog rather than gettext: `_()` looks the English text up in a French
table (`fr.py`), so the source stays readable English, nothing has to be compiled to .mo at
build time (setuptools does not run msgfmt, and Babel would be one more dependency), and a
test checks that every `_()` literal in ui/ has its French line. Values go in as `{name}`
placeholders, filled after translation. Sentences the services raise (with names or numbers
in them) are translated by `sentence()`, exactly or through the patterns in `fr.py`.
"""

from __future__ import annotations

import dataclasses
import locale
import os
import re

from tui_sms.domain.money import format_count
from tui_sms.ui.i18n import fr, fr_plurals

LANGUAGES = ("en", "fr")
_state = {"language": "en"}
_original_descriptions: dict[tuple[type, str], str] = {}


def pick_language(*choices: str | None) -> str:
    """The language of the person at the keyboard: the first usable choice, else the
    environment's locale, else English. The message center and the command line both pass,
    in this order, the staff member's setting, the `language` setting and the shop's language
    (docs/configuration.md)."""
    for choice in choices:
        if choice and choice[:2].lower() in LANGUAGES:
            return choice[:2].lower()
    # LC_ALL, then LC_MESSAGES, then LANG, as POSIX reads them: the variable says French even
    # where that locale is not installed (Python's own locale then falls back to C).
    wanted = next(
        (os.environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(name)),
        "",
    )
    found = locale.getlocale()[0] or ""
    return "fr" if wanted.lower().startswith("fr") or found.lower().startswith("fr") else "en"


def set_language(language: str) -> None:
    _state["language"] = language if language in LANGUAGES else "en"


def language() -> str:
    return _state["language"]


def _(text: str, **values: object) -> str:
    template = fr.TEXTS.get(text, text) if _state["language"] == "fr" else text
    return template.format(**values) if values else template


def for_reader(reader_language: str | None, text: str, **values: object) -> str:
    """A catalog sentence in someone else's language (a customer's), or the interface's when
    theirs is not known: the wording a customer is asked to agree to is theirs to read."""
    wanted = reader_language if reader_language in LANGUAGES else _state["language"]
    template = fr.TEXTS.get(text, text) if wanted == "fr" else text
    return template.format(**values) if values else template


def n_(singular: str, plural: str, count: int, **values: object) -> str:
    """A sentence holding a count, in the interface's language: `{count}` is the count as the
    language writes numbers ("2,431" / "2 431"). English takes the singular for 1 only,
    French for 0 and 1; the French pair comes from `fr_plurals.PLURALS`."""
    one = count == 1
    if _state["language"] == "fr":
        singular, plural = fr_plurals.PLURALS.get((singular, plural), (singular, plural))
        one = count in (0, 1)
    template = singular if one else plural
    return template.format(count=format_count(count, _state["language"]), **values)


def sentence(text: str) -> str:
    """A sentence from a service or the domain, in the interface's language."""
    if _state["language"] != "fr":
        return text
    if text in fr.TEXTS:
        return fr.TEXTS[text]
    for pattern, french in fr.PATTERNS:
        match = re.fullmatch(pattern, text)
        if match:
            parts = {k: sentence(v) if k == "reason" else v for k, v in match.groupdict().items()}
            return french.format(**parts)
    return text


def translate_bindings(*classes: type) -> None:
    """Give the bindings of these widget classes descriptions in the current language.

    Textual builds a class's binding map once, when the class is created; instances copy it.
    Rewriting the map before the screens are made is the one place descriptions can change.
    """
    for cls in classes:
        merged = getattr(cls, "_merged_bindings", None)
        if merged is None:
            continue
        for bindings in merged.key_to_bindings.values():
            for index, binding in enumerate(bindings):
                if not binding.description:
                    continue
                key = (cls, binding.id or binding.action)
                english = _original_descriptions.setdefault(key, binding.description)
                bindings[index] = dataclasses.replace(binding, description=_(english))


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
