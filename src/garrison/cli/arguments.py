"""Command-line arguments, in groups that every command shares (selection, output) plus each command's own.

Only argparse and the report formats' names are imported, so `garrison --version` stays instant.
"""

from __future__ import annotations

import argparse

from garrison.report.formats import FORMATS

SEVERITIES = ("critical", "high", "medium", "low", "info")


def rule_globs(value: str) -> list[str]:
    """Comma-separated rule-id globs; an empty value is refused rather than read as "every rule"."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(
            f"empty rule pattern {value!r}: give an id or a glob such as 'ssh.*'"
        )
    return parts


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """--only / --skip / --config / --fail-on: which rules, and what fails the run."""
    for flag, verb in (("--only", "run only"), ("--skip", "skip")):
        parser.add_argument(
            flag,
            metavar="GLOB",
            type=rule_globs,
            action="extend",
            default=[],
            help=f"{verb} rules whose id matches (repeatable, comma-separated)",
        )
    parser.add_argument(
        "--config", metavar="FILE", help="garrison.toml with defaults, waivers, exposure policy"
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when a finding is at or above this severity (default: low, or garrison.toml)",
    )
    parser.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="exit 0 rather than 3 when rules could not be judged (errors are still reported)",
    )


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """--format / -o / --color / --show-passed: how the report is written."""
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="report format: " + "; ".join(f"{name}: {about}" for name, (_, about) in FORMATS.items()),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)",
    )
    parser.add_argument("--show-passed", action="store_true", help="list passed rules in the text report too")


def add_audit_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = commands.add_parser("audit", help="audit this machine or an offline root and print a report")
    audit.add_argument(
        "--root", metavar="DIR", help="audit an offline root tree (image, chroot) instead of /"
    )
    add_selection_arguments(audit)
    add_output_arguments(audit)
    audit.add_argument(
        "--path",
        metavar="DIR",
        action="append",
        default=[],
        help="also search DIR on the target for compose files and Dockerfiles (repeatable)",
    )
    audit.add_argument(
        "--time-budget",
        metavar="SECONDS",
        type=float,
        default=None,
        help="give up on a fact pack or a rule that runs longer (default: 20, or garrison.toml; 0: never)",
    )


def build_parser(version: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="garrison",
        description="Audit and harden self-hosted Linux servers and the services on them.",
    )
    parser.add_argument("--version", action="version", version=f"garrison {version}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_audit_parser(commands)
    rules = commands.add_parser("rules", help="list the rule catalog")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    explain = commands.add_parser("explain", help="show one rule in full")
    explain.add_argument("rule_id", metavar="RULE_ID")
    return parser
