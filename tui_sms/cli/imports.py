"""`tui-sms import`: customers or jobs from a CSV file, with a progress bar on stderr and the
rejected rows written next to the file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tui_sms.cli.errors import say
from tui_sms.config import Settings
from tui_sms.domain.text import clean
from tui_sms.ui.i18n import _, n_, sentence


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    importer = sub.add_parser(
        "import", parents=[common], help="import customers, jobs or sales from CSV (docs/import.md)"
    )
    importer.add_argument("what", choices=["customers", "jobs", "sales"])
    importer.add_argument("file", metavar="FILE.csv")
    importer.add_argument(
        "--rejected",
        metavar="PATH",
        help="where rejected rows are written (default: FILE.rejected.csv next to FILE)",
    )
    importer.set_defaults(handler=import_file)


def _progress_bar(label: str) -> Callable[[int, int], None]:
    """A bar on stderr that redraws in place; only the last line when stderr is not a terminal."""
    width = 30
    shown = -1

    def draw(done: int, total: int) -> None:
        nonlocal shown
        percent = 100 * done // max(total, 1)
        if not sys.stderr.isatty():
            if done == total:
                print(
                    _("{label}: {done}/{total} rows read", label=label, done=done, total=total),
                    file=sys.stderr,
                )
            return
        if percent == shown and done != total:
            return
        shown = percent
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        print(f"\r{label} [{bar}] {percent:3d}% {done}/{total}", end=end, file=sys.stderr)
        sys.stderr.flush()

    return draw


def import_file(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from tui_sms.cli.language import open_runtime
    from tui_sms.services import importer, sales_import
    from tui_sms.store.engine import session_scope
    from tui_sms.store.models import utcnow

    path = Path(args.file)
    runtime = open_runtime(settings)
    progress = _progress_bar(_("Importing {name}", name=path.name))
    with session_scope(runtime.engine) as session:
        if args.what == "customers":
            report = importer.import_customers(
                session,
                path,
                recorded_by=settings.resolved_staff(),
                now=utcnow(),
                progress=progress,
            )
        elif args.what == "sales":
            report = sales_import.import_sales(session, path, progress=progress)
        else:
            report = importer.import_jobs(session, path, now=utcnow(), progress=progress)
    print(
        n_(
            "{count} row imported ({created} new, {updated} updated).",
            "{count} rows imported ({created} new, {updated} updated).",
            report.imported,
            created=report.created,
            updated=report.updated,
        )
    )
    if not report.rejected:
        return 0
    rejected = Path(args.rejected) if args.rejected else path.with_suffix(".rejected.csv")
    # The list is shown before the file is written: the good rows are already stored, and the
    # clerk must learn which rows were not even when the file cannot be written.
    count = len(report.rejected)
    print(
        n_("This row was rejected:", "These {count} rows were rejected:", count),
        file=sys.stderr,
    )
    for row in report.rejected:
        line = _("line {number}: {reason}", number=row.line, reason=sentence(row.error))
        print(f"  {clean(line)}", file=sys.stderr)
    try:
        importer.write_rejected(report, rejected)
    except OSError as exc:
        say(
            _(
                "The rejected rows could not be written to {path} ({reason}); "
                "they are listed above, and the other rows were imported.",
                path=rejected,
                reason=exc.strerror or exc,
            )
        )
        return 1
    say(
        n_(
            "{count} row was rejected: fix it in {path} and import that file again.",
            "{count} rows were rejected: fix them in {path} and import that file again.",
            count,
            path=rejected,
        )
    )
    return 1
