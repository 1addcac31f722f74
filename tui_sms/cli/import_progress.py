"""An import's progress on stderr: rich's progress bar on a terminal; a count line per chunk
otherwise, so a log or a pipe keeps the count and never a bar's control characters."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(file_name: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback (rows done, rows in the file) for the time of the import."""
    from tui_sms.ui.i18n import _

    label = _("Importing {name}", name=file_name)
    if not sys.stderr.isatty():

        def count(done: int, total: int) -> None:
            line = _("{label}: {done}/{total} rows read", label=label, done=done, total=total)
            print(line, file=sys.stderr)

        yield count
        return

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        # The file's name is shown as it is: never read as rich markup.
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task(label, total=None)

        def draw(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield draw
