"""`garrison audit`: open the target, select rules, run them, render, choose the exit status."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from garrison.config import load_config
from garrison.engine import AuditResult, run_audit, select_rules
from garrison.errors import UsageError
from garrison.facts.catalog import default_gatherers
from garrison.model import Severity, Status
from garrison.options import AuditOptions
from garrison.rules.registry import load_rules
from garrison.target.spec import open_target

EXIT_CLEAN, EXIT_FINDINGS = 0, 1


def run_audit_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    target = open_target(args.root)
    if args.root is not None and target.stat("/etc") is None:
        print(f"garrison: warning: {args.root} has no /etc: most rules will not apply", file=sys.stderr)
    only = tuple(args.only) or config.only
    skip = tuple(args.skip) + config.skip
    rules = select_rules(load_rules(), only, skip)
    if not rules:
        raise UsageError(f"no rule matches --only {list(only)} / --skip {list(skip)}")
    fail_on = Severity(args.fail_on) if args.fail_on else (config.fail_on or Severity.LOW)
    options = AuditOptions(
        search_paths=tuple(args.path) + config.paths, exposure_overrides=dict(config.exposure)
    )
    result = run_audit(
        target, rules, gatherers=default_gatherers(options), waivers=config.waivers, today=date.today()
    )
    _write_report(result, args)
    failing = any(f.status is Status.FAIL and f.severity.rank >= fail_on.rank for f in result.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _write_report(result: AuditResult, args: argparse.Namespace) -> None:
    if args.format == "json":
        from garrison.report.json import render_json

        text = render_json(result)
        if args.output:
            _write_file(args.output, text)
        else:
            sys.stdout.write(text)
        return
    from garrison.report.text import render_text

    if args.output:
        import io

        buffer = io.StringIO()
        render_text(result, buffer, color=args.color == "always", show_passed=args.show_passed)
        _write_file(args.output, buffer.getvalue())
        return
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    render_text(result, sys.stdout, color=color, show_passed=args.show_passed)


def _write_file(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write report to {path}: {exc.strerror or exc}") from None
