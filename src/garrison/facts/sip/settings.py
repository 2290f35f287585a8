"""Where SIP settings are, for evidence: effective values with the built-in defaults, setting references.

    kamailio_value(config, "server_header")   # set at kamailio.cfg:40, or the 5.6.3 default (line None)
    siprec_value(sip, "MFA_REQUIRED")          # the SIPREC env file's line, or where it belongs (unset)
    listen_value(sip, socket), rtp_value(range), cipher_value(name, setting)

Kamailio's own settings are in the KAMAILIO dialect; other SIP servers' and SIPREC's configs in SIP. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from garrison.facts.sip.defaults import KAMAILIO_SERVER_HEADER, KAMAILIO_USER_AGENT
from garrison.facts.sip.model import KamailioConfig, RtpRange, Setting, SipFacts, SipListen
from garrison.model import Dialect, Location, SettingRef

#: Kamailio 5.6.3's values of the core parameters the rules judge, when kamailio.cfg does not set them.
KAMAILIO_DEFAULTS: Mapping[str, str] = MappingProxyType(
    {
        "server_header": KAMAILIO_SERVER_HEADER,
        "user_agent_header": KAMAILIO_USER_AGENT,
        "server_signature": "yes",
        "enable_tls": "no",
    }
)
#: The setting that declares each media server's RTP range (its low end).
_RTP_KEYS = {"rtpengine": "port-min", "rtpproxy": "-m", "asterisk": "rtpstart", "kamailio": "RTP_PORT_MIN"}


@dataclass(frozen=True, slots=True)
class SipValue:
    """A setting's effective value: set at `path:line`, or (line None) not set, so the built-in default
    (`value`, "" when there is none), cited at the file where it belongs."""

    key: str
    value: str
    path: str
    line: int | None
    dialect: Dialect
    scope: str | None = None

    @property
    def is_default(self) -> bool:
        return self.line is None

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    @property
    def setting(self) -> SettingRef:
        return SettingRef(self.dialect, self.path, self.key, self.scope)


def _at(key: str, found: Setting, dialect: Dialect, scope: str | None = None) -> SipValue:
    return SipValue(key, found.value, found.location.path, found.location.line, dialect, scope)


def kamailio_value(config: KamailioConfig, name: str) -> SipValue:
    """A core parameter's last value, else Kamailio's default, cited at the main kamailio.cfg."""
    found = config.setting(name)
    if found is None:
        return SipValue(name, KAMAILIO_DEFAULTS.get(name, ""), config.path, None, Dialect.KAMAILIO)
    return _at(name, found, Dialect.KAMAILIO)


def kamailio_ref(path: str, key: str, scope: str | None = None) -> SettingRef:
    """A kamailio.cfg statement as a setting: `loadmodule "pike.so"`, `pike_check_req()` in a route."""
    return SettingRef(Dialect.KAMAILIO, path, key, scope)


def siprec_value(sip: SipFacts, name: str) -> SipValue:
    """A SIPREC server variable's last value, else unset ("") at its first env file."""
    found = sip.siprec(name)
    if found is None:
        return SipValue(name, "", sip.siprec_paths[0], None, Dialect.SIP)
    return _at(name, found, Dialect.SIP)


def _listen_key(item: SipListen) -> tuple[Dialect, str, str | None]:
    if item.service == "kamailio":
        return Dialect.KAMAILIO, "listen", None
    if item.service.startswith("asterisk:"):
        return Dialect.SIP, "bind", f"[{item.service.split(':', 1)[1]}]"
    if item.service.startswith("rtpengine "):
        return Dialect.SIP, item.service.split(" ", 1)[1], None
    return Dialect.SIP, "listen", None


def listen_value(sip: SipFacts, item: SipListen) -> SipValue:
    """A SIP socket as its `listen` (or bind) setting; Kamailio's implicit sockets (no location) are its
    default, cited at kamailio.cfg."""
    dialect, key, scope = _listen_key(item)
    text = f"{item.proto}:{item.address}:{item.port}"
    if item.location is None:
        path = sip.kamailio.path if sip.kamailio else sip.config_paths[0]
        return SipValue(key, text, path, None, dialect, scope)
    return SipValue(key, text, item.location.path, item.location.line, dialect, scope)


def rtp_value(item: RtpRange) -> SipValue:
    """An RTP range as the setting that declares it (line None: the built-in range)."""
    dialect = Dialect.KAMAILIO if item.software == "kamailio" else Dialect.SIP
    key = _RTP_KEYS.get(item.software, "RTP_PORT_MIN")
    return SipValue(key, f"{item.low}-{item.high}", item.location.path, item.location.line, dialect)


def cipher_value(name: str, found: Setting) -> SipValue:
    """A tls module cipher list: `modparam tls cipher_list`, or a tls.cfg profile's (`[server:default]
    cipher_list`, the profile being the scope)."""
    scope = name.split("]", 1)[0] + "]" if name.startswith("[") else None
    return _at("cipher_list", found, Dialect.KAMAILIO, scope)
