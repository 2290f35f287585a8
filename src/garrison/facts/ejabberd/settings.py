"""Which setting a node of the effective ejabberd.yml is: its key path and scope, as a setting reference
names it. `modules.mod_fail2ban.c2s_max_auth_failures` (global scope), `starttls_required` in scope
`listen[0] port 5222`, `auth_password_format` in scope `host_config example.org`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from garrison.facts.ejabberd.model import Kind, Node

if TYPE_CHECKING:
    from garrison.facts.ejabberd.gather import EjabberdFacts

#: Top-level options whose entries are scopes of their own.
HOST_SECTIONS = ("host_config", "append_host_config")
#: id(node) -> (key, scope); the nodes are kept alive by the facts that own the index.
Index = dict[int, tuple[str, str | None]]


def index_settings(facts: EjabberdFacts) -> Index:
    """Every node of the options tree by identity, with its key path and scope (the first place it is
    found when a macro puts one node in many places). A loop with a stack: YAML may nest deeply."""
    ports = {id(item.node): item.port for item in facts.listen}
    found: Index = {}
    pending: list[tuple[Node, str, str | None]] = []
    for key, value in facts.options.pairs():
        if key == "listen" and value.kind == Kind.SEQ:
            for number, item in enumerate(value.items):
                port = ports.get(id(item))
                pending.append((item, "", f"listen[{number}]" + ("" if port is None else f" port {port}")))
        elif key in HOST_SECTIONS:
            found.setdefault(id(value), (key, None))
            pending.extend((options, "", f"{key} {host}") for host, options in value.pairs())
        else:
            pending.append((value, key, None))
    while pending:
        node, path, scope = pending.pop()
        if id(node) in found:
            continue
        found[id(node)] = (path or _scope_key(scope), scope)
        if node.kind == Kind.MAP:
            pending.extend((child, f"{path}.{key}" if path else key, scope) for key, child in node.pairs())
        elif node.kind == Kind.SEQ:
            pending.extend((child, f"{path}[{n}]", scope) for n, child in enumerate(node.items))
    return found


def _scope_key(scope: str | None) -> str:
    """The key of a scope's own node (a listener entry, a host section): `listen`, `host_config`."""
    return (scope or "").split("[", 1)[0].split(" ", 1)[0] or "options"
