"""Kernel rules on IPv4/IPv6 routing, spoofing protection and TCP/ICMP flood handling."""

from __future__ import annotations

from garrison.facts.sysctl import SysctlAssignment, SysctlFacts
from garrison.model import Outcome, Relation, Severity, failed, passed
from garrison.rules.expect import equals
from garrison.rules.kernel.expect import expect_sysctl
from garrison.rules.registry import rule

G001 = "guide:001 kernel parameters"
G002 = "guide:002 step 3 kernel hardening"
_RP_MODES = {0: "off", 1: "strict", 2: "loose"}


@rule(
    id="kernel.ipv4-rp-filter",
    title="Reverse-path filtering is strict",
    problem="Reverse-path filtering is not strict",
    severity=Severity.MEDIUM,
    rationale="""Strict reverse-path filtering drops packets whose source address would not be routed
        back through the interface they came in on, which stops most spoofed traffic. The kernel uses the
        larger of `all` and the interface's value, so `all = 2` forces loose mode everywhere; the guide asks
        for strict mode (1) on `all` and `default`.""",
    remediation="net.ipv4.conf.all.rp_filter = 1\nnet.ipv4.conf.default.rp_filter = 1",
    references=(G001,),
)
def ipv4_rp_filter(sysctl: SysctlFacts) -> Outcome:
    every = sysctl.effective("net.ipv4.conf.all.rp_filter")
    default = sysctl.effective("net.ipv4.conf.default.rp_filter")
    proof = [*every.cites(f"{every.name} = 1", _STRICT), *default.cites(f"{default.name} = 1", _STRICT)]
    summary = f"{every.describe()}; {default.describe()}"
    floor = _mode(every.effective.value)
    modes = [max(floor, _mode(default.effective.value))]
    for item in _interface_settings(sysctl, "rp_filter"):  # per-interface keys and `conf.*` globs
        modes.append(max(floor, _mode(item.value)))
        if max(floor, _mode(item.value)) != 1:
            proof.append(item.effective.cite(f"{item.name} = 1", wanted=_STRICT))
            summary += f"; {item.name} = {item.value} ({item.location})"
    worst = next((m for m in modes if m != 1), 1)
    if worst == 1:
        return passed(f"strict reverse-path filtering: {summary}", *proof)
    state = _RP_MODES.get(worst, "invalid")
    return failed(f"reverse-path filtering is {state}: {summary}; expected 1", *proof)


_STRICT = equals("1")


def _mode(value: str | None) -> int:
    try:
        return int(value or "0")
    except ValueError:
        return -1


def _interface_settings(sysctl: SysctlFacts, name: str) -> list[SysctlAssignment]:
    """Assignments of net.ipv4.conf.<if>.`name` reaching interfaces other than `all`/`default`
    (`conf.eth0.rp_filter`, `conf.*.rp_filter`)."""
    found = []
    for item in sysctl.settings:
        parts = item.key.split("/")
        if item.value is None or len(parts) != 5 or parts[4] != name:
            continue
        if parts[:3] != ["net", "ipv4", "conf"] or parts[3] in ("all", "default"):
            continue
        found.append(item)
    return found


