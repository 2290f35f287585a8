"""ejabberd transport security: STARTTLS, TLS protocol floors, s2s encryption, ciphers, certificates."""

from __future__ import annotations

from collections.abc import Iterable

from garrison.data.tls import Protocol, judge_cipher_list
from garrison.facts.ejabberd import EjabberdFacts, EjListener, Kind, Node, defaults
from garrison.facts.listeners import AddressScope, address_scope
from garrison.model import Evidence, Outcome, Severity, errored, failed, passed
from garrison.rules.ejabberd.common import (
    c2s_listeners,
    cite,
    placeholder,
    read_bool,
    read_text,
    serves,
)
from garrison.rules.expect import context, equals, fold
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check, plural, unique

_STARTTLS = "s2s_use_starttls"
#: fast_tls options that switch off what the TLS policy fails: no_sslv3 no_tlsv1 no_tlsv1_1 (OpenSSL 3 has no
#: SSLv2 to switch off).
_FLOOR = tuple(
    "no_" + p.value.lower().replace(".", "_") for p in Protocol if p.verdict.fails and p is not Protocol.SSLV2
)


@rule(
    id="ejabberd.c2s-starttls-required",
    title="Every ejabberd client listener requires TLS",
    problem="An ejabberd client listener accepts cleartext logins",
    severity=Severity.HIGH,
    rationale="Unless STARTTLS is required (or the port is direct TLS) clients may log in over cleartext.",
    remediation="starttls_required: true   (in every ejabberd_c2s listener, or tls: true for direct TLS)",
    references=("guide:002 Step 6 Require TLS on all connections",),
)
def c2s_starttls_required(ejabberd: EjabberdFacts) -> Outcome:
    good: list[Evidence] = []
    for item in c2s_listeners(ejabberd):
        direct = read_bool(ejabberd, item.option("tls"), "tls", False)
        if isinstance(direct, Outcome):
            return direct
        node = item.option("starttls_required")
        required = read_bool(ejabberd, node, "starttls_required", defaults.STARTTLS_REQUIRED)
        if isinstance(required, Outcome):
            return required
        if not direct and not required and address_scope(item.ip) is not AddressScope.LOOPBACK:
            shown = "false" if node is not None else "unset (default false)"
            deciding = cite(
                ejabberd,
                node,
                shown,
                "starttls_required: true",
                key="starttls_required",
                scope=ejabberd.setting_of(item.node)[1],
                wanted=equals("true"),
            )
            frame = () if node is not None else (context(item.location.path, item.location.line, "listener"),)
            return failed(f"the c2s listener on port {item.port} accepts cleartext logins", *frame, deciding)
        shown = (
            "tls: true" if direct else "starttls_required: true" if required else f"loopback only ({item.ip})"
        )
        good.append(cite(ejabberd, item.node, shown))
    if not good:
        return nothing_to_check("no c2s listener is configured")
    return passed("every c2s listener requires TLS", *good)


def _protocol_options(ejabberd: EjabberdFacts, node: Node, name: str) -> tuple[str, ...] | Outcome:
    pending = placeholder(ejabberd, node, name)
    if pending is not None:
        return pending
    if node.kind == Kind.MAP:
        return errored(f"{name} must be a list of options", cite(ejabberd, node, "a map"))
    return tuple(part.strip().lower() for text in node.strings() for part in text.split("|") if part.strip())


def _floor(ejabberd: EjabberdFacts, name: str, node: Node, what: str) -> Outcome:
    """One protocol_options list judged against the floor."""
    options = _protocol_options(ejabberd, node, name)
    if isinstance(options, Outcome):
        return options
    missing = [flag for flag in _FLOOR if flag not in options]
    if missing:
        return failed(
            f"{name} leaves {', '.join(m.removeprefix('no_') for m in missing)} enabled for {what}",
            cite(ejabberd, node, ", ".join(options) or "empty", ", ".join(_FLOOR)),
        )
    return passed(name, cite(ejabberd, node, ", ".join(options)))


