"""The unit file parser, drop-in discovery and the exposure model's building blocks."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.engine import run_audit
from garrison.facts.catalog import default_gatherers
from garrison.facts.placeholders import has_placeholder
from garrison.facts.store import FactStore
from garrison.facts.systemd import SystemdFacts
from garrison.facts.systemd.effective import allowed_namespaces, capability_set, restricted_families
from garrison.facts.systemd.gather import dropin_dirs
from garrison.facts.systemd.model import parse_bool
from garrison.facts.systemd.security_table import ASSESSORS, CAPABILITIES, EXPOSURE_LEVELS
from garrison.facts.systemd.unitfile import parse_unit_file
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

UNIT_WORDS = st.sampled_from(
    ["[Service]", "[Unit]", "[", "]", "=", "\\", "\n", " ", "#", ";", "User", "root", "yes", "no", "~",
     "CapabilityBoundingSet", "CAP_SYS_ADMIN", "RestrictNamespaces", "user", "\r", "\t", "{{ x }}", "${X}"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(UNIT_WORDS, max_size=60).map("".join))
def test_unit_parser_never_raises_on_unit_like_text(text: str) -> None:
    assignments, issues = parse_unit_file(text, "/etc/systemd/system/x.service")
    assert all(a.location.line is not None and a.location.line >= 1 for a in assignments)
    assert all(i.location.path == "/etc/systemd/system/x.service" for i in issues)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_unit_parser_never_raises_on_any_text(text: str) -> None:
    parse_unit_file(text, "/x.service")


def test_sections_comments_and_continuations() -> None:
    text = (
        "# comment\n[Unit]\nDescription = A  web server \n\n[Service]\nExecStart=/usr/bin/app \\\n"
        "  # skipped comment inside a continuation\n  --flag \\\n  --other\n; semicolon comment\nUser=app\n"
        "Environment=\n"
    )
    assignments, issues = parse_unit_file(text, "/u.service")
    assert not issues
    found = [(a.section, a.key, a.value, a.location.line) for a in assignments]
    assert found == [
        ("Unit", "Description", "A  web server", 3),
        ("Service", "ExecStart", "/usr/bin/app  --flag  --other", 6),
        ("Service", "User", "app", 11),
        ("Service", "Environment", "", 12),
    ]


def test_bad_lines_are_issues_with_lines() -> None:
    _, issues = parse_unit_file("User=x\n[Service\nnot an assignment\n[Service]\n=value\n", "/u.service")
    assert [(i.location.line, i.message.split()[0]) for i in issues] == [
        (1, "assignment"),
        (2, "malformed"),
        (3, "not"),
        (5, "not"),
    ]


def test_dropin_directories_for_instances_and_prefixes() -> None:
    assert dropin_dirs("postgresql@15-main.service") == (
        "postgresql@15-main.service.d",
        "postgresql@.service.d",
        "postgresql@15-.service.d",
        "service.d",
    )
    assert dropin_dirs("nginx.service") == ("nginx.service.d", "service.d")


def test_booleans_and_placeholders() -> None:
    assert parse_bool("Yes") is True and parse_bool("0") is False and parse_bool("maybe") is None
    assert has_placeholder("{{ user }}") and has_placeholder("${SERVICE_USER}") and has_placeholder("<USER>")
    assert not has_placeholder("%i") and not has_placeholder("www-data")


def test_exposure_table_is_consistent() -> None:
    ids = [a.id for a in ASSESSORS]
    assert len(ids) == len(set(ids)) == 81  # the rows systemd-analyze 252 prints
    assert all(a.weight > 0 and a.range in (1, 3, 10) for a in ASSESSORS)
    caps = {c for a in ASSESSORS if a.kind == "caps" for c in a.param}
    assert caps <= set(CAPABILITIES)
    assert [floor for floor, _ in EXPOSURE_LEVELS] == sorted((f for f, _ in EXPOSURE_LEVELS), reverse=True)


def _unit(tmp_path: Path, body: str) -> object:
    unit_dir = tmp_path / "etc/systemd/system"
    unit_dir.mkdir(parents=True, exist_ok=True)
    (unit_dir / "app.service").write_text("[Service]\nExecStart=/usr/bin/app\n" + body)
    return FactStore(RootDirTarget(str(tmp_path)), default_gatherers()).get(SystemdFacts).units[0]


def test_list_semantics(tmp_path: Path) -> None:
    unit = _unit(
        tmp_path,
        "CapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=CAP_KILL\nCapabilityBoundingSet=~CAP_CHOWN\n"
        "RestrictNamespaces=net ipc\nRestrictNamespaces=~ipc\nRestrictAddressFamilies=AF_INET\n",
    )
    assert capability_set(unit, "CapabilityBoundingSet", frozenset(CAPABILITIES)) == {"CAP_KILL"}  # type: ignore[arg-type]
    assert allowed_namespaces(unit) == {"net"}  # type: ignore[arg-type]
    families = restricted_families(unit)  # type: ignore[arg-type]
    assert families == {"inet": False, "unix": True, "netlink": True, "packet": True, "other": True}


def test_planted_secret_never_reaches_an_outcome(tmp_path: Path) -> None:
    unit_dir = tmp_path / "etc/systemd/system"
    unit_dir.mkdir(parents=True)
    (unit_dir / "siprec.service").write_text(
        "[Service]\nExecStart=/usr/local/bin/siprec --api-key THE-SECRET\n"
        "Environment=OPENAI_API_KEY=THE-SECRET\n"
        'Environment="ENCRYPTION_KEY=THE-SECRET"\nUser=siprec\n'
    )
    rules = [r for r in load_rules() if r.domain == "systemd"]
    result = run_audit(RootDirTarget(str(tmp_path)), rules)
    assert len(result.findings) == len(rules)
    for finding in result.findings:
        assert "THE-SECRET" not in finding.message
        assert all("THE-SECRET" not in str(e) for e in finding.evidence)


def test_an_assignment_that_is_not_utf8_is_ignored_as_systemd_does() -> None:
    """systemd: "String is not UTF-8 clean, ignoring assignment"; a Latin-1 comment is no problem."""
    raw = b"[Service]\n# r\xe9glages\nUser=caf\xe9\nNoNewPrivileges=yes\n"
    assignments, issues = parse_unit_file(raw.decode("utf-8", "surrogateescape"), "/etc/x.service")
    assert [(a.key, a.value) for a in assignments] == [("NoNewPrivileges", "yes")]
    assert [(i.location.line, i.message) for i in issues] == [
        (3, "User= is not UTF-8 clean (systemd ignores the assignment)")
    ]
