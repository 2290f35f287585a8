"""Compiled-in defaults of sshd 9.2p1 as built by Debian 12 (openssh-server 1:9.2p1-2+deb12u*).

Taken from `sshd -T` with a config holding only a HostKey line (servconf.c `fill_default_server_options`),
in the form `sshd -T` prints them. Note Debian's compiled default `UsePAM no` (Debian's shipped
sshd_config sets `UsePAM yes`) and `PermitRootLogin prohibit-password` (printed `without-password`).
Algorithm defaults live in `algorithms.DEFAULTS`.
"""

from __future__ import annotations

from types import MappingProxyType

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
