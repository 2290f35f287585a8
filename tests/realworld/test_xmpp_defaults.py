"""Real-world: audit Debian 12's shipped ejabberd (23.01) and Prosody (0.12.3) configurations, then weakened
copies of each, and assert the findings they really produce.

The maintainer scripts are mimicked: ejabberd's postinst copies /usr/share/ejabberd/ejabberd.yml.example
to /etc/ejabberd/ejabberd.yml and ejabberdctl.cfg.example to /etc/default/ejabberd (the shipped
/etc/ejabberd/ejabberdctl.cfg links to it); prosody's postinst creates conf.d/ and links
conf.d/localhost.cfg.lua to conf.avail/localhost.cfg.lua. Neither package ships a certificate (prosody's
postinst makes one for localhost when ssl-cert is installed; ejabberd expects /etc/ejabberd/ejabberd.pem).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from debs import extract_packages

from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.model import Outcome
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.realworld


def audit(root: Path, domain: str) -> dict[str, Outcome]:
    store = FactStore(RootDirTarget(str(root)), default_gatherers())
    return {r.id: evaluate(r, store) for r in load_rules() if r.domain == domain}


def failing(results: dict[str, Outcome]) -> set[str]:
    return {rule_id for rule_id, outcome in results.items() if outcome.status == "fail"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


# ---------------------------------------------------------------- ejabberd


@pytest.fixture
def ejabberd_root(tmp_path: Path) -> Path:
    root = extract_packages(["ejabberd"], tmp_path / "root")
    shutil.copy(root / "usr/share/ejabberd/ejabberd.yml.example", root / "etc/ejabberd/ejabberd.yml")
    (root / "etc/default").mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "usr/share/ejabberd/ejabberdctl.cfg.example", root / "etc/default/ejabberd")
    return root


EJABBERD_SHIPPED_FAILS = {
    "ejabberd.epmd-address",  # ERL_EPMD_ADDRESS commented out: epmd on every interface
    "ejabberd.erlang-dist-interface",  # INET_DIST_INTERFACE commented out
    "ejabberd.erlang-dist-port",  # ERL_DIST_PORT commented out: random port
    "ejabberd.fail2ban-limits",  # mod_fail2ban: {} -> 20 failures, 1 hour
    "ejabberd.http-api-not-public",  # /api on 5443, ip "::"
    "ejabberd.mqtt-disabled",  # mod_mqtt loaded, 1883 listener
    "ejabberd.port-5280-listener",  # 5280 on "::"
    "ejabberd.web-admin-not-public",  # /admin on 5280, ip "::"
}


def test_ejabberd_shipped_defaults(ejabberd_root: Path) -> None:
    results = audit(ejabberd_root, "ejabberd")
    assert len(results) >= 20
    assert failing(results) == EJABBERD_SHIPPED_FAILS, {k: results[k].message for k in failing(results)}
    assert all(o.status in ("pass", "fail") for o in results.values()), {
        k: o.message for k, o in results.items() if o.status not in ("pass", "fail")
    }
    # The shipped TLS options come from the TLS_OPTIONS macro and the c2s listeners require TLS.
    assert results["ejabberd.c2s-protocol-options"].status == "pass"
    assert results["ejabberd.c2s-starttls-required"].status == "pass"
    evidence = {str(e.location) for e in results["ejabberd.epmd-address"].evidence}
    assert evidence == {"/etc/default/ejabberd"}


def test_ejabberd_weakened_copy(ejabberd_root: Path) -> None:
    config = ejabberd_root / "etc/ejabberd/ejabberd.yml"
    edit(config, "    starttls_required: true\n", "    starttls_required: false\n")
    edit(config, "s2s_use_starttls: required", "s2s_use_starttls: optional")
    edit(config, "auth_password_format: scram", "auth_password_format: plain")
    edit(config, 'disable_sasl_mechanisms:\n  - "digest-md5"\n  - "X-OAUTH2"\n', "")
    edit(config, "loglevel: info", "loglevel: debug")
    edit(config, '    - "no_tlsv1_1"\n', "")
    edit(config, "  mod_fail2ban: {}\n", "  mod_register: {}\n")
    ctl = ejabberd_root / "etc/default/ejabberd"
    edit(ctl, "#INET_DIST_INTERFACE=127.0.0.1", "INET_DIST_INTERFACE=0.0.0.0")
    results = audit(ejabberd_root, "ejabberd")
    weakened = {
        "ejabberd.c2s-starttls-required",
        "ejabberd.s2s-use-starttls",
        "ejabberd.auth-password-format",
        "ejabberd.sasl-digest-md5",
        "ejabberd.disable-sasl-mechanisms",
        "ejabberd.loglevel",
        "ejabberd.c2s-protocol-options",
        "ejabberd.s2s-protocol-options",
        "ejabberd.mod-fail2ban",
        "ejabberd.registration-open",
    }
    expected = (EJABBERD_SHIPPED_FAILS - {"ejabberd.fail2ban-limits"}) | weakened
    assert failing(results) == expected, {k: results[k].message for k in failing(results) ^ expected}
    assert results["ejabberd.fail2ban-limits"].status == "not_applicable"
    dist = {str(e.location) for e in results["ejabberd.erlang-dist-interface"].evidence}
    assert dist == {"/etc/default/ejabberd:47"}


# ---------------------------------------------------------------- Prosody


@pytest.fixture
def prosody_root(tmp_path: Path) -> Path:
    root = extract_packages(["prosody"], tmp_path / "root")
    conf_d = root / "etc/prosody/conf.d"
    conf_d.mkdir(parents=True, exist_ok=True)
    (conf_d / "localhost.cfg.lua").symlink_to("../conf.avail/localhost.cfg.lua")
    return root


PROSODY_SHIPPED_FAILS = {
    "prosody.admins",  # admins = { }
    "prosody.certificates",  # no certificate shipped (certs/ is filled by the postinst)
    "prosody.stanza-size-limits",  # 0.12 defaults: 256 KiB c2s, 512 KiB s2s
}


def test_prosody_shipped_defaults(prosody_root: Path) -> None:
    results = audit(prosody_root, "prosody")
    assert len(results) >= 20
    assert failing(results) == PROSODY_SHIPPED_FAILS, {k: results[k].message for k in failing(results)}
    assert all(o.status in ("pass", "fail") for o in results.values())
    assert results["prosody.s2s-secure-auth"].evidence[0].location is not None
    assert str(results["prosody.s2s-secure-auth"].evidence[0].location) == "/etc/prosody/prosody.cfg.lua:110"


def test_prosody_weakened_copy(prosody_root: Path) -> None:
    config = prosody_root / "etc/prosody/prosody.cfg.lua"
    edit(config, "s2s_secure_auth = true", "s2s_secure_auth = false")
    edit(config, 'authentication = "internal_hashed"', 'authentication = "internal_plain"')
    edit(config, '--"mam";', '"mam";')
    edit(config, 'archive_expires_after = "1w"', 'archive_expires_after = "never"')
    edit(config, '"limits";', '"admin_telnet";')
    edit(
        config,
        "admins = { }",
        'admins = { "admin@localhost" }\nallow_registration = true\n'
        'registration_invite_only = false\nc2s_require_encryption = false\nssl = { protocol = "tlsv1+" }\n',
    )
    results = audit(prosody_root, "prosody")
    expected = (PROSODY_SHIPPED_FAILS - {"prosody.admins"}) | {
        "prosody.s2s-secure-auth",
        "prosody.authentication",
        "prosody.archive-retention",
        "prosody.admin-telnet",
        "prosody.mod-limits",
        "prosody.rate-limits",
        "prosody.allow-registration",
        "prosody.registration-throttle",
        "prosody.c2s-require-encryption",
        "prosody.tls-protocol",
    }
    assert failing(results) == expected, {k: results[k].message for k in failing(results) ^ expected}
    assert results["prosody.console-interfaces"].status == "pass"  # telnet on loopback by default
