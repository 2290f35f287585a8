"""Real-world: audit Debian 12's shipped nginx configuration (nginx-common), then a weakened copy of it.

The postinst of nginx-common links sites-enabled/default to sites-available/default; the test makes that
link. Shipped: nginx.conf sets `ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3` and
`ssl_prefer_server_ciphers on` in http, leaves `server_tokens off` commented out, and the default site
serves port 80 only.
"""

from __future__ import annotations

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

TLS_RULES = (
    "nginx.ssl-protocols",
    "nginx.ssl-ciphers-weak",
    "nginx.ssl-ciphers-forward-secrecy",
    "nginx.ssl-prefer-server-ciphers",
    "nginx.ssl-session-tickets-off",
    "nginx.ssl-ecdh-curve",
    "nginx.ssl-dhparam",
    "nginx.ssl-stapling",
    "nginx.hsts",
    "nginx.x-content-type-options",
    "nginx.x-frame-options",
    "nginx.referrer-policy",
    "nginx.permissions-policy",
    "nginx.content-security-policy",
    "nginx.security-headers-always",
)


def audit(root: Path) -> dict[str, Outcome]:
    store = FactStore(RootDirTarget(str(root)), default_gatherers())
    return {r.id: evaluate(r, store) for r in load_rules() if r.domain == "nginx"}


@pytest.fixture
def debian_root(tmp_path: Path) -> Path:
    root = extract_packages(["nginx-common"], tmp_path / "root")
    link = root / "etc/nginx/sites-enabled/default"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("/etc/nginx/sites-available/default")
    return root


def test_shipped_defaults(debian_root: Path) -> None:
    results = audit(debian_root)
    statuses = {rule_id: o.status for rule_id, o in results.items()}
    # no TLS server in the shipped default site: the TLS and header rules do not apply, and the site on port
    # 80 is served in clear text
    assert {statuses[r] for r in TLS_RULES} == {"not_applicable"}
    assert statuses["nginx.http-to-https-redirect"] == "fail"
    assert "no server listens with TLS" in results["nginx.http-to-https-redirect"].message
    assert statuses["nginx.server-tokens-off"] == "fail"
    tokens = results["nginx.server-tokens-off"]
    # absent everywhere: cited at the commented-out `# server_tokens off;` of nginx.conf's http block
    assert [str(e.location) for e in tokens.evidence] == ["/etc/nginx/nginx.conf:21"]
    assert (debian_root / "etc/nginx/nginx.conf").read_text().splitlines()[
        20
    ].strip() == "# server_tokens off;"
    assert tokens.evidence[0].actual == "on"
    for passing in (
        "nginx.autoindex-off",
        "nginx.proxy-pass-loopback",
        "nginx.limit-req-sensitive",
        "nginx.add-header-inheritance",
        "nginx.x-xss-protection-present",
    ):
        assert statuses[passing] == "pass", (passing, results[passing].message)


def test_weakened_copy_enables_snakeoil_tls(debian_root: Path) -> None:
    site = debian_root / "etc/nginx/sites-available/default"
    text = site.read_text()
    for line in ("# listen 443 ssl default_server;", "# include snippets/snakeoil.conf;"):
        assert f"\t{line}" in text, line
        text = text.replace(f"\t{line}", f"\t{line[2:]}")
    text = text.replace("\tlocation / {", '\tadd_header X-XSS-Protection "1; mode=block";\n\tlocation / {', 1)
    site.write_text(text)
    conf = debian_root / "etc/nginx/nginx.conf"
    conf.write_text(conf.read_text().replace("\t# server_tokens off;", "\tserver_tokens on; autoindex on;"))

    results = audit(debian_root)
    statuses = {rule_id: o.status for rule_id, o in results.items()}
    expected_fail = {
        "nginx.ssl-protocols",  # TLSv1 and TLSv1.1 from the shipped http-level ssl_protocols
        "nginx.ssl-ciphers-forward-secrecy",  # nginx's default HIGH:!aNULL:!MD5 keeps static-RSA suites
        "nginx.ssl-ciphers-weak",  # ... and CBC-mode and SHA-1 suites (below Mozilla's intermediate list)
        "nginx.ssl-session-tickets-off",
        "nginx.ssl-dhparam",  # HIGH brings DHE suites, no ssl_dhparam
        "nginx.ssl-stapling",
        "nginx.hsts",
        "nginx.x-content-type-options",
        "nginx.x-frame-options",
        "nginx.referrer-policy",
        "nginx.permissions-policy",
        "nginx.content-security-policy",
        "nginx.x-xss-protection-present",
        "nginx.http-to-https-redirect",  # the same server keeps serving port 80
        "nginx.server-tokens-off",
        "nginx.autoindex-off",
    }
    assert {r for r, s in statuses.items() if s == "fail"} == expected_fail
    assert statuses["nginx.ssl-prefer-server-ciphers"] == "pass"  # the shipped `on`
    assert "below Mozilla's intermediate list" in results["nginx.ssl-ciphers-weak"].message
    protocols = results["nginx.ssl-protocols"]
    assert [str(e.location) for e in protocols.evidence] == ["/etc/nginx/nginx.conf:33"]
    redirect = results["nginx.http-to-https-redirect"]
    assert [str(e.location) for e in redirect.evidence] == ["/etc/nginx/sites-enabled/default:22"]


# Debian 13 (trixie): nginx 1.26.3. Its nginx.conf sets `ssl_protocols TLSv1.2 TLSv1.3`,
# `ssl_prefer_server_ciphers off` and `server_tokens off` in http; the default site serves port 80 only.


