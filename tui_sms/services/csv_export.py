"""CSV files that open cleanly in a spreadsheet, and that a spreadsheet cannot turn against
the clerk: UTF-8 with a byte-order mark (Excel then reads accents right), and every cell that
a spreadsheet would read as a formula made plain text (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from tui_sms.domain.errors import UserError

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets; a leading apostrophe makes them show it as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the rows (customer data: the file is private to its owner); returns their count."""
    count = 0
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.chmod(path, 0o600)
        with open(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([neutralise(name) for name in header])
            for row in rows:
                writer.writerow([neutralise(cell) for cell in row])
                count += 1
    except OSError as exc:
        raise UserError(f"{path} cannot be written: {exc.strerror}.") from exc
    return count
