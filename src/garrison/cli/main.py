"""`garrison` command line: parse arguments, then import only the subcommand that runs.

Nothing but argparse is imported at start-up so that `garrison --version` stays instant.
Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or target errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from garrison import __version__

SEVERITIES = ("critical", "high", "medium", "low", "info")
EXIT_USAGE = 2


def _globs(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


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
    audit.add_argument("--format", choices=("text", "json"), default="text", help="report format")
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
    audit.add_argument("--color", choices=("auto", "always", "never"), default="auto")

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
        print(f"garrison: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("garrison: interrupted", file=sys.stderr)
        return 130
