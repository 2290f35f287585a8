"""The terminal report (rich): score first, then findings by domain and severity, with evidence and fix."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import IO

from rich.console import Console
from rich.text import Text

from garrison.engine import AuditResult
from garrison.model import Evidence, Finding, Status
from garrison.score import domain_summary, failed_by_severity, hardening_index, status_counts

SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
STATUS_STYLE = {"error": "bold magenta", "unknown": "magenta", "waived": "dim"}
SHOWN = (Status.FAIL, Status.ERROR, Status.UNKNOWN, Status.WAIVED)


def score_style(score: int) -> str:
    return "bold green" if score >= 85 else "bold yellow" if score >= 60 else "bold red"


def describe_evidence(item: Evidence) -> str:
    """`path:line, is X, expected Y`; a file without a line is the file as a whole or where a setting belongs
    (the rule's message says which)."""
    parts = [str(item.location)] if item.location is not None else []
    if item.actual is not None:
        parts.append(f"is {item.actual}")
    if item.expected is not None:
        parts.append(f"expected {item.expected}")
    return ", ".join(parts)


def _finding_lines(finding: Finding) -> Iterable[Text]:
    label = finding.severity.value.upper() if finding.status is Status.FAIL else finding.status.value.upper()
    style = (
        SEVERITY_STYLE[finding.severity.value]
        if finding.status is Status.FAIL
        else STATUS_STYLE.get(finding.status.value, "")
    )
    head = Text("  ")
    head.append(f"{label:<8}", style=style)
    head.append(f" {finding.rule_id}", style="bold")
    head.append(f"  {finding.title}")
    yield head
    if finding.message:
        yield Text(f"           {finding.message}")
    for item in finding.evidence:
        yield Text(f"           at {describe_evidence(item)}", style="dim")
    if finding.status is Status.WAIVED and finding.waiver_reason:
        yield Text(f"           waived: {finding.waiver_reason}", style="dim")
    elif finding.status is Status.FAIL:
        fix = finding.remediation.splitlines()
        yield Text(f"           fix: {fix[0]}", style="green")
        for line in fix[1:]:
            yield Text(f"                {line}", style="green")


def render_text(result: AuditResult, out: IO[str], *, color: bool, show_passed: bool = False) -> None:
    console = Console(file=out, force_terminal=color, no_color=not color, width=110, highlight=False)
    findings = list(result.findings)
    score = hardening_index(findings)
    counts = status_counts(findings)
    header = Text("Garrison audit of ")
    header.append(result.target, style="bold")
    header.append(" (live)" if result.live else " (offline)")
    console.print(header)
    line = Text("Hardening index: ")
    line.append(f"{score}/100", style=score_style(score))
    console.print(line)
    console.print(
        f"Rules: {len(findings)}  pass {counts['pass']}  fail {counts['fail']}  error {counts['error']}  "
        f"unknown {counts['unknown']}  waived {counts['waived']}  not applicable {counts['not_applicable']}"
    )
    by_severity = failed_by_severity(findings)
    console.print("Failed: " + "  ".join(f"{k} {v}" for k, v in by_severity.items()))
    domains = domain_summary(findings)
    present = [d for d, entry in domains.items() if entry["applicable"]]
    absent = [d for d, entry in domains.items() if not entry["applicable"]]
    console.print("Audited: " + (", ".join(present) or "nothing"))
    if absent:
        console.print("Not present: " + ", ".join(absent), style="dim")
    shown = [f for f in findings if f.status in SHOWN or (show_passed and f.status is Status.PASS)]
    shown.sort(key=lambda f: (f.domain, list(Status).index(f.status), -f.severity.rank, f.rule_id))
    for domain, group in groupby(shown, key=lambda f: f.domain):
        console.print()
        console.rule(Text(domain, style="bold"), align="left")
        for finding in group:
            for text in _finding_lines(finding):
                console.print(text)
    if not shown:
        console.print("\nNo findings.")
