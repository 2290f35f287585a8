"""Firewall rules: is a packet filter active, how do its chains end, which ports does it open."""

MODULES: tuple[str, ...] = (
    "garrison.rules.firewall.policy",
    "garrison.rules.firewall.basics",
    "garrison.rules.firewall.ports",
    "garrison.rules.firewall.persistence",
    "garrison.rules.firewall.sources",
)
