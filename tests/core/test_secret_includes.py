"""A config that includes a secret file, or is a symlink to one, never puts the secret into a report.

Each round takes the services fixture root (every pack's subject present), plants a `.htpasswd` and a private
key generated at test time next to its /etc/shadow (which holds PLANTED hashes), then makes every pack read
one of the three secrets: through the config's own include directive, by turning a config file into a
symlink to the secret, or by naming the secret as a certificate or key. The whole catalog audits the root;
the broken configs' domains must report `error` (proof that the secret was read), and neither the JSON nor
the text report may hold any piece of a secret (`garrison.facts.quoting`: messages quote at most a bounded
keyword).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from reportkit import as_json, as_text

SERVICES = Path(__file__).resolve().parents[1] / "reports" / "services" / "root"
SHADOW = "/etc/shadow"
HTPASSWD = "/etc/nginx/.htpasswd"
KEY = "/etc/ssl/private/planted.key"
HTPASSWD_TEXT = (
    "admin:$apr1$PLANTEDs$htpasswdsecrethashAAAAAA\n"
    "bob:$2y$05$bcryptPLANTEDsecrethashBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n"
    "carol:{SHA}PLANTEDshaSecretDigestBase64Cc=\n"
)
SYSCTL_SYNTAX = "kernel.sysctl-config-syntax"
#: The shadow hashes of the fixture and the .htpasswd entries: no report may hold any of these.
MARKERS = ("PLANTED", "secrethash", "md5secrethashvalue", "sha512secrethashvalue", "SecretDigest")


def _append(text: str) -> Callable[[Path, str], None]:
    """Append `text` (with `{secret}`) to a config: the config's own include directive names the secret."""

    def plant(path: Path, secret: str) -> None:
        with path.open("a") as handle:
            handle.write(text.format(secret=secret))

    return plant


def _prepend(text: str) -> Callable[[Path, str], None]:
    def plant(path: Path, secret: str) -> None:
        path.write_text(text.format(secret=secret) + path.read_text())

    return plant


def _replace(old: str, new: str) -> Callable[[Path, str], None]:
    def plant(path: Path, secret: str) -> None:
        path.write_text(path.read_text().replace(old, new.format(secret=secret)))

    return plant


def _symlink(path: Path, secret: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, path)


#: (file under the root, how the secret gets in, a rule id prefix that must then report error: the proof
#: that the secret was read; the sysctl syntax rule fails instead, citing the lines it skipped). None: no
#: error to expect: libmount skips fstab lines of fewer than three fields, and the Kamailio reader is a
#: subset that takes unknown text for routing-block content.
INCLUDES: list[tuple[str, Callable[[Path, str], None], str | None]] = [
    ("etc/ssh/sshd_config", _prepend("Include {secret}\n"), "ssh."),
    ("etc/nginx/nginx.conf", _prepend("include {secret};\n"), "nginx."),
    ("etc/prosody/prosody.cfg.lua", _append('\nInclude "{secret}"\n'), "prosody."),
    ("etc/postgresql/15/main/postgresql.conf", _append("\ninclude '{secret}'\n"), "postgresql."),
    ("etc/sudoers", _append("@include {secret}\n"), "accounts.sudo"),
    ("etc/pam.d/common-password", _append("@include ../..{secret}\n"), "accounts.password"),
    ("etc/kamailio/kamailio.cfg", _append('\ninclude_file "{secret}"\n'), None),
    ("etc/ejabberd/ejabberd.yml", _append("\ninclude_config_file: {secret}\n"), "ejabberd."),
    ("etc/nftables.conf", _append('include "{secret}"\n'), "firewall."),
    ("opt/mtproxy/docker-compose.yml", _replace("env_file: .env", "env_file: {secret}"), None),
]
#: The configs stay valid but name the secret as a certificate or key: the TLS pack reads it by name (the
#: proof: some finding cites the secret's path).
REFERENCES: list[tuple[str, Callable[[Path, str], None], str | None]] = [
    ("etc/nginx/nginx.conf", _replace("/etc/letsencrypt/live/example.org/fullchain.pem", "{secret}"), None),
    (
        "etc/prosody/prosody.cfg.lua",
        _append('\nssl = {{ certificate = "{secret}", key = "{secret}" }}\n'),
        None,
    ),
    ("etc/postgresql/15/main/postgresql.conf", _append("\nssl_cert_file = '{secret}'\n"), None),
]
SYMLINKS: list[tuple[str, Callable[[Path, str], None], str | None]] = [
    ("etc/ssh/sshd_config.d/10-hardening.conf", _symlink, "ssh."),
    ("etc/nginx/nginx.conf", _symlink, "nginx."),
    ("etc/sysctl.d/99-hardening.conf", _symlink, SYSCTL_SYNTAX),
    ("etc/prosody/prosody.cfg.lua", _symlink, "prosody."),
    ("etc/postgresql/15/main/conf.d/90-planted.conf", _symlink, "postgresql."),
    ("etc/sudoers.d/90-deploy", _symlink, "accounts.sudo"),
    ("etc/login.defs", _symlink, "accounts.password"),
    ("etc/kamailio/kamailio.cfg", _symlink, None),
    ("etc/ejabberd/ejabberd.yml", _symlink, "ejabberd."),
    ("etc/iptables/rules.v4", _symlink, "firewall."),
    ("etc/group", _symlink, "accounts."),
    ("etc/fstab", _symlink, None),
    ("opt/mtproxy/.env", _symlink, None),
    ("var/lib/dpkg/status", _symlink, "packages."),
    ("etc/systemd/system/nginx.service", _symlink, "systemd."),
    ("etc/apt/apt.conf.d/99planted", _symlink, "packages.unattended-upgrades-enabled"),
    ("etc/ssh/moduli", _symlink, None),
    ("etc/ufw/ufw.conf", _symlink, None),
    ("etc/default/ufw", _symlink, None),
    ("etc/logrotate.d/planted", _symlink, None),
    ("etc/systemd/system/nginx.service.d/override.conf", _symlink, "systemd."),
]
PLANTS = {"include": INCLUDES, "symlink": SYMLINKS, "reference": REFERENCES}
ROUNDS = [(kind, secret) for kind in PLANTS for secret in (SHADOW, HTPASSWD, KEY)]


