"""Untrusted text (customer bodies, imported names, provider strings) made safe to display.

Markup is never a concern here: the UI renders through Text/Content objects, which do not
parse it. What this module removes is what a terminal would *act on*: escape sequences
(CSI, OSC such as clipboard writes, DCS/APC/PM/SOS strings), C0/C1 control characters and
the bidirectional overrides that can make text read differently from what it is.
"""

from __future__ import annotations

import re

_SEQUENCES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]              # CSI: colours, cursor moves, screen clears
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC: titles, hyperlinks, clipboard (52)
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?        # DCS, SOS, PM, APC strings
  | \x1b[ -/]*[0-~]?                     # any other escape, with its intermediates
  | \x9b[0-?]*[ -/]*[@-~]                # 8-bit CSI
  | \x9d[^\x07\x9c]*(?:\x07|\x9c)?       # 8-bit OSC
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """The text with terminal sequences and control characters removed; tabs become spaces."""
    without_sequences = _SEQUENCES.sub("", text.replace("\r\n", "\n"))
    return _CONTROLS.sub("", without_sequences.replace("\t", "    "))


def one_line(text: str, width: int = 80) -> str:
    """A single clean line for lists and previews."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
