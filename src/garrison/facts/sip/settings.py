"""Where SIP settings are, for evidence: `Effective` values with the built-in defaults, setting references.

    kamailio_value(config, "server_header")   # set at kamailio.cfg:40, or the 5.6.3 default (line None)
    siprec_value(sip, "MFA_REQUIRED")          # the SIPREC env file's line, or where it belongs (unset)
    listen_value(sip, socket), rtp_value(range), cipher_value(name, setting)

Kamailio's own settings are in the KAMAILIO dialect; other SIP servers' and SIPREC's configs in SIP. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from garrison.effective import Effective
from garrison.facts.sip.defaults import KAMAILIO_SERVER_HEADER, KAMAILIO_USER_AGENT
from garrison.facts.sip.model import KamailioConfig, RtpRange, Setting, SipFacts, SipListen
from garrison.model import Dialect, SettingRef

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


def _value(
    dialect: Dialect, path: str, key: str, value: str, line: int | None, scope: str | None = None
) -> Effective[str]:
    """Set at `path:line`, or (line None) not set: the built-in `value`, cited where it belongs."""
    if line is None:
        return Effective.default(dialect, path, key, value, scope=scope)
    return Effective.at(dialect, path, key, value, line=line, scope=scope)


def _at(key: str, found: Setting, dialect: Dialect, scope: str | None = None) -> Effective[str]:
    return _value(dialect, found.location.path, key, found.value, found.location.line, scope)


def kamailio_value(config: KamailioConfig, name: str) -> Effective[str]:
    """A core parameter's last value, else Kamailio's default, cited at the main kamailio.cfg."""
    found = config.setting(name)
    if found is None:
        return Effective.default(Dialect.KAMAILIO, config.path, name, KAMAILIO_DEFAULTS.get(name, ""))
    return _at(name, found, Dialect.KAMAILIO)


def kamailio_ref(path: str, key: str, scope: str | None = None) -> SettingRef:
    """A kamailio.cfg statement as a setting: `loadmodule "pike.so"`, `pike_check_req()` in a route."""
    return SettingRef(Dialect.KAMAILIO, path, key, scope)


def siprec_value(sip: SipFacts, name: str) -> Effective[str]:
    """A SIPREC server variable's last value, else unset ("") at its first env file."""
    found = sip.siprec(name)
    if found is None:
        return Effective.default(Dialect.SIP, sip.siprec_paths[0], name, "")
    return _at(name, found, Dialect.SIP)


def _listen_key(item: SipListen) -> tuple[Dialect, str, str | None]:
    if item.service == "kamailio":
        return Dialect.KAMAILIO, "listen", None
    if item.service.startswith("asterisk:"):
        return Dialect.SIP, "bind", f"[{item.service.split(':', 1)[1]}]"
    if item.service.startswith("rtpengine "):
        return Dialect.SIP, item.service.split(" ", 1)[1], None
    return Dialect.SIP, "listen", None


def listen_value(sip: SipFacts, item: SipListen) -> Effective[str]:
    """A SIP socket as its `listen` (or bind) setting; Kamailio's implicit sockets (no location) are its
    default, cited at kamailio.cfg."""
    dialect, key, scope = _listen_key(item)
    text = f"{item.proto}:{item.address}:{item.port}"
    if item.location is None:
        path = sip.kamailio.path if sip.kamailio else sip.config_paths[0]
        return Effective.default(dialect, path, key, text, scope=scope)
    return _value(dialect, item.location.path, key, text, item.location.line, scope)


def rtp_value(item: RtpRange) -> Effective[str]:
    """An RTP range as the setting that declares it (line None: the built-in range)."""
    dialect = Dialect.KAMAILIO if item.software == "kamailio" else Dialect.SIP
    key = _RTP_KEYS.get(item.software, "RTP_PORT_MIN")
    return _value(dialect, item.location.path, key, f"{item.low}-{item.high}", item.location.line)


def cipher_value(name: str, found: Setting) -> Effective[str]:
    """A tls module cipher list: `modparam tls cipher_list`, or a tls.cfg profile's (`[server:default]
    cipher_list`, the profile being the scope)."""
    scope = name.split("]", 1)[0] + "]" if name.startswith("[") else None
    return _at("cipher_list", found, Dialect.KAMAILIO, scope)
