"""The sshd_config keyword table of OpenSSH 8.9 to 10.0 as Debian and Ubuntu build it (servconf.c
`keywords[]` at each release tag), as typed records; `keywords_for(version)` is what one release accepts.

Each keyword has a value kind (how its arguments are checked and how `sshd -T` prints them), the table of
words a multi-state keyword accepts, the algorithm kind an algorithm list names, and whether it is allowed
after `Match` (sshd_config(5), "Match"). Aliases map to the name `sshd -T` prints. Deprecated and
unsupported keywords are accepted and ignored, as sshd does (it only logs them). `since` is the first
release that knows a keyword (RequiredRSASize 9.1, ChannelTimeout 9.2, PerSourcePenalties 9.8,
RefuseConnection 9.9, SshdAuthPath 10.0, ...), `match_since` the one from which it is allowed after Match
(Subsystem 9.5). Checked against the real `sshd` of Debian 12 and 13: every entry is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from types import MappingProxyType

from garrison.data.ssh import AlgorithmKind, OpenSshVersion


class ValueKind(StrEnum):
    """How a keyword's arguments are read (servconf.c `process_server_config_line_depth`)."""

    FLAG = "flag"
    MULTI = "multi"  # one word of a fixed table (`choices`)
    INT = "int"
    TIME = "time"
    TIME_NONE = "time-none"  # a time, or `none`
    ALGO = "algo"  # an algorithm list (`family`)
    LOGLEVEL = "loglevel"
    FACILITY = "facility"
    PORT = "port"
    LISTEN = "listen"
    HOSTKEY = "hostkey"
    ACCUM = "accum"  # words that accumulate over directives (AllowUsers, AcceptEnv)
    ONELINE = "oneline"  # the rest of the line, once
    SETENV = "setenv"
    STRING = "string"
    REST = "rest"  # the rest of the line, unchecked
    MAXSTARTUPS = "maxstartups"
    PERSOURCE = "persource"
    USERENV = "userenv"
    TUNNEL = "tunnel"
    SUBSYSTEM = "subsystem"
    IGNORE = "ignore"  # deprecated or unsupported: accepted, ignored
    OTHER = "other"  # accepted as written, not judged
    MATCH = "match"
    INCLUDE = "include"


class Choices(StrEnum):
    """The word tables of the multi-state keywords (`MULTISTATE`)."""

    FLAG = "flag"
    FAMILY = "family"
    ROOTLOGIN = "rootlogin"
    RHOSTS = "rhosts"
    COMPRESSION = "compression"
    FORWARD = "forward"
    GATEWAY = "gateway"


@dataclass(frozen=True, slots=True)
class Keyword:
    name: str  # the lowercase name `sshd -T` prints
    kind: ValueKind
    match: bool = False  # allowed inside a Match block
    choices: Choices | None = None  # FLAG and MULTI: the words it accepts
    family: AlgorithmKind | None = None  # ALGO: the algorithms it lists
    since: OpenSshVersion | None = None  # the first release that knows it; None: 8.9 or earlier
    match_since: OpenSshVersion | None = None  # the release from which it is also allowed after Match

    def known_in(self, version: OpenSshVersion) -> bool:
        return self.since is None or version >= self.since


def _k(
    name: str,
    kind: ValueKind,
    *,
    choices: Choices | None = None,
    family: AlgorithmKind | None = None,
    since: str = "",
) -> Keyword:
    return Keyword(name, kind, False, choices, family, OpenSshVersion.parse(since) if since else None)


def _m(
    name: str,
    kind: ValueKind,
    *,
    choices: Choices | None = None,
    family: AlgorithmKind | None = None,
    since: str = "",
) -> Keyword:
    """A keyword also allowed after Match."""
    return Keyword(name, kind, True, choices, family, OpenSshVersion.parse(since) if since else None)


V, C, A = ValueKind, Choices, AlgorithmKind