def _judge_floor(ejabberd: EjabberdFacts, key: str, listeners: Iterable[EjListener], what: str) -> Outcome:
    """Every protocol_options list (the global `key`, then each listener's own) folded: any failure fails."""
    nodes: list[tuple[str, Node]] = []
    top = ejabberd.option(key)
    if top is not None:
        nodes.append((key, top))
    for item in listeners:
        own = item.option("protocol_options")
        if own is not None:
            nodes.append((f"protocol_options (port {item.port})", own))
    if not nodes:
        return passed(
            f"{what} use the TLS library default (OpenSSL 3: TLS 1.2 and newer at Debian's SECLEVEL 2)"
        )
    judged = ((name, _floor(ejabberd, name, node, what)) for name, node in nodes)
    return fold(judged, passed_message=f"{what} refuse SSLv3, TLS 1.0 and TLS 1.1", prefix=False)


@rule(
    id="ejabberd.c2s-protocol-options",
    title="The ejabberd client TLS refuses SSLv3, TLS 1.0 and TLS 1.1",
    problem="The ejabberd client TLS allows SSLv3, TLS 1.0 or TLS 1.1",
    severity=Severity.MEDIUM,
    rationale="Old protocol versions have known weaknesses; an explicit options list without them re-opens "
    "them where the TLS library would allow it.",
    remediation="c2s_protocol_options:\n  - no_sslv3\n  - no_tlsv1\n  - no_tlsv1_1",
    references=("guide:002 Step 6 Require TLS on all connections",),
)
def c2s_protocol_options(ejabberd: EjabberdFacts) -> Outcome:
    listeners = (*c2s_listeners(ejabberd), *_tls_http(ejabberd))
    return _judge_floor(ejabberd, "c2s_protocol_options", listeners, "client connections")


def _tls_http(ejabberd: EjabberdFacts) -> tuple[EjListener, ...]:
    return tuple(i for i in ejabberd.listen if i.module == "ejabberd_http" and i.option("tls") is not None)


@rule(
    id="ejabberd.s2s-protocol-options",
    title="The ejabberd federation TLS refuses SSLv3, TLS 1.0 and TLS 1.1",
    problem="The ejabberd federation TLS allows SSLv3, TLS 1.0 or TLS 1.1",
    severity=Severity.MEDIUM,
    rationale="Federation links negotiated with old TLS versions can be downgraded and attacked.",
    remediation="s2s_protocol_options:\n  - no_sslv3\n  - no_tlsv1\n  - no_tlsv1_1",
    references=("guide:002 Step 6 Require TLS on all connections",),
)
def s2s_protocol_options(ejabberd: EjabberdFacts) -> Outcome:
    listeners = (item for item in ejabberd.listen if item.module == "ejabberd_s2s_in")
    return _judge_floor(ejabberd, "s2s_protocol_options", listeners, "server-to-server connections")


@rule(
    id="ejabberd.s2s-use-starttls",
    title="The ejabberd server requires TLS for federation",
    problem="The ejabberd server may federate without TLS",
    severity=Severity.MEDIUM,
    rationale="With s2s_use_starttls below `required` messages to and from other servers may travel "
    "in clear.",
    remediation="s2s_use_starttls: required",
    references=("guide:002 Step 6 Require TLS on all connections",),
)
def s2s_use_starttls(ejabberd: EjabberdFacts) -> Outcome:
    overrides = ejabberd.host_overrides(_STARTTLS)
    judged = [("global", _judge_starttls(ejabberd, ejabberd.option(_STARTTLS)))]
    judged += [(host, _judge_starttls(ejabberd, node)) for host, node in overrides]
    return fold(judged, passed_message=lambda items: items[-1][1].message, prefix=False)


