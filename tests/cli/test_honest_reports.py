"""Reports an admin can trust: a hostile image cannot forge them, odd bytes cannot crash them, an audit
that could not look never reads as all clear, and output goes where it should (issue 7: 1-3, 9, 10)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from garrison.cli.main import main
from garrison.cli.output import use_color
from hostile import FORGING_NAME, LATIN1_NAME, REPO, run_garrison, system_root, world_writable, write

FULLROOT = REPO / "tests" / "reports" / "fullroot" / "root"
#: An sshd_config no rule can read at all (a binary file: sshd refuses it, Garrison reads nothing of it). A
#: file with one bad line is judged anyway (issue 9): only that line's rules are in error.
BROKEN_SSHD = b"PermitRootLogin no\n\x00\x7fELF\x02\x01\n"


@pytest.fixture
def forging_root(tmp_path: Path) -> Path:
    """World-writable files whose names hold escapes, newlines and a non-UTF-8 byte, and a sysctl value with
    an escape sequence."""
    root = system_root(tmp_path / "root")
    world_writable(root / "etc", FORGING_NAME)
    world_writable(root / "etc", LATIN1_NAME)
    write(root, "etc/sysctl.d/99-x.conf", "net.ipv4.ip_forward = 1\x1b[2J\u202e\n")
    return root


ONLY = "fs.world-writable-system-files,kernel.ipv4-ip-forward"


def test_text_report_escapes_what_the_target_controls(forging_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    assert main(["audit", "--root", str(forging_root), "--only", ONLY, "-o", str(out)]) == 1
    text = out.read_bytes().decode("utf-8")  # valid UTF-8 although a name is not
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "evil\\x1b[2J\\x1b]0;pwned\\x07\\n  PASS     ssh.fake" in text
    assert "caf\\xe9" in text
    assert "1\\x1b[2J\\u202e" in text
    assert not any(line.lstrip().startswith("PASS") for line in text.splitlines())


def test_text_report_on_stdout_with_colour_escapes_too(forging_root: Path) -> None:
    done = run_garrison("audit", "--root", str(forging_root), "--only", ONLY, "--color", "always")
    assert done.returncode == 1, done.stderr
    text = done.stdout.decode("utf-8")
    # colour codes are ours (ESC [ ... m); the name's screen-clearing and title sequences are shown escaped
    assert "\x1b[2J" not in text and "\x1b]0;" not in text and "\x07" not in text
    assert "\\x1b[2J" in text


def test_json_is_valid_utf8_with_undecodable_names(forging_root: Path, tmp_path: Path) -> None:
    done = run_garrison("audit", "--root", str(forging_root), "--only", ONLY, "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout.decode("utf-8"))
    paths = {e["path"] for f in report["findings"] for e in f["evidence"]}
    assert "/etc/caf\\xe9" in paths
    assert "/etc/" + FORGING_NAME in paths  # JSON escapes controls itself; the value stays exact
    out = tmp_path / "report.json"
    assert (
        main(["audit", "--root", str(forging_root), "--only", ONLY, "--format", "json", "-o", str(out)]) == 1
    )
    written = json.loads(out.read_bytes().decode("utf-8"))
    assert {e["path"] for f in written["findings"] for e in f["evidence"]} == paths


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_reports_are_utf8_whatever_the_locale(forging_root: Path, encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    for fmt in ("text", "json"):
        done = run_garrison("audit", "--root", str(forging_root), "--only", ONLY, "--format", fmt, env=env)
        assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in done.stderr
        decoded = done.stdout.decode("utf-8")
        assert "─" in decoded if fmt == "text" else json.loads(decoded)["findings"]


def test_errors_are_not_a_clean_bill_of_health(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """32 of 32 ssh rules in error used to show 100/100 and exit 0."""
    root = system_root(tmp_path / "root")
    write(root, "etc/ssh/sshd_config", BROKEN_SSHD)
    out = tmp_path / "report.txt"
    assert main(["audit", "--root", str(root), "--only", "ssh.*", "-o", str(out)]) == 3
    text = out.read_text()
    ssh_rules = text.count("ERROR    ssh.")
    assert ssh_rules > 20
    assert "Hardening index: n/a" in text
    assert f"incomplete: {ssh_rules} rules could not be judged ({ssh_rules} error, 0 unknown)" in text
    assert main(["audit", "--root", str(root), "--only", "ssh.*", "--format", "json"]) == 3
    report = json.loads(capsys.readouterr().out)
    assert report["score"] is None and report["summary"]["incomplete"] is True
    assert report["summary"]["undecided"] == ssh_rules
    assert main(["audit", "--root", str(root), "--only", "ssh.*", "--allow-incomplete", "-o", str(out)]) == 0


def test_findings_take_precedence_over_incompleteness(tmp_path: Path) -> None:
    root = system_root(tmp_path / "root")
    write(root, "etc/ssh/sshd_config", BROKEN_SSHD)
    write(root, "etc/sysctl.d/99-x.conf", "net.ipv4.ip_forward = 1\n")
    args = ["audit", "--root", str(root), "--only", "ssh.*,kernel.ipv4-ip-forward", "-o", str(tmp_path / "r")]
    assert main(args) == 1
    assert main([*args, "--fail-on", "critical"]) == 3


def test_waivers_never_hide_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = system_root(tmp_path / "root")
    write(root, "etc/ssh/sshd_config", BROKEN_SSHD)
    config = write(tmp_path, "garrison.toml", '[[waiver]]\nrule = "ssh.*"\nreason = "lab"\n')
    args = ["audit", "--root", str(root), "--only", "ssh.*", "--config", str(config), "--format", "json"]
    assert main(args) == 3
    statuses = {f["status"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert statuses == {"error"}


def test_only_undecidable_rules_is_incomplete(tmp_path: Path) -> None:
    """Offline, a live-only rule is unknown: an audit of nothing else decided nothing."""
    root = system_root(tmp_path / "root")
    write(root, "etc/sysctl.d/99-x.conf", "net.ipv4.ip_forward = 0\n")
    args = ["audit", "--root", str(root), "--only", "kernel.sysctl-runtime-drift", "-o", str(tmp_path / "r")]
    assert main(args) == 3
    assert "Hardening index: n/a" in (tmp_path / "r").read_text()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[[waiver]]\nrule = "ssh.x11-forwarding"\nreason = "lab"\nexpire = 2027-01-01\n',
            "did you mean 'expires'",
        ),
        ('[audit]\nfail-on = "high"\n', "did you mean 'fail_on'"),
        ('[audits]\nfail_on = "high"\n', "did you mean [audit]"),
        ('[exposure]\n"70000/tcp" = "public"\n', "outside 1-65535"),
        ('[exposure]\n"0/udp" = "public"\n', "outside 1-65535"),
        ('[audit]\nonly = [""]\n', "empty string"),
    ],
)
def test_config_is_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    config = write(tmp_path, "garrison.toml", toml)
    assert main(["audit", "--root", str(FULLROOT), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(config) in err


def test_waiver_warnings_and_expired_waivers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(
        tmp_path,
        "garrison.toml",
        '[[waiver]]\nrule = "ssh.x11-forwardin"\nreason = "typo"\n\n'
        '[[waiver]]\nrule = "ssh.permit-root-login"\nreason = "old exception"\nexpires = 2020-01-31\n',
    )
    args = ["audit", "--root", str(FULLROOT), "--only", "ssh.*", "--config", str(config)]
    assert main([*args, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any(
        "waiver #1" in w and "matches no rule" in w and "ssh.x11-forwarding" in w for w in report["warnings"]
    )
    assert any("waiver #2" in w and "expired on 2020-01-31" in w for w in report["warnings"])
    root_login = next(f for f in report["findings"] if f["rule_id"] == "ssh.permit-root-login")
    assert root_login["status"] == "fail"
    assert root_login["expired_waiver"] == {
        "rule": "ssh.permit-root-login",
        "reason": "old exception",
        "expires": "2020-01-31",
    }
    out = tmp_path / "r.txt"
    main([*args, "-o", str(out)])
    text = out.read_text()
    assert "waiver ssh.permit-root-login expired on 2020-01-31: old exception" in text
    assert "warning: " in text and "matches no rule" in text


@pytest.mark.parametrize("args", [["--only", ""], ["--skip", ","], ["--root", ""]])
def test_empty_selection_or_root_is_a_usage_error(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    full = ["audit", *args] if "--root" in args else ["audit", "--root", str(FULLROOT), *args]
    with pytest.raises(SystemExit) as stopped:
        code = main(full)
        raise SystemExit(code)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "empty" in err and "Traceback" not in err


def test_no_reprs_in_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--root", str(FULLROOT), "--only", "nothing.matches"]) == 2
    err = capsys.readouterr().err
    assert "['" not in err and "nothing.matches" in err


def test_files_and_pipes_are_not_wrapped(tmp_path: Path) -> None:
    root = system_root(tmp_path / "root")
    ciphers = "3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr,aes256-ctr,"
    ciphers += "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com"
    write(root, "etc/ssh/sshd_config", f"Ciphers {ciphers}\n")
    done = run_garrison("audit", "--root", str(root), "--only", "ssh.weak-ciphers", env={"COLUMNS": "60"})
    text = done.stdout.decode()
    long_lines = [line for line in text.splitlines() if len(line) > 110 and "3des-cbc" in line]
    assert long_lines, text  # one logical line, however long, never broken
    assert all(not line.startswith(" " * 11 + "-cbc") for line in text.splitlines())


def _run_in_pty(args: list[str], env: dict[str, str]) -> str:
    leader, follower = pty.openpty()
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "70", "LINES": "40", **env}
    full_env.pop("NO_COLOR", None) if "NO_COLOR" not in env else None
    process = subprocess.Popen(
        [sys.executable, "-m", "garrison", *args], stdout=follower, stderr=follower, env=full_env
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_terminal_width_hanging_indent_and_no_color() -> None:
    args = ["audit", "--root", str(FULLROOT), "--only", "ssh.*"]
    coloured = _run_in_pty(args, {"TERM": "xterm"})
    assert "\x1b[" in coloured
    lines = coloured.replace("\r\n", "\n").splitlines()
    assert max(len(_strip_ansi(line)) for line in lines) <= 70
    # a finding's wrapped continuation lines hang under its text, not under the label
    finding_lines = [_strip_ansi(line) for line in lines if _strip_ansi(line).startswith(" " * 11)]
    assert finding_lines
    plain = _run_in_pty(args, {"TERM": "xterm", "NO_COLOR": "1"})
    assert "\x1b[" not in plain and "Hardening index" in plain


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_use_color_honours_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", to_file=False) is False
    assert use_color("always", to_file=False) is True
    assert use_color("auto", to_file=True) is False


def test_full_disk_is_a_clear_error() -> None:
    with open("/dev/full", "wb") as full:
        done = run_garrison(
            "audit", "--root", str(FULLROOT), "--only", "ssh.*", stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"No space left on device" in done.stderr


def test_broken_pipe_keeps_the_findings_status() -> None:
    """`garrison audit | head -0`: the reader is gone before the report is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    done = run_garrison("audit", "--root", str(FULLROOT), stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr
