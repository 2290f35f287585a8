"""The sshd_config keyword table of OpenSSH 9.2p1 as built by Debian 12 (servconf.c `keywords[]`).

Each keyword has a value kind (how its arguments are checked and how `sshd -T` prints them) and whether it is
allowed after `Match` (sshd_config(5), "Match"). Aliases map to the name `sshd -T` prints. Deprecated and
unsupported keywords are accepted and ignored, as sshd does (it only logs them). The table was checked
against the real Debian 12 `sshd` binary: every entry is accepted, an unknown keyword is fatal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Keyword:
    name: str  # the lowercase name `sshd -T` prints
    kind: str
    match: bool = False  # allowed inside a Match block


# kind: flag | multi:<table> | int | time | time-none | algo:<family> | loglevel | facility | port | listen
#       | hostkey | accum | oneline | setenv | string | rest | maxstartups | persource | userenv | tunnel
#       | subsystem | ignore | other | match | include
_TABLE = """
port port - ; listenaddress listen - ; addressfamily multi:family - ; hostkey hostkey - ;
hostdsakey hostkey - ; hostcertificate accum - ; hostkeyagent string - ; pidfile string - ;
modulifile string - ; logingracetime time - ; permitrootlogin multi:rootlogin M ; syslogfacility facility - ;
loglevel loglevel M ; logverbose oneline - ; hostbasedauthentication flag M ;
hostbasedusesnamefrompacketonly flag M ; hostbasedacceptedalgorithms algo:key M ;
hostbasedacceptedkeytypes algo:key=hostbasedacceptedalgorithms M ; hostkeyalgorithms algo:key - ;
pubkeyauthentication flag M ; pubkeyacceptedalgorithms algo:key M ;
pubkeyacceptedkeytypes algo:key=pubkeyacceptedalgorithms M ; pubkeyauthoptions other M ;
kerberosauthentication flag M ; kerberosorlocalpasswd flag - ; kerberosticketcleanup flag - ;
gssapiauthentication flag M ; gssapicleanupcredentials flag - ;
gssapicleanupcreds flag=gssapicleanupcredentials - ;
gssapistrictacceptorcheck flag - ; gssapikeyexchange flag - ; gssapistorecredentialsonrekey flag - ;
gssapikexalgorithms other - ; passwordauthentication flag M ; kbdinteractiveauthentication flag M ;
challengeresponseauthentication flag=kbdinteractiveauthentication M ;
dsaauthentication flag=pubkeyauthentication M ;
skeyauthentication flag=kbdinteractiveauthentication M ; printmotd flag - ; printlastlog flag - ;
ignorerhosts multi:rhosts M ; ignoreuserknownhosts flag - ; x11forwarding flag M ; x11displayoffset int M ;
x11uselocalhost flag M ; xauthlocation string - ; strictmodes flag - ; permitemptypasswords flag M ;
permituserenvironment userenv - ; uselogin ignore - ; compression multi:compression - ; rekeylimit other M ;
tcpkeepalive flag - ; keepalive flag=tcpkeepalive - ; allowtcpforwarding multi:forward M ;
allowagentforwarding flag M ; allowstreamlocalforwarding multi:forward M ; disableforwarding flag M ;
allowusers accum M ; denyusers accum M ; allowgroups accum M ; denygroups accum M ; ciphers algo:cipher - ;
macs algo:mac - ; kexalgorithms algo:kex - ; casignaturealgorithms algo:sig M ; protocol ignore - ;
gatewayports multi:gateway M ; subsystem subsystem - ; maxstartups maxstartups - ;
persourcemaxstartups persource - ; persourcenetblocksize other - ; maxauthtries int M ; maxsessions int M ;
banner string M ; usedns flag - ; verifyreversemapping ignore - ; reversemappingcheck ignore - ;
clientaliveinterval time M ; clientalivecountmax int M ; authorizedkeysfile oneline M ;
authorizedkeysfile2 ignore - ; useprivilegeseparation ignore - ; acceptenv accum M ; setenv setenv M ;
permittunnel tunnel M ; permittty flag M ; permituserrc flag M ; match match M ; permitlisten oneline M ;
permitopen oneline M ; forcecommand rest M ; chrootdirectory string M ; revokedkeys string M ;
trustedusercakeys string M ; authorizedprincipalsfile string M ; authorizedkeyscommand rest M ;
authorizedkeyscommanduser string M ; authorizedprincipalscommand rest M ;
authorizedprincipalscommanduser string M ; include include M ; ipqos other M ; versionaddendum rest - ;
authenticationmethods oneline M ; streamlocalbindmask other M ; streamlocalbindunlink flag M ;
fingerprinthash other - ; exposeauthinfo flag M ; securitykeyprovider string - ; requiredrsasize int - ;
channeltimeout oneline M ; unusedconnectiontimeout time-none M ; debianbanner flag - ; usepam flag - ;
pamauthenticationviakbdint ignore - ; serverkeybits ignore - ; keyregenerationinterval ignore - ;
rhostsauthentication ignore - ; rhostsrsaauthentication ignore - ; kerberosgetafstoken ignore - ;
kerberostgtpassing ignore - ; afstokenpassing ignore - ; gssusesessionccache ignore - ;
gssapiusesessioncredcache ignore - ; checkmail ignore - ; rsaauthentication ignore - ;
permitblacklistedkeys ignore - ; rdomain other -
"""


def _load() -> dict[str, Keyword]:
    table: dict[str, Keyword] = {}
    for entry in _TABLE.replace("\n", " ").split(";"):
        parts = entry.split()
        if not parts:
            continue
        word, kind, flag = parts
        kind, _, alias = kind.partition("=")
        table[word] = Keyword(alias or word, kind, flag == "M")
    return table


KEYWORDS: dict[str, Keyword] = _load()

#: Value tables of the multi-state keywords: accepted word (lowercase) -> what `sshd -T` prints.
MULTISTATE: dict[str, dict[str, str]] = {
    "flag": {"yes": "yes", "no": "no"},
    "family": {"any": "any", "inet": "inet", "inet6": "inet6"},
    "rootlogin": {
        "without-password": "without-password",
        "prohibit-password": "without-password",
        "forced-commands-only": "forced-commands-only",
        "yes": "yes",
        "no": "no",
    },
    "rhosts": {"yes": "yes", "no": "no", "shosts-only": "shosts-only"},
    "compression": {"yes": "yes", "delayed": "yes", "no": "no"},
    "forward": {"yes": "yes", "all": "yes", "no": "no", "local": "local", "remote": "remote"},
    "gateway": {"clientspecified": "clientspecified", "yes": "yes", "no": "no"},
}

TUNNEL_MODES = {"yes": "yes", "point-to-point": "point-to-point", "ethernet": "ethernet", "no": "no"}

LOG_LEVELS = {
    "quiet": "QUIET",
    "fatal": "FATAL",
    "error": "ERROR",
    "info": "INFO",
    "verbose": "VERBOSE",
    "debug": "DEBUG",
    "debug1": "DEBUG1",
    "debug2": "DEBUG2",
    "debug3": "DEBUG3",
}

FACILITIES = frozenset(
    ["daemon", "user", "auth", "authpriv", *(f"local{n}" for n in range(8))],
)


def lookup(word: str) -> Keyword | None:
    """The keyword entry for a word as written (case-insensitive), None when sshd would reject it."""
    return KEYWORDS.get(word.lower())
