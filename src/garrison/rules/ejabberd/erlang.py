"""ejabberd's Erlang distribution: epmd and the node's distribution port (ejabberdctl.cfg)."""

from __future__ import annotations

from garrison.facts.ejabberd import EjabberdFacts
from garrison.facts.listeners import AddressScope, address_scope
from garrison.model import Outcome, Severity, failed, passed
from garrison.rules.ejabberd.common import cite_ctl
from garrison.rules.registry import rule


def _loopback(value: str) -> bool:
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return bool(parts) and all(address_scope(p) is AddressScope.LOOPBACK for p in parts)


def _on_loopback(ejabberd: EjabberdFacts, name: str, who: str) -> Outcome:
    """Pass when the ejabberdctl.cfg address variable `name` holds loopback addresses only."""
    var = ejabberd.ctl.variables.get(name)
    if var is not None and _loopback(var.value):
        return passed(f"{name}={var.value}", cite_ctl(ejabberd, name, var, var.value))
    if var is None or not var.value:
        return failed(
            f"{who} listens on every interface ({name} unset)",
            cite_ctl(ejabberd, name, None, "unset (all interfaces)", "127.0.0.1"),
        )
    return failed(f"{who} listens on {var.value}", cite_ctl(ejabberd, name, var, var.value, "127.0.0.1"))


@rule(
    id="ejabberd.erlang-dist-interface",
    title="The ejabberd Erlang distribution listens on loopback only",
    problem="The ejabberd Erlang distribution listens beyond loopback",
    severity=Severity.HIGH,
    rationale="Anyone who reaches the distribution port and knows (or guesses) the Erlang cookie runs code "
    "as ejabberd; by default it listens on every interface.",
    remediation="INET_DIST_INTERFACE=127.0.0.1   (in ejabberdctl.cfg, then restart ejabberd)",
    references=("guide:002 Step 6 Lock down the Erlang distribution port",),
)
def erlang_dist_interface(ejabberd: EjabberdFacts) -> Outcome:
    return _on_loopback(ejabberd, "INET_DIST_INTERFACE", "the Erlang distribution port")


@rule(
    id="ejabberd.epmd-address",
    title="The Erlang port mapper (epmd, 4369) listens on loopback only, or is not started",
    problem="The Erlang port mapper (epmd, 4369) listens beyond loopback",
    severity=Severity.HIGH,
    rationale="epmd tells anyone which Erlang nodes run here and on which ports, the first step of a cookie "
    "attack; with ERL_DIST_PORT set ejabberd does not start it at all.",
    remediation="ERL_EPMD_ADDRESS=127.0.0.1   (or ERL_DIST_PORT=5210 so epmd is not needed)",
    references=("guide:002 Step 6 Lock down the Erlang distribution port",),
)
def epmd_address(ejabberd: EjabberdFacts) -> Outcome:
    port = ejabberd.ctl.variables.get("ERL_DIST_PORT")
    if port is not None and port.value.isdigit():
        return passed(
            "ERL_DIST_PORT is set, so epmd is not started",
            cite_ctl(ejabberd, port.name, port, port.value),
        )
    return _on_loopback(ejabberd, "ERL_EPMD_ADDRESS", "epmd")


@rule(
    id="ejabberd.erlang-dist-port",
    title="The ejabberd Erlang distribution uses a fixed port",
    problem="The ejabberd Erlang distribution has no fixed port",
    severity=Severity.LOW,
    rationale="A fixed port (ERL_DIST_PORT) removes the need for epmd and is easy to firewall and audit; "
    "otherwise the port is random.",
    remediation="ERL_DIST_PORT=5210",
    references=("guide:002 Step 6 Lock down the Erlang distribution port",),
)
def erlang_dist_port(ejabberd: EjabberdFacts) -> Outcome:
    port = ejabberd.ctl.variables.get("ERL_DIST_PORT")
    if port is not None and port.value.isdigit() and 0 < int(port.value) < 65536:
        return passed(f"ERL_DIST_PORT={port.value}", cite_ctl(ejabberd, port.name, port, port.value))
    if port is None:
        return failed(
            "the Erlang distribution port is random (ERL_DIST_PORT unset)",
            cite_ctl(ejabberd, "ERL_DIST_PORT", None, "unset (random port via epmd)", "5210"),
        )
    return failed(
        f"ERL_DIST_PORT={port.value} is not a port number",
        cite_ctl(ejabberd, port.name, port, port.value, "5210"),
    )
