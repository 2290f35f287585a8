"""Wording an admin trusts, over the full fixture roots: no Python reprs, no empty or repeated evidence,
counts that agree, owners by name, vacuous passes that say "nothing to check", FAIL lines as findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casekit import prepare_target
from garrison.engine import AuditResult, run_audit
from garrison.facts.accounts.passwd import parse_group, parse_passwd
from garrison.model import Outcome, Status
from garrison.rules.registry import load_rules
from garrison.rules.wording import NOTHING_TO_CHECK
from wordingkit import wording_problems

HERE = Path(__file__).resolve().parent
ROOTS = ("fullroot", "services")
TODAY = date(2026, 11, 24)
#: Rules that find nothing to judge on the services root (no sensitive nginx location, no plain-HTTP server,
#: no proxy_pass, no add_header below the server level, no security header at all, no telnet console, no
#: HTTP admin module, no 5280 listener, no ejabberd port behind nginx, Kamailio without xhttp): each must say
#: so instead of asserting its property.
VACUOUS_ON_SERVICES = (
    "nginx.limit-req-sensitive",
    "nginx.http-to-https-redirect",
    "nginx.proxy-pass-loopback",
    "nginx.add-header-inheritance",
    "nginx.security-headers-always",
    "prosody.console-interfaces",
    "prosody.http-admin-endpoints",
    "ejabberd.port-5280-listener",
    "ejabberd.proxied-listener-loopback",
    "sip.rpc-http-restricted",
)


@pytest.fixture(scope="module", params=ROOTS)
def audited(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, AuditResult]:
    name = request.param
    target = prepare_target(HERE / name, tmp_path_factory.mktemp(name))
    return Path(target.root), run_audit(target, load_rules(), today=TODAY)


def named_owner_ids(root: Path) -> frozenset[str]:
    """`uid:gid` pairs the root's account database can name: each user with its primary group, and root
    with every group (`0:42` is root:shadow)."""
    users, _ = parse_passwd((root / "etc/passwd").read_text())
    groups, _ = parse_group((root / "etc/group").read_text())
    gids = {g.gid for g in groups}
    pairs = {f"{u.uid}:{u.gid}" for u in users if u.gid in gids}
    if any(u.uid == 0 for u in users):
        pairs |= {f"0:{gid}" for gid in gids}
    return frozenset(pairs)


def test_every_finding_reads_as_plain_admin_text(audited: tuple[Path, AuditResult]) -> None:
    root, result = audited
    names = named_owner_ids(root)
    problems = [
        f"{f.rule_id}: {problem}"
        for f in result.findings
        for problem in wording_problems(Outcome(f.status, f.message, f.evidence), named_ids=names)
    ]
    assert not problems, "\n".join(problems)


def test_fail_lines_state_the_problem(audited: tuple[Path, AuditResult]) -> None:
    _, result = audited
    failing = [f for f in result.findings if f.status is Status.FAIL]
    assert failing
    for finding in failing:
        assert finding.headline == finding.problem != finding.title, finding.rule_id


def test_vacuous_passes_say_nothing_to_check(audited: tuple[Path, AuditResult]) -> None:
    _, result = audited
    by_id = {f.rule_id: f for f in result.findings}
    if result.target == "services":
        for rule_id in VACUOUS_ON_SERVICES:
            finding = by_id[rule_id]
            assert finding.status is Status.PASS, (rule_id, finding.status)
            assert finding.message.startswith(NOTHING_TO_CHECK), (rule_id, finding.message)
    for finding in result.findings:
        if NOTHING_TO_CHECK in finding.message:
            assert finding.status is Status.PASS, (finding.rule_id, finding.message)
