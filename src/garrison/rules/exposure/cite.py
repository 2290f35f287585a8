"""Evidence for the exposure rules: the declaration (or live socket), what ss shows, the firewall's answer."""

from __future__ import annotations

from collections.abc import Sequence

from garrison.facts.exposure import SS_SOURCE, Access, ExposedListener, PortAccess, declared_at
from garrison.facts.listeners import Listener
from garrison.model import Evidence, EvidenceRole, Location

CONTEXT = EvidenceRole.CONTEXT


def declared(listener: Listener, actual: str, expected: str | None = None) -> Evidence:
    """The setting that makes `listener` listen (role SETTING), where it belongs when it is a built-in
    default (line None: role DEFAULT), or a socket no config line names (role CONTEXT)."""
    ref = declared_at(listener)
    where = listener.location
    if ref is None or where is None:
        return Evidence(where, actual, expected, EvidenceRole.CONTEXT)
    role = EvidenceRole.DEFAULT if where.line is None else EvidenceRole.SETTING
    return Evidence(where, actual, expected, role, ref)


def socket_at(socket: Listener, actual: str) -> Evidence:
    """The live socket (a line of ss's output) that serves a declared listener: role CONTEXT."""
    return Evidence(socket.location, actual, None, EvidenceRole.CONTEXT)


def verdict_at(access: PortAccess, actual: str) -> Evidence:
    """The firewall rule or policy that decided (role SETTING with its chain), else role CONTEXT."""
    if access.setting is None:
        return Evidence(access.location, actual, None, EvidenceRole.CONTEXT)
    return Evidence(access.location, actual, None, EvidenceRole.SETTING, access.setting)


def label(item: ExposedListener) -> str:
    ln = item.listener
    what = item.policy.service if item.policy else ln.purpose or "service"
    return f"{ln.service} {what} on {ln.address}:{ln.port}/{ln.proto}"


def _firewall_note(item: ExposedListener) -> str:
    if item.via_docker:
        return "published by docker (INPUT rules do not apply)"
    if item.access is None:
        return "firewall state unknown"
    if item.access.unfiltered:
        return "no firewall rule filters it"
    if item.access.state is Access.RESTRICTED:
        return f"firewall accepts it from {', '.join(item.access.sources)}"
    return f"firewall: {item.access.state}"


def evidence_of(item: ExposedListener, expected: str) -> tuple[Evidence, ...]:
    """The declaration (or live socket), what ss shows for it, and the firewall rule or policy that decided,
    each at its own source: a config file line, a line of ss's output, a rules file or live ruleset line."""
    ln = item.listener
    if item.declared_only:
        found = [
            declared(ln, f"{label(item)}; declared, not listening", expected),
            Evidence(
                Location(SS_SOURCE), f"no socket for {ln.port}/{ln.proto} at {ln.address}", None, CONTEXT
            ),
        ]
    else:
        found = [declared(ln, f"{label(item)}; {_firewall_note(item)}", expected)]
    socket = item.socket
    if socket is not None and socket.location != ln.location:
        process = socket.service.removeprefix("live").lstrip(":") or "process not shown"
        found.append(
            socket_at(socket, f"listening on {socket.address}:{socket.port}/{socket.proto} ({process})")
        )
    access = item.access
    if access is not None and access.location is not None and not item.via_docker:
        note = f"firewall: {access.detail or access.state}"
        found.append(verdict_at(access, note + (" (once it listens)" if item.declared_only else "")))
    return tuple(found)


def all_evidence(items: Sequence[ExposedListener], expected: str) -> tuple[Evidence, ...]:
    return tuple(dict.fromkeys(e for item in items for e in evidence_of(item, expected)))