@rule(
    id="kernel.ipv4-log-martians",
    title="Packets with impossible source addresses are logged",
    problem="Packets with impossible source addresses are not logged",
    severity=Severity.LOW,
    rationale="""Logging martian packets (impossible source addresses) shows spoofing attempts and
        misrouted traffic; the kernel logs them if `all` or the interface asks for it.""",
    remediation="net.ipv4.conf.all.log_martians = 1",
    references=(G002,),
)
def ipv4_log_martians(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.conf.all.log_martians", want="1")


@rule(
    id="kernel.ipv4-ip-forward",
    title="IPv4 forwarding is off",
    problem="IPv4 forwarding is on",
    severity=Severity.MEDIUM,
    rationale="""A server that forwards packets acts as a router between its networks and can carry an
        attacker's traffic past the firewall. Only routers and container hosts need it (then waive this).""",
    remediation="net.ipv4.ip_forward = 0",
    references=(G001,),
)
def ipv4_ip_forward(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.ip_forward", want="0")


@rule(
    id="kernel.ipv6-forwarding",
    title="IPv6 forwarding is off",
    problem="IPv6 forwarding is on",
    severity=Severity.MEDIUM,
    rationale="""IPv6 forwarding turns the host into an IPv6 router, bypassing IPv4-only firewall rules;
        it also stops the host from accepting router advertisements.""",
    remediation="net.ipv6.conf.all.forwarding = 0",
    references=(G001,),
)
def ipv6_forwarding(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv6.conf.all.forwarding", want="0")


@rule(
    id="kernel.tcp-syncookies",
    title="TCP SYN cookies are on",
    problem="TCP SYN cookies are off",
    severity=Severity.MEDIUM,
    rationale="""SYN cookies let the host keep answering legitimate clients while a SYN flood fills its
        backlog of half-open connections.""",
    remediation="net.ipv4.tcp_syncookies = 1",
    references=(G001, G002),
)
def tcp_syncookies(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.tcp_syncookies", want="1")


@rule(
    id="kernel.tcp-max-syn-backlog",
    title="The SYN backlog holds at least 2048 half-open connections",
    problem="The SYN backlog holds fewer than 2048 half-open connections",
    severity=Severity.LOW,
    rationale="""A larger backlog of half-open connections absorbs bursts and small SYN floods before
        cookies are needed. The kernel's own value depends on memory (128 on small machines).""",
    remediation="net.ipv4.tcp_max_syn_backlog = 2048",
    references=(G001,),
)
def tcp_max_syn_backlog(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.tcp_max_syn_backlog", want="2048", compare=Relation.AT_LEAST)


@rule(
    id="kernel.tcp-synack-retries",
    title="SYN-ACKs are retried at most twice",
    problem="SYN-ACKs are retried more than twice",
    severity=Severity.LOW,
    rationale="""Each retry keeps a half-open connection alive longer (5 retries is about 3 minutes);
        two retries frees the backlog sooner under a SYN flood.""",
    remediation="net.ipv4.tcp_synack_retries = 2",
    references=(G001,),
)
def tcp_synack_retries(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.tcp_synack_retries", want="2", compare=Relation.AT_MOST)


@rule(
    id="kernel.icmp-echo-ignore-broadcasts",
    title="Broadcast pings are ignored",
    problem="Broadcast pings are answered",
    severity=Severity.LOW,
    rationale="""Answering pings sent to a broadcast address makes the host an amplifier in smurf-style
        denial-of-service attacks.""",
    remediation="net.ipv4.icmp_echo_ignore_broadcasts = 1",
    references=(G001, G002),
)
def icmp_echo_ignore_broadcasts(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.icmp_echo_ignore_broadcasts", want="1")


@rule(
    id="kernel.icmp-ignore-bogus-error-responses",
    title="Bogus ICMP error responses are not logged",
    problem="Bogus ICMP error responses are logged",
    severity=Severity.LOW,
    rationale="""Some routers answer broadcasts with malformed ICMP errors; logging each one lets anyone
        flood the kernel log and hide real events.""",
    remediation="net.ipv4.icmp_ignore_bogus_error_responses = 1",
    references=(G002,),
)
def icmp_ignore_bogus_error_responses(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.icmp_ignore_bogus_error_responses", want="1")


_OFF = equals("0")


@rule(
    id="kernel.ipv4-route-localnet",
    title="Loopback addresses are not routed from other interfaces",
    problem="Packets to or from 127.0.0.0/8 may be routed on a network interface",
    severity=Severity.MEDIUM,
    rationale="""With route_localnet on, the kernel accepts and routes packets with loopback source or
        destination addresses on real interfaces, so a neighbour can reach services that listen only on
        127.0.0.1 (a local database, an admin API, a metrics port). The kernel honours it when `all` or the
        interface has it, and new interfaces copy `default`: all three must stay 0.""",
    remediation="net.ipv4.conf.all.route_localnet = 0\nnet.ipv4.conf.default.route_localnet = 0",
    references=("kernel ip-sysctl.rst route_localnet", "Lynis KRNL-6000"),
)
def ipv4_route_localnet(sysctl: SysctlFacts) -> Outcome:
    found = [sysctl.effective(f"net.ipv4.conf.{scope}.route_localnet") for scope in ("all", "default")]
    proof = [e for value in found for e in value.cites(f"{value.name} = 0", _OFF)]
    summary = "; ".join(value.describe() for value in found)
    on = [value.name for value in found if value.effective.value not in ("0", None)]
    for item in _interface_settings(sysctl, "route_localnet"):
        if item.value != "0":
            on.append(item.name)
            proof.append(item.effective.cite(f"{item.name} = 0", wanted=_OFF))
            summary += f"; {item.name} = {item.value} ({item.location})"
    if on:
        return failed(f"loopback routing is on for {', '.join(on)}: {summary}; expected 0", *proof)
    return passed(f"loopback addresses stay on lo: {summary}", *proof)
