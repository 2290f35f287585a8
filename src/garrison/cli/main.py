"""`garrison` command line: parse arguments, then import only the subcommand that runs.

Nothing but argparse is imported at start-up so that `garrison --version` stays instant.
Exit statuses are listed in `garrison.cli.exitcodes`: 0 clean, 1 findings at or above --fail-on, 2 usage,
target or output errors, 3 an incomplete audit (a rule could not be judged), 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from garrison import __version__
from garrison.report.registry import FORMATS

SEVERITIES = ("critical", "high", "medium", "low", "info")
EXIT_USAGE, EXIT_INTERRUPTED = 2, 130  # see garrison.cli.exitcodes (not imported: start-up stays instant)


def _globs(value: str) -> list[str]:
    """Comma-separated rule-id globs; an empty value is refused rather than read as "every rule"."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(
            f"empty rule pattern {value!r}: give an id or a glob such as 'ssh.*'"
        )
    return parts


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="garrison",
        description="Audit and harden self-hosted Linux servers and the services on them.",
    )
    parser.add_argument("--version", action="version", version=f"garrison {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = commands.add_parser("audit", help="audit this machine or an offline root and print a report")
    audit.add_argument(
        "--root", metavar="DIR", help="audit an offline root tree (image, chroot) instead of /"
    )
    audit.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="report format: " + "; ".join(f"{name}: {about}" for name, (_, about) in FORMATS.items()),
    )
    audit.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    audit.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when a finding is at or above this severity (default: low, or garrison.toml)",
    )
    audit.add_argument(
        "--only",
        metavar="GLOB",
        type=_globs,
        action="extend",
        default=[],
        help="run only rules whose id matches (repeatable, comma-separated)",
    )
    audit.add_argument(
        "--skip",
        metavar="GLOB",
        type=_globs,
        action="extend",
        default=[],
        help="skip rules whose id matches (repeatable, comma-separated)",
    )
    audit.add_argument(
        "--path",
        metavar="DIR",
        action="append",
        default=[],
        help="also search DIR on the target for compose files and Dockerfiles (repeatable)",
    )
    audit.add_argument(
        "--config", metavar="FILE", help="garrison.toml with defaults, waivers, exposure policy"
    )
    audit.add_argument("--show-passed", action="store_true", help="list passed rules in the text report too")
    audit.add_argument(
        "--time-budget",
        metavar="SECONDS",
        type=float,
        default=None,
        help="give up on a fact pack or a rule that runs longer (default: 20, or garrison.toml; 0: never)",
    )
    audit.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="exit 0 rather than 3 when rules could not be judged (errors are still reported)",
    )
    audit.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)",
    )

    rules = commands.add_parser("rules", help="list the rule catalog")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="show one rule in full")
    explain.add_argument("rule_id", metavar="RULE_ID")
    return parser


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


def _complain(message: str) -> None:
    """A message on stderr (whose encoder backslash-escapes what the locale cannot show) that cannot itself
    fail on a closed stream."""
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