@pytest.fixture
def trixie_root(tmp_path: Path) -> Path:
    root = extract_packages(["nginx-common"], tmp_path / "root", suite="trixie")
    record_installed(["nginx"], root, suite="trixie")  # the audit judges by the installed 1.26.3
    link = root / "etc/nginx/sites-enabled/default"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("/etc/nginx/sites-available/default")
    return root


def test_trixie_shipped_defaults(trixie_root: Path) -> None:
    results = audit(trixie_root)
    statuses = {rule_id: o.status for rule_id, o in results.items()}
    assert {statuses[r] for r in TLS_RULES} == {"not_applicable"}
    assert "1.26.3 (Debian 13)" in results["nginx.directive-known"].message
    for passing in (
        "nginx.config-valid",
        "nginx.directive-known",
        "nginx.server-tokens-off",  # shipped off in trixie (commented out in bookworm)
        "nginx.autoindex-off",
        "nginx.proxy-pass-loopback",
        "nginx.listen-ssl-parameter",
        "nginx.x-xss-protection-present",
    ):
        assert statuses[passing] == "pass", (passing, results[passing].message)
    # the shipped default site serves port 80 with no TLS server anywhere
    assert {r for r, s in statuses.items() if s == "fail"} == {"nginx.http-to-https-redirect"}


def _weaken_trixie(root: Path, *, ipv6_ssl: bool) -> None:
    site = root / "etc/nginx/sites-available/default"
    text = site.read_text()
    for line in ("# listen 443 ssl default_server;", "# listen [::]:443 ssl default_server;"):
        assert f"\t{line}" in text, line
        text = text.replace(f"\t{line}", f"\t{line[2:]}")
    if not ipv6_ssl:
        text = text.replace("\tlisten [::]:443 ssl default_server;", "\tlisten [::]:443 default_server;")
    text = text.replace(
        "\t# include snippets/snakeoil.conf;", "\tinclude snippets/snakeoil.conf;\n\thttp2 on;"
    )
    text = text.replace(
        "\tlocation / {",
        "\tlocation /backend/ {\n\t\tproxy_pass https://192.0.2.10:8443;\n\t}\n\n\tlocation / {",
        1,
    )
    site.write_text(text)


def test_trixie_weakened_copy_judged_as_1_26(trixie_root: Path) -> None:
    _weaken_trixie(trixie_root, ipv6_ssl=False)
    results = audit(trixie_root)
    statuses = {rule_id: o.status for rule_id, o in results.items()}
    expected_fail = {
        "nginx.listen-ssl-consistent",  # [::]:443 serves plain HTTP beside TLS on 443
        "nginx.proxy-ssl-verify",  # proxy_ssl_verify is off by default
        "nginx.proxy-pass-loopback",
        "nginx.ssl-ciphers-forward-secrecy",
        "nginx.ssl-ciphers-weak",  # the default list's CBC and SHA-1 suites
        "nginx.ssl-prefer-server-ciphers",  # shipped off, with nginx's default HIGH:!aNULL:!MD5 list
        "nginx.ssl-session-tickets-off",
        "nginx.ssl-dhparam",
        "nginx.ssl-stapling",
        "nginx.hsts",
        "nginx.x-content-type-options",
        "nginx.x-frame-options",
        "nginx.referrer-policy",
        "nginx.permissions-policy",
        "nginx.content-security-policy",
        "nginx.http-to-https-redirect",
    }
    assert {r for r, s in statuses.items() if s == "fail"} == expected_fail
    # `http2 on;` is known to 1.26 (it would be an unknown directive to bookworm's 1.22)
    assert statuses["nginx.config-valid"] == "pass" and statuses["nginx.directive-known"] == "pass"
    assert statuses["nginx.ssl-protocols"] == "pass" and statuses["nginx.ssl-tls13"] == "pass"
    consistent = results["nginx.listen-ssl-consistent"]
    assert "/etc/nginx/sites-enabled/default:28" in [str(e.location) for e in consistent.evidence]


def test_trixie_without_ssl_protocols_gets_1_26_defaults(trixie_root: Path) -> None:
    _weaken_trixie(trixie_root, ipv6_ssl=True)
    conf = trixie_root / "etc/nginx/nginx.conf"
    conf.write_text(
        conf.read_text().replace("\tssl_protocols TLSv1.2 TLSv1.3;", "\t# ssl_protocols removed;")
    )
    results = audit(trixie_root)
    # 1.26's compiled default is TLSv1 TLSv1.1 TLSv1.2 TLSv1.3: legacy protocols on, TLS 1.3 too
    assert results["nginx.ssl-protocols"].status == "fail"
    assert "default of nginx 1.26.3 (Debian 13)" in results["nginx.ssl-protocols"].message
    assert results["nginx.ssl-tls13"].status == "pass"
    assert results["nginx.listen-ssl-consistent"].status == "pass"


def test_bookworm_refuses_the_http2_directive(debian_root: Path) -> None:
    """The same `http2 on;` on Debian 12's nginx 1.22.1: an unknown directive, the file is refused."""
    record_installed(["nginx"], debian_root)
    site = debian_root / "etc/nginx/sites-available/default"
    site.write_text(site.read_text().replace("\tserver_name _;", "\tserver_name _;\n\thttp2 on;", 1))
    results = audit(debian_root)
    assert results["nginx.config-valid"].status == "error"
    known = results["nginx.directive-known"]
    assert known.status == "fail" and "new in nginx 1.25.1" in known.message and "1.22.1" in known.message
    # every other verdict is still given, marked as judged from a file nginx would refuse
    assert "nginx would refuse" in results["nginx.server-tokens-off"].message
