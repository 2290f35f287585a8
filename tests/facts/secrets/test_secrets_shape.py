"""Secret summaries, logrotate and MTProto config parsers; and no secret ever reaches an outcome."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.engine import run_audit
from garrison.facts.secrets import mtproto
from garrison.facts.secrets.logrotate import covering, logrotate_paths
from garrison.facts.secrets.shape import summarise_mtproto_secret, summarise_secret
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

STRONG = "ee8a1f6c03d94be27f51c0a9e6b3d4875f7777772e676f6f676c652e636f6d"


def test_mtproto_summaries() -> None:
    strong = summarise_mtproto_secret(STRONG)
    assert (strong.bytes, strong.mode, strong.weak) == (16, "faketls", False)
    assert "16-byte hex secret (faketls mode), entropy" in strong.describe()
    assert summarise_mtproto_secret("dd" + "0" * 32).known_example
    assert summarise_mtproto_secret("ab" * 16).repeated
    assert summarise_mtproto_secret("0123456789abcdef5f7c2e9a1d4b8c3e").sequential
    assert summarise_mtproto_secret("abc").bytes == 1
    assert summarise_mtproto_secret("${MTG_SECRET}").kind == "placeholder"
    b64 = summarise_mtproto_secret("7ooFvGwD2UvidRwKnms0h19nb29nbGUuY29t")
    assert (b64.kind, b64.bytes, b64.mode) == ("base64", 16, "faketls")
    assert summarise_secret("/run/secrets/db").kind == "reference"


def test_logrotate_paths() -> None:
    text = (
        '# comment\n"/var/log/siprec/*.log" /var/log/siprec/audit.log {\n'
        "  daily\n  postrotate\n  endscript\n}\n"
    )
    found = logrotate_paths(text, "/etc/logrotate.d/siprec")
    assert [g for g, _ in found] == ["/var/log/siprec/*.log", "/var/log/siprec/audit.log"]
    assert found[0][1].line == 2
    assert covering(found, "/var/log/siprec", ("/var/log/siprec/sip.log",)) is not None
    assert covering(found, "/var/log/other", ("/var/log/other/x.log",)) is None


def test_mtproto_env_and_toml() -> None:
    secrets, settings_, stats = mtproto.from_env_text(
        f"SECRET={STRONG},{STRONG}\nMTG_STATS_BIND=:3001\n", "/e"
    )
    assert len(secrets) == 2 and settings_ == [] and stats[0].address == "0.0.0.0"
    secrets, _, stats = mtproto.from_mtg_toml(
        f'secret = "{STRONG}"\n[stats.prometheus]\nbind-to = "[::1]:3001"\n', "/m"
    )
    assert secrets[0].location.line == 1 and (stats[0].address, stats[0].port) == ("::1", 3001)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parsers_never_raise(text: str) -> None:
    summarise_secret(text)
    summarise_mtproto_secret(text)
    summarise_mtproto_secret(text).describe()
    logrotate_paths(text, "/l")
    mtproto.from_env_text(text, "/e")
    mtproto.from_mtg_toml(text, "/m")


PLANTED = {
    "MTG_SECRET": "ee0000aaaa0000aaaa0000aaaa0000aaaa7777772e676f6f676c652e636f6d",
    "POSTGRES_PASSWORD": "THE-SECRET-pg-Xk29sLq81mZpR4",
    "API_TOKEN": "THE-SECRET-tok-9f1b7c3e5d2a4680",
}


def test_secret_absent_from_every_outcome(tmp_path: Path) -> None:
    """Plant secrets in env files, compose environments, Dockerfiles and mtg TOML: none may surface."""
    root = tmp_path / "root"
    project = root / "opt" / "mtproxy"
    project.mkdir(parents=True)
    (project / ".env").write_text("".join(f"{k}={v}\n" for k, v in PLANTED.items()))
    (project / "docker-compose.yml").write_text(
        "services:\n  proxy:\n    image: nineseconds/mtg:latest\n    ports: ['3001:3001']\n    environment:\n"
        + "".join(f"      {k}: {v}\n" for k, v in PLANTED.items())
    )
    (project / "Dockerfile").write_text(
        "FROM debian\n" + "".join(f"ENV {k}={v}\n" for k, v in PLANTED.items())
    )
    (root / "etc").mkdir()
    (root / "etc" / "mtg.toml").write_text(f'secret = "{PLANTED["MTG_SECRET"]}"\n')
    shutil.copy(project / ".env", root / "etc" / "proxy.env")
    (root / "etc" / "siprec").mkdir()
    (root / "etc" / "siprec" / "siprec.env").write_text(
        "SIP_PORTS=5060\nHTTP_PORT=8080\n" + "".join(f"{k}={v}\n" for k, v in PLANTED.items())
    )
    rules = [r for r in load_rules() if r.domain in ("docker", "secrets", "sip", "exposure")]
    result = run_audit(RootDirTarget(str(root)), rules)
    failing = {f.rule_id for f in result.findings if f.status == "fail"}
    assert {"docker.secrets-inline", "docker.dockerfile-secrets", "secrets.mtproto-secret-entropy"} <= failing
    for finding in result.findings:
        texts = [finding.message] + [f"{e.actual} {e.expected}" for e in finding.evidence]
        for value in PLANTED.values():
            for text in texts:
                assert value not in text, finding.rule_id
                assert "THE-SECRET" not in text, finding.rule_id
