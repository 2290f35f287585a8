"""Real-world: audit Debian 12's shipped nginx configuration (nginx-common), then a weakened copy of it.

The postinst of nginx-common links sites-enabled/default to sites-available/default; the test makes that
link. Shipped: nginx.conf sets `ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3` and
`ssl_prefer_server_ciphers on` in http, leaves `server_tokens off` commented out, and the default site
serves port 80 only.
"""

from __future__ import annotations

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
    "nginx.http-to-https-redirect",
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
    # no TLS server in the shipped default site: the TLS and header rules do not apply
    assert {statuses[r] for r in TLS_RULES} == {"not_applicable"}
    assert statuses["nginx.server-tokens-off"] == "fail"
    tokens = results["nginx.server-tokens-off"]
    assert [str(e.location) for e in tokens.evidence] == ["/etc/nginx/sites-enabled/default"]
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
    assert statuses["nginx.ssl-ciphers-weak"] == "pass"
    protocols = results["nginx.ssl-protocols"]
    assert [str(e.location) for e in protocols.evidence] == ["/etc/nginx/nginx.conf:33"]
    redirect = results["nginx.http-to-https-redirect"]
    assert [str(e.location) for e in redirect.evidence] == ["/etc/nginx/sites-enabled/default:22"]
