"""Differential test: Garrison's effective sshd settings against the real `sshd -T` of Debian 12.

Each config is run through `sshd -T -f <cfg>` (with `-C user=..,host=..,addr=..` for Match cases) and every
keyword Garrison computes that sshd prints must agree. Configs sshd refuses must be refused by Garrison too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from garrison.data.ssh_releases import DEBIAN_12
from garrison.facts.sshd.dump import parse_sshd_t
from garrison.facts.sshd.effective import connection_settings, global_settings
from garrison.facts.sshd.gather import load_config_tree
from garrison.facts.sshd.keywords import KEYWORDS, keywords_for
from garrison.facts.sshd.match import Connection
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_sshd

SSHD = shutil.which("sshd") or next((p for p in ("/usr/sbin/sshd",) if os.path.exists(p)), None)

# name -> (main config, {relative file: text}, connection spec or None, sshd accepts it)
CASES: dict[str, tuple[str, dict[str, str], str | None, bool]] = {
    "empty": ("", {}, None, True),
    "debian-shipped": (
        "Include {d}/conf.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\n"
        "PrintMotd no\nAcceptEnv LANG LC_*\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n",
        {},
        None,
        True,
    ),
    "odd-casing-equals": (
        "pAsSwOrDaUtHeNtIcAtIoN=No\nPERMITROOTLOGIN = prohibit-password\nx11forwarding =yes\n"
        "MaxAuthTries=3\n  LogLevel\tverbose  \n",
        {},
        None,
        True,
    ),
    "duplicates-first-wins": (
        "PasswordAuthentication no\nPasswordAuthentication yes\nMaxSessions 2\nMaxSessions 20\n"
        "Banner /etc/issue.net\nBanner none\n",
        {},
        None,
        True,
    ),
    "accumulating": (
        "Port 22\nPort 2222\nAcceptEnv LANG\nAcceptEnv LC_* XMODIFIERS\nAllowUsers alice bob@10.0.0.*\n"
        "AllowUsers carol\nDenyGroups nossh\nAllowGroups ssh-users admins\n",
        {},
        None,
        True,
    ),
    "time-units": (
        "LoginGraceTime 1m30s\nClientAliveInterval 5M\nClientAliveCountMax 2\nUnusedConnectionTimeout 1h\n",
        {},
        None,
        True,
    ),
    "time-plain-and-week": ("LoginGraceTime 45\nClientAliveInterval 1w2d\n", {}, None, True),
    "unused-timeout-none": ("UnusedConnectionTimeout none\n", {}, None, True),
    "cipher-plus": ("Ciphers +aes128-cbc,3des-cbc\n", {}, None, True),
    "cipher-minus-wildcard": ("Ciphers -aes*-ctr\n", {}, None, True),
    "cipher-caret": ("Ciphers ^aes256-gcm@openssh.com\n", {}, None, True),
    "cipher-explicit": ("Ciphers aes256-ctr,chacha20-poly1305@openssh.com\n", {}, None, True),
    "kex-minus-and-mac-plus": (
        "KexAlgorithms -ecdh-sha2-*,diffie-hellman-group14-sha256\nMACs +hmac-md5,hmac-sha1-96\n",
        {},
        None,
        True,
    ),
    "kex-plus-sha1": (
        "KexAlgorithms +diffie-hellman-group14-sha1,diffie-hellman-group1-sha1\n",
        {},
        None,
        True,
    ),
    "hostkeyalgs-wildcard": (
        "HostKeyAlgorithms ssh-ed25519*,rsa-sha2-512\nPubkeyAcceptedAlgorithms +ssh-rsa*\n"
        "CASignatureAlgorithms -ssh-rsa,rsa-sha2-256\n",
        {},
        None,
        True,
    ),
    "multistate-values": (
        "PermitRootLogin without-password\nGatewayPorts clientspecified\nAllowTcpForwarding all\n"
        "AllowStreamLocalForwarding local\nCompression delayed\nIgnoreRhosts shosts-only\n"
        "PermitTunnel point-to-point\nAddressFamily inet\n",
        {},
        None,
        True,
    ),
    "aliases-and-deprecated": (
        "ChallengeResponseAuthentication no\nProtocol 2\nUsePrivilegeSeparation sandbox\nKeepAlive no\n"
        "PubkeyAcceptedKeyTypes +ssh-rsa\nRhostsRSAAuthentication no\n",
        {},
        None,
        True,
    ),
    "comments-and-quotes": (
        '# comment\n\nBanner "/etc/issue net" # trailing\nChrootDirectory /srv/%u\n'
        'PermitUserEnvironment "LANG,LC_*"\nSetEnv FOO=bar "BAZ=a b"\n'
        'AuthorizedKeysFile .ssh/a "%h/.ssh/b"\n',
        {},
        None,
        True,
    ),
    "maxstartups-last-wins": (
        "MaxStartups 5\nMaxStartups 20:50:60\nPerSourceMaxStartups 4\n",
        {},
        None,
        True,
    ),
    "include-glob-sorted": (
        "Include {d}/conf.d/*.conf\nPasswordAuthentication yes\n",
        {
            "conf.d/20-b.conf": "PasswordAuthentication yes\nMaxAuthTries 5\n",
            "conf.d/10-a.conf": "PasswordAuthentication no\n",
            "conf.d/30-c.txt": "MaxAuthTries 2\n",
        },
        None,
        True,
    ),
    "include-match-scope-ends": (
        "Include {d}/conf.d/*.conf\nX11Forwarding yes\n",
        {"conf.d/10-m.conf": "Match User bob\n  X11Forwarding no\n"},
        None,
        True,
    ),
    "match-user": (
        "PasswordAuthentication no\nMatch User alice,bob\n  PasswordAuthentication yes\n"
        "  X11Forwarding yes\n",
        {},
        "user=bob,host=client.example,addr=192.0.2.10",
        True,
    ),
    "match-user-negated": (
        "Match User *,!root\n  PermitRootLogin yes\n  MaxAuthTries 2\n",
        {},
        "user=root,host=h,addr=192.0.2.1",
        True,
    ),
    "match-address-cidr": (
        "PermitRootLogin no\nMatch Address 10.0.0.0/8,192.0.2.0/24\n  PermitRootLogin yes\n"
        "  AllowTcpForwarding no\nMatch Address 172.16.0.0/12\n  PermitRootLogin forced-commands-only\n",
        {},
        "user=ops,host=h,addr=192.0.2.55",
        True,
    ),
    "match-address-miss": (
        "Match Address 10.0.0.0/8\n  PasswordAuthentication no\n",
        {},
        "user=ops,host=h,addr=198.51.100.1",
        True,
    ),
    "match-host-and-user": (
        "Match Host *.example.org User deploy\n  ForceCommand /usr/bin/rsync\n  PermitTTY no\n",
        {},
        "user=deploy,host=CI.Example.org,addr=203.0.113.9",
        True,
    ),
    "match-first-block-wins": (
        "Match User carol\n  MaxAuthTries 2\nMatch All\n  MaxAuthTries 4\n  ClientAliveInterval 30\n",
        {},
        "user=carol,host=h,addr=192.0.2.3",
        True,
    ),
    "match-all-global": ("Match All\n  X11Forwarding yes\n  LogLevel DEBUG\n", {}, None, True),
    "match-localport": (
        "Port 22\nPort 2222\nMatch LocalPort 2222\n  PasswordAuthentication no\n",
        {},
        "user=u,host=h,addr=192.0.2.3,laddr=192.0.2.1,lport=2222",
        True,
    ),
    "match-lists-replace": (
        "AcceptEnv LANG\nMatch User x\n  AcceptEnv TZ\n  AllowUsers x\n",
        {},
        "user=x,host=h,addr=192.0.2.3",
        True,
    ),
    "match-algorithms-plus": (
        "Match User legacy\n  PubkeyAcceptedAlgorithms +ssh-rsa\n",
        {},
        "user=legacy,host=h,addr=192.0.2.3",
        True,
    ),
    "include-inside-match": (
        "Match User dev\n  Include {d}/conf.d/dev.conf\nMatch All\n  MaxSessions 3\n",
        {"conf.d/dev.conf": "X11Forwarding yes\nMaxSessions 1\n"},
        "user=dev,host=h,addr=192.0.2.3",
        True,
    ),
    "include-in-match-nested-match-dead": (
        "Match User dev\n  Include {d}/conf.d/inner.conf\n",
        {"conf.d/inner.conf": "Match All\n  X11Forwarding yes\n"},
        "user=other,host=h,addr=192.0.2.3",
        True,
    ),
    "port-service-name": ("Port ssh\n", {}, None, True),
    "listenaddress-only": ("ListenAddress 127.0.0.1:2200\nListenAddress [::1]:2201\n", {}, None, True),
    "userenv-uppercase-is-a-pattern": ("PermitUserEnvironment YES\n", {}, None, True),
    "unused-none-overrides": ("UnusedConnectionTimeout 5m\nUnusedConnectionTimeout none\n", {}, None, True),
    "crlf-line-endings": ("PasswordAuthentication no\r\nMaxAuthTries 2\r\n", {}, None, True),
    "match-address-negated": (
        "Match Address !192.0.2.55,*\n  X11Forwarding yes\nMatch Address *\n  MaxSessions 2\n",
        {},
        "user=u,host=h,addr=192.0.2.55",
        True,
    ),
    "match-keyword-equals": (
        "Match User=deploy Host=*.example.net\n  AllowAgentForwarding no\n",
        {},
        "user=deploy,host=build.example.net,addr=198.51.100.7",
        True,
    ),
    "subsystem-duplicate": ("Subsystem sftp internal-sftp\nSubsystem sftp /usr/lib/sftp\n", {}, None, False),
    "subsystem-in-match": ("Match User x\n  Subsystem sftp internal-sftp\n", {}, None, False),
    "bad-keyword": ("PasswordAuthenticaton no\n", {}, None, False),
    "bad-value": ("PermitRootLogin maybe\n", {}, None, False),
    "bad-time": ("LoginGraceTime 2x\n", {}, None, False),
    "global-only-in-match": ("Match User x\n  Port 2222\n", {}, None, False),
    "extra-argument": ("X11Forwarding no yes\n", {}, None, False),
    "bad-cidr": ("Match Address 10.0.0.1/8\n  X11Forwarding no\n", {}, None, False),
    "unclosed-quote": ('Banner "/etc/issue\n', {}, None, False),
    "include-loop": ("Include {d}/loop.conf\n", {"loop.conf": "Include {d}/loop.conf\n"}, None, False),
    "bad-cipher": ("Ciphers aes128-ctr,rot13\n", {}, None, False),
}

#: Keywords sshd -T resolves in ways Garrison keeps as written (names, addresses, relative paths).
NOT_COMPARED = frozenset({"listenaddress"})


def _connection(spec: str) -> Connection:
    parts = dict(item.split("=", 1) for item in spec.split(","))
    lport = parts.get("lport")
    return Connection(
        user=parts.get("user"),
        host=parts.get("host"),
        address=parts.get("addr"),
        local_address=parts.get("laddr"),
        local_port=int(lport) if lport else None,
    )


@pytest.fixture(scope="module")
def host_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SSHD is None or shutil.which("ssh-keygen") is None:
        pytest.skip("needs sshd and ssh-keygen (openssh-server)")
    if os.geteuid() != 0:
        pytest.skip("sshd -T needs root")
    os.makedirs("/run/sshd", exist_ok=True)
    key = tmp_path_factory.mktemp("hostkey") / "ssh_host_ed25519_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key


@pytest.mark.parametrize("name", sorted(CASES))
def test_effective_matches_sshd(name: str, host_key: Path, tmp_path: Path) -> None:
    main, extra, spec, accepted = CASES[name]
    for rel, text in extra.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{d}", str(tmp_path)))
    config = tmp_path / "sshd_config"
    config.write_text(f"HostKey {host_key}\n" + main.replace("{d}", str(tmp_path)))
    argv = [str(SSHD), "-T", "-f", str(config)] + (["-C", spec] if spec else [])
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)

    target = RootDirTarget("/")
    tree, problems = load_config_tree(target, str(config))
    settings, _, refused = global_settings(tree)
    issues = (*problems, *refused)
    if spec is not None and not issues:
        settings = connection_settings(tree, _connection(spec))

    if not accepted:
        assert done.returncode != 0, f"sshd accepted {name}: fix the case"
        assert issues, f"Garrison accepted a config sshd refuses: {done.stderr.strip()}"
        return
    assert done.returncode == 0, done.stderr
    assert not issues, f"Garrison refused a config sshd accepts: {issues}"
    printed = parse_sshd_t(done.stdout)
    mismatches = {
        key: (setting.values, printed[key])
        for key, setting in settings.items()
        if key in printed and key not in NOT_COMPARED and setting.values != printed[key]
    }
    assert not mismatches
    compared = [k for k in settings if k in printed and k not in NOT_COMPARED]
    assert len(compared) >= 60


def keyword_verdicts(run: Callable[[str], str], folder: Path, key: str) -> dict[str, bool]:
    """keyword -> whether the sshd that `run` starts (with a config path) knows it (`Keyword x` is not a
    `Bad configuration option`)."""
    known_by_sshd = {}
    for name in sorted({kw.name for kw in KEYWORDS.values()} - {"include"}):
        config = folder / f"kw-{name}"
        config.write_text(f"HostKey {key}\n{name} x\n")
        known_by_sshd[name] = "Bad configuration option" not in run(str(config))
    return known_by_sshd


def test_the_keyword_table_is_what_debian_12_accepts(host_key: Path, tmp_path: Path) -> None:
    def run(config: str) -> str:
        return subprocess.run(
            [str(SSHD), "-T", "-f", config], capture_output=True, text=True, check=False
        ).stderr

    found = keyword_verdicts(run, tmp_path, str(host_key))
    ours = keywords_for(DEBIAN_12.version)
    assert {name for name, ok in found.items() if ok != (name in ours)} == set()
