"""TLS files referenced by SIP servers: Kamailio's tls module (modparams and its tls.cfg) and Asterisk pjsip.

Kamailio tls.cfg (tls module, 5.6): `[server:default]`, `[client:...]` profiles with `certificate`,
`private_key`, `ca_list`; relative paths are taken from the Kamailio configuration directory. Pure helpers
(never raise) plus the reads in `kamailio_tls_refs` and `kamailio_cipher_lists`. A profile's or the
module's `cipher_list` is an OpenSSL cipher string (tls module 5.6 docs: `cipher_list`).
"""

from __future__ import annotations

import posixpath

from garrison.errors import TargetFileError
from garrison.facts.sip.model import KamailioConfig, Setting, TlsMethod
from garrison.facts.sip.others import ini_sections
from garrison.facts.tlsrefs import TlsFileRef, TlsFileRole
from garrison.model import Location
from garrison.targets.base import Target

KAMAILIO_KEYS = {
    "certificate": TlsFileRole.CERTIFICATE,
    "private_key": TlsFileRole.PRIVATE_KEY,
    "ca_list": TlsFileRole.CA_BUNDLE,
}
PJSIP_KEYS = {
    "cert_file": TlsFileRole.CERTIFICATE,
    "priv_key_file": TlsFileRole.PRIVATE_KEY,
    "ca_list_file": TlsFileRole.CA_BUNDLE,
}


def _absolute(base: str, value: str) -> str:
    return posixpath.normpath(posixpath.join(base, value.strip().strip("\"'")))


def tls_cfg_refs(text: str, path: str, base: str) -> list[TlsFileRef]:
    refs = []
    for section, _, keys in ini_sections(text):
        if not section.startswith("server"):
            continue
        for key, role in KAMAILIO_KEYS.items():
            if key in keys:
                value, line = keys[key]
                refs.append(TlsFileRef(_absolute(base, value), role, "kamailio", (), Location(path, line)))
    return refs


def pjsip_refs(text: str, path: str) -> list[TlsFileRef]:
    refs = []
    for _, template, keys in ini_sections(text):
        if template or keys.get("type", ("", 0))[0].lower() != "transport":
            continue
        for key, role in PJSIP_KEYS.items():
            if key in keys:
                value, line = keys[key]
                refs.append(
                    TlsFileRef(_absolute("/etc/asterisk", value), role, "asterisk", (), Location(path, line))
                )
    return refs


def kamailio_tls_refs(target: Target, config: KamailioConfig) -> list[TlsFileRef]:
    if config.module("tls") is None:
        return []
    base = posixpath.dirname(config.path)
    refs: list[TlsFileRef] = []
    for module, param, value, where in config.modparams:
        if module != "tls":
            continue
        if param in KAMAILIO_KEYS:
            refs.append(TlsFileRef(_absolute(base, value), KAMAILIO_KEYS[param], "kamailio", (), where))
        elif param == "config":
            path = _absolute(base, value)
            try:
                text = target.read_text(path) if target.stat(path) is not None else ""
            except TargetFileError:
                text = ""  # the TLS pack reports the file itself; this only finds references
            refs.extend(tls_cfg_refs(text, path, base))
    return refs


def tls_cfg_cipher_lists(text: str, path: str) -> list[tuple[str, Setting]]:
    """`cipher_list` of every tls.cfg profile, as (`[section] cipher_list`, the string)."""
    found = []
    for section, _, keys in ini_sections(text):
        if "cipher_list" in keys:
            value, line = keys["cipher_list"]
            found.append(
                (f"[{section}] cipher_list", Setting(value.strip().strip("\"'"), Location(path, line)))
            )
    return found


def _headers(text: str) -> dict[str, int]:
    """Each `[section]` header's line."""
    found: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("[") and "]" in line:
            found.setdefault(line[1 : line.index("]")].strip(), number)
    return found


def tls_cfg_methods(text: str, path: str) -> list[TlsMethod]:
    """Every tls.cfg profile's `method` (None when the profile leaves it to the module's tls_method)."""
    headers = _headers(text)
    found = []
    for section, _, keys in ini_sections(text):
        if not section:
            continue
        where = Location(path, headers.get(section))
        method = keys.get("method")
        setting = (
            None if method is None else Setting(method[0].strip().strip("\"'"), Location(path, method[1]))
        )
        found.append(TlsMethod(f"[{section}]", setting, where))
    return found


def kamailio_tls_methods(target: Target, config: KamailioConfig) -> list[TlsMethod]:
    """The tls module's method per profile: tls.cfg's profiles when it has any, else the module's own
    `tls_method` (None: the module default), cited at `loadmodule "tls.so"`."""
    loaded = config.module("tls")
    if loaded is None:
        return []
    module: Setting | None = None
    profiles: list[TlsMethod] = []
    for name, param, value, where in config.modparams:
        if name == "tls" and param == "tls_method":
            module = Setting(value, where)
        elif name == "tls" and param == "config":
            path = _absolute(posixpath.dirname(config.path), value)
            try:
                text = target.read_text(path) if target.stat(path) is not None else ""
            except TargetFileError:
                text = ""  # the TLS pack reports the file itself
            profiles.extend(tls_cfg_methods(text, path))
    if not profiles:
        return [TlsMethod("modparam tls tls_method", module, loaded)]
    return [p if p.setting is not None else TlsMethod(p.scope, module, p.where) for p in profiles]


def kamailio_cipher_lists(target: Target, config: KamailioConfig) -> list[tuple[str, Setting]]:
    """Every cipher list the tls module is given: `modparam("tls", "cipher_list", ...)` and tls.cfg's."""
    if config.module("tls") is None:
        return []
    found: list[tuple[str, Setting]] = []
    for module, param, value, where in config.modparams:
        if module == "tls" and param == "cipher_list":
            found.append(("modparam tls cipher_list", Setting(value, where)))
        elif module == "tls" and param == "config":
            path = _absolute(posixpath.dirname(config.path), value)
            try:
                text = target.read_text(path) if target.stat(path) is not None else ""
            except TargetFileError:
                text = ""  # the TLS pack reports the file itself
            found.extend(tls_cfg_cipher_lists(text, path))
    return found