def _judge_starttls(ejabberd: EjabberdFacts, node: Node | None) -> Outcome:
    value = read_text(ejabberd, node, "s2s_use_starttls", defaults.S2S_USE_STARTTLS)
    if isinstance(value, Outcome):
        return value
    if value not in ("true", "false", "optional", "required", "required_trusted"):
        return errored(
            f"s2s_use_starttls {value} is not true, false, optional or required",
            cite(ejabberd, node, value, key=_STARTTLS),
        )
    if value in ("required", "required_trusted"):
        return passed(f"s2s_use_starttls is {value}", cite(ejabberd, node, value, key=_STARTTLS))
    shown = value if node is not None else f"{value} (default)"
    return failed(
        f"federation may run without TLS (s2s_use_starttls: {shown})",
        cite(ejabberd, node, shown, "required", key=_STARTTLS, wanted=equals("required")),
    )


@rule(
    id="ejabberd.tls-ciphers",
    title="The ejabberd TLS cipher lists enable only forward-secret AEAD suites",
    problem="An ejabberd TLS cipher list enables weak, CBC, SHA-1 or non-forward-secret suites",
    severity=Severity.MEDIUM,
    rationale="RC4, 3DES, export, NULL and anonymous suites can be broken or give no authentication; CBC "
    "suites with SHA-1 MACs invite padding-oracle attacks and static-RSA suites let a stolen key decrypt "
    "recorded traffic (Mozilla's intermediate list has none of them).",
    remediation='c2s_ciphers: "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20"   (same for s2s_ciphers)',
    references=("guide:002 Step 4 Configure TLS Properly",),
)
def tls_ciphers(ejabberd: EjabberdFacts) -> Outcome:
    nodes = [(k, ejabberd.option(k)) for k in ("c2s_ciphers", "s2s_ciphers")]
    nodes += [(f"ciphers (port {i.port})", i.option("ciphers")) for i in ejabberd.listen]
    checked: list[Evidence] = []
    for name, node in nodes:
        if node is None:
            continue
        text = read_text(ejabberd, node, name, "")
        if isinstance(text, Outcome):
            return text
        verdict = judge_cipher_list(text)
        if verdict.weak:
            weak = verdict.words or tuple(verdict.families)
            return failed(
                f"{name} enables weak suites: {', '.join(weak[:5])}",
                cite(ejabberd, node, text, "no RC4/3DES/EXPORT/NULL/anonymous suites"),
            )
        shortfalls = verdict.shortfalls()
        if shortfalls:
            return failed(
                f"{name} enables suites below Mozilla's intermediate list: {'; '.join(shortfalls)}",
                cite(ejabberd, node, text, "ECDHE/DHE with AES-GCM or ChaCha20 only"),
            )
        checked.append(cite(ejabberd, node, text))
    return passed(
        "no weak cipher family is enabled" + ("" if checked else " (library default)"), *unique(checked)
    )


@rule(
    id="ejabberd.certfiles",
    title="The ejabberd server has certificates to offer (certfiles or ACME)",
    problem="The ejabberd server has no certificate to offer",
    severity=Severity.MEDIUM,
    rationale="Without a certificate STARTTLS cannot succeed: required TLS then locks clients out, "
    "optional TLS falls back to cleartext.",
    remediation='certfiles:\n  - "/etc/letsencrypt/live/example.org/*.pem"',
    references=("guide:002 Step 4 Configure TLS Properly",),
)
def certfiles(ejabberd: EjabberdFacts) -> Outcome:
    node = ejabberd.option("certfiles")
    listed = node.strings() if node is not None else ()
    if listed:
        return passed(
            f"{plural(len(listed), 'certfiles pattern')} configured",
            cite(ejabberd, node, listing(listed), key="certfiles"),
        )
    if any(serves(item, "ejabberd_acme") for item in ejabberd.listen):
        return passed("no certfiles, but ACME can obtain certificates (ejabberd_acme handler is served)")
    return failed(
        "no certfiles and no ACME challenge handler: ejabberd has no certificate",
        cite(ejabberd, node, "none", "certfiles: [...]", key="certfiles"),
    )
