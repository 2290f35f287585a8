"""`garrison rules` (the catalog) and `garrison explain RULE_ID` (one rule in full)."""

from __future__ import annotations

import argparse
import difflib
import json
import sys

from garrison.errors import UsageError
from garrison.rules.registry import Rule, find_rule, load_rules


def rule_dict(item: Rule) -> dict[str, object]:
    return {
        "id": item.id,
        "title": item.title,
        "problem": item.problem,
        "severity": item.severity.value,
        "rationale": item.rationale,
        "remediation": item.remediation,
        "tags": list(item.tags),
        "references": list(item.references),
    }


def run_rules_command(args: argparse.Namespace) -> int:
    rules = load_rules()
    if args.format == "json":
        sys.stdout.write(json.dumps([rule_dict(r) for r in rules], indent=2) + "\n")
        return 0
    width = max((len(r.id) for r in rules), default=10)
    for item in rules:
        sys.stdout.write(f"{item.id:<{width}}  {item.severity.value:<8}  {item.title}\n")
    sys.stdout.write(f"\n{len(rules)} rules\n")
    return 0


def run_explain_command(args: argparse.Namespace) -> int:
    item = find_rule(args.rule_id)
    if item is None:
        close = difflib.get_close_matches(args.rule_id, [r.id for r in load_rules()], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"no rule {args.rule_id!r}{hint}")
    lines = [
        f"{item.id}  [{item.severity.value}]",
        item.title,
        *([f"When it fails: {item.problem}"] if item.problem else []),
        "",
        "Why it matters:",
        f"  {item.rationale}",
        "",
        "Fix:",
        *(f"  {line}" for line in item.remediation.splitlines()),
    ]
    if item.references:
        lines += ["", "References:", *(f"  {ref}" for ref in item.references)]
    if item.tags:
        lines += ["", "Tags: " + ", ".join(item.tags)]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
