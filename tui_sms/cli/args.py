"""What every command shares: the common options, the argument types that turn a bad value
into argparse's one-line error, the settings a command runs with, and reading a message text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from tui_sms.cli.errors import say
from tui_sms.config import Settings, data_dir, load_settings
from tui_sms.domain.errors import UserError
from tui_sms.domain.money import CENT, LARGEST_BUNDLE, LARGEST_PRICE, format_count
from tui_sms.ui.i18n import _, language, sentence

Handler = Callable[[argparse.Namespace, Settings], int]
"""A command: parsed arguments and settings in, exit code out."""


def common_options() -> argparse.ArgumentParser:
    """The options every command accepts, before or after its name (a `parents=` parser)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="settings file (TOML); default: $TUI_SMS_CONFIG or the user config dir",
    )
    common.add_argument(
        "--as",
        dest="staff",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="work as this staff login instead of the OS login name",
    )
    common.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLAlchemy database URL (default: a SQLite file in the data dir)",
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the demo database with demo data and the sandbox provider",
    )
    return common


def _count(raw: str, what: str) -> int:
    try:
        return int(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a number of {what}", value=repr(raw), what=_(what))
        ) from None


def negative_limit(raw: str) -> int:
    limit = _count(raw, "segments")
    if limit < 0:
        raise argparse.ArgumentTypeError(_("give the limit as a positive number, e.g. 500"))
    if limit > LARGEST_BUNDLE:
        raise argparse.ArgumentTypeError(
            _(
                "the limit is at most {count} segments",
                count=format_count(LARGEST_BUNDLE, language()),
            )
        )
    return limit


def segment_count(raw: str) -> int:
    count = _count(raw, "segments")
    if count <= 0:
        raise argparse.ArgumentTypeError(_("a bundle holds at least one segment"))
    if count > LARGEST_BUNDLE:
        raise argparse.ArgumentTypeError(
            _(
                "a bundle holds at most {count} segments",
                count=format_count(LARGEST_BUNDLE, language()),
            )
        )
    return count


def price_paid(raw: str) -> Decimal:
    try:
        paid = Decimal(raw.strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(
            _("{value} is not a price, e.g. 130.00", value=repr(raw))
        ) from None
    if not paid.is_finite() or paid <= 0:
        raise argparse.ArgumentTypeError(_("the price paid must be more than zero"))
    if paid > LARGEST_PRICE:
        raise argparse.ArgumentTypeError(
            _("the price paid is at most {amount}", amount=format_count(LARGEST_PRICE, language()))
        )
    if paid != paid.quantize(CENT):
        raise argparse.ArgumentTypeError(
            _("{value} has more decimals than cents, e.g. 130.00", value=repr(raw))
        )
    return paid


def settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if getattr(args, "staff", None):
        overrides["staff"] = args.staff
    if getattr(args, "database", None):
        overrides["database_url"] = args.database
    settings = load_settings(getattr(args, "config", None), **overrides)
    if getattr(args, "demo", False):
        if not settings.database_url:
            settings.database_url = f"sqlite:///{data_dir() / 'demo.db'}"
        settings.provider.kind = "sandbox"
    return settings


def read_text(raw: str) -> str:
    """The text argument, or standard input for `-`; text that is not UTF-8 is refused."""
    if raw == "-":
        try:
            return sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                _(
                    "Standard input is not UTF-8 text (byte {byte}): save the message as UTF-8.",
                    byte=exc.start + 1,
                )
            ) from None
    if not is_utf8(raw):
        raise UserError(_("The text is not UTF-8: check the terminal's encoding."))
    return raw


def is_utf8(raw: str) -> bool:
    """False for an argument whose bytes were not UTF-8: Python hands them over as lone
    surrogates (surrogateescape), which no database, file or provider accepts."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class OneSentenceParser(argparse.ArgumentParser):
    """argparse's parser, whose refusals are one sentence on stderr, not a usage block."""

    def error(self, message: str) -> NoReturn:
        say(
            _(
                "{message} (see '{prog} --help').",
                message=_capital(sentence(message)),
                prog=self.prog,
            )
        )
        sys.exit(2)


def _capital(message: str) -> str:
    return message[:1].upper() + message[1:]


# Arguments that name files: on Linux a file name may be any bytes, and the surrogates they
# arrive as find the same file again, so they are not refused for not being UTF-8.
PATH_ARGUMENTS = frozenset({"config", "file", "rejected", "csv", "ssh_key", "authorized_keys"})
# The database's integer columns hold 32 bits on PostgreSQL.
LARGEST_NUMBER = 2**31 - 1
LARGEST_AMOUNT = Decimal(10) ** 12


def argument_problem(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The sentence refusing a parsed value no command can use (text that is not UTF-8, a
    number no database column holds), naming its option; None when every value is usable."""
    for dest, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            name = _shown_name(parser, args, dest)
            if isinstance(item, str) and dest not in PATH_ARGUMENTS and not is_utf8(item):
                return _(
                    "{name} holds bytes that are not UTF-8: set the terminal to UTF-8 "
                    "(LANG=C.UTF-8) and type it again.",
                    name=name,
                )
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > LARGEST_NUMBER:
                return _("{name} ({value}) is too large a number.", name=name, value=item)
            if isinstance(item, Decimal) and not (item.is_finite() and abs(item) < LARGEST_AMOUNT):
                return _("{name} ({value}) is not an amount a shop can use.", name=name, value=item)
    return None


def _shown_name(parser: argparse.ArgumentParser, args: argparse.Namespace, dest: str) -> str:
    """How the person typed the argument: its option (`--wording`) or its name (`login`),
    looked up along the sub-commands chosen, since two commands may share a name."""
    for action in parser._actions:  # argparse has no public way to walk its arguments
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(args, action.dest, None) or "")
            if chosen is not None:
                return _shown_name(chosen, args, dest)
    for action in parser._actions:
        if action.dest == dest and action.option_strings:
            return _("The value of {option}", option=max(action.option_strings, key=len))
    return _("The {argument}", argument=dest.replace("_", " "))
