"""Ports the guides name: never reachable (epmd, MQTT, rpcbind), explicitly blocked, or limited to trusted
sources (SSH, databases, admin panels)."""

from __future__ import annotations

from garrison.data.public_ports import public_port_keys
from garrison.facts.exposure import Exposure, policy_table
from garrison.facts.firewall import Family, FirewallFacts, FwRule, PortRange
from garrison.model import Evidence, Outcome, Severity, Status, failed, not_applicable, passed
from garrison.rules.firewall.common import check_ports, cite, families, home, in_effect, missing, no_firewall
from garrison.rules.registry import rule
from garrison.rules.wording import listing

DANGEROUS = ((4369, "tcp"), (1883, "tcp"), (111, "tcp"), (111, "udp"))
DATABASES = ((5432, "tcp"), (3306, "tcp"), (27017, "tcp"), (6379, "tcp"))
#: ejabberd HTTP admin/ACME 5280, admin panel 6443, registration 8444, Erlang distribution 5210,
#: MTProto proxy stats 3001.
ADMIN = ((5280, "tcp"), (6443, "tcp"), (8444, "tcp"), (5210, "tcp"), (3001, "tcp"))


@rule(
    id="firewall.epmd-blocked",
    title="Erlang epmd (4369/tcp) is not reachable from outside",
    problem="Erlang epmd (4369/tcp) is reachable from anywhere",
    severity=Severity.HIGH,
    rationale="epmd tells anyone which Erlang nodes run and on which ports; with the distribution port "
    "reachable and a guessable cookie this is remote code execution on ejabberd/RabbitMQ hosts.",
    remediation="iptables -A INPUT -p tcp --dport 4369 -j DROP  (and ERL_EPMD_ADDRESS=127.0.0.1)",
    references=("guide:002 step 2 (dangerous ports)", "guide:002 port table"),
)
def epmd_blocked(fw: FirewallFacts) -> Outcome:
    return check_ports(fw, ((4369, "tcp"),), what="epmd 4369/tcp", by_policy_counts=True)


@rule(
    id="firewall.mqtt-blocked",
    title="Plaintext MQTT (1883/tcp) is not reachable from outside",
    problem="Plaintext MQTT (1883/tcp) is reachable from anywhere",
    severity=Severity.MEDIUM,
    rationale="MQTT on 1883 carries credentials and messages in clear text; ejabberd and brokers may "
    "listen there without anyone needing it.",
    remediation="iptables -A INPUT -p tcp --dport 1883 -j DROP",
    references=("guide:002 step 2 (dangerous ports)", "guide:002 port table"),
)
def mqtt_blocked(fw: FirewallFacts) -> Outcome:
    return check_ports(fw, ((1883, "tcp"),), what="MQTT 1883/tcp", by_policy_counts=True)


@rule(
    id="firewall.rpcbind-blocked",
    title="The RPC portmapper (111/tcp and 111/udp) is not reachable from outside",
    problem="The RPC portmapper (111) is reachable from anywhere",
    severity=Severity.MEDIUM,
    rationale="The RPC portmapper leaks the host's RPC services and is abused for UDP reflection "
    "amplification; an XMPP or web server never needs it.",
    remediation="iptables -A INPUT -p tcp --dport 111 -j DROP; iptables -A INPUT -p udp --dport 111 -j DROP",
    references=("guide:002 step 2 (dangerous ports)",),
)
def rpcbind_blocked(fw: FirewallFacts) -> Outcome:
    return check_ports(fw, ((111, "tcp"), (111, "udp")), what="rpcbind 111", by_policy_counts=True)


