"""The command line: exit codes, formats, selection, config, and lazy imports for --version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from garrison.cli.main import main
from garrison.rules.registry import load_rules

FIXTURE_ROOT = Path(__file__).resolve().parent.parent / "reports" / "fullroot" / "root"


def test_version_imports_nothing_heavy() -> None:
    code = (
        "import sys\nfrom garrison.cli.main import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('rich', 'garrison.engine', 'garrison.rules.registry', 'crossplane', 'ruamel',"
        " 'cryptography', 'luaparser', 'pgtoolkit') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "garrison " in done.stdout
    assert "HEAVY []" in done.stdout


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_missing_root_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["audit", "--root", str(tmp_path / "absent")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_rules_json_lists_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == len(load_rules()) >= 90
    assert {"id", "title", "severity", "rationale", "remediation", "tags"} <= set(listed[0])
    assert len({r["id"] for r in listed}) == len(listed)


def test_rules_text_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    first = load_rules()[0]
    assert first.id in out and f"{len(load_rules())} rules" in out
    assert main(["explain", first.id]) == 0
    explained = capsys.readouterr().out
    assert first.rationale in explained and first.remediation.splitlines()[0] in explained


def test_explain_unknown_rule_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    some = load_rules()[0].id
    assert main(["explain", some[:-1]]) == 2
    assert some in capsys.readouterr().err


def test_audit_exit_codes_follow_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    root = str(FIXTURE_ROOT)
    assert main(["audit", "--root", root, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    worst = {f["severity"] for f in report["findings"] if f["status"] == "fail"}
    assert "critical" in worst or "high" in worst
    assert main(["audit", "--root", root, "--only", "ssh.*", "--skip", "ssh.*"]) == 2
    passing = [f["rule_id"] for f in report["findings"] if f["status"] == "pass"]
    assert main(["audit", "--root", root, "--only", ",".join(passing[:5]), "--fail-on", "info"]) == 0


def test_audit_text_report_to_file_with_waiver(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--root", str(FIXTURE_ROOT), "--format", "json"]) == 1
    failing = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["status"] == "fail"]
    waived = failing[0]["rule_id"]
    config = tmp_path / "garrison.toml"
    config.write_text(f'[[waiver]]\nrule = "{waived}"\nreason = "accepted in the test"\n')
    out = tmp_path / "report.txt"
    main(["audit", "--root", str(FIXTURE_ROOT), "--config", str(config), "-o", str(out)])
    text = out.read_text()
    assert text.startswith("Garrison audit of root:")
    assert "Hardening index:" in text.splitlines()[1]
    assert f"WAIVED   {waived}" in text and "accepted in the test" in text
    assert "\x1b[" not in text  # no colour codes in files


def test_bad_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "garrison.toml"
    config.write_text("[audit]\nfail_on = 'severe'\n")
    assert main(["audit", "--root", str(FIXTURE_ROOT), "--config", str(config)]) == 2
    assert "fail_on" in capsys.readouterr().err


def test_root_that_is_not_a_system_is_a_target_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty or unmounted --root decides nothing: it must not read as a clean audit (exit 0, 100/100)."""
    assert main(["audit", "--root", str(tmp_path), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert "has no /etc" in captured.err and captured.out == ""
    (tmp_path / "etc" / "ssh").mkdir(parents=True)
    (tmp_path / "etc" / "ssh" / "sshd_config").write_text("PermitRootLogin no\n")
    assert main(["audit", "--root", str(tmp_path)]) == 2
    assert "not a recognisable system" in capsys.readouterr().err
    (tmp_path / "etc" / "os-release").write_text('ID=debian\nVERSION_ID="12"\n')
    assert main(["audit", "--root", str(tmp_path), "--only", "ssh.permit-root-login"]) == 0


def test_exposure_policy_override_from_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services = Path(__file__).resolve().parent.parent / "reports" / "services" / "root"
    args = ["audit", "--root", str(services), "--only", "exposure.localhost-port-exposed", "--format", "json"]
    main(args)
    assert json.loads(capsys.readouterr().out)["findings"][0]["status"] == "pass"
    config = tmp_path / "garrison.toml"
    config.write_text('[exposure]\n"5222/tcp" = "localhost"\n')  # XMPP c2s made localhost-only
    assert main([*args, "--config", str(config)]) == 1
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert finding["status"] == "fail"
    assert any("5222" in (e["actual"] or "") for e in finding["evidence"])


def test_path_adds_a_project_checkout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "code" / "app"
    project.mkdir(parents=True)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "os-release").write_text("ID=debian\n")
    (project / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: nginx:1.25\n    privileged: true\n"
    )
    args = ["audit", "--root", str(tmp_path), "--only", "docker.privileged", "--format", "json"]
    main(args)
    assert json.loads(capsys.readouterr().out)["findings"][0]["status"] == "not_applicable"
    assert main([*args, "--path", "/code/app"]) == 1
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert finding["status"] == "fail"
    assert finding["evidence"][0]["path"] == "/code/app/docker-compose.yml"
