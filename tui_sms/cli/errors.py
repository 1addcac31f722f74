"""How a command's failure reaches the person: one sentence on stderr and an exit code.

A configuration error exits with 2, a refused action with 1, an interrupt with 130; no
traceback for any of them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from tui_sms.domain.errors import ConfigError, UserError

CONFIG_ERROR = 2
REFUSED = 1
INTERRUPTED = 130


def say(sentence: str) -> None:
    """One sentence for the person on stderr, named after the program."""
    print(f"tui-sms: {sentence}", file=sys.stderr)


def exit_code(call: Callable[[], int]) -> int:
    """Run a command and turn the errors a person can fix into their sentence and exit code."""
    try:
        return call()
    except ConfigError as error:
        say(error.sentence)
        return CONFIG_ERROR
    except UserError as error:
        say(error.sentence)
        return REFUSED
    except KeyboardInterrupt:
        return INTERRUPTED