@rule(
    id="firewall.dangerous-ports-explicit",
    title="Dangerous ports have explicit drop rules",
    problem="A dangerous port has no explicit drop rule",
    severity=Severity.LOW,
    rationale="An explicit DROP for epmd, MQTT and rpcbind keeps them closed even if the default policy "
    "is reset to ACCEPT by mistake, a second layer behind the policy.",
    remediation="iptables -A INPUT -p tcp --dport 4369 -j DROP\n"
    "iptables -A INPUT -p tcp --dport 1883 -j DROP\n"
    "iptables -A INPUT -p tcp --dport 111 -j DROP\n"
    "iptables -A INPUT -p udp --dport 111 -j DROP",
    references=("guide:002 step 2 (explicitly block dangerous ports)",),
)
def dangerous_ports_explicit(fw: FirewallFacts) -> Outcome:
    rulesets = fw.effective(Family.IPV4)
    if not in_effect(fw) or not rulesets:
        return no_firewall()
    absent = [f"{port}/{proto}" for port, proto in DANGEROUS if not fw.explicit_drop(port, proto)]
    if absent:
        shown = ", ".join(absent)
        return failed(
            f"no explicit drop rule for {shown}",
            missing(fw, home(fw), f"no DROP rule for {shown}", "explicit DROP rules", key="INPUT"),
        )
    return passed("epmd, MQTT and rpcbind ports have explicit drop rules")


@rule(
    id="firewall.ssh-source-restricted",
    title="SSH (22/tcp) is accepted only from trusted sources",
    problem="SSH (22/tcp) is accepted from anywhere",
    severity=Severity.MEDIUM,
    rationale="SSH open to the whole internet gets constant password guessing and is the first target "
    "of any sshd vulnerability; limiting it to the admins' addresses removes that exposure.",
    remediation="iptables -A INPUT -s YOUR_IP/32 -p tcp --dport 22 -j ACCEPT  (instead of a rule for "
    "every source; keep a second session open while changing it)",
    references=("guide:002 step 2",),
)
def ssh_source_restricted(fw: FirewallFacts) -> Outcome:
    outcome = check_ports(fw, ((22, "tcp"),), what="SSH 22/tcp", by_policy_counts=True)
    if outcome.status is Status.FAIL:
        return failed(outcome.message + " (limit it to your admin addresses or a VPN)", *outcome.evidence)
    return outcome


@rule(
    id="firewall.database-ports-closed",
    title="Database ports are not opened to the world",
    problem="A database port is open to the world",
    severity=Severity.HIGH,
    rationale="PostgreSQL, MySQL, MongoDB and Redis reachable from the internet are brute-forced and "
    "exploited within hours; they belong on localhost or a private network.",
    remediation="Remove the accept rule (e.g. `ufw delete allow 27017/tcp`) or limit it: "
    "iptables -A INPUT -s 10.0.0.0/8 -p tcp --dport 5432 -j ACCEPT",
    references=("guide:003 firewall (MongoDB localhost only)", "guide:002 PostgreSQL"),
)
def database_ports_closed(fw: FirewallFacts) -> Outcome:
    return check_ports(fw, DATABASES, what="database ports (5432, 3306, 27017, 6379)", by_policy_counts=False)


@rule(
    id="firewall.admin-ports-restricted",
    title="Admin and internal service ports are not opened to the world",
    problem="An admin or internal service port is open to the world",
    severity=Severity.HIGH,
    rationale="Admin panels, ACME/admin HTTP listeners, Erlang distribution and stats endpoints give "
    "control or information to whoever reaches them; the guides limit them to trusted IPs or localhost.",
    remediation="Limit the rule to trusted sources: iptables -A INPUT -s ADMIN_IP/32 -p tcp --dport 6443 "
    "-j ACCEPT (stats: -s 127.0.0.1 --dport 3001)",
    references=("guide:002 port table", "guide:004 firewall (stats port)"),
)
def admin_ports_restricted(fw: FirewallFacts) -> Outcome:
    return check_ports(fw, ADMIN, what="admin ports (5280, 6443, 8444, 5210, 3001)", by_policy_counts=False)


_RATE_WORDS = ("connlimit", "recent", "hashlimit", "limit", "ct count", "meter")


def _rate_limits(item: FwRule) -> bool:
    return item.limited or any(word in text for text in item.opaque for word in _RATE_WORDS)