@pytest.fixture(scope="module")
def private_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def fragments(pem: str) -> list[str]:
    """Overlapping 16-character pieces of the key's base64 body: any leak of 24 characters holds one."""
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    return [body[i : i + 16] for i in range(0, len(body) - 16, 8)]


def hostile_root(tmp_path: Path, pem: str, kind: str, secret: str) -> Path:
    root = tmp_path / "root"
    shutil.copytree(SERVICES, root, symlinks=True)
    (root / HTPASSWD.lstrip("/")).write_text(HTPASSWD_TEXT)
    (root / KEY.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    (root / KEY.lstrip("/")).write_text(pem)
    (root / "etc/nftables.conf").write_text("#!/usr/sbin/nft -f\nflush ruleset\n")
    for rel, plant, _ in PLANTS[kind]:
        plant(root / rel, secret)
    return root


@pytest.mark.parametrize(("kind", "secret"), ROUNDS, ids=[f"{k}-{s.rsplit('/', 1)[1]}" for k, s in ROUNDS])
def test_included_or_linked_secret_never_reaches_a_report(
    tmp_path: Path, private_key: str, kind: str, secret: str
) -> None:
    root = hostile_root(tmp_path, private_key, kind, secret)
    result = run_audit(RootDirTarget(str(root), name="hostile"), load_rules(), today=date(2026, 11, 24))
    crashed = [f.rule_id for f in result.findings if "internal error" in f.message]
    assert not crashed, f"rules crashed: {crashed}"
    erred = {f.rule_id for f in result.findings if f.status is Status.ERROR}
    erred |= {f.rule_id for f in result.findings if f.rule_id == SYSCTL_SYNTAX and f.status is Status.FAIL}
    for rel, _, domain in PLANTS[kind]:
        assert domain is None or any(r.startswith(domain) for r in erred), f"{rel}: no {domain} rule in error"
    if kind == "reference":
        cited = [
            f for f in result.findings if any(e.location and e.location.path == secret for e in f.evidence)
        ]
        assert cited or any(secret in f.message for f in result.findings), f"{secret} was never read"
    for rendered in (json.dumps(as_json(result), ensure_ascii=False), as_text(result, show_passed=True)):
        leaked = [m for m in (*MARKERS, *fragments(private_key)) if m in rendered]
        assert not leaked, f"secret pieces in the report: {leaked[:5]}"
