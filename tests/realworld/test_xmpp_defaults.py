"""Real-world: audit the shipped ejabberd and Prosody configurations of Debian 12 (ejabberd 23.01, Prosody
0.12.3) and Debian 13 (ejabberd 24.12, Prosody 13.0.1, fetched through a private apt configuration), then
weakened copies of each, and assert the findings they really produce.

The maintainer scripts are mimicked: ejabberd's postinst copies /usr/share/ejabberd/ejabberd.yml.example
to /etc/ejabberd/ejabberd.yml and ejabberdctl.cfg.example to /etc/default/ejabberd (the shipped
/etc/ejabberd/ejabberdctl.cfg links to it); prosody's postinst creates conf.d/ and links
conf.d/localhost.cfg.lua to conf.avail/localhost.cfg.lua. Neither package ships a certificate (prosody's
postinst makes one for localhost when ssl-cert is installed; ejabberd expects /etc/ejabberd/ejabberd.pem).
The packages are recorded in the root's dpkg status, so each audit judges by the release it ships.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from debs import extract_packages, record_installed

from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.model import Outcome
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.realworld

#: suite (None: the machine's own, Debian 12) -> (ejabberd release, Prosody release) as messages name them
SUITES = {None: ("ejabberd 23.01", "Prosody 0.12.3"), "trixie": ("ejabberd 24.12", "Prosody 13.0.1")}
SUITE_IDS = ["bookworm", "trixie"]


def audit(root: Path, domain: str) -> dict[str, Outcome]:
    store = FactStore(RootDirTarget(str(root)), default_gatherers())
    return {r.id: evaluate(r, store) for r in load_rules() if r.domain == domain}


def failing(results: dict[str, Outcome]) -> set[str]:
    return {rule_id for rule_id, outcome in results.items() if outcome.status == "fail"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


# ---------------------------------------------------------------- ejabberd


@pytest.fixture(params=list(SUITES), ids=SUITE_IDS)
def ejabberd_root(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str | None]:
    suite = request.param
    root = extract_packages(["ejabberd"], tmp_path / "root", suite=suite)
    record_installed(["ejabberd"], root, suite=suite)
    shutil.copy(root / "usr/share/ejabberd/ejabberd.yml.example", root / "etc/ejabberd/ejabberd.yml")
    (root / "etc/default").mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "usr/share/ejabberd/ejabberdctl.cfg.example", root / "etc/default/ejabberd")
    return root, suite


EJABBERD_SHIPPED_FAILS = {
    "ejabberd.epmd-address",  # ERL_EPMD_ADDRESS commented out: epmd on every interface
    "ejabberd.erlang-dist-interface",  # INET_DIST_INTERFACE commented out
    "ejabberd.erlang-dist-port",  # ERL_DIST_PORT commented out: random port
    "ejabberd.fail2ban-limits",  # mod_fail2ban: {} -> 20 failures, 1 hour
    "ejabberd.http-api-not-public",  # /api on 5443, ip "::"
    "ejabberd.mqtt-disabled",  # mod_mqtt loaded, 1883 listener
    "ejabberd.port-5280-listener",  # 5280 on "::"
    "ejabberd.tls-ciphers",  # TLS_CIPHERS "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH": CBC, SHA-1, static RSA
    "ejabberd.web-admin-not-public",  # /admin on 5280, ip "::"
}


def test_ejabberd_shipped_defaults(ejabberd_root: tuple[Path, str | None]) -> None:
    root, suite = ejabberd_root
    results = audit(root, "ejabberd")
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
    # The shipped configuration holds only options its own release accepts, judged as that release.
    assert SUITES[suite][0] in results["ejabberd.unknown-options"].message
    ciphers = results["ejabberd.tls-ciphers"]
    assert "CBC mode" in ciphers.message and "no forward secrecy" in ciphers.message


def test_ejabberd_weakened_copy(ejabberd_root: tuple[Path, str | None]) -> None:
    root, _suite = ejabberd_root
    config = root / "etc/ejabberd/ejabberd.yml"
    edit(config, "    starttls_required: true\n", "    starttls_required: false\n")
    edit(config, "s2s_use_starttls: required", "s2s_use_starttls: optional")
    edit(config, "auth_password_format: scram", "auth_password_format: plain")
    edit(config, 'disable_sasl_mechanisms:\n  - "digest-md5"\n  - "X-OAUTH2"\n', "")
    edit(config, "loglevel: info", "loglevel: debug")
    edit(config, '    - "no_tlsv1_1"\n', "")
    edit(config, "  mod_fail2ban: {}\n", "  mod_register: {}\n")
    config.write_text(config.read_text() + "\nauth_method: [mnesia, anonymous]\nanonymous_protocol: both\n")
    ctl = root / "etc/default/ejabberd"
    edit(ctl, "#INET_DIST_INTERFACE=127.0.0.1", "INET_DIST_INTERFACE=0.0.0.0")
    results = audit(root, "ejabberd")
    weakened = {
        "ejabberd.anonymous-login",
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
    assert dist == {f"/etc/default/ejabberd:{line_of(ctl, 'INET_DIST_INTERFACE=0.0.0.0')}"}


def test_ejabberd_refused_option_keeps_the_other_verdicts(ejabberd_root: tuple[Path, str | None]) -> None:
    root, _suite = ejabberd_root
    config = root / "etc/ejabberd/ejabberd.yml"
    edit(config, "s2s_use_starttls: required", "s2s_use_starttls: optional\ns2s_use_startls: required")
    results = audit(root, "ejabberd")
    refused = results["ejabberd.unknown-options"]
    assert refused.status == "error", refused.message
    assert "did you mean s2s_use_starttls?" in refused.message
    where = f"/etc/ejabberd/ejabberd.yml:{line_of(config, 's2s_use_startls')}"
    assert [str(e.location) for e in refused.evidence] == [where]
    starttls = results["ejabberd.s2s-use-starttls"]  # still judged, and marked as from a refused file
    assert starttls.status == "fail" and f"refuses ({where})]" in starttls.message
    assert failing(results) == EJABBERD_SHIPPED_FAILS | {"ejabberd.s2s-use-starttls"}


# ---------------------------------------------------------------- Prosody


@pytest.fixture(params=list(SUITES), ids=SUITE_IDS)
def prosody_root(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str | None]:
    suite = request.param
    root = extract_packages(["prosody"], tmp_path / "root", suite=suite)
    record_installed(["prosody"], root, suite=suite)
    conf_d = root / "etc/prosody/conf.d"
    conf_d.mkdir(parents=True, exist_ok=True)
    (conf_d / "localhost.cfg.lua").symlink_to("../conf.avail/localhost.cfg.lua")
    return root, suite


PROSODY_SHIPPED_FAILS = {
    "prosody.admins",  # admins = { }
    "prosody.certificates",  # no certificate shipped (certs/ is filled by the postinst)
    "prosody.stanza-size-limits",  # 0.12 and 13.0 defaults: 256 KiB c2s, 512 KiB s2s
}


def test_prosody_shipped_defaults(prosody_root: tuple[Path, str | None]) -> None:
    root, suite = prosody_root
    config = root / "etc/prosody/prosody.cfg.lua"
    results = audit(root, "prosody")
    assert len(results) >= 28
    assert failing(results) == PROSODY_SHIPPED_FAILS, {k: results[k].message for k in failing(results)}
    assert all(o.status in ("pass", "fail") for o in results.values())
    where = str(results["prosody.s2s-secure-auth"].evidence[0].location)
    assert where == f"/etc/prosody/prosody.cfg.lua:{line_of(config, 's2s_secure_auth = true')}"
    assert SUITES[suite][1] in results["prosody.unknown-options"].message
    assert SUITES[suite][1] in results["prosody.stanza-size-limits"].message


def test_prosody_weakened_copy(prosody_root: tuple[Path, str | None]) -> None:
    root, _suite = prosody_root
    config = root / "etc/prosody/prosody.cfg.lua"
    edit(config, "s2s_secure_auth = true", "s2s_secure_auth = false")
    edit(config, 'authentication = "internal_hashed"', 'authentication = "internal_plain"')
    edit(config, '--"mam";', '"mam";')
    edit(config, 'archive_expires_after = "1w"', 'archive_expires_after = "never"')
    edit(config, '"limits";', '"admin_telnet";')
    edit(
        config,
        "admins = { }",
        'admins = { "admin@localhost" }\nallow_registration = true\n'
        'registration_invite_only = false\nc2s_require_encryption = false\nssl = { protocol = "tlsv1+" }\n'
        "allow_unencrypted_plain_auth = true\ns2s_require_encrytion = true\n",
    )
    results = audit(root, "prosody")
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
        "prosody.plain-auth-unencrypted",
        "prosody.unknown-options",
    }
    assert failing(results) == expected, {k: results[k].message for k in failing(results) ^ expected}
    assert results["prosody.console-interfaces"].status == "pass"  # telnet on loopback by default
    telnet = str(results["prosody.admin-telnet"].evidence[0].location)  # the list entry, not the list
    entry = line_of(config, '"admin_telnet";')
    assert telnet == f"/etc/prosody/prosody.cfg.lua:{entry}"
    assert "did you mean s2s_require_encryption?" in results["prosody.unknown-options"].message


def test_prosody_s2s_disabled(prosody_root: tuple[Path, str | None]) -> None:
    root, _suite = prosody_root
    config = root / "etc/prosody/prosody.cfg.lua"
    text = config.read_text()
    config.write_text(text.replace("modules_disabled = {\n", 'modules_disabled = {\n\t"s2s";\n', 1))
    results = audit(root, "prosody")
    for rule_id in ("prosody.s2s-secure-auth", "prosody.s2s-require-encryption"):
        assert results[rule_id].status == "not_applicable", results[rule_id].message
