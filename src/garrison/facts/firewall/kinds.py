"""The closed vocabularies of the firewall facts: families, verdicts, policies, tools, boot loaders."""

from __future__ import annotations

from enum import StrEnum


class Family(StrEnum):
    IPV4 = "ipv4"
    IPV6 = "ipv6"


class Verdict(StrEnum):
    ACCEPT = "accept"
    DROP = "drop"
    REJECT = "reject"
    UNKNOWN = "unknown"


class Action(StrEnum):
    """A chain's policy, or ufw's DEFAULT_*_POLICY: what happens to a packet that no rule decides."""

    ACCEPT = "ACCEPT"
    DROP = "DROP"
    REJECT = (
        "REJECT"  # ufw's default only: ufw ends its chains with a reject rule, iptables has no such policy
    )

    @classmethod
    def parse(cls, text: str) -> Action | None:
        """The action a config spells `text` (any case), None when it names none of these."""
        return cls._value2member_map_.get(text.strip().upper())  # type: ignore[return-value]

    @property
    def verdict(self) -> Verdict:
        return _ACTION_VERDICTS[self]


_ACTION_VERDICTS = {Action.ACCEPT: Verdict.ACCEPT, Action.DROP: Verdict.DROP, Action.REJECT: Verdict.REJECT}


class RulesetKind(StrEnum):
    """The tool whose rules a ruleset holds."""

    IPTABLES = "iptables"
    NFTABLES = "nftables"
    UFW = "ufw"


class PersistenceKind(StrEnum):
    """What loads a firewall ruleset at boot."""

    IPTABLES_PERSISTENT = "iptables-persistent"  # /etc/iptables/rules.v4, rules.v6 (netfilter-persistent)
    IPTABLES_SERVICE = "iptables.service"  # /etc/sysconfig/iptables (RHEL's iptables-services)
    BOOT_RESTORE = "boot-restore"  # an @reboot crontab line, rc.local or an if-pre-up.d script
    NFTABLES_SERVICE = "nftables.service"  # /etc/nftables.conf
    UFW = "ufw"  # ENABLED=yes in /etc/ufw/ufw.conf
