"""Differential test: Garrison's view of nginx configurations, judged as nginx 1.26 (Debian 13), against the
real nginx of Debian 13 run inside a debootstrapped trixie chroot (tests/chroots.py; skipped when not root or
when the chroot cannot be built), and the TLS 1.3 default of both releases, live.

1. Every accepted config of the Debian 12 test: `nginx -T` in the chroot reads the files Garrison reads, in
   order, with the same directives per file, and Garrison finds no problem in them.
2. Every refused config, plus what 1.26 refuses and 1.22 did not (`ssl on;`): `nginx -t` fails and
   Garrison's first problem is at the file:line nginx names; what 1.26 accepts and 1.22 refused (`http2 on;`,
   `ssl_reject_handshake`) has no problem.
3. Live: nginx serves TLS on 127.0.0.1 with and without `ssl_protocols`; a TLS 1.3-only client connects
   exactly when Garrison's effective ssl_protocols (1.26's compiled default when unset) has TLSv1.3. The same
   against the machine's own nginx 1.22.1 (Debian 12), whose compiled default has no TLS 1.3.
Garrison reads the files through the chroot as its root, so paths are the ones nginx sees inside it.
"""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from test_nginx_effective import (
    _EMERG,
    CASES,
    HEAD,
    REFUSED,
    _crossplane_directives,
    _dump,
    _flatten,
    _free_port,
)

from chroots import chroot_run, inside, scratch_dir, trixie_chroot
from garrison.facts.nginx.gather import load_nginx_at
from garrison.facts.nginx.model import NginxFacts
from garrison.facts.nginx.releases import NginxRelease, release_for
from garrison.rules.nginx.common import protocols
from garrison.targets.rootdir import RootDirTarget

__all__ = ["trixie_chroot"]  # the session fixture, used by name

pytestmark = [pytest.mark.needs_nginx, pytest.mark.slow]

NGINX = "/usr/sbin/nginx"

#: What nginx 1.26 reads differently from 1.22: name -> (files, nginx 1.26 accepts them).
TRIXIE_CASES: dict[str, tuple[dict[str, str], bool]] = {
    "http2-directive": (
        {"nginx.conf": HEAD + "    server { listen 127.0.0.1:{port}; http2 on; }\n}\n"},
        True,
    ),
    "reject-handshake": (
        {"nginx.conf": HEAD + "    server { listen 127.0.0.1:{port}; ssl_reject_handshake off; }\n}\n"},
        True,
    ),
    "ssl-directive-removed": (
        {"nginx.conf": HEAD + "    server { listen 127.0.0.1:{port}; ssl off; }\n}\n"},
        False,
    ),
    "misspelt-in-server": (
        {
            "nginx.conf": HEAD
            + "    server {\n        listen 127.0.0.1:{port};\n        sever_name x;\n    }\n}\n"
        },
        False,
    ),
}


def _write(root: Path, files: dict[str, str], port: int) -> tuple[Path, str]:
    """The files in a fresh directory of the chroot ({d}: that directory as nginx sees it); the main file's
    path inside the chroot."""
    base = scratch_dir(root)
    where = inside(root, base)
    for rel, text in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{d}", where).replace("{port}", str(port)))
    return base, f"{where}/nginx.conf"


def _nginx(root: Path, conf: str, *args: str) -> subprocess.CompletedProcess[str]:
    pid = conf.rsplit("/", 1)[0] + "/nginx.pid"
    return chroot_run(root, [NGINX, *args, "-c", conf, "-e", "stderr", "-g", f"pid {pid};"])


@pytest.fixture(scope="module")
def release(trixie_chroot: Path) -> NginxRelease:
    done = chroot_run(trixie_chroot, [NGINX, "-v"])
    found = re.search(r"nginx/(\d+(?:\.\d+)*)", done.stderr)
    assert found is not None, done.stderr
    version = release_for(tuple(int(n) for n in found.group(1).split(".")))
    assert version.numbers[:2] == (1, 26) and version.distribution == "Debian 13"
    return version


def _load(root: Path, conf: str, release: NginxRelease) -> NginxFacts:
    return load_nginx_at(RootDirTarget(str(root)), conf, release)


@pytest.mark.parametrize("name", sorted(CASES))
def test_trixie_reads_the_same_files_and_directives(
    name: str, trixie_chroot: Path, release: NginxRelease
) -> None:
    _base, conf = _write(trixie_chroot, CASES[name], _free_port())
    done = _nginx(trixie_chroot, conf, "-T")
    assert done.returncode == 0, done.stderr
    files = _dump(done.stdout)
    facts = _load(trixie_chroot, conf, release)
    assert list(facts.files) == files
    assert facts.problems == () and facts.unknown == ()
    ours = set(_flatten(facts.main))
    theirs = set()
    for path in files:
        for _host, *rest in _crossplane_directives(str(trixie_chroot) + path):
            theirs.add((path, *rest))
    assert ours == theirs


