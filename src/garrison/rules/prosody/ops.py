"""Prosody operations: message archive retention, certificates, log levels."""

from __future__ import annotations

import re

from garrison.facts.prosody import HostKind, LuaTable, LuaValue, ProsodyFacts, defaults
from garrison.facts.tlsrefs import TlsFileRole
from garrison.model import Outcome, Severity, errored, failed, passed
from garrison.rules.prosody.common import at_entry, cite, mistyped, show, shown_value, undecidable
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check

_DURATION = re.compile(
    r"^\s*\d+(\.\d+)?\s*(s|m|h|d|w|y|min|mins|minute|minutes|hour|hours|day|days|week|weeks|"
    r"month|months|year|years|second|seconds)?\s*$",
    re.IGNORECASE,
)


@rule(
    id="prosody.archive-retention",
    title="Prosody expires archived messages",
    problem="Prosody keeps archived messages forever",
    severity=Severity.LOW,
    rationale="Keeping every message forever turns a server compromise into a breach of all history.",
    remediation='archive_expires_after = "1w"',
    references=("guide:000 Log Retention", "guide:000 GDPR Compliance"),
)
def archive_retention(prosody: ProsodyFacts) -> Outcome:
    if prosody.any_module("mam") is None:
        return nothing_to_check("mod_mam is not loaded, so no message archive is kept")
    for scope in prosody.scopes():
        item = prosody.effective("archive_expires_after", defaults.ARCHIVE_EXPIRES_AFTER, scope)
        undecided = undecidable((item,), "archive_expires_after")
        if undecided is not None:
            return undecided
        if item.value == "never":
            return failed(f"archived messages never expire {item.label}", cite(item, expected='"1w"'))
        valid = isinstance(item.value, int | float) or (
            isinstance(item.value, str) and _DURATION.match(item.value)
        )
        if not valid or isinstance(item.value, bool):
            return errored(
                f"archive_expires_after {shown_value(item.value)} is not a duration",
                cite(item, shown_value(item.value)),
            )
    item = prosody.effective("archive_expires_after", defaults.ARCHIVE_EXPIRES_AFTER)
    return passed(f"archived messages expire after {show(item.value)}", cite(item))


@rule(
    id="prosody.certificates",
    title="Every Prosody VirtualHost has a certificate to offer",
    problem="A Prosody VirtualHost has no certificate to offer",
    severity=Severity.MEDIUM,
    rationale="Without a certificate TLS cannot start: with encryption required clients and servers cannot "
    "connect, and without it they fall back to cleartext.",
    remediation="prosodyctl --root cert import /etc/letsencrypt/live   "
    "(or ssl = { certificate = ...; key = ... })",
    references=("guide:000 Certificate Management",),
)
def certificates(prosody: ProsodyFacts) -> Outcome:
    hosts = [h for h in prosody.hosts if h.enabled and h.kind is HostKind.VIRTUALHOST]
    if not hosts:
        return nothing_to_check("no VirtualHost is enabled")
    explicit = {
        name for ref in prosody.tls_files() if ref.role == TlsFileRole.CERTIFICATE for name in ref.hostnames
    }
    explicit |= {"*"} if any(not ref.hostnames for ref in prosody.tls_files()) else set()
    missing = [h for h in hosts if h.name not in explicit and "*" not in explicit]
    if missing and not prosody.certificate_files:
        where = prosody.effective("certificates", defaults.CERTIFICATES_DIR)
        names = listing((h.name for h in missing), limit=5)
        return failed(
            f"no certificate is configured or found for {names}",
            cite(where, "no certificate files", "a certificate per VirtualHost"),
        )
    return passed(
        "every VirtualHost has a certificate configured or a candidate in the certificates directory"
    )


def _levels(sink: LuaValue, key: str | None) -> list[str]:
    if key is not None:
        return [key]
    if isinstance(sink, LuaTable):
        levels = sink.get("levels")
        if isinstance(levels, LuaTable):
            low = levels.get("min")
            return [low] if isinstance(low, str) else list(levels.strings())
    return []


@rule(
    id="prosody.log-level",
    title="Prosody does not write debug logs",
    problem="Prosody writes debug logs",
    severity=Severity.LOW,
    rationale="Debug logging records full stanzas, including message bodies and authentication exchanges.",
    remediation='log = { info = "/var/log/prosody/prosody.log"; error = "/var/log/prosody/prosody.err" }',
    references=("guide:000 Security Logging",),
)
def log_level(prosody: ProsodyFacts) -> Outcome:
    item = prosody.effective("log", None)
    undecided = undecidable((item,), "log")
    if undecided is not None:
        return undecided
    if item.value is None or isinstance(item.value, str):
        return passed(
            "logging at the default level (info)", cite(item, "default" if item.value is None else None)
        )
    if not isinstance(item.value, LuaTable):
        return mistyped(item, "log", "a string or a table")
    sinks = [(_levels(value, key), line) for key, value, line in item.value.entries()]
    levels = [lvl for found, _ in sinks for lvl in found]
    debug = next((line for found, line in sinks if "debug" in found), None)
    if "debug" in levels:
        return failed("a log sink records debug messages", cite(at_entry(item, debug), "debug", "info"))
    shown = listing(dict.fromkeys(levels)) if levels else None
    return passed("no log sink records debug messages", cite(item, f"log levels {shown}" if shown else None))