TABLE: tuple[Keyword, ...] = (
    _k("port", V.PORT),
    _k("listenaddress", V.LISTEN),
    _k("addressfamily", V.MULTI, choices=C.FAMILY),
    _k("hostkey", V.HOSTKEY),
    _k("hostdsakey", V.HOSTKEY),
    _k("hostcertificate", V.ACCUM),
    _k("hostkeyagent", V.STRING),
    _k("pidfile", V.STRING),
    _k("modulifile", V.STRING),
    _k("logingracetime", V.TIME),
    _m("permitrootlogin", V.MULTI, choices=C.ROOTLOGIN),
    _k("syslogfacility", V.FACILITY),
    _m("loglevel", V.LOGLEVEL),
    _k("logverbose", V.ONELINE),
    _m("hostbasedauthentication", V.FLAG, choices=C.FLAG),
    _m("hostbasedusesnamefrompacketonly", V.FLAG, choices=C.FLAG),
    _m("hostbasedacceptedalgorithms", V.ALGO, family=A.KEY),
    _k("hostkeyalgorithms", V.ALGO, family=A.KEY),
    _m("pubkeyauthentication", V.FLAG, choices=C.FLAG),
    _m("pubkeyacceptedalgorithms", V.ALGO, family=A.KEY),
    _m("pubkeyauthoptions", V.OTHER),
    _m("kerberosauthentication", V.FLAG, choices=C.FLAG),
    _k("kerberosorlocalpasswd", V.FLAG, choices=C.FLAG),
    _k("kerberosticketcleanup", V.FLAG, choices=C.FLAG),
    _m("gssapiauthentication", V.FLAG, choices=C.FLAG),
    _k("gssapicleanupcredentials", V.FLAG, choices=C.FLAG),
    _k("gssapistrictacceptorcheck", V.FLAG, choices=C.FLAG),
    _k("gssapikeyexchange", V.FLAG, choices=C.FLAG),
    _k("gssapistorecredentialsonrekey", V.FLAG, choices=C.FLAG),
    _k("gssapikexalgorithms", V.OTHER),
    _m("passwordauthentication", V.FLAG, choices=C.FLAG),
    _m("kbdinteractiveauthentication", V.FLAG, choices=C.FLAG),
    _k("printmotd", V.FLAG, choices=C.FLAG),
    _k("printlastlog", V.FLAG, choices=C.FLAG),
    _m("ignorerhosts", V.MULTI, choices=C.RHOSTS),
    _k("ignoreuserknownhosts", V.FLAG, choices=C.FLAG),
    _m("x11forwarding", V.FLAG, choices=C.FLAG),
    _m("x11displayoffset", V.INT),
    _m("x11uselocalhost", V.FLAG, choices=C.FLAG),
    _k("xauthlocation", V.STRING),
    _k("strictmodes", V.FLAG, choices=C.FLAG),
    _m("permitemptypasswords", V.FLAG, choices=C.FLAG),
    _k("permituserenvironment", V.USERENV),
    _k("uselogin", V.IGNORE),
    _k("compression", V.MULTI, choices=C.COMPRESSION),
    _m("rekeylimit", V.OTHER),
    _k("tcpkeepalive", V.FLAG, choices=C.FLAG),
    _m("allowtcpforwarding", V.MULTI, choices=C.FORWARD),
    _m("allowagentforwarding", V.FLAG, choices=C.FLAG),
    _m("allowstreamlocalforwarding", V.MULTI, choices=C.FORWARD),
    _m("disableforwarding", V.FLAG, choices=C.FLAG),
    _m("allowusers", V.ACCUM),
    _m("denyusers", V.ACCUM),
    _m("allowgroups", V.ACCUM),
    _m("denygroups", V.ACCUM),
    _k("ciphers", V.ALGO, family=A.CIPHER),
    _k("macs", V.ALGO, family=A.MAC),
    _k("kexalgorithms", V.ALGO, family=A.KEX),
    _m("casignaturealgorithms", V.ALGO, family=A.SIG),
    _k("protocol", V.IGNORE),
    _m("gatewayports", V.MULTI, choices=C.GATEWAY),
    Keyword("subsystem", V.SUBSYSTEM, match_since=OpenSshVersion(9, 5)),
    _k("maxstartups", V.MAXSTARTUPS),
    _k("persourcemaxstartups", V.PERSOURCE),
    _k("persourcenetblocksize", V.OTHER),
    _m("maxauthtries", V.INT),
    _m("maxsessions", V.INT),
    _m("banner", V.STRING),
    _k("usedns", V.FLAG, choices=C.FLAG),
    _k("verifyreversemapping", V.IGNORE),
    _k("reversemappingcheck", V.IGNORE),
    _m("clientaliveinterval", V.TIME),
    _m("clientalivecountmax", V.INT),
    _m("authorizedkeysfile", V.ONELINE),
    _k("authorizedkeysfile2", V.IGNORE),
    _k("useprivilegeseparation", V.IGNORE),
    _m("acceptenv", V.ACCUM),
    _m("setenv", V.SETENV),
    _m("permittunnel", V.TUNNEL),
    _m("permittty", V.FLAG, choices=C.FLAG),
    _m("permituserrc", V.FLAG, choices=C.FLAG),
    _m("match", V.MATCH),
    _m("permitlisten", V.ONELINE),
    _m("permitopen", V.ONELINE),
    _m("forcecommand", V.REST),
    _m("chrootdirectory", V.STRING),
    _m("revokedkeys", V.STRING),
    _m("trustedusercakeys", V.STRING),
    _m("authorizedprincipalsfile", V.STRING),
    _m("authorizedkeyscommand", V.REST),
    _m("authorizedkeyscommanduser", V.STRING),
    _m("authorizedprincipalscommand", V.REST),
    _m("authorizedprincipalscommanduser", V.STRING),
    _m("include", V.INCLUDE),
    _m("ipqos", V.OTHER),
    _k("versionaddendum", V.REST),
    _m("authenticationmethods", V.ONELINE),
    _m("streamlocalbindmask", V.OTHER),
    _m("streamlocalbindunlink", V.FLAG, choices=C.FLAG),
    _k("fingerprinthash", V.OTHER),
    _m("exposeauthinfo", V.FLAG, choices=C.FLAG),
    _k("securitykeyprovider", V.STRING),
    _k("requiredrsasize", V.INT, since="9.1"),
    _m("channeltimeout", V.ONELINE, since="9.2"),
    _m("unusedconnectiontimeout", V.TIME_NONE, since="9.2"),
    _k("persourcepenalties", V.OTHER, since="9.8"),
    _k("persourcepenaltyexemptlist", V.STRING, since="9.8"),
    _k("sshdsessionpath", V.STRING, since="9.8"),
    _m("pamservicename", V.STRING, since="9.8"),
    _m("refuseconnection", V.FLAG, choices=C.FLAG, since="9.9"),
    _k("sshdauthpath", V.STRING, since="10.0"),
    _k("debianbanner", V.FLAG, choices=C.FLAG),
    _k("usepam", V.FLAG, choices=C.FLAG),
    _k("pamauthenticationviakbdint", V.IGNORE),
    _k("serverkeybits", V.IGNORE),
    _k("keyregenerationinterval", V.IGNORE),
    _k("rhostsauthentication", V.IGNORE),
    _k("rhostsrsaauthentication", V.IGNORE),
    _k("kerberosgetafstoken", V.IGNORE),
    _k("kerberostgtpassing", V.IGNORE),
    _k("afstokenpassing", V.IGNORE),
    _k("gssusesessionccache", V.IGNORE),
    _k("gssapiusesessioncredcache", V.IGNORE),
    _k("checkmail", V.IGNORE),
    _k("rsaauthentication", V.IGNORE),
    _k("permitblacklistedkeys", V.IGNORE),
    _k("rdomain", V.OTHER),
)

