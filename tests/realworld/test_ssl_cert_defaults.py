"""Real-world: Debian's snakeoil certificate (ssl-cert's make-ssl-cert) served by Debian's nginx.

The ssl-cert package ships only make-ssl-cert and its template; its postinst runs
`make-ssl-cert generate-default-snakeoil`. The test does what that does: fills the shipped template
(/usr/share/ssl-cert/ssleay.cnf) with the host name, runs the same `openssl req -new -x509 -days 3650 -nodes
-sha256`, and sets modes 0644 (certificate) and 0640 (key). nginx-common's default site, with its commented
TLS lines enabled (a weakened copy), then serves it through snippets/snakeoil.conf.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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

HOST = "debian"


def make_snakeoil(root: Path) -> None:
    """generate-default-snakeoil, as make-ssl-cert 1.1.2 runs it (inside `root`)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    template = (root / "usr/share/ssl-cert/ssleay.cnf").read_text()
    config = template.replace("@HostName@", HOST).replace("@SubjectAltName@", f"DNS:{HOST}")
    (root / "tmp").mkdir(exist_ok=True)
    (root / "tmp/ssleay.cnf").write_text(config)
    cert = root / "etc/ssl/certs/ssl-cert-snakeoil.pem"
    key = root / "etc/ssl/private/ssl-cert-snakeoil.key"
    cert.parent.mkdir(parents=True, exist_ok=True)
    key.parent.mkdir(parents=True, exist_ok=True)
    argv = ["openssl", "req", "-config", str(root / "tmp/ssleay.cnf"), "-new", "-x509", "-days", "3650"]
    argv += ["-nodes", "-sha256", "-out", str(cert), "-keyout", str(key)]
    subprocess.run(argv, check=True, capture_output=True, timeout=120)
    cert.chmod(0o644)
    key.chmod(0o640)
    (root / "etc/ssl/private").chmod(0o710)


def audit(root: Path) -> dict[str, Outcome]:
    store = FactStore(RootDirTarget(str(root)), default_gatherers())
    return {r.id: evaluate(r, store) for r in load_rules() if r.domain == "tls"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    made = extract_packages(["ssl-cert", "nginx-common"], tmp_path / "root")
    make_snakeoil(made)
    return made


def test_snakeoil_alone_is_found_in_its_usual_place(root: Path) -> None:
    # nginx's shipped default site has no TLS server: only the key in /etc/ssl/private is found
    results = audit(root)
    statuses = {rule_id: o.status for rule_id, o in results.items()}
    assert statuses["tls.rsa-key-size"] == "pass"
    assert statuses["tls.rsa-key-size-preferred"] == "fail"  # make-ssl-cert's template: 2048 bits
    assert statuses["tls.self-signed-in-production"] == "not_applicable"  # nothing references it
    assert statuses["tls.certificate-readable"] == "not_applicable"
    if os.geteuid() == 0:
        assert statuses["tls.key-permissions"] == "pass", results["tls.key-permissions"].message


def test_weakened_nginx_serves_snakeoil(root: Path) -> None:
    link = root / "etc/nginx/sites-enabled/default"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("/etc/nginx/sites-available/default")
    site = root / "etc/nginx/sites-available/default"
    text = site.read_text()
    for line in ("# listen 443 ssl default_server;", "# include snippets/snakeoil.conf;"):
        text = text.replace(f"\t{line}", f"\t{line[2:]}")
    site.write_text(text.replace("server_name _;", "server_name _ www.example.org;"))
    (root / "etc/ssl/private/ssl-cert-snakeoil.key").chmod(0o644)  # weakened: world-readable key

    results = audit(root)
    statuses = {rule_id: o.status for rule_id, o in results.items()}
    selfsigned = results["tls.self-signed-in-production"]
    assert selfsigned.status == "fail"
    assert "snakeoil" in selfsigned.message
    assert [str(e.location) for e in selfsigned.evidence] == ["/etc/nginx/snippets/snakeoil.conf:4"]
    coverage = results["tls.hostname-coverage"]
    assert coverage.status == "fail" and "www.example.org" in coverage.message
    assert statuses["tls.key-permissions"] == "fail"
    assert [str(e.location) for e in results["tls.key-permissions"].evidence] == [
        "/etc/ssl/private/ssl-cert-snakeoil.key"
    ]
    assert statuses["tls.key-matches-certificate"] == "pass"
    assert statuses["tls.chain-complete"] == "pass"  # self-signed: nothing to chain
    assert statuses["tls.certificate-readable"] == "pass"
    assert statuses["tls.weak-signature"] == "pass"  # -sha256
    assert statuses["tls.certificate-expired"] == "pass"
    assert statuses["tls.rsa-key-size"] == "pass"
    assert statuses["tls.rsa-key-size-preferred"] == "fail"
    assert statuses["tls.dh-params-size"] == "not_applicable"
    # the key material itself never reaches a message or evidence
    key_text = (root / "etc/ssl/private/ssl-cert-snakeoil.key").read_text()
    body = "".join(key_text.splitlines()[1:3])
    for outcome in results.values():
        text = outcome.message + " ".join(f"{e.actual} {e.expected}" for e in outcome.evidence)
        assert body[:40] not in text
