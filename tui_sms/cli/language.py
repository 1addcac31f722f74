"""The command line speaks the language of the person running it: known once the database is
open (their staff setting, else the `language` setting, else the shop's, else the locale);
before that, and for commands that open no database, the `language` setting or the locale;
while the arguments are read (no settings file read yet), TUI_SMS_LANGUAGE or the locale."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tui_sms.config import Settings
from tui_sms.ui.i18n import pick_language, set_language

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tui_sms.services.runtime import Runtime


def speak_before_settings() -> None:
    set_language(pick_language(os.environ.get("TUI_SMS_LANGUAGE")))


def speak_before_opening(settings: Settings) -> None:
    set_language(pick_language(settings.language))


def open_runtime(settings: Settings) -> Runtime:
    """The services' `open_runtime`, then the language of the person it resolves."""
    from tui_sms.services import runtime as opening

    runtime = opening.open_runtime(settings)
    speak_as_reader(settings, runtime.engine)
    return runtime


def speak_as_reader(settings: Settings, engine: Engine) -> None:
    """The language of whoever runs the command, read from the shop's database."""
    from tui_sms.services.reader_language import language_settings

    staff, shop = language_settings(engine, settings.resolved_staff())
    set_language(pick_language(staff, settings.language, shop))
