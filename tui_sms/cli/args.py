"""What every command shares: the common options, the argument types that turn a bad value
into argparse's one-line error, the settings a command runs with, and reading a message text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from tui_sms.config import Settings, data_dir, load_settings
from tui_sms.domain.errors import UserError

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


def negative_limit(raw: str) -> int:
    try:
        limit = int(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of segments") from None
    if limit < 0:
        raise argparse.ArgumentTypeError("give the limit as a positive number, e.g. 500")
    return limit


def segment_count(raw: str) -> int:
    try:
        count = int(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of segments") from None
    if count <= 0:
        raise argparse.ArgumentTypeError("a bundle holds at least one segment")
    return count


def price_paid(raw: str) -> Decimal:
    try:
        paid = Decimal(raw.strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a price, e.g. 130.00") from None
    if not paid.is_finite() or paid <= 0:
        raise argparse.ArgumentTypeError("the price paid must be more than zero")
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
        except UnicodeDecodeError:
            raise UserError(
                "Standard input is not UTF-8 text: save the message as UTF-8."
            ) from None
    try:
        raw.encode("utf-8")  # bytes that were not UTF-8 reach argv as lone surrogates
    except UnicodeEncodeError:
        raise UserError("The text is not UTF-8: check the terminal's encoding.") from None
    return raw
