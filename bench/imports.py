"""How long importing a shop system's customer file takes, and whether it grows with the file.

    python bench/imports.py [--rows 50000] [--database URL]

Writes a CSV of N customers (mobile number, opted in for half of them), imports it into a
throw-away SQLite file (or the empty database URL given) the way `tui-sms import customers`
does, then imports the same file again (every row an update). Then the same at twice the
size, to see whether the time grows with the file and not faster. Exits non-zero when an
import created or updated fewer rows than the file has.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tui_sms.services import importer
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Shop, utcnow


@dataclass
class ImportFigures:
    rows: int
    first: float  # seconds, every row new
    again: float  # seconds, every row an update
    done: bool  # every row was created, then updated
    # This process's CPU seconds for the two (SQLite works in the process): on a shared
    # machine, what the import cost when the wall clock also counts the others' load.
    cpu: tuple[float, float] = (0.0, 0.0)


def write_file(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["external_id", "name", "language", "mobile", "opted_in"])
        for i in range(rows):
            writer.writerow(
                [
                    f"C-{i}",
                    f"Client{i} Nom{i}",
                    "fr" if i % 2 else "en",
                    f"514-{300 + i // 10000:03d}-{i % 10000:04d}",
                    "electronic" if i % 2 == 0 else "",
                ]
            )


def measure(rows: int, folder: Path, url: str | None = None) -> ImportFigures:
    path = folder / f"customers-{rows}.csv"
    write_file(path, rows)
    url = url or f"sqlite:///{folder / f'imports-{rows}.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        session.add(Shop(name="Garage Import", country="CA", province="QC"))
    seconds, cpu, reports = [], [], []
    for _ in range(2):
        started, used = time.perf_counter(), time.process_time()
        with session_scope(engine) as session:
            reports.append(
                importer.import_customers(session, path, recorded_by="bench", now=utcnow())
            )
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    engine.dispose()
    first, again = reports
    done = first.created == rows and again.updated == rows and not first.rejected
    return ImportFigures(rows, seconds[0], seconds[1], done, (cpu[0], cpu[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", help="an empty database URL (default: a temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = [measure(args.rows, Path(folder), args.database)]
        if args.database is None:
            figures.append(measure(args.rows * 2, Path(folder)))
    for f in figures:
        print(
            f"{f.rows:>8} rows: first import {f.first:7.2f} s, again {f.again:7.2f} s "
            f"(CPU {f.cpu[0]:.2f} s, {f.cpu[1]:.2f} s)"
        )
    if not all(f.done for f in figures):
        print("an import did not create and then update every row", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
