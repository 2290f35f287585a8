"""Kernel rules on ICMP redirects and source routing (net.ipv4/ipv6.conf.*)."""

from __future__ import annotations

from garrison.facts.sysctl import SysctlFacts
from garrison.model import Outcome, Severity
from garrison.rules.kernel.expect import expect_sysctl
from garrison.rules.registry import rule

G001 = "guide:001 kernel parameters"
G002 = "guide:002 step 3 kernel hardening"


@rule(
    id="kernel.ipv4-accept-source-route",
    title="IPv4 source-routed packets are refused",
    problem="IPv4 source-routed packets are accepted",
    severity=Severity.MEDIUM,
    rationale="""A source-routed packet dictates its own path, letting an attacker steer replies around
        filters or spoof a trusted address. The kernel accepts it on an interface only when both `all` and
        the interface allow it, so `all = 0` refuses it everywhere.""",
    remediation="net.ipv4.conf.all.accept_source_route = 0",
    references=(G001, G002),
)
def ipv4_accept_source_route(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.conf.all.accept_source_route", want="0")


@rule(
    id="kernel.ipv6-accept-source-route",
    title="IPv6 source-routed packets are refused",
    problem="IPv6 source-routed packets are accepted",
    severity=Severity.MEDIUM,
    rationale="""IPv6 routing headers let a sender choose the path of its packets and bypass filtering
        based on the route a packet should have taken.""",
    remediation="net.ipv6.conf.all.accept_source_route = 0",
    references=(G002,),
)
def ipv6_accept_source_route(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv6.conf.all.accept_source_route", want="0")


@rule(
    id="kernel.ipv4-accept-redirects",
    title="IPv4 ICMP redirects are ignored",
    problem="IPv4 ICMP redirects are accepted",
    severity=Severity.MEDIUM,
    rationale="""A forged ICMP redirect can reroute this host's traffic through an attacker's gateway (a
        man-in-the-middle). On a host that does not forward, a redirect is honoured if `all` or the
        interface accepts it, so `all` must be 0.""",
    remediation="net.ipv4.conf.all.accept_redirects = 0",
    references=(G001, G002),
)
def ipv4_accept_redirects(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.conf.all.accept_redirects", want="0")


@rule(
    id="kernel.ipv4-accept-redirects-default",
    title="New IPv4 interfaces ignore ICMP redirects",
    problem="New IPv4 interfaces accept ICMP redirects",
    severity=Severity.LOW,
    rationale="""`default` is copied to every interface that does not set its own value, including ones
        created later (VPN, container bridges); left at 1 they accept forged redirects.""",
    remediation="net.ipv4.conf.default.accept_redirects = 0",
    references=(G002,),
)
def ipv4_accept_redirects_default(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.conf.default.accept_redirects", want="0")


@rule(
    id="kernel.ipv6-accept-redirects",
    title="IPv6 ICMP redirects are ignored",
    problem="IPv6 ICMP redirects are accepted",
    severity=Severity.MEDIUM,
    rationale="""Forged IPv6 redirects reroute traffic through an attacker's host just as IPv4 ones do;
        IPv6 is often forgotten when IPv4 is hardened.""",
    remediation="net.ipv6.conf.all.accept_redirects = 0",
    references=(G002,),
)
def ipv6_accept_redirects(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv6.conf.all.accept_redirects", want="0")


@rule(
    id="kernel.ipv6-accept-redirects-default",
    title="New IPv6 interfaces ignore ICMP redirects",
    problem="New IPv6 interfaces accept ICMP redirects",
    severity=Severity.LOW,
    rationale="""IPv6 interfaces take their per-interface setting from `default` when created; left at 1
        they accept forged redirects.""",
    remediation="net.ipv6.conf.default.accept_redirects = 0",
    references=(G002,),
)
def ipv6_accept_redirects_default(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv6.conf.default.accept_redirects", want="0")


@rule(
    id="kernel.ipv4-send-redirects",
    title="The host does not send ICMP redirects",
    problem="The host sends ICMP redirects",
    severity=Severity.MEDIUM,
    rationale="""Only routers should send redirects; a host that does can be used to poison the routes of
        its neighbours. The kernel sends them if `all` or the interface allows it.""",
    remediation="net.ipv4.conf.all.send_redirects = 0",
    references=(G001, G002),
)
def ipv4_send_redirects(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.conf.all.send_redirects", want="0")


@rule(
    id="kernel.ipv4-send-redirects-default",
    title="New interfaces do not send ICMP redirects",
    problem="New interfaces send ICMP redirects",
    severity=Severity.LOW,
    rationale="""Interfaces created later inherit `default`; left at 1 they send redirects.""",
    remediation="net.ipv4.conf.default.send_redirects = 0",
    references=(G001,),
)
def ipv4_send_redirects_default(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.ipv4.conf.default.send_redirects", want="0")
