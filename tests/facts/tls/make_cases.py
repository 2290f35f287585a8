"""Write the tls.* rule case folders under tests/cases (run once: `python tests/facts/tls/make_cases.py`).

Certificates that must be short-lived relative to *now* (the expiring-14d/30d fail cases) are not committed:
`write_dynamic_cases()` writes them at test time (tests/rules/conftest.py calls it; the files are
git-ignored).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cryptography.hazmat.primitives.asymmetric import ec
from pki import Issued, cert_pem, dh_pem, key_pem, make_ca, make_cert, new_key, now_plus, sign_sha1, write

CASES = Path(__file__).resolve().parents[2] / "cases"
LIVE = "/etc/letsencrypt/live/example.org"
NAMES = ("example.org", "www.example.org")


def nginx_conf(
    cert: str = f"{LIVE}/fullchain.pem",
    key: str = f"{LIVE}/privkey.pem",
    names: tuple[str, ...] = NAMES,
    extra: str = "",
) -> bytes:
    return f"""user www-data;
worker_processes auto;
events {{
    worker_connections 768;
}}
http {{
    server {{
        listen 443 ssl;
        listen [::]:443 ssl;
        server_name {" ".join(names)};
        ssl_certificate {cert};
        ssl_certificate_key {key};
{extra}        root /var/www/html;
    }}
}}
""".encode()


class Kit:
    def __init__(self) -> None:
        self.root = make_ca()
        self.inter = make_cert("Garrison Test R3", issuer=self.root, ca=True)

    def leaf(self, names: tuple[str, ...] = NAMES, **kw: object) -> Issued:
        return make_cert(names[0], issuer=self.inter, names=names, **kw)  # type: ignore[arg-type]


def site(case: str, leaf: Issued, kit: Kit, *, chain: bool = True, conf: bytes | None = None) -> Path:
    root = CASES / case / "root"
    write(root / "etc/nginx/nginx.conf", conf or nginx_conf())
    live = root / LIVE.lstrip("/")
    write(live / "cert.pem", cert_pem(leaf))
    write(live / "chain.pem", cert_pem(kit.inter))
    write(live / "fullchain.pem", cert_pem(leaf, kit.inter) if chain else cert_pem(leaf))
    write(live / "privkey.pem", key_pem(leaf))
    return root


def expected(case: str, text: str) -> None:
    write(CASES / case / "expected.toml", text.encode())


def main() -> None:
    kit = Kit()
    good = kit.leaf()
    rsa4096 = kit.leaf(key=new_key("rsa", 4096))
    for rule in ("certificate-expired", "certificate-not-yet-valid", "weak-signature", "hostname-coverage"):
        site(f"tls.{rule}/pass-letsencrypt", good, kit)
    site("tls.certificate-expired/fail-expired", kit.leaf(not_after=datetime(2021, 3, 1, tzinfo=UTC)), kit)
    expected(
        "tls.certificate-expired/fail-expired",
        'evidence = ["/etc/letsencrypt/live/example.org/cert.pem:1"]\n',
    )
    root = site("tls.certificate-expired/error-garbled-pem", good, kit)
    write(
        root / LIVE.lstrip("/") / "fullchain.pem",
        b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
    )
    site(
        "tls.certificate-not-yet-valid/fail-future",
        kit.leaf(not_before=datetime(2098, 1, 1, tzinfo=UTC)),
        kit,
    )
    site("tls.weak-signature/fail-sha1", sign_sha1(new_key("ec"), "example.org", NAMES, kit.inter), kit)
    expected(
        "tls.weak-signature/fail-sha1", 'evidence = ["/etc/letsencrypt/live/example.org/fullchain.pem:1"]\n'
    )
    site(
        "tls.hostname-coverage/pass-wildcard",
        kit.leaf(names=("example.org", "*.example.org")),
        kit,
        conf=nginx_conf(names=("example.org", "chat.example.org")),
    )
    site(
        "tls.hostname-coverage/fail-missing-name",
        good,
        kit,
        conf=nginx_conf(names=("example.org", "www.example.org", "chat.example.org")),
    )
    expected(
        "tls.hostname-coverage/fail-missing-name",
        'evidence = ["/etc/nginx/nginx.conf:11"]\nmessage = "chat.example.org"\n',
    )
    for rule in (
        "chain-complete",
        "self-signed-in-production",
        "certificate-readable",
        "key-matches-certificate",
    ):
        site(f"tls.{rule}/pass-letsencrypt", good, kit)
    site("tls.chain-complete/fail-cert-only", good, kit, conf=nginx_conf(cert=f"{LIVE}/cert.pem"))
    expected("tls.chain-complete/fail-cert-only", 'evidence = ["/etc/nginx/nginx.conf:11"]\n')
    snake = make_cert("debian", key=new_key("rsa", 2048), names=("debian",))
    root = CASES / "tls.self-signed-in-production/fail-snakeoil/root"
    write(
        root / "etc/nginx/nginx.conf",
        nginx_conf(
            "/etc/ssl/certs/ssl-cert-snakeoil.pem", "/etc/ssl/private/ssl-cert-snakeoil.key", ("debian",)
        ),
    )
    write(root / "etc/ssl/certs/ssl-cert-snakeoil.pem", cert_pem(snake))
    write(root / "etc/ssl/private/ssl-cert-snakeoil.key", key_pem(snake))
    expected(
        "tls.self-signed-in-production/fail-snakeoil",
        'evidence = ["/etc/nginx/nginx.conf:11"]\nmessage = "snakeoil"\n',
    )
    root = site("tls.certificate-readable/fail-missing-file", good, kit)
    (root / LIVE.lstrip("/") / "privkey.pem").unlink()
    expected("tls.certificate-readable/fail-missing-file", 'evidence = ["/etc/nginx/nginx.conf:12"]\n')
    root = site("tls.certificate-readable/error-not-pem", good, kit)
    write(root / LIVE.lstrip("/") / "fullchain.pem", b"this is not a certificate\n")
    expected(
        "tls.certificate-readable/error-not-pem",
        'evidence = ["/etc/letsencrypt/live/example.org/fullchain.pem"]\n',
    )
    root = site("tls.key-matches-certificate/fail-mismatch", good, kit)
    write(root / LIVE.lstrip("/") / "privkey.pem", key_pem(kit.leaf()))
    expected("tls.key-matches-certificate/fail-mismatch", 'evidence = ["/etc/nginx/nginx.conf:12"]\n')
    for rule in ("rsa-key-size", "rsa-key-size-preferred"):
        site(f"tls.{rule}/pass-rsa4096", rsa4096, kit)
    site("tls.rsa-key-size/fail-rsa1024", kit.leaf(key=new_key("rsa", 1024)), kit)
    expected("tls.rsa-key-size/fail-rsa1024", 'message = "RSA 1024"\n')
    site("tls.rsa-key-size-preferred/fail-rsa2048", kit.leaf(key=new_key("rsa", 2048)), kit)
    site("tls.ec-curve/pass-p384", good, kit)
    site("tls.ec-curve/fail-secp256k1", kit.leaf(key=new_key("ec", curve=ec.SECP256K1())), kit)
    for label in ("pass-0600", "pass-0640-ssl-cert", "fail-world-readable"):
        site(f"tls.key-permissions/{label}", good, kit)
    key = "etc/letsencrypt/live/example.org/privkey.pem"
    expected("tls.key-permissions/pass-0600", f'[modes]\n"{key}" = "0600"\n')
    expected("tls.key-permissions/pass-0640-ssl-cert", f'[modes]\n"{key}" = "0640"\n')
    expected("tls.key-permissions/fail-world-readable", f'evidence = ["/{key}"]\n[modes]\n"{key}" = "0644"\n')
    dh4096, dh2048, dh1024 = dh_pem(4096), dh_pem(2048), dh_pem(1024)
    dhconf = nginx_conf(extra="        ssl_dhparam /etc/ssl/certs/dhparam.pem;\n")
    for case, data in (
        ("tls.dh-params-size/pass-4096", dh4096),
        ("tls.dh-params-size/fail-1024", dh1024),
        ("tls.dh-params-size-preferred/pass-4096", dh4096),
        ("tls.dh-params-size-preferred/fail-2048", dh2048),
    ):
        root = site(case, good, kit, conf=dhconf)
        write(root / "etc/ssl/certs/dhparam.pem", data)
    expected("tls.dh-params-size/fail-1024", 'evidence = ["/etc/ssl/certs/dhparam.pem:1"]\n')
    for rule in ("certificate-expiring-14d", "certificate-expiring-30d"):
        site(f"tls.{rule}/pass-letsencrypt", good, kit)
    write_dynamic_cases()


DYNAMIC = {
    "tls.certificate-expiring-14d/fail-in-5-days": 5,
    "tls.certificate-expiring-30d/fail-in-20-days": 20,
    "tls.certificate-expiring-14d/pass-in-20-days": 20,
}


def write_dynamic_cases() -> None:
    """(Re)write the certificates whose dates are relative to now; their folders hold a .gitignore."""
    kit = Kit()
    for case, days in DYNAMIC.items():
        leaf = kit.leaf(not_after=now_plus(days))
        site(case, leaf, kit)
        write(CASES / case / ".gitignore", b"root/etc/letsencrypt/\n")


if __name__ == "__main__":
    main()
