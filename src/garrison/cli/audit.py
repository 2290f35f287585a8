"""`garrison audit`: open the target, select rules, run them, render, choose the exit status."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date

from garrison.cli.exitcodes import ExitStatus
from garrison.cli.output import silence_stdout, terminal_width, use_color, write_output
from garrison.config import load_config, waiver_warnings
from garrison.engine import AuditResult, run_audit, select_rules
from garrison.errors import UsageError
from garrison.facts.catalog import absent_subjects, default_gatherers
from garrison.model import Severity, Status
from garrison.options import AuditOptions
from garrison.report.model import Report, RunContext, build_report
from garrison.report.registry import RenderOptions, renderer
from garrison.rules.index import catalog_for
from garrison.score import completeness
from garrison.targets.spec import open_target


def run_audit_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    target = open_target(args.root)
    only = tuple(args.only) or config.only
    skip = tuple(args.skip) + config.skip
    options = AuditOptions(
        search_paths=tuple(args.path) + config.paths, exposure_overrides=dict(config.exposure)
    )
    absent = absent_subjects(target, options)  # their packs and rules are not even imported
    catalog = catalog_for(absent)
    rules = select_rules(catalog, only, skip)
    if not rules:
        raise UsageError(
            f"no rule matches --only {', '.join(only) or '(all)'} and --skip {', '.join(skip) or '(none)'}"
        )
    fail_on = Severity(args.fail_on) if args.fail_on else (config.fail_on or Severity.LOW)
    today = date.today()
    budget = args.time_budget if args.time_budget is not None else config.time_budget
    if budget < 0:
        raise UsageError("--time-budget must be 0 (no budget) or a number of seconds")
    result = run_audit(
        target,
        rules,
        gatherers=default_gatherers(options, skip=absent),
        waivers=config.waivers,
        today=today,
        budget=budget,
    )
    notes = waiver_warnings(config.waivers, (r.id for r in catalog), today)
    result = dataclasses.replace(result, notes=result.notes + notes)
    status = exit_status(result, fail_on, allow_incomplete=args.allow_incomplete)
    context = RunContext(
        only=only,
        skip=skip,
        fail_on=fail_on,
        time_budget=budget,
        search_paths=options.search_paths,
        config_source=config.source,
        waivers=config.waivers,
    )
    try:
        write_output(render(build_report(result, context), args), args.output)
    except BrokenPipeError:  # the reader left (`| head`): the audit's verdict still stands
        silence_stdout()
    return status


def exit_status(result: AuditResult, fail_on: Severity, *, allow_incomplete: bool = False) -> int:
    """1 for a failure at or above `fail_on`, else 3 when the audit is incomplete, else 0 (see exitcodes)."""
    if any(f.status is Status.FAIL and f.severity.rank >= fail_on.rank for f in result.findings):
        return ExitStatus.FINDINGS
    if completeness(result.findings).incomplete and not allow_incomplete:
        return ExitStatus.INCOMPLETE
    return ExitStatus.CLEAN


def render(report: Report, args: argparse.Namespace) -> str:
    to_file = args.output is not None
    options = RenderOptions(
        color=use_color(args.color, to_file=to_file),
        width=None if to_file else terminal_width(),
        show_passed=args.show_passed,
    )
    return renderer(args.format)(report, options)
