"""Prosody transport security: required encryption, s2s authentication, TLS floor and ciphers."""

from __future__ import annotations

from dataclasses import replace

from garrison.data.tls import floor_passes, judge_cipher_list, protocol_named
from garrison.facts.prosody import GLOBAL, LuaTable, LuaValue, Opaque, ProsodyFacts, ProsodyOption, defaults
from garrison.facts.quoting import shown
from garrison.model import (
    Evidence,
    Outcome,
    Relation,
    Severity,
    Status,
    Wanted,
    errored,
    failed,
    passed,
    unknown,
)
from garrison.rules.expect import equals
from garrison.rules.prosody.common import at_entry, cite, judge_bool, s2s_off, show, shown_value
from garrison.rules.registry import rule

_INTERMEDIATE = equals('"intermediate"')
_SSL_OPTIONS = ("ssl", "c2s_ssl", "s2s_ssl", "https_ssl")


@rule(
    id="prosody.c2s-require-encryption",
    title="Prosody requires TLS for client connections",
    problem="Prosody accepts client connections without TLS",
    severity=Severity.HIGH,
    rationale="Without it clients may log in and chat over cleartext, exposing passwords and messages.",
    remediation="c2s_require_encryption = true",
    references=("guide:000 Transport Layer Security",),
)
def c2s_require_encryption(prosody: ProsodyFacts) -> Outcome:
    return judge_bool(
        prosody,
        "c2s_require_encryption",
        prosody.release.c2s_require_encryption,
        True,
        fallback="require_encryption",
    )


@rule(
    id="prosody.s2s-require-encryption",
    title="Prosody requires TLS for server-to-server connections",
    problem="Prosody accepts server-to-server connections without TLS",
    severity=Severity.HIGH,
    rationale="Federation over cleartext lets anyone on the path read and alter messages between servers.",
    remediation="s2s_require_encryption = true",
    references=("guide:000 Certificate Validation",),
)
def s2s_require_encryption(prosody: ProsodyFacts) -> Outcome:
    def secure_auth_forces_it(item: ProsodyOption) -> bool:  # mod_tls: s2s_secure_auth implies encryption
        return prosody.effective("s2s_secure_auth", prosody.release.s2s_secure_auth, item.scope).value is True

    off = s2s_off(prosody)
    if off is not None:
        return off
    default = prosody.release.s2s_require_encryption
    return judge_bool(prosody, "s2s_require_encryption", default, True, excuse=secure_auth_forces_it)


@rule(
    id="prosody.s2s-secure-auth",
    title="Prosody authenticates remote servers by certificate",
    problem="Prosody accepts remote servers without certificate authentication",
    severity=Severity.MEDIUM,
    rationale="With dialback alone a network attacker who can spoof DNS can impersonate a remote domain.",
    remediation="s2s_secure_auth = true   (and no s2s_insecure_domains)",
    references=("guide:000 Certificate Validation",),
)
def s2s_secure_auth(prosody: ProsodyFacts) -> Outcome:
    off = s2s_off(prosody)
    if off is not None:
        return off
    outcome = judge_bool(prosody, "s2s_secure_auth", prosody.release.s2s_secure_auth, True)
    if outcome.status is not Status.PASS:
        return outcome
    insecure = prosody.effective("s2s_insecure_domains", None)
    if isinstance(insecure.value, LuaTable) and insecure.value.strings():
        names = ", ".join(insecure.value.strings()[:5])
        return failed(
            f"s2s_secure_auth is on but s2s_insecure_domains exempts {names}",
            cite(insecure, names, "{}", wanted=Wanted(Relation.ABSENT)),
        )
    return outcome


def _floor_ok(protocol: str) -> bool:
    """LuaSec's `protocol`: one version (`tlsv1_2`), or with `+` it and newer; the policy floor decides."""
    named = protocol_named(protocol.lower().removesuffix("+"))
    return named is not None and floor_passes(named)


def _unknown_protocol(protocol: str) -> bool:
    """Not `any`/`sslv23` (every version) nor a version name, with or without `+` (util/sslconfig.lua)."""
    text = protocol.lower().removesuffix("+")
    return text not in ("any", "sslv23") and protocol_named(text) is None


def _protocols(prosody: ProsodyFacts) -> list[tuple[str, LuaValue, Evidence]]:
    found: list[tuple[str, LuaValue, Evidence]] = []
    for scope in prosody.scopes():
        for option in _SSL_OPTIONS:
            setting = prosody.effective(option, None, scope)
            if setting.setting is None or (scope != GLOBAL and setting.setting.scope != scope):
                continue
            value = setting.value.get("protocol") if isinstance(setting.value, LuaTable) else None
            if value is not None:
                entry = at_entry(setting, _field_line(setting, "protocol"))
                where = cite(entry, show(value), "tlsv1_2+", wanted=equals("tlsv1_2+"))
                found.append((f"{option}.protocol", value, where))
    return found


