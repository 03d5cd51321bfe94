"""What the import commands print: a progress bar on long imports, then the report."""

import sys
from collections.abc import Callable, Iterable

from tqdm import tqdm

# Below this many files an import is over before a progress bar would help.
PROGRESS_THRESHOLD = 50


def progress_bar(*, force: bool = False, enabled: bool = True) -> Callable[[Iterable], Iterable]:
    """
    A wrapper that shows a progress bar on standard error while the items are worked
    through: for long imports when standard error is a terminal, or always with ``force``.
    """

    def wrap(items):
        try:
            count = len(items)
        except TypeError:
            count = None
        long_enough = count is None or count > PROGRESS_THRESHOLD
        if enabled and (force or (long_enough and sys.stderr.isatty())):
            return tqdm(items, desc="Importing", unit="post", file=sys.stderr, total=count)
        return items

    return wrap


def write_report(command, result, *, dry_run: bool, verbosity: int) -> None:
    """
    Print failures (always), skipped files and warnings (unless -v 0), each post's
    outcome (in a dry run, or with -v 2), and the summary line last.
    """
    for name, reason in result.failures:
        command.stderr.write(f"{name}: {reason}")
    if verbosity >= 1:
        for name, reason in result.skipped:
            command.stderr.write(f"{name}: {reason}")
        for name, warning in result.warnings:
            command.stderr.write(f"{name}: warning: {warning}", style_func=command.style.WARNING)
    if (dry_run and verbosity >= 1) or verbosity >= 2:
        verb = "would be " if dry_run else ""
        for name, outcome in result.outcomes:
            if outcome != "unchanged" or verbosity >= 2:
                command.stdout.write(f"{name}: {verb}{outcome}")
    prefix = "Dry run, nothing saved: " if dry_run else ""
    command.stdout.write(prefix + result.summary())