#: Alias -> the keyword it stands for (same opcode in servconf.c).
ALIASES: Mapping[str, str] = {
    "hostbasedacceptedkeytypes": "hostbasedacceptedalgorithms",
    "pubkeyacceptedkeytypes": "pubkeyacceptedalgorithms",
    "gssapicleanupcreds": "gssapicleanupcredentials",
    "challengeresponseauthentication": "kbdinteractiveauthentication",
    "dsaauthentication": "pubkeyauthentication",
    "skeyauthentication": "kbdinteractiveauthentication",
    "keepalive": "tcpkeepalive",
}

#: Every word sshd accepts (lowercase) -> its keyword; an alias maps to the keyword it stands for.
_BY_NAME = {k.name: k for k in TABLE}
KEYWORDS: Mapping[str, Keyword] = MappingProxyType(
    _BY_NAME | {alias: _BY_NAME[name] for alias, name in ALIASES.items()}
)

#: Value tables of the multi-state keywords: accepted word (lowercase) -> what `sshd -T` prints.
MULTISTATE: Mapping[Choices, Mapping[str, str]] = {
    Choices.FLAG: {"yes": "yes", "no": "no"},
    Choices.FAMILY: {"any": "any", "inet": "inet", "inet6": "inet6"},
    Choices.ROOTLOGIN: {
        "without-password": "without-password",
        "prohibit-password": "without-password",
        "forced-commands-only": "forced-commands-only",
        "yes": "yes",
        "no": "no",
    },
    Choices.RHOSTS: {"yes": "yes", "no": "no", "shosts-only": "shosts-only"},
    Choices.COMPRESSION: {"yes": "yes", "delayed": "yes", "no": "no"},
    Choices.FORWARD: {"yes": "yes", "all": "yes", "no": "no", "local": "local", "remote": "remote"},
    Choices.GATEWAY: {"clientspecified": "clientspecified", "yes": "yes", "no": "no"},
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
    """The keyword entry for a word as written (case-insensitive), None when no modelled sshd knows it."""
    return KEYWORDS.get(word.lower())


@cache
def keywords_for(version: OpenSshVersion) -> Mapping[str, Keyword]:
    """Every word (lowercase, aliases included) that release accepts -> its keyword."""
    late = {
        w: replace(k, match=True) for w, k in KEYWORDS.items() if k.match_since and version >= k.match_since
    }
    return MappingProxyType({w: late.get(w, k) for w, k in KEYWORDS.items() if k.known_in(version)})
