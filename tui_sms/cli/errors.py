"""How a command's failure reaches the person: one sentence on stderr and an exit code.

A configuration error exits with 2, a refused action with 1, an interrupt with 130; no
traceback for any of them. Anything else is a fault of the program: its traceback goes to a
private log file and the person reads one sentence saying what failed and where the details
are, with exit code 70 (EX_SOFTWARE), never a traceback on the terminal.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tui_sms.config import data_dir, mask_password
from tui_sms.domain.errors import ConfigError, UserError
from tui_sms.ui.i18n import _, sentence

CONFIG_ERROR = 2
REFUSED = 1
INTERNAL_ERROR = 70
INTERRUPTED = 130


def say(text: str) -> None:
    """One sentence for the person on stderr, named after the program, in their language: a
    service's or the domain's sentence is translated here, the command line's own arrive
    translated by `_()` (which `sentence()` leaves as they are)."""
    print(f"tui-sms: {sentence(text)}", file=sys.stderr)


def error_log_path() -> Path:
    """Where unexpected failures are written: the user's data directory, private to them."""
    return data_dir() / "logs" / "errors.log"


def exit_code(call: Callable[[], int], doing: str = "The command") -> int:
    """Run a command and turn the errors a person can fix into their sentence and exit code;
    `doing` names the command in the sentence an unexpected failure gets."""
    try:
        return call()
    except ConfigError as error:
        say(error.sentence)
        return CONFIG_ERROR
    except UserError as error:
        from tui_sms.ui.estimate_words import refusal_words

        print(f"tui-sms: {refusal_words(error)}", file=sys.stderr)
        return REFUSED
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`tui-sms report … | head`): nothing is wrong and nobody reads
        # on; stdout points at /dev/null so the flush at exit does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return REFUSED
    except Exception as error:
        say(unexpected_sentence(error, doing))
        return INTERNAL_ERROR


def unexpected_sentence(error: BaseException, doing: str) -> str:
    """Log `error` with its traceback and say in one sentence what failed and where to look."""
    path = error_log_path()
    try:
        write_private_log(path, doing, error)
    except OSError as exc:
        return _(
            "{doing} failed unexpectedly ({error}), and its details could not be written to "
            "{path} ({reason}); please report it.",
            doing=doing,
            error=type(error).__name__,
            path=path,
            reason=exc.strerror or exc,
        )
    return _(
        "{doing} failed unexpectedly ({error}); the details are in {path}, please send them "
        "with your report.",
        doing=doing,
        error=type(error).__name__,
        path=path,
    )


def write_private_log(path: Path, doing: str, error: BaseException) -> None:
    """Append the traceback to `path`, a file only its owner reads: a traceback can quote a
    customer's number or text. Database passwords are masked like everywhere else."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    details = "".join(traceback.format_exception(error))
    when = datetime.now(UTC).isoformat(timespec="seconds")
    entry = f"--- {when} {doing}\n{details}\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8", errors="backslashreplace") as log:
        log.write(mask_password(entry))
