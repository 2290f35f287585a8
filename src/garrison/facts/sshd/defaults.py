"""Compiled-in defaults of sshd as Debian and Ubuntu build it: 9.2p1 (Debian 12, openssh-server
1:9.2p1-2+deb12u*) in full, the other modelled releases as changes to it (`defaults_for(version)`).

Taken from `sshd -T` with a config holding only a HostKey line (servconf.c `fill_default_server_options`),
in the form `sshd -T` prints them; Debian 13's (1:10.0p1-7+deb13u*) from the same run in a debootstrapped
chroot, 8.9's and 9.6's from `fill_default_server_options` at the release tags (8.9 has no RequiredRSASize
and UnusedConnectionTimeout; 9.6 prints what 9.2 does). Note Debian's compiled default `UsePAM no`
(Debian's shipped sshd_config sets `UsePAM yes`) and `PermitRootLogin prohibit-password` (printed
`without-password`). Algorithm defaults live in `garrison.data.ssh_releases`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from garrison.data.ssh import OpenSshVersion

VERSION = "OpenSSH_9.2p1 Debian-2+deb12u"

#: Host keys sshd loads when no HostKey is configured.
DEFAULT_HOST_KEYS = (
    "/etc/ssh/ssh_host_rsa_key",
    "/etc/ssh/ssh_host_ecdsa_key",
    "/etc/ssh/ssh_host_ed25519_key",
)

_TEXT = """
port 22|addressfamily any|usepam no|logingracetime 120|x11displayoffset 10|maxauthtries 6|maxsessions 10
clientaliveinterval 0|clientalivecountmax 3|requiredrsasize 1024|streamlocalbindmask 0177
unusedconnectiontimeout none|permitrootlogin without-password|ignorerhosts yes|ignoreuserknownhosts no
hostbasedauthentication no|hostbasedusesnamefrompacketonly no|pubkeyauthentication yes
kerberosauthentication no|kerberosorlocalpasswd yes|kerberosticketcleanup yes|gssapiauthentication no
gssapicleanupcredentials yes|gssapikeyexchange no|gssapistrictacceptorcheck yes
gssapistorecredentialsonrekey no|passwordauthentication yes|kbdinteractiveauthentication yes|printmotd yes
printlastlog yes|x11forwarding no|x11uselocalhost yes|permittty yes|permituserrc yes|strictmodes yes
tcpkeepalive yes|permitemptypasswords no|compression yes|gatewayports no|usedns no|allowtcpforwarding yes
allowagentforwarding yes|disableforwarding no|allowstreamlocalforwarding yes|streamlocalbindunlink no
fingerprinthash SHA256|exposeauthinfo no|pidfile /run/sshd.pid|modulifile /etc/ssh/moduli
xauthlocation /usr/bin/xauth|banner none|forcecommand none|chrootdirectory none|trustedusercakeys none
revokedkeys none|securitykeyprovider internal|authorizedprincipalsfile none|versionaddendum none
authorizedkeyscommand none|authorizedkeyscommanduser none|authorizedprincipalscommand none
authorizedprincipalscommanduser none|hostkeyagent none|loglevel INFO|syslogfacility AUTH
authorizedkeysfile .ssh/authorized_keys .ssh/authorized_keys2|authenticationmethods any
maxstartups 10:30:100|persourcemaxstartups none|persourcenetblocksize 32:128|permittunnel no
ipqos lowdelay throughput|rekeylimit 0 0|permitopen any|permitlisten any|permituserenvironment no
pubkeyauthoptions none|debianbanner yes
"""


def _load() -> MappingProxyType[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for item in _TEXT.replace("\n", "|").split("|"):
        if item.strip():
            key, _, value = item.strip().partition(" ")
            table[key] = (value,)
    return MappingProxyType(table)


#: keyword -> printed values for every keyword with a single compiled default.
DEFAULTS = _load()


#: Release -> keywords whose compiled default differs from 9.2's (None: the release has no such keyword).
#: A release not listed here takes the changes of the newest listed release before it.
_CHANGES: tuple[tuple[OpenSshVersion, Mapping[str, str | None]], ...] = (
    # 8.9 has no RequiredRSASize keyword: its fixed minimum (SSH_RSA_MINIMUM_MODULUS_SIZE) stays the value
    (OpenSshVersion(8, 9), {"unusedconnectiontimeout": None}),
    (OpenSshVersion(9, 1), {"unusedconnectiontimeout": None}),
    (OpenSshVersion(9, 2), {}),
    (OpenSshVersion(9, 8), {"pamservicename": "sshd", "persourcepenaltyexemptlist": "none"}),
    (
        OpenSshVersion(10, 0),
        {
            "pamservicename": "sshd",
            "persourcepenaltyexemptlist": "none",
            "refuseconnection": "no",
            "sshdsessionpath": "/usr/lib/openssh/sshd-session",
            "sshdauthpath": "/usr/lib/openssh/sshd-auth",
            "channeltimeout": "none",
            "ipqos": "ef cs1",
            "persourcepenalties": "crash:90 authfail:5 noauth:1 grace-exceeded:10 refuseconnection:10 "
            "max:600 min:15 max-sources4:65536 max-sources6:65536 overflow:permissive overflow6:permissive",
        },
    ),
)


@cache
def defaults_for(version: OpenSshVersion) -> Mapping[str, tuple[str, ...]]:
    """keyword -> printed values for the release `version` (DEFAULTS for 9.2)."""
    changes: Mapping[str, str | None] = {}
    for release, changed in _CHANGES:
        if release <= version:
            changes = changed
    if version < _CHANGES[0][0]:
        changes = _CHANGES[0][1]
    table = dict(DEFAULTS)
    for key, value in changes.items():
        if value is None:
            table.pop(key, None)
        else:
            table[key] = (value,)
    return MappingProxyType(table)