def _assert_refused_alike(root: Path, conf: str, facts: NginxFacts) -> None:
    done = _nginx(root, conf, "-t")
    assert done.returncode != 0
    assert facts.problems, done.stderr
    where = _EMERG.search(done.stderr)
    if where is not None:
        first = facts.problems[0].location
        assert first.path == where.group(1), done.stderr
        if "end of file" in done.stderr:
            assert first.line is not None and first.line <= int(where.group(2))
        else:
            assert first.line == int(where.group(2)), done.stderr


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_trixie_refuses_what_garrison_refuses(name: str, trixie_chroot: Path, release: NginxRelease) -> None:
    files = {k: v for k, v in REFUSED[name].items()}
    if name == "http2-directive-before-1.25.1":
        pytest.skip("1.26 knows the http2 directive (TRIXIE_CASES checks it is accepted)")
    _base, conf = _write(trixie_chroot, files, _free_port())
    _assert_refused_alike(trixie_chroot, conf, _load(trixie_chroot, conf, release))


@pytest.mark.parametrize("name", sorted(TRIXIE_CASES))
def test_what_1_26_reads_differently(name: str, trixie_chroot: Path, release: NginxRelease) -> None:
    files, accepted = TRIXIE_CASES[name]
    _base, conf = _write(trixie_chroot, files, _free_port())
    facts = _load(trixie_chroot, conf, release)
    if accepted:
        assert _nginx(trixie_chroot, conf, "-t").returncode == 0
        assert facts.problems == ()
        old = _load(trixie_chroot, conf, release_for((1, 18, 0)))  # Ubuntu 22.04's nginx lacks both
        assert old.unknown
    else:
        _assert_refused_alike(trixie_chroot, conf, facts)


# -- live: does nginx offer TLS 1.3 when ssl_protocols is unset? ------------------------------------------

TLS_SITE = (
    "events {}\nhttp {\n    access_log off;\n    server {\n        listen 127.0.0.1:{port} ssl;\n"
    "        ssl_certificate {d}/cert.pem;\n        ssl_certificate_key {d}/key.pem;\n{protocols}"
    "        return 200;\n    }\n}\n"
)
PROTOCOLS = {
    "unset": "",
    "tls12-only": "        ssl_protocols TLSv1.2;\n",
    "tls13": "        ssl_protocols TLSv1.3;\n",
}


def _certificate(base: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make a test certificate")
    key, cert = str(base / "key.pem"), str(base / "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-subj", "/CN=garrison.test", "-days", "2", "-keyout", key, "-out", cert],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def _offers_tls13(port: int) -> bool:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_3
    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as sock,
            context.wrap_socket(sock) as tls,
        ):
            return tls.version() == "TLSv1.3"
    except (ssl.SSLError, ConnectionResetError):
        return False


def _serving(argv: list[str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("nginx did not start")
            time.sleep(0.05)


def _tls13_agrees(facts: NginxFacts, argv: list[str], port: int) -> None:
    (server,) = facts.tls_servers()
    expected = "TLSv1.3" in protocols(facts, server.scope).value
    process = _serving(argv, port)
    try:
        assert _offers_tls13(port) is expected
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("variant", sorted(PROTOCOLS))
def test_trixie_tls13_default_live(variant: str, trixie_chroot: Path, release: NginxRelease) -> None:
    port = _free_port()
    base, conf = _write(
        trixie_chroot, {"nginx.conf": TLS_SITE.replace("{protocols}", PROTOCOLS[variant])}, port
    )
    _certificate(base)
    facts = _load(trixie_chroot, conf, release)
    pid = f"{conf.rsplit('/', 1)[0]}/n.pid"
    argv = ["chroot", str(trixie_chroot), NGINX, "-c", conf, "-e", "stderr"]
    _tls13_agrees(facts, [*argv, "-g", f"daemon off; master_process off; pid {pid};"], port)


@pytest.mark.parametrize("variant", sorted(PROTOCOLS))
def test_bookworm_tls13_default_live(variant: str, tmp_path: Path) -> None:
    """The machine's own nginx (Debian 12's 1.22.1): no TLS 1.3 unless ssl_protocols names it."""
    host = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if host is None:
        pytest.skip("needs the nginx binary (Debian package nginx)")
    version = subprocess.run([host, "-v"], capture_output=True, text=True, check=False).stderr
    found = re.search(r"nginx/(\d+(?:\.\d+)*)", version)
    assert found is not None
    release = release_for(tuple(int(n) for n in found.group(1).split(".")))
    port = _free_port()
    text = TLS_SITE.replace("{protocols}", PROTOCOLS[variant]).replace("{d}", str(tmp_path))
    (tmp_path / "nginx.conf").write_text(text.replace("{port}", str(port)))
    _certificate(tmp_path)
    facts = load_nginx_at(RootDirTarget("/"), str(tmp_path / "nginx.conf"), release)
    argv = [host, "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"]
    _tls13_agrees(facts, [*argv, "-g", f"daemon off; master_process off; pid {tmp_path}/n.pid;"], port)
