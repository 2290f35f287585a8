"""Bad input anywhere gives an `error` outcome naming the file (and line), never a traceback or a crash.

Each case breaks one config of the full fixture root in one way and audits the whole catalog: the rules of
the affected domain report `error` citing the file, no rule reports an internal error, and the other
domains still decide.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from garrison.cli.main import main
from garrison.engine import AuditResult, run_audit
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

FULLROOT = Path(__file__).resolve().parents[1] / "reports" / "fullroot" / "root"


def binary(path: Path) -> None:
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)


def huge(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)


def loop(path: Path) -> None:
    path.unlink()
    os.symlink(path.name + ".loop", path)
    os.symlink(path.name, path.with_name(path.name + ".loop"))


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def malformed_sshd(path: Path) -> None:
    path.write_text(path.read_text() + "\nPermitRootLogin maybe\nNotAKeyword yes\n")


CASES: list[tuple[str, str, Callable[[Path], None], str]] = [
    ("binary sshd_config", "etc/ssh/sshd_config", binary, "ssh."),
    ("huge sshd_config", "etc/ssh/sshd_config", huge, "ssh."),
    ("looping sshd_config", "etc/ssh/sshd_config", loop, "ssh."),
    ("fifo sshd_config", "etc/ssh/sshd_config", fifo, "ssh."),
    ("malformed sshd_config", "etc/ssh/sshd_config", malformed_sshd, "ssh."),
    ("binary passwd", "etc/passwd", binary, "accounts."),
    ("huge iptables rules", "etc/iptables/rules.v4", huge, "firewall."),
    ("binary dpkg status", "var/lib/dpkg/status", binary, "packages."),
    ("looping sysctl.conf", "etc/sysctl.conf", loop, "kernel."),
]


def audit_broken(tmp_path: Path, rel: str, breaker: Callable[[Path], None]) -> AuditResult:
    root = tmp_path / "root"
    shutil.copytree(FULLROOT, root, symlinks=True)
    breaker(root / rel)
    return run_audit(RootDirTarget(str(root)), load_rules(), today=date(2026, 11, 24))


@pytest.mark.parametrize(("label", "rel", "breaker", "domain"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_an_error_outcome(
    tmp_path: Path, label: str, rel: str, breaker: Callable[[Path], None], domain: str
) -> None:
    result = audit_broken(tmp_path, rel, breaker)
    crashed = [f.rule_id for f in result.findings if "internal error" in f.message]
    assert not crashed, f"rules crashed: {crashed}"
    path = "/" + rel
    erred = [f for f in result.findings if f.rule_id.startswith(domain) and f.status is Status.ERROR]
    assert erred, f"no {domain} rule reported the broken {path}"
    for finding in erred:
        cited = [str(e.location) for e in finding.evidence if e.location is not None]
        assert path in finding.message or any(c.startswith(path) for c in cited), finding
    others = [f for f in result.findings if not f.rule_id.startswith(domain)]
    assert any(f.status in (Status.PASS, Status.FAIL) for f in others), "other domains must still decide"


def test_malformed_line_is_cited_with_its_line(tmp_path: Path) -> None:
    result = audit_broken(tmp_path, "etc/ssh/sshd_config", malformed_sshd)
    lines = len((FULLROOT / "etc/ssh/sshd_config").read_text().splitlines())
    finding = next(f for f in result.findings if f.rule_id.startswith("ssh.") and f.status is Status.ERROR)
    cited = {str(e.location) for e in finding.evidence if e.location is not None}
    assert f"/etc/ssh/sshd_config:{lines + 2}" in cited | {finding.message.split(" ")[0].rstrip(":")}


def test_cli_reports_errors_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "root"
    shutil.copytree(FULLROOT, root, symlinks=True)
    binary(root / "etc/ssh/sshd_config")
    huge(root / "etc/passwd")
    code = main(["audit", "--root", str(root)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    assert "ERROR" in captured.out and "/etc/ssh/sshd_config" in captured.out


SERVICES = Path(__file__).resolve().parents[1] / "reports" / "services" / "root"


def alias_bomb() -> str:
    """A "billion laughs" document: nine levels of nine aliases each, 9^9 nodes once expanded."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("rel", "domain"),
    [("etc/ejabberd/ejabberd.yml", "ejabberd."), ("opt/mtproxy/docker-compose.yml", "docker.")],
)
def test_yaml_alias_bomb_is_an_error_in_bounded_time(tmp_path: Path, rel: str, domain: str) -> None:
    root = tmp_path / "root"
    shutil.copytree(SERVICES, root, symlinks=True)
    (root / rel).write_text(alias_bomb())
    result = run_audit(RootDirTarget(str(root)), load_rules(), today=date(2026, 11, 24))
    erred = [f for f in result.findings if f.rule_id.startswith(domain) and f.status is Status.ERROR]
    assert erred
    for finding in erred:  # the reason and the file, in the message or in the evidence
        told = finding.message + " ".join(f"{e.location} {e.actual}" for e in finding.evidence)
        assert "too large after expanding aliases" in told and "/" + rel in told, finding
    assert result.duration < 30
