"""`garrison` command line: parse arguments, then import only the subcommand that runs.

Nothing but argparse is imported at start-up so that `garrison --version` stays instant.
Exit statuses are listed in `garrison.cli.exitcodes`: 0 clean, 1 findings at or above --fail-on, 2 usage,
target or output errors, 3 an incomplete audit (a rule could not be judged), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from garrison import __version__
from garrison.cli.arguments import build_parser as build_arguments

EXIT_USAGE, EXIT_INTERRUPTED = 2, 130  # see garrison.cli.exitcodes (not imported: start-up stays instant)


def build_parser() -> argparse.ArgumentParser:
    return build_arguments(__version__)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from garrison.errors import GarrisonError

    try:
        if args.command == "audit":
            from garrison.cli.audit import run_audit_command

            return run_audit_command(args)
        from garrison.cli.rules import run_explain_command, run_rules_command

        if args.command == "rules":
            return run_rules_command(args)
        return run_explain_command(args)
    except GarrisonError as exc:
        from garrison.report.escape import printable

        _complain(f"garrison: error: {printable(str(exc))}")
        return EXIT_USAGE
    except BrokenPipeError:
        from garrison.cli.output import silence_stdout

        silence_stdout()
        return EXIT_USAGE
    except KeyboardInterrupt:
        _complain("garrison: interrupted")
        return EXIT_INTERRUPTED


def run() -> NoReturn:
    """The `garrison` command (console script and `python -m garrison`): `main`, then an immediate exit.

    After a full audit the interpreter's own shutdown frees every fact and finding one by one: 0.2 s
    of 1.5 s in benchmarks/bench_debootstrap.py. Nothing is left to do by then but flush the two
    streams (every report file is closed by `write_output`, and nothing registers `atexit` work), so the
    process ends there. `main` itself returns normally, for tests and embedding.
    """
    status = main()
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        status = status or EXIT_USAGE  # an output error, as if the report itself could not be written
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)


def _complain(message: str) -> None:
    """A message on stderr (whose encoder backslash-escapes what the locale cannot show) that cannot itself
    fail on a closed stream."""
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
