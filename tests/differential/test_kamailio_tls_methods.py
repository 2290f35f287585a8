"""Differential: which tls `method` words the installed Kamailio starts with, against Garrison's verdict.

Each word is tried both ways Kamailio takes it, as `modparam("tls", "tls_method", ...)` and as a tls.cfg
profile's `method`, by starting the real Kamailio in the foreground inside a throw-away user and network
namespace (`unshare -rn`: nothing listens on the host). A word it refuses ("Invalid tls_method parameter
value", "Unsupported enum value") must be an `error` of sip.kamailio-tls-min-version; a word it starts with
must not be; SSLv2 and SSLv3 are words it knows that OpenSSL 3 cannot serve (a `fail`: below TLS 1.2).
Needs the Debian packages kamailio and kamailio-tls-modules, and openssl for a throw-away certificate.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.model import Status
from garrison.rules.registry import find_rule
from garrison.targets.rootdir import RootDirTarget

pytestmark = [pytest.mark.needs_kamailio, pytest.mark.slow]

TLS_MODULE = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so")
WORDS = (
    "SSLv2", "SSLv3", "SSLv23", "sslv23", "TLSv1", "TLSv1.0", "TLSv1+", "TLSv1.0+", "TLSv1.1", "TLSv1.1+",
    "TLSv1.2", "tlsv1.2+", "TLSv1.2+", "TLSv1.3", "TLSv1.3+", "TLSv1.4", "TLS1.2", "TLSv12", "BOGUS",
)  # fmt: skip
UNKNOWN_WORD = ("Invalid tls_method parameter value", "Unsupported enum value")
MODES = ("modparam", "tls.cfg")


def _config(conf: Path, mode: str, word: str) -> None:
    keys = f"private_key = {conf}/k.pem\ncertificate = {conf}/c.pem\n"
    if mode == "modparam":
        setting = f'modparam("tls", "tls_method", "{word}")\n'
    else:
        (conf / "tls.cfg").write_text(f"[server:default]\nmethod = {word}\n{keys}")
        setting = f'modparam("tls", "config", "{conf}/tls.cfg")\n'
    (conf / "kamailio.cfg").write_text(
        "#!KAMAILIO\nchildren=1\ntcp_children=1\nlisten=tls:127.0.0.1:15061\nenable_tls=yes\n"
        'loadmodule "tls.so"\n'
        f'modparam("tls", "private_key", "{conf}/k.pem")\nmodparam("tls", "certificate", "{conf}/c.pem")\n'
        f"{setting}request_route {{ drop; }}\n"
    )


def _kamailio_starts(conf: Path) -> tuple[bool, str]:
    """Whether Kamailio is still running 3 s after starting on `conf` (it refuses within a second). It runs
    in its own session, and the whole process group (Kamailio forks its workers) is killed afterwards."""
    script = f"ip link set lo up && exec kamailio -f {conf}/kamailio.cfg -DD -E -w {conf} -Y {conf}"
    log = conf / "kamailio.log"
    with log.open("wb") as out:
        argv = ["unshare", "-rn", "sh", "-c", script]
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            child.wait(timeout=3)
            running = False
        except subprocess.TimeoutExpired:
            running = True
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    return running, log.read_text(errors="replace")


@pytest.fixture(scope="module")
def kamailio_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[bool, str]]:
    if not (shutil.which("kamailio") and shutil.which("unshare") and shutil.which("openssl")):
        pytest.skip("needs kamailio, unshare and openssl")
    if not TLS_MODULE.exists():
        pytest.skip("needs the tls module (Debian package kamailio-tls-modules)")
    base = tmp_path_factory.mktemp("kamailio-tls")
    key, cert = base / "k.pem", base / "c.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    jobs = {}
    for mode in MODES:
        for index, word in enumerate(WORDS):
            conf = base / f"{mode}-{index}"
            conf.mkdir()
            shutil.copy(key, conf / "k.pem")
            shutil.copy(cert, conf / "c.pem")
            _config(conf, mode, word)
            jobs[(mode, word)] = conf
    with ThreadPoolExecutor(max_workers=6) as pool:
        return dict(zip(jobs, pool.map(_kamailio_starts, jobs.values()), strict=True))


def _garrison(tmp_path: Path, mode: str, word: str) -> Status:
    conf = tmp_path / "etc/kamailio"
    conf.mkdir(parents=True)
    _config(conf, mode, word)
    # the installed Kamailio's version, as its dpkg database records it
    version = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "kamailio"], capture_output=True, text=True, check=False
    ).stdout
    status = tmp_path / "var/lib/dpkg/status"
    status.parent.mkdir(parents=True)
    status.write_text(
        f"Package: kamailio\nStatus: install ok installed\nVersion: {version}\nArchitecture: amd64\n"
    )
    text = (conf / "kamailio.cfg").read_text().replace(str(conf), "/etc/kamailio")
    (conf / "kamailio.cfg").write_text(text)
    if (conf / "tls.cfg").exists():
        (conf / "tls.cfg").write_text((conf / "tls.cfg").read_text().replace(str(conf), "/etc/kamailio"))
    item = find_rule("sip.kamailio-tls-min-version")
    assert item is not None
    return run_audit(RootDirTarget(str(tmp_path)), [item]).findings[0].status


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("word", WORDS)
def test_method_verdict_matches_kamailio(
    tmp_path: Path, kamailio_runs: dict[tuple[str, str], tuple[bool, str]], mode: str, word: str
) -> None:
    started, output = kamailio_runs[(mode, word)]
    unknown_word = not started and any(message in output for message in UNKNOWN_WORD)
    status = _garrison(tmp_path, mode, word)
    if unknown_word:
        assert status is Status.ERROR, f"Kamailio refuses {word!r}: {output[-300:]}"
    elif started:
        assert status in (Status.PASS, Status.FAIL), f"Kamailio starts with {word!r}"
    else:  # a word Kamailio knows but cannot serve (SSLv2, SSLv3 with OpenSSL 3)
        assert word.upper().startswith("SSLV") and status is Status.FAIL, output[-300:]