@rule(
    id="firewall.xmpp-connection-limited",
    title="XMPP client connections (5222/tcp) are rate-limited by the firewall",
    problem="XMPP client connections (5222/tcp) are not rate-limited by the firewall",
    severity=Severity.LOW,
    rationale="An open c2s port invites connection floods and password guessing; a per-source connection "
    "or rate limit in the firewall stops them before they reach the XMPP server.",
    remediation="iptables -A INPUT -p tcp --dport 5222 -m connlimit --connlimit-above 10 -j DROP\n"
    "iptables -A INPUT -p tcp --dport 5222 -m recent --set --name xmpp\n"
    "iptables -A INPUT -p tcp --dport 5222 -m recent --update --seconds 60 --hitcount 20 --name xmpp -j DROP",
    references=("guide:000 firewall (rate limiting for XMPP ports)",),
)
def xmpp_connection_limited(fw: FirewallFacts) -> Outcome:
    rulesets = fw.effective(Family.IPV4)
    if not rulesets:
        return no_firewall()
    verdict = fw.input_verdict(5222, "tcp")
    if not verdict.open_to_world:
        return not_applicable("5222/tcp is not open to the world")
    limited = [item for item in fw.port_rules(5222, "tcp") if _rate_limits(item)]
    if limited:
        return passed(f"5222/tcp has a firewall rate or connection limit ({limited[0].location})")
    return failed(
        "5222/tcp is open to the world without a connection or rate limit",
        cite(fw, verdict, Family.IPV4, verdict.detail or "accepted", "-m connlimit / -m recent limit"),
    )


#: Ranges up to this wide are checked port by port against the public services (wider ones never are).
_NARROW = 64


def _public() -> frozenset[tuple[int, str]]:
    """Known public services: the exposure table's `public` ports and the public-port table."""
    exposure = {(p.port, str(p.proto)) for p in policy_table().values() if p.policy is Exposure.PUBLIC}
    return frozenset(exposure) | public_port_keys()


def _judged_elsewhere() -> frozenset[tuple[int, str]]:
    """Ports other firewall rules judge (SSH, databases, admin and dangerous ports)."""
    return frozenset(((22, "tcp"), *DATABASES, *ADMIN, *DANGEROUS))


def _known(ports: PortRange, proto: str, known: frozenset[tuple[int, str]]) -> bool:
    width = ports.high - ports.low
    return width < _NARROW and all((p, proto) in known for p in range(ports.low, ports.high + 1))


#: Source ranges that are everyone.
_WORLD = frozenset({"0.0.0.0/0", "::/0", "0/0"})


def _limited_source(item: FwRule) -> bool:
    """The rule names literal source addresses, none of them everyone (a named set may hold anything)."""
    source = item.source
    if source is None or item.source_negated or source.startswith(("@", "ipset:", "$", "{")):
        return False
    return not any(part.strip() in _WORLD for part in source.split(","))


@rule(
    id="firewall.open-ports-known",
    title="Ports open to everyone belong to known public services",
    problem="A port that no public service uses is open to everyone",
    severity=Severity.LOW,
    rationale="Every accept from anywhere should be for a service meant for the internet (web, mail, DNS, "
    "XMPP, VPN endpoints). Others are usually leftovers: a test server, a debug or metrics port, a tool "
    "meant for a few addresses; whatever later listens there is public.",
    remediation="Remove the accept, or limit it to the sources that need it: iptables -A INPUT -s "
    "TRUSTED_NET -p tcp --dport PORT -j ACCEPT",
    references=("guide:002 step 2 (allow only needed ports)", "guide:002 port table"),
)
def open_ports_known(fw: FirewallFacts) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    known, elsewhere = _public(), _judged_elsewhere()
    bad: list[Evidence] = []
    labels: dict[str, None] = {}
    for family in families(fw):
        for item in fw.reachable_rules(family):
            if item.dports_negated or not (item.target == "ACCEPT" or item.jump):
                continue
            if _limited_source(item):
                continue  # it opens nothing to everyone; a broader rule for the same port is judged itself
            protos = [p for p in ("tcp", "udp") if item.proto in (None, p)]
            for ports in item.dports:
                for proto in protos:
                    key = (ports.low, proto)
                    if _known(ports, proto, known) or (ports.low == ports.high and key in elsewhere):
                        continue
                    verdict = fw.input_verdict(ports.low, proto, family)
                    label = f"{ports}/{proto} ({family.value})"
                    if not verdict.open_to_world or verdict.by_policy or label in labels:
                        continue
                    labels[label] = None
                    actual = f"{label} open to everyone; no known public service uses it"
                    bad.append(cite(fw, verdict, family, actual, "limited to trusted sources, or closed"))
    if bad:
        return failed(f"open to everyone without a known public service: {listing(labels, limit=8)}", *bad)
    return passed("every port open to everyone belongs to a known public service")
