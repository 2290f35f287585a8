"""The terminal report (rich): score first, then findings by domain and severity, with evidence and fix.

Every string that comes from the target (paths, values, messages built from them) goes through
`escape.printable`, so an audited image cannot forge or hide lines. On a terminal, lines wrap at the
terminal's width with a hanging indent; written to a file or a pipe nothing is wrapped (a value such as
`3des-cbc` is never broken across lines), and the domain rules are 110 columns wide.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from itertools import groupby

from rich.console import Console
from rich.text import Text

from garrison.model import Evidence, Finding, Status
from garrison.report.escape import printable
from garrison.report.model import Report
from garrison.report.registry import RenderOptions

SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
STATUS_STYLE = {"error": "bold magenta", "unknown": "magenta", "waived": "dim"}
SHOWN = (Status.FAIL, Status.ERROR, Status.UNKNOWN, Status.WAIVED)
#: Width of the domain rules, and of everything, when the report goes to a file or a pipe.
FILE_RULE_WIDTH = 110
INDENT = 11
#: (left column, text) — the left column holds the status label on a finding's first line.
Row = tuple[Text, Text]


def score_style(score: int | None) -> str:
    if score is None:
        return "bold magenta"
    return "bold green" if score >= 85 else "bold yellow" if score >= 60 else "bold red"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def describe_evidence(item: Evidence) -> str:
    """`path:line, is X, expected Y`; empty parts are left out. A file without a line is the file as a whole
    or where a setting belongs (the rule's message says which)."""
    parts = [str(item.location)] if item.location is not None and item.location.path else []
    if item.actual:
        parts.append(f"is {item.actual}")
    if item.expected:
        parts.append(f"expected {item.expected}")
    return printable(", ".join(parts))


def unique_evidence(evidence: Iterable[Evidence]) -> Iterator[Evidence]:
    """Each piece of evidence once, in order."""
    seen: set[Evidence] = set()
    for item in evidence:
        if item not in seen:
            seen.add(item)
            yield item


def _finding_rows(finding: Finding) -> Iterator[Row]:
    failed = finding.status is Status.FAIL
    label = finding.severity.value.upper() if failed else finding.status.value.upper()
    style = SEVERITY_STYLE[finding.severity.value] if failed else STATUS_STYLE.get(finding.status.value, "")
    head = Text(finding.rule_id, style="bold")
    head.append(f"  {printable(finding.headline)}")
    yield Text("  ").append(label, style=style), head
    blank = Text("")
    if finding.message:
        yield blank, Text(printable(finding.message))
    for item in unique_evidence(finding.evidence):
        described = describe_evidence(item)
        if described:
            yield blank, Text(f"at {described}", style="dim")
    if finding.status is Status.WAIVED and finding.waiver_reason:
        yield blank, Text(f"waived: {printable(finding.waiver_reason)}", style="dim")
    if finding.expired_waiver is not None:
        lapsed = finding.expired_waiver
        yield (
            blank,
            Text(
                f"waiver {printable(lapsed.rule)} expired on {lapsed.expires.isoformat()}: "
                f"{printable(lapsed.reason)}",
                style="magenta",
            ),
        )
    if failed:
        for number, line in enumerate(finding.remediation.splitlines()):
            yield blank, Text(f"{'fix: ' if number == 0 else '     '}{printable(line)}", style="green")


def break_offsets(plain: str, width: int) -> list[int]:
    """Offsets at which to divide `plain` into lines of at most `width` characters: at spaces (the space
    itself becomes its own piece, dropped by the caller) and after commas, so `3des-cbc,aes128-cbc` breaks
    between algorithms and never inside one; a run with neither is cut at the width."""
    offsets: list[int] = []
    start = 0
    while len(plain) - start > width:
        limit = start + width
        space = plain.rfind(" ", start + 1, limit + 1)
        comma = plain.rfind(",", start, limit)
        end = max(space, comma + 1 if comma >= 0 else -1)
        if end <= start:
            end = limit
        offsets.append(end)
        start = end + 1 if end == space else end
        if start != end:
            offsets.append(start)
    return offsets


class _Printer:
    """Prints rows: wrapped with a hanging indent on a terminal, one unwrapped line each elsewhere."""

    def __init__(self, console: Console, wrap: bool) -> None:
        self.console = console
        self.wrap = wrap

    def line(self, text: Text | str) -> None:
        self.console.print(text, soft_wrap=not self.wrap)

    def rows(self, rows: Iterable[Row]) -> None:
        for left, right in rows:
            pad = Text(" " * (INDENT - len(left)))
            if not self.wrap:
                self.console.print(Text.assemble(left, pad, right), soft_wrap=True)
                continue
            width = max(self.console.width - INDENT, 20)
            pieces = [p for p in right.divide(break_offsets(right.plain, width)) if p.plain.strip()]
            for number, piece in enumerate(pieces or [right]):
                piece.rstrip()
                head = Text.assemble(left, pad) if number == 0 else Text(" " * INDENT)
                self.console.print(Text.assemble(head, piece), soft_wrap=True)

    def rule(self, title: str) -> None:
        if self.wrap:
            self.console.rule(Text(title, style="bold"), align="left")
            return
        bar = Text(title, style="bold")
        bar.append(" " + "─" * max(FILE_RULE_WIDTH - len(title) - 1, 3))
        self.line(bar)


def render(report: Report, options: RenderOptions | None = None) -> str:
    """The report as text. `options.width` is the terminal's width; None means a file or a pipe."""
    options = options or RenderOptions()
    out = io.StringIO()
    console = Console(
        file=out,
        force_terminal=options.color,
        no_color=not options.color,
        width=options.width or FILE_RULE_WIDTH,
        highlight=False,
        emoji=False,
        markup=False,
    )
    printer = _Printer(console, wrap=options.width is not None)
    _header(report, printer)
    show_passed = options.show_passed
    shown = [f for f in report.findings if f.status in SHOWN or (show_passed and f.status is Status.PASS)]
    shown.sort(key=lambda f: (f.domain, list(Status).index(f.status), -f.severity.rank, f.rule_id))
    for domain, group in groupby(shown, key=lambda f: f.domain):
        printer.line("")
        printer.rule(domain)
        for finding in group:
            printer.rows(_finding_rows(finding))
    if not shown:
        printer.line("")
        printer.line("No findings.")
    return out.getvalue()


def _header(report: Report, printer: _Printer) -> None:
    summary, score, judged = report.summary, report.score, report.summary.completeness
    counts = summary.by_status
    header = Text("Garrison audit of ")
    header.append(printable(report.target_name), style="bold")
    header.append(" (live)" if report.live else " (offline)")
    printer.line(header)
    index = Text("Hardening index: ")
    index.append("n/a" if score is None else f"{score}/100", style=score_style(score))
    if score is None:
        index.append(" (no rule could be decided)")
    printer.line(index)
    if judged.undecided:
        warning = Text(
            f"incomplete: {plural(judged.undecided, 'rule')} could not be judged "
            f"({judged.errors} error, {judged.unknown} unknown)",
            style="bold magenta" if judged.errors else "magenta",
        )
        printer.line(warning)
    printer.line(
        f"Rules: {summary.rules}  pass {counts['pass']}  fail {counts['fail']}  error {counts['error']}  "
        f"unknown {counts['unknown']}  waived {counts['waived']}  not applicable {counts['not_applicable']}"
    )
    printer.line("Failed: " + "  ".join(f"{k} {v}" for k, v in summary.failed_by_severity.items()))
    present = [d for d, entry in summary.domains.items() if entry["applicable"]]
    absent = [d for d, entry in summary.domains.items() if not entry["applicable"]]
    printer.line("Audited: " + (", ".join(present) or "nothing"))
    if absent:
        printer.line(Text("Not present: " + ", ".join(absent), style="dim"))
    who = report.run.target
    system = [part for part in (who.os_name, who.hostname and f"host {who.hostname}") if part]
    if system:
        printer.line(Text("System: " + printable(", ".join(system)), style="dim"))
    for note in report.notes:
        printer.line(Text(f"warning: {printable(note)}", style="magenta"))
