"""Reading a shop system's CSV file: its rows with their line numbers, the rows rejected
with a sentence each, and the import's report (docs/import.md).

Imports go a chunk of CHUNK rows at a time, each chunk one transaction: an interrupted import
keeps the chunks already committed, and importing the file again updates those rows (they are
keyed) and adds the rest.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui_sms.domain.errors import UserError
from tui_sms.domain.text import clean

Progress = Callable[[int, int], None]
CHUNK = 1000


class ImportRefused(UserError):
    """The whole file cannot be read: wrong columns, not CSV, not UTF-8."""


class RowError(Exception):
    """One row's problem, in a sentence for the clerk."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line in the file where the row starts, as a spreadsheet shows it
    values: dict[str, str]


@dataclass(frozen=True)
class RejectedRow:
    line: int
    error: str
    values: dict[str, str]


@dataclass
class ImportReport:
    columns: list[str]
    total: int = 0
    created: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated


def read_csv(path: Path, required: Iterable[str]) -> tuple[list[str], list[CsvRow]]:
    """The header and rows; a ';' separated file (as French-locale spreadsheets save) works too."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path.name} is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."
        ) from exc
    except OSError as exc:
        raise ImportRefused(f"{path} cannot be read: {exc.strerror}.") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, restval="")
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRefused(
            f"{path.name} has no {', '.join(missing)} column: the first line must name the "
            f"columns (see docs/import.md)."
        )
    reader.fieldnames = header
    rows: list[CsvRow] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            values = {
                key: clean(value or "").strip()
                for key, value in record.items()
                if key is not None and isinstance(value, str)
            }
            if any(values.values()):
                rows.append(CsvRow(line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        # A cell over the csv module's limit (128 kB), or a NUL byte: nothing is imported.
        raise ImportRefused(
            f"Line {line} of {path.name} cannot be read as CSV ({exc}): fix that line and "
            "import the file again."
        ) from exc
    return header, rows


def run_rows(
    rows: list[CsvRow],
    header: list[str],
    import_row: Callable[[dict[str, str]], bool],
    progress: Progress | None,
    repeat: Callable[[dict[str, str], int], bool] | None = None,
    chunk_done: Callable[[], None] | None = None,
) -> ImportReport:
    """`repeat` takes a row whose external_id an earlier line had (else it is rejected);
    `chunk_done` is called after every CHUNK rows and the last (to commit them)."""
    report = ImportReport(columns=header, total=len(rows))
    seen: dict[str, int] = {}
    for done, row in enumerate(rows, start=1):
        key = row.values.get("external_id", "")
        try:
            if key in seen and repeat is None:
                raise RowError(f"external_id {key} is already on line {seen[key]} of this file.")
            if key in seen and repeat is not None:
                created = repeat(row.values, seen[key])
            else:
                seen.update({key: row.line} if key else {})
                created = import_row(row.values)
        except (RowError, UserError) as problem:
            report.rejected.append(RejectedRow(row.line, str(problem), row.values))
        except (ValueError, ArithmeticError) as problem:
            # A value no rule foresaw (a date past year 9999 once converted …): this row is
            # rejected, the good ones are still imported.
            report.rejected.append(RejectedRow(row.line, unforeseen(problem), row.values))
        else:
            report.created += created
            report.updated += not created
        if done % CHUNK == 0 or done == len(rows):
            if chunk_done is not None:
                chunk_done()
            if progress is not None:
                progress(done, len(rows))
    return report


def unforeseen(problem: Exception) -> str:
    return f"a value in this row cannot be stored ({problem})."


def need(values: dict[str, str], *names: str) -> None:
    missing = [name for name in names if not values.get(name)]
    if missing:
        raise RowError(f"{', '.join(missing)} is empty.")


def write_rejected(report: ImportReport, path: Path) -> None:
    """The rejected rows as they were, with their line number and the reason, to fix and retry."""
    columns = ["line", "error", *report.columns]
    # Customer names and numbers: private to the file's owner, like the database.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with open(descriptor, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in report.rejected:
            writer.writerow({"line": row.line, "error": row.error, **row.values})