@rule(
    id="prosody.tls-protocol",
    title="Prosody accepts TLS 1.2 or newer only",
    problem="Prosody accepts TLS older than 1.2",
    severity=Severity.HIGH,
    rationale="TLS 1.0 and 1.1 (and SSL) have known weaknesses and are refused by current clients anyway.",
    remediation='tls_profile = "intermediate"   or   ssl = { protocol = "tlsv1_2+" }',
    references=("guide:000 Minimum TLS Version",),
)
def tls_protocol(prosody: ProsodyFacts) -> Outcome:
    explicit = _protocols(prosody)
    for name, value, where in explicit:
        if isinstance(value, Opaque):
            return unknown(f"{name} is an expression or a template placeholder", where)
        if not isinstance(value, str):
            told = shown_value(value)
            return errored(f"{name} must be a string, got {told}", replace(where, actual=told))
        if _unknown_protocol(value):
            told = shown_value(value)
            return errored(
                f"{name} {told} is not a protocol LuaSec knows: every TLS connection fails",
                replace(where, actual=told),
            )
    bad = [(n, v, w) for n, v, w in explicit if not _floor_ok(str(v))]
    if bad:
        return failed(f"{bad[0][0]} allows protocols older than TLS 1.2", *(w for _, _, w in bad))
    if explicit:
        return passed("every configured TLS protocol floor is TLS 1.2 or newer", *(w for _, _, w in explicit))
    if not prosody.release.tls_profile:
        ssl = prosody.effective("ssl", None)
        return failed(
            f"no TLS protocol floor is set: {prosody.version} has no tls_profile, so LuaSec's core default "
            "tlsv1+ applies",
            cite(ssl, "tlsv1+ (core default)", 'ssl = { protocol = "tlsv1_2+" }', wanted=equals("tlsv1_2+")),
        )
    profile = prosody.effective("tls_profile", defaults.TLS_PROFILE)
    if isinstance(profile.value, Opaque):
        return unknown(
            "tls_profile is an expression or a template placeholder", cite(profile, "<expression>")
        )
    unknown_profile = isinstance(profile.value, str) and profile.value not in defaults.TLS_PROFILE_PROTOCOLS
    if unknown_profile and prosody.release.unknown_profile_refused:
        return errored(
            f'unknown tls_profile "{shown(str(profile.value))}": {prosody.version} creates no TLS context, '
            "so every encrypted connection fails",
            cite(profile, expected="intermediate", wanted=_INTERMEDIATE),
        )
    if unknown_profile:
        return failed(
            f'unknown tls_profile "{profile.value}": Prosody falls back to its core default tlsv1+',
            cite(profile, expected="intermediate", wanted=_INTERMEDIATE),
        )
    if not isinstance(profile.value, str):
        return errored(
            f"tls_profile {show(profile.value)} is not modern/intermediate/old/legacy", cite(profile)
        )
    protocol = defaults.TLS_PROFILE_PROTOCOLS[profile.value]
    if not _floor_ok(protocol):
        return failed(
            f'tls_profile "{profile.value}" allows {protocol}',
            cite(profile, expected="intermediate", wanted=_INTERMEDIATE),
        )
    return passed(f'tls_profile "{profile.value}" gives {protocol}', cite(profile))


@rule(
    id="prosody.tls-ciphers",
    title="Prosody's TLS cipher list enables only forward-secret AEAD suites",
    problem="Prosody's TLS cipher list enables weak, CBC, SHA-1 or non-forward-secret suites",
    severity=Severity.MEDIUM,
    rationale="RC4, 3DES, export, NULL and anonymous suites can be broken or give no authentication; CBC "
    "suites with SHA-1 MACs invite padding-oracle attacks and static-RSA suites let a stolen key decrypt "
    "recorded traffic (the intermediate tls_profile has none of them).",
    remediation="remove the ciphers option (the tls_profile chooses strong suites) or negate weak families",
    references=("guide:000 Cipher Suite Selection",),
)
def tls_ciphers(prosody: ProsodyFacts) -> Outcome:
    checked: list[Evidence] = []
    for scope in prosody.scopes():
        for option in _SSL_OPTIONS:
            setting = prosody.effective(option, None, scope)
            if not isinstance(setting.value, LuaTable):
                continue
            ciphers = setting.value.get("ciphers")
            if ciphers is None:
                continue
            if isinstance(ciphers, Opaque):
                return unknown(f"{option}.ciphers is an expression", cite(setting, "<expr>"))
            if not isinstance(ciphers, str):
                return errored(f"{option}.ciphers must be a string", cite(setting, shown_value(ciphers)))
            verdict = judge_cipher_list(ciphers)
            if verdict.weak:
                weak = verdict.words or tuple(verdict.families)
                return failed(
                    f"{option}.ciphers enables weak suites: {', '.join(weak[:5])}",
                    cite(setting, ciphers, "no RC4/3DES/EXPORT/NULL/anonymous suites"),
                )
            shortfalls = verdict.shortfalls()
            if shortfalls:
                return failed(
                    f"{option}.ciphers enables suites below the intermediate profile: "
                    + "; ".join(shortfalls),
                    cite(
                        at_entry(setting, _field_line(setting, "ciphers")),
                        ciphers,
                        "the tls_profile's suites",
                    ),
                )
            checked.append(cite(setting, ciphers))
    return passed("no weak cipher family is enabled" + ("" if checked else " (profile default)"), *checked)


def _field_line(setting: ProsodyOption, key: str) -> int | None:
    return setting.value.field_line(key) if isinstance(setting.value, LuaTable) else None
