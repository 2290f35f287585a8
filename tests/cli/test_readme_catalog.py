"""The README's "What it checks" table is current: its total and each domain's count are the registry's."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from garrison.rules.registry import load_rules

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text()
    start = text.index("## What it checks")
    return text[start : text.index("\n## ", start + 1)]


def test_table_counts_are_the_registry_counts() -> None:
    counts = Counter(rule.id.split(".")[0] for rule in load_rules())
    section = _section()
    total = re.search(r"(\d[\d,]*) rules in (\d+) domains", section)
    assert total is not None, "the section opens with 'N rules in M domains'"
    assert int(total.group(1).replace(",", "")) == sum(counts.values())
    assert int(total.group(2)) == len(counts)
    shown: dict[str, int] = {}
    for row in re.finditer(r"^\| (`[^|]+`) \| ([\d +]+) \|", section, re.MULTILINE):
        domains = re.findall(r"`([\w-]+)`", row.group(1))
        numbers = [int(n) for n in row.group(2).split("+")]
        assert len(domains) == len(numbers), row.group(0)
        shown.update(zip(domains, numbers, strict=True))
    assert shown == dict(counts)
