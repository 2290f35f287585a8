"""Wording over every rule case (tests/cases): each outcome reads as plain admin text (see wordingkit), and
the shared wording helpers say what they promise."""

from __future__ import annotations

import re
from pathlib import Path

from casekit import all_cases, prepare_target
from garrison.engine import evaluate
from garrison.facts.accounts.names import OwnerNames
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.model import Location, Outcome, Status, evidence, failed, passed
from garrison.rules.registry import find_rule
from garrison.rules.wording import (
    agree,
    counted,
    listing,
    mode,
    nothing_to_check,
    permissions,
    plural,
    unique,
)
from wordingkit import wording_problems

RULES_DIR = Path(__file__).resolve().parents[2] / "src" / "garrison" / "rules"


def test_every_case_outcome_reads_as_plain_admin_text(tmp_path: Path) -> None:
    gatherers = default_gatherers()
    problems: list[str] = []
    for index, (rule_id, case_dir) in enumerate(all_cases()):
        item = find_rule(rule_id)
        assert item is not None, rule_id
        scratch = tmp_path / str(index)
        scratch.mkdir()
        outcome = evaluate(item, FactStore(prepare_target(case_dir, scratch), gatherers))
        problems.extend(f"{rule_id}/{case_dir.name}: {p}" for p in wording_problems(outcome))
    assert not problems, f"{len(problems)} wording problems:\n" + "\n".join(problems[:60])


def test_rules_never_format_values_with_repr() -> None:
    """`{value!r}` puts Python quoting (and escapes) into a report line; rules word values themselves."""
    found = [
        f"{path.relative_to(RULES_DIR)}:{number}: {line.strip()}"
        for path in sorted(RULES_DIR.rglob("*.py"))
        if path.name != "registry.py"  # its ValueErrors are for rule authors, not report readers
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"!r\}", line)
    ]
    assert not found, "\n".join(found)


def test_the_checker_catches_what_reports_used_to_say() -> None:
    """wordingkit flags each defect this class of the issue names (so the audits above can fail)."""
    old = [
        Outcome(Status.FAIL, "Ciphers is x (want no ['3des-cbc', 'aes128-cbc'])"),
        Outcome(Status.FAIL, "1 TLS servers offer legacy protocols: x"),
        Outcome(Status.PASS, "all 1 compose services drop all capabilities"),
        Outcome(Status.FAIL, "2 private key file(s) exposed"),
        failed("bad", evidence("/etc/x", None, "yes", "")),
        failed("bad", evidence("/etc/x", None, "yes"), evidence("/etc/x", None, "yes")),
        failed("bad", evidence("/etc/x", None, "mode 644 owner uid 0")),
        Outcome(Status.PASS, "value is None"),
    ]
    for outcome in old:
        assert wording_problems(outcome), outcome
    numeric = passed("ok", evidence("/etc/p", None, "0644 0:0"))
    assert wording_problems(numeric, named_ids=frozenset({"0:0"}))
    good = failed("1 TLS server offers legacy protocols", evidence("/etc/x", 3, "0644 root:root", "0600"))
    assert wording_problems(good, named_ids=frozenset({"0:0"})) == []


def test_wording_helpers() -> None:
    assert [plural(n, "unit") for n in (0, 1, 2)] == ["0 units", "1 unit", "2 units"]
    assert plural(3, "directory", "directories") == "3 directories"
    assert agree(1, "is", "are") == "is" and agree(2, "is", "are") == "are"
    assert counted(1, "file", "is", "are") == "1 file is"
    assert listing(["a", 2, "c"]) == "a, 2, c"
    assert listing("abcdef", limit=2) == "a, b and 4 more"
    assert mode(0o640) == "0640" and mode(0o41777) == "1777"
    names = OwnerNames({0: "root"}, {0: "root", 113: "ssl-cert"})
    assert permissions(0o640, 0, 113, names) == "0640 root:ssl-cert"
    assert permissions(0o600, 1005, 1005, names) == "0600 1005:1005"
    assert names.user_label(1005) == "uid 1005" and names.group_label(113) == "ssl-cert"
    outcome = nothing_to_check("no unit runs a network service")
    assert outcome == passed("nothing to check: no unit runs a network service")
    once = evidence("/etc/a", 1, "x", "y")
    assert unique([once, once, evidence("/etc/a", 2, "x", "y")]) == (once, evidence("/etc/a", 2, "x", "y"))
    assert Location("/etc/a", 1) == once.location
